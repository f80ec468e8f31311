// Reading patients' charts a block of patients at a time, for the FHIR read API (docs/fhir.md):
// the same role policy, row rules (a patient sees only their own chart; another clinic's records
// do not exist) and audit trail as the /api/v1 reads, in one read-only transaction per block.
// The caller names the Permission its read needs (role_policy.h) and the parts of the chart it
// wants; it audits the patients whose records it returns with AuditChartReads before returning
// them.
#ifndef BACKCARE_APP_CHART_READER_H_
#define BACKCARE_APP_CHART_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/role_policy.h"
#include "core/base/result.h"
#include "core/clinic/alert.h"
#include "core/clinic/patient.h"
#include "core/ports/clinic_store.h"
#include "core/session/session_note.h"

namespace backcare::app {

// The parts of a chart beyond the patient: bits of ChartRequest::parts.
enum ChartPart : unsigned {
  kChartRecords = 1u << 0,  // courses, sessions, responses, screenings, adherence
  kChartSignedNotes = 1u << 1,
  kChartAlerts = 1u << 2,
};

struct ChartRequest {
  Permission permission;  // the action the read serves; RequireRole checks it
  unsigned parts = 0;
  // One patient; nullopt = every patient the caller may see (a patient actor: only themselves).
  std::optional<PatientId> patient;
  // Without `patient`: only patients with a larger id (0 = from the first).
  std::int64_t after = 0;
  std::size_t max_patients = 100;
};

struct ChartBlock {
  std::vector<clinic::Patient> patients;           // by id; never soft-deleted ones
  ports::PatientRecords records;                   // of those patients (kChartRecords)
  std::vector<session::SessionNote> signed_notes;  // kChartSignedNotes; by session, then id
  std::vector<clinic::Alert> alerts;               // about those patients (kChartAlerts); by id
  bool more = false;  // patients with larger ids remain (ask again with after = last id)
};

// Errors: kPermissionDenied when the role may not perform request.permission; with `patient`:
// kNotFound "patient N not found" when it is missing, of another clinic or (for a patient actor)
// not the caller, kGone "patient N was deleted" when soft-deleted; the store's.
Result<ChartBlock> ReadCharts(const AppContext& app, const RequestContext& context,
                              const ChartRequest& request);

// The record kinds whose owner RecordOwner finds.
enum class ChartRecord { kCourse, kSession, kNote, kResponse, kScreening, kAlert };

// The patient a record of the caller's clinic belongs to. kNotFound "record not found" when it is
// missing, of another clinic, or an alert about no patient; the store's errors.
Result<PatientId> RecordOwner(const AppContext& app, const RequestContext& context,
                              ChartRecord kind, std::int64_t id);

// Audits "chart.read" (record: patient) for each patient, in order.
Status AuditChartReads(const AppContext& app, const RequestContext& context,
                       std::span<const PatientId> patients);

}  // namespace backcare::app

#endif  // BACKCARE_APP_CHART_READER_H_
