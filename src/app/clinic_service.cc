#include "app/clinic_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/crypto/web_push.h"
#include "app/service_support.h"
#include "core/base/text.h"
#include "core/clinic/reminders.h"
#include "core/plan/closure_rules.h"

namespace backcare::app {

Status ValidateNewClinic(const AppContext& context, const NewClinic& clinic) {
  std::vector<FieldError> errors;
  if (clinic.name.empty()) {
    errors.push_back({"", "name", "expected a non-empty name"});
  } else if (auto problem = TextProblem(clinic.name, TextShape::kSingleLine)) {
    errors.push_back({"", "name", std::move(*problem)});
  }
  if (clinic.time_zone.empty()) {
    errors.push_back({"", "time_zone", "expected an IANA time zone name, got ''"});
  } else if (!context.time_zones || !context.time_zones(clinic.time_zone)) {
    errors.push_back(
        {"", "time_zone", "unknown time zone; expected an IANA name like Europe/London"});
  }
  if (clinic.patient_cancel_notice_hours &&
      (*clinic.patient_cancel_notice_hours < 0 || *clinic.patient_cancel_notice_hours > 720)) {
    errors.push_back(
        {"", "patient_cancel_notice_hours",
         "expected 0..720 hours, got " + std::to_string(*clinic.patient_cancel_notice_hours)});
  }
  if (clinic.exercise_pain_alert_threshold &&
      (*clinic.exercise_pain_alert_threshold < 1 || *clinic.exercise_pain_alert_threshold > 10)) {
    errors.push_back(
        {"", "exercise_pain_alert_threshold",
         "expected 1..10, got " + std::to_string(*clinic.exercise_pain_alert_threshold)});
  }
  if (clinic.appointment_reminder_hours &&
      (*clinic.appointment_reminder_hours < 0 ||
       *clinic.appointment_reminder_hours > clinic::kMaxAppointmentReminderHours)) {
    errors.push_back(
        {"", "appointment_reminder_hours",
         "expected 0..168 hours, got " + std::to_string(*clinic.appointment_reminder_hours)});
  }
  if (!errors.empty()) {
    return InvalidInput("clinic is invalid", std::move(errors));
  }
  return OkStatus();
}

namespace {

// kConflict when another clinic (not `except`) is called `name`.
Status CheckNameFree(ports::Transaction& transaction, const std::string& name,
                     std::optional<ClinicId> except) {
  ASSIGN_OR_RETURN(std::vector<clinic::Clinic> clinics, transaction.ListClinics());
  for (const clinic::Clinic& other : clinics) {
    if (other.name == name && other.id != except) {
      // Neither the name nor the other clinic's id: the caller may be another clinic's admin.
      Error error = Conflict("another clinic has this name");
      error.fields.push_back({"", "name", "expected a name no other clinic has"});
      return error;
    }
  }
  return OkStatus();
}

}  // namespace

namespace internal {

// Makes `key` the clinic's active protocol version. The built-in protocol is stored on first use;
// any other version must have been imported.
Status SetActiveProtocol(const AppContext& context, ports::Transaction& transaction,
                         const ProtocolKey& key, clinic::Clinic& record) {
  if (key == context.protocols.built_in_key()) {
    RETURN_IF_ERROR(context.protocols.StoreBuiltIn(transaction, Now(context)));
  }
  Result<clinic::ProtocolVersion> stored = transaction.GetProtocolVersion(key.id, key.version);
  if (!stored.has_value()) {
    if (stored.error().code != ErrorCode::kNotFound) return stored.error();
    return InvalidInput("clinic is invalid",
                        {{"", "protocol",
                          "protocol '" + key.id + "' version " + std::to_string(key.version) +
                              " is not stored; import it first (backcare protocol import)"}});
  }
  record.protocol_id = key.id;
  record.protocol_version = key.version;
  return OkStatus();
}

Result<ClinicId> InsertClinic(const AppContext& context, ports::Transaction& transaction,
                              const NewClinic& clinic, std::string_view remote_address) {
  RETURN_IF_ERROR(CheckNameFree(transaction, clinic.name, std::nullopt));
  clinic::Clinic record;
  record.name = clinic.name;
  record.time_zone = clinic.time_zone;
  record.patient_cancel_notice_hours =
      clinic.patient_cancel_notice_hours.value_or(record.patient_cancel_notice_hours);
  record.mfa_policy = clinic.mfa_policy.value_or(record.mfa_policy);
  record.exercise_pain_alert_threshold =
      clinic.exercise_pain_alert_threshold.value_or(record.exercise_pain_alert_threshold);
  record.appointment_reminder_hours =
      clinic.appointment_reminder_hours.value_or(record.appointment_reminder_hours);
  record.demo = clinic.demo;
  if (clinic.protocol) {
    RETURN_IF_ERROR(SetActiveProtocol(context, transaction, *clinic.protocol, record));
  } else {
    ASSIGN_OR_RETURN(std::optional<ProtocolKey> built_in,
                     context.protocols.StoreBuiltIn(transaction, Now(context)));
    if (built_in) {
      record.protocol_id = built_in->id;
      record.protocol_version = built_in->version;
    }
  }
  ASSIGN_OR_RETURN(ClinicId id, transaction.CreateClinic(record));
  // The clinic's Web Push key pair (app/push_service.h), made with the clinic.
  const crypto::VapidKeyPair vapid = crypto::NewVapidKeyPair();
  RETURN_IF_ERROR(
      transaction.CreateVapidKeys(id, {vapid.public_key, vapid.private_key, Now(context)}));
  const RequestContext system{SystemActor(id), std::string(remote_address)};
  RETURN_IF_ERROR(
      AppendAudit(transaction, system, Now(context), "clinic.create", "clinic", id.value()));
  return id;
}

}  // namespace internal

ClinicService::ClinicService(AppContext context) : context_(std::move(context)) {}

Result<ClinicId> ClinicService::CreateClinic(const NewClinic& clinic,
                                             std::string_view remote_address) {
  RETURN_IF_ERROR(ValidateNewClinic(context_, clinic));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(ClinicId id,
                   internal::InsertClinic(context_, *transaction, clinic, remote_address));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Status ClinicService::CheckStore() {
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  RETURN_IF_ERROR(transaction->ListClinics());
  return OkStatus();
}

Result<clinic::Clinic> ClinicService::GetClinic(const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadClinicSettings));
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  return transaction->GetClinic(context.actor.clinic_id);
}

Status ClinicService::UpdateClinic(const RequestContext& context, const NewClinic& settings) {
  RETURN_IF_ERROR(RequireRole(context.actor, kChangeClinicSettings));
  RETURN_IF_ERROR(ValidateNewClinic(context_, settings));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(CheckNameFree(*transaction, settings.name, context.actor.clinic_id));
  ASSIGN_OR_RETURN(clinic::Clinic record, transaction->GetClinic(context.actor.clinic_id));
  record.name = settings.name;
  record.time_zone = settings.time_zone;
  record.patient_cancel_notice_hours =
      settings.patient_cancel_notice_hours.value_or(record.patient_cancel_notice_hours);
  record.mfa_policy = settings.mfa_policy.value_or(record.mfa_policy);
  record.exercise_pain_alert_threshold =
      settings.exercise_pain_alert_threshold.value_or(record.exercise_pain_alert_threshold);
  record.appointment_reminder_hours =
      settings.appointment_reminder_hours.value_or(record.appointment_reminder_hours);
  if (settings.protocol) {
    RETURN_IF_ERROR(
        internal::SetActiveProtocol(context_, *transaction, *settings.protocol, record));
  }
  RETURN_IF_ERROR(transaction->UpdateClinic(record));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "clinic.update",
                              "clinic", record.id.value()));
  return transaction->Commit();
}

Result<TherapistId> ClinicService::CreateTherapist(const RequestContext& context,
                                                   const NewTherapist& therapist) {
  RETURN_IF_ERROR(RequireRole(context.actor, kAddTherapists));
  if (therapist.family_name.empty()) {
    return InvalidInput("therapist is invalid",
                        {{"", "family_name", "expected a non-empty family name"}});
  }
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  clinic::Therapist record;
  record.given_name = therapist.given_name;
  record.family_name = therapist.family_name;
  record.license_number = therapist.license_number;
  ASSIGN_OR_RETURN(TherapistId id, transaction->CreateTherapist(context.actor.clinic_id, record));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "therapist.create",
                              "therapist", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Result<std::vector<clinic::Therapist>> ClinicService::ListTherapists(
    const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kListTherapists));
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  return transaction->ListTherapists(context.actor.clinic_id);
}

Result<ClosureId> ClinicService::AddClosure(const RequestContext& context,
                                            const NewClosure& closure) {
  RETURN_IF_ERROR(RequireRole(context.actor, kManageClosures));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(std::vector<clinic::ClinicClosure> existing,
                   transaction->ListClosures(clinic_id));
  const clinic::Timestamp now = internal::Now(context_);
  clinic::ClinicClosure record;
  record.first_day = closure.first_day;
  record.last_day = closure.last_day;
  record.reason = closure.reason;
  if (context.actor.user_id.is_assigned()) {
    record.created_by = context.actor.user_id;
  }
  record.created_at = now;
  RETURN_IF_ERROR(plan::ValidateClosure(record, existing));
  ASSIGN_OR_RETURN(ClosureId id, transaction->AddClosure(clinic_id, record));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, now, "closure.create", "closure", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Result<std::vector<clinic::ClinicClosure>> ClinicService::ListClosures(
    const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kListClosures));
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  return transaction->ListClosures(context.actor.clinic_id);
}

Status ClinicService::DeleteClosure(const RequestContext& context, ClosureId id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kManageClosures));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->DeleteClosure(context.actor.clinic_id, id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "closure.delete",
                              "closure", id.value()));
  return transaction->Commit();
}

}  // namespace backcare::app
