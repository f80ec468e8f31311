// Clinic set-up use cases: creating a clinic (installation level), its settings, its closures
// and holidays, and its therapists. Users (logins) are in account_service.h.
#ifndef BACKCARE_APP_CLINIC_SERVICE_H_
#define BACKCARE_APP_CLINIC_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/protocol_catalog.h"
#include "core/base/result.h"
#include "core/clinic/clinic.h"
#include "core/clinic/closure.h"
#include "core/clinic/therapist.h"
#include "core/ports/clinic_store.h"

namespace backcare::app {

struct NewClinic {
  std::string name;       // non-empty
  std::string time_zone;  // an IANA name the TimeZoneLookup knows
  // Hours of notice a patient gives to cancel a session themselves (0..720); unset = 24 for a new
  // clinic, unchanged on update.
  std::optional<int> patient_cancel_notice_hours{};
  bool demo = false;  // the demo generator's synthetic clinic (clinic::Clinic::demo); create only
  // The protocol version new courses follow; it must be stored (`backcare protocol import`).
  // Unset: the built-in protocol for a new clinic (stored then), unchanged on update.
  std::optional<ProtocolKey> protocol{};
  // Who must use two-step sign-in; unset = optional for a new clinic, unchanged on update.
  std::optional<clinic::MfaPolicy> mfa_policy{};
  // The pain rating (1..10) of a home exercise at or above which an "exercise_pain" alert is
  // raised; unset = 7 for a new clinic, unchanged on update.
  std::optional<int> exercise_pain_alert_threshold{};
  // Hours before a session its patient is emailed a reminder (0..168, 0 = none); unset = 24 for
  // a new clinic, unchanged on update.
  std::optional<int> appointment_reminder_hours{};
};

struct NewClosure {
  clinic::Date first_day;  // the clinic's civil dates, both included
  clinic::Date last_day;
  std::string reason;
};

struct NewTherapist {
  std::string given_name;
  std::string family_name;  // non-empty
  std::string license_number;
};

// The checks of a new clinic or new settings, made before any transaction: kInvalidInput naming
// "name", "time_zone", "patient_cancel_notice_hours" or "exercise_pain_alert_threshold".
Status ValidateNewClinic(const AppContext& context, const NewClinic& clinic);

namespace internal {
// Writes a validated clinic, its Web Push (VAPID) key pair and its "clinic.create" event (as the
// system) inside `transaction`.
// kConflict (field "name") when a clinic of that name exists, so that a clinic network never holds
// two that only their ids tell apart.
Result<ClinicId> InsertClinic(const AppContext& context, ports::Transaction& transaction,
                              const NewClinic& clinic, std::string_view remote_address);
// Makes `key` the active protocol version of `record` (not written here). The built-in protocol is
// stored on first use; another version must be stored: else kInvalidInput on field "protocol".
Status SetActiveProtocol(const AppContext& context, ports::Transaction& transaction,
                         const ProtocolKey& key, clinic::Clinic& record);
}  // namespace internal

class ClinicService {
 public:
  explicit ClinicService(AppContext context);

  // Creates a clinic; an installation-level action (CLI, demo) audited as the system in the new
  // clinic's chain ("clinic.create"). kInvalidInput (fields "name", "time_zone") when the name is
  // empty or the zone unknown; kConflict (field "name") when the name is taken. A clinic with its
  // first admin: AccountService::CreateClinicWithAdmin.
  Result<ClinicId> CreateClinic(const NewClinic& clinic, std::string_view remote_address);

  // Whether the store answers a read now (for /healthz): OK, or the store's error (e.g.
  // kUnavailable while PostgreSQL is down). Reads no patient data and audits nothing.
  Status CheckStore();

  // Every staff role may read the clinic's settings; patients are refused.
  Result<clinic::Clinic> GetClinic(const RequestContext& context);

  // Admins change name, time zone, cancel notice and the active protocol version (kInvalidInput on
  // field "protocol" when that version is not stored; courses already started keep theirs).
  // Audits "clinic.update".
  Status UpdateClinic(const RequestContext& context, const NewClinic& settings);

  // Admins add a therapist. kInvalidInput (field "family_name"). Audits "therapist.create".
  Result<TherapistId> CreateTherapist(const RequestContext& context, const NewTherapist& therapist);

  // Every staff role lists therapists (for booking). Patients are refused.
  Result<std::vector<clinic::Therapist>> ListTherapists(const RequestContext& context);

  // Admins and the front desk add a closure (kManageClosures). The rules are
  // plan::ValidateClosure's: kInvalidInput naming the fields ("first_day", "last_day", "reason"),
  // kConflict naming the existing closure it overlaps. Nothing is written on refusal. Audits
  // "closure.create". The planner leaves the days free and bookings on them are refused.
  Result<ClosureId> AddClosure(const RequestContext& context, const NewClosure& closure);

  // Every staff role lists the clinic's closures, by first_day.
  Result<std::vector<clinic::ClinicClosure>> ListClosures(const RequestContext& context);

  // Admins and the front desk delete a closure; sessions are not re-planned. kNotFound "closure N
  // not found". Audits "closure.delete".
  Status DeleteClosure(const RequestContext& context, ClosureId id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_CLINIC_SERVICE_H_
