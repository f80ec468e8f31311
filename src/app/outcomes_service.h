// The outcomes report on a clinic's (or a network's) own data (issue #15; docs/analytics.md):
// loads the columnar snapshot (outcomes::Cohort) from the store in blocks of patients and runs
// outcomes::BuildOutcomesReport on it.
#ifndef BACKCARE_APP_OUTCOMES_SERVICE_H_
#define BACKCARE_APP_OUTCOMES_SERVICE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "core/base/result.h"
#include "core/outcomes/report.h"

namespace backcare::app {

struct OutcomesQuery {
  std::optional<ClinicId> clinic_id;  // nullopt: every clinic of the store
  std::optional<TherapistId> therapist_id;
  std::optional<clinic::Date> from;  // course start on or after
  std::optional<clinic::Date> to;    // course start on or before
  std::optional<bool> sciatic;
  std::optional<clinic::Date> as_of;  // nullopt: today in the (first) clinic's time zone
  // The protocol whose courses and claims to report on: "" for the (first) clinic's active
  // version; an id alone for its latest stored version; with a version, that version.
  std::string protocol_id;
  std::optional<int> protocol_version;
};

// "ID" or "ID@VERSION" (VERSION >= 1) into the query; kInvalidInput on field `field` otherwise.
Status ParseProtocolOption(std::string_view text, std::string_view field, OutcomesQuery& query);

struct OutcomesResult {
  std::shared_ptr<const protocol::Protocol> protocol;
  outcomes::OutcomesReport report;
  std::map<std::int64_t, std::string> therapist_names;  // by therapist id
  std::map<std::int64_t, std::string> clinic_names;     // by clinic id
};

// The snapshot entries (outcomes::ResolveCourse) of every course on `protocol` in `records`,
// whose dates are taken in `zone`.
std::vector<outcomes::CourseFacts> ResolveRecords(const ports::PatientRecords& records,
                                                  const ports::TimeZone& zone,
                                                  const protocol::Protocol& protocol);

// Loads every course on `protocol` (any version of its id) of the clinics' patients that are not
// deleted, reading `block_size` patients at a time (ports::Transaction::ReadPatientRecords).
// A course's dates are the clinic's civil dates in `zone_of(clinic)`.
Result<outcomes::Cohort> LoadCohort(ports::Transaction& transaction, const AppContext& context,
                                    std::span<const clinic::Clinic> clinics,
                                    const protocol::Protocol& protocol,
                                    std::size_t block_size = 2048);

// What a report needs besides the cohort: the clinics it covers, the names, the protocol (the
// query's, or the first clinic's active version), the report date and the filter. kNotFound
// naming the clinic, therapist or protocol when absent; kInvalidInput on field "from" when from
// is after to.
struct ReportFrame {
  std::vector<clinic::Clinic> clinics;
  OutcomesResult result;  // protocol and names set; report empty
  outcomes::Day as_of;
  outcomes::CohortFilter filter;
};
Result<ReportFrame> FrameReport(ports::Transaction& transaction, const AppContext& context,
                                const OutcomesQuery& query);

// The report `query` asks for, on the protocol the (first) clinic follows. kNotFound naming the
// clinic or therapist when absent; kInvalidInput on field "from" when from is after to.
Result<OutcomesResult> BuildOutcomes(const AppContext& context, const OutcomesQuery& query);

}  // namespace backcare::app

#endif  // BACKCARE_APP_OUTCOMES_SERVICE_H_
