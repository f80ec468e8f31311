// The access-log use case: "who looked at my record". From the clinic's audit chain, the events
// about one patient's records (the patient row and everything that belongs to the patient; see
// ports::Transaction::ListPatientAccessEvents) by staff and by the system, newest first, each with
// the actor's role, the actor's display name as it is now, and what kind of record was read or
// changed (core/clinic/access_record.h). The patient's own actions are left out.
#ifndef BACKCARE_APP_ACCESS_LOG_SERVICE_H_
#define BACKCARE_APP_ACCESS_LOG_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/access_record.h"
#include "core/clinic/time.h"

namespace backcare::app {

struct AccessLogEntry {
  std::int64_t id = 0;  // the audit event's seq in the clinic's chain
  clinic::Timestamp at;
  std::string role;    // the role recorded with the event ("therapist"), "system" with no actor
  std::string name;    // the actor's display name now; "backcare" for the system
  std::string action;  // e.g. "chart.read"
  clinic::AccessKind kind = clinic::AccessKind::kRead;
  std::string_view record;  // e.g. "chart" (a static string)
  friend bool operator==(const AccessLogEntry&, const AccessLogEntry&) = default;
};

struct AccessLogPage {
  std::vector<AccessLogEntry> entries;  // newest first
  // The cursor of the next (older) page: pass it as `before`. nullopt on the last page.
  std::optional<std::int64_t> next;
};

struct AccessLogQuery {
  static constexpr int kDefaultLimit = 50;
  static constexpr int kMaxLimit = 200;
  int limit = kDefaultLimit;           // 1..kMaxLimit
  std::optional<std::int64_t> before;  // >= 1: only events with id < before; nullopt: the newest
};

class AccessLogService {
 public:
  explicit AccessLogService(AppContext context);

  // A page of `patient_id`'s access log. kPermissionDenied "role 'therapist' may not read access
  // logs" for therapists and front desk; kNotFound "patient <id> not found" for a patient of no
  // record or, for a patient caller, any patient but themself; kInvalidInput "invalid access-log
  // query" with a field error for "limit" ("expected 1 to 200") and/or "before" ("expected a
  // positive event id"). Audits "access_log.read" on the patient (after the read, so an admin's
  // call shows on the next page read, a patient's never: their own actions are left out).
  Result<AccessLogPage> ListAccessLog(const RequestContext& context, PatientId patient_id,
                                      const AccessLogQuery& query);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_ACCESS_LOG_SERVICE_H_
