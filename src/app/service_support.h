// Internal to src/app: the steps every use case shares. Opening a read-write or read-only
// transaction and auditing a read, loading a patient as a given actor may see it, the patient's
// latest screening and active course, and raising an alert (which is itself audited).
#ifndef BACKCARE_APP_SERVICE_SUPPORT_H_
#define BACKCARE_APP_SERVICE_SUPPORT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/alert.h"
#include "core/clinic/course.h"
#include "core/clinic/patient.h"
#include "core/clinic/screening_result.h"
#include "core/clinic/session.h"
#include "core/plan/calendar_types.h"
#include "core/ports/clinic_store.h"
#include "core/ports/time_zone.h"
#include "core/screening/precautions.h"
#include "core/screening/restrictions.h"
#include "core/screening/screen.h"

namespace backcare::app::internal {

// The current instant, truncated to whole microseconds (what stores keep).
clinic::Timestamp Now(const AppContext& context);

// context.store.Begin().
Result<std::unique_ptr<ports::Transaction>> BeginWrite(const AppContext& context);

// context.store.BeginReadOnly(). A use case that only reads finishes its transaction, then calls
// AuditRead before returning anything it read.
Result<std::unique_ptr<ports::Transaction>> BeginRead(const AppContext& context);

// Records the read in the audit trail (context.audit_log, group-committed) at Now(context).
Status AuditRead(const AppContext& context, const RequestContext& request, std::string_view action,
                 std::string_view record_type, std::int64_t record_id);

// "patient N not found": what a patient actor gets for another patient's record, exactly what
// the store says for a missing one.
Error PatientNotFound(PatientId patient_id);

// kFailedPrecondition "<subject> cannot <action>: not available for this patient now; a therapist
// can say why": a refusal for a role that may not see screening results, which names no decision
// or referral.
Error NotAvailableForPatient(std::string_view subject, std::string_view action);

// The patient, if `actor` may see it: any patient of the actor's clinic for staff, only the
// linked patient for a patient actor (kNotFound otherwise, like a missing record).
Result<clinic::Patient> LoadVisiblePatient(ports::Transaction& transaction, const Actor& actor,
                                           PatientId patient_id);

// kNotFound unless a patient actor is `patient_id`; OkStatus for staff.
Status CheckOwnRecord(const Actor& actor, PatientId patient_id);

// The patient's most recent screening (by screened_at, then id), or nullopt.
Result<std::optional<clinic::ScreeningResult>> LatestScreening(ports::Transaction& transaction,
                                                               ClinicId clinic_id,
                                                               PatientId patient_id);

// The findings active after `screening` (its conditions with their areas).
std::vector<screening::Finding> ActiveFindings(const clinic::ScreeningResult& screening);

// The inverse: writes `findings` into screening.condition_ids and screening.areas (areas left
// empty when no finding has one).
void StoreFindings(const std::vector<screening::Finding>& findings,
                   clinic::ScreeningResult& screening);

// A store timestamp as the whole UTC minute the planner works in, and back.
ports::UtcMinutes ToUtcMinutes(clinic::Timestamp at);
clinic::Timestamp FromUtcMinutes(ports::UtcMinutes minutes);

// The clinic's time zone (context.time_zones); kInternal when no lookup is configured.
Result<std::shared_ptr<const ports::TimeZone>> ClinicZone(const AppContext& context,
                                                          const clinic::Clinic& clinic);

// The local calendar day of `at` in `zone`.
plan::LocalDate LocalDay(const ports::TimeZone& zone, clinic::Timestamp at);
// The same day as a clinic::Date.
clinic::Date LocalDate(const ports::TimeZone& zone, clinic::Timestamp at);

// The clinic's calendar date at `at`, in the clinic's time zone.
Result<clinic::Date> ClinicDate(ports::Transaction& transaction, const AppContext& context,
                                ClinicId clinic_id, clinic::Timestamp at);

// OK unless the patient has an open referral (latest screening decision does not allow
// treatment): then kFailedPrecondition from screening::CheckNotSuspended naming `subject`
// ("session 12"), `action` ("be marked attended") and the referral.
// Front desk (a role that may not see screening results) is told only that the action is not
// available: "<subject> cannot <action>: not available for this patient now; a therapist can say
// why".
Status RequireNotSuspended(const Actor& actor, ports::Transaction& transaction, ClinicId clinic_id,
                           PatientId patient_id, std::string_view subject, std::string_view action);

// The patient's active course with the highest id, or nullopt.
Result<std::optional<clinic::Course>> ActiveCourse(ports::Transaction& transaction,
                                                   ClinicId clinic_id, PatientId patient_id);

// `course`'s protocol version when set, else the clinic's active one (ProtocolCatalog).
Result<std::shared_ptr<const protocol::Protocol>> ProtocolFor(
    ports::Transaction& transaction, const AppContext& context, ClinicId clinic_id,
    const std::optional<clinic::Course>& course);

// The protocol version that applies to a patient: their active course's, else the clinic's
// active one (a patient screened before any course).
Result<std::shared_ptr<const protocol::Protocol>> PatientProtocol(ports::Transaction& transaction,
                                                                  const AppContext& context,
                                                                  ClinicId clinic_id,
                                                                  PatientId patient_id);

// The protocol version of the session's course.
Result<std::shared_ptr<const protocol::Protocol>> SessionProtocol(ports::Transaction& transaction,
                                                                  const AppContext& context,
                                                                  ClinicId clinic_id,
                                                                  const clinic::Session& session);

// The technique restrictions the protocol implies for a stored screening (none when nullopt).
std::vector<screening::TechniqueRestriction> RestrictionsFor(
    const protocol::Protocol& protocol, const std::optional<clinic::ScreeningResult>& screening);

// The precautions (restrictions plus areas to avoid, with their area text) for a stored
// screening's active findings (none when nullopt).
screening::Precautions PrecautionsFor(const protocol::Protocol& protocol,
                                      const std::optional<clinic::ScreeningResult>& screening);

// True when an unacknowledged alert of `kind` exists for the patient (and, when record_type is
// non-empty, for that record).
Result<bool> HasOpenAlert(ports::Transaction& transaction, ClinicId clinic_id, PatientId patient_id,
                          std::string_view kind, std::string_view record_type = "",
                          std::int64_t record_id = 0);

// Adds an alert (with `detail`, its words for the therapist, when given) and audits
// "alert.create" for it.
Result<AlertId> RaiseAlert(ports::Transaction& transaction, const RequestContext& context,
                           clinic::Timestamp now, PatientId patient_id, std::string_view kind,
                           clinic::AlertSeverity severity, std::string_view record_type,
                           std::int64_t record_id, std::string_view detail = "");

// The course start date as a timestamp at UTC midnight (for week arithmetic).
clinic::Timestamp StartOfDay(clinic::Date date);

// "Given Family" (or just the family name).
std::string DisplayName(const clinic::Patient& patient);

}  // namespace backcare::app::internal

#endif  // BACKCARE_APP_SERVICE_SUPPORT_H_
