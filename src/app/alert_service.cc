#include "app/alert_service.h"

#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/service_support.h"

namespace backcare::app {

AlertService::AlertService(AppContext context) : context_(std::move(context)) {}

Result<std::vector<clinic::Alert>> AlertService::ListAlerts(const RequestContext& context,
                                                            ports::AlertFilter filter,
                                                            std::optional<PatientId> patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadAlerts));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  if (patient_id) {
    RETURN_IF_ERROR(transaction->GetPatient(context.actor.clinic_id, *patient_id));
  }
  ASSIGN_OR_RETURN(std::vector<clinic::Alert> alerts,
                   transaction->ListAlerts(context.actor.clinic_id, filter));
  RETURN_IF_ERROR(transaction->Commit());
  if (patient_id) {
    std::erase_if(alerts,
                  [&](const clinic::Alert& alert) { return alert.patient_id != patient_id; });
  }
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "alert.list", patient_id ? "patient" : "clinic",
                          patient_id ? patient_id->value() : context.actor.clinic_id.value()));
  return alerts;
}

Status AlertService::Acknowledge(const RequestContext& context, AlertId alert_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kAcknowledgeAlerts));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Alert alert, transaction->GetAlert(context.actor.clinic_id, alert_id));
  // A red flag that opened a referral is closed by recording the referral's outcome
  // (PatientService::RecordReferralOutcome), not by a click: while the referral is open it cannot
  // be acknowledged.
  if (alert.kind == "red_flag" && alert.patient_id && !alert.acknowledged_at) {
    RETURN_IF_ERROR(internal::RequireNotSuspended(
        context.actor, *transaction, context.actor.clinic_id, *alert.patient_id,
        "red_flag alert " + std::to_string(alert_id.value()), "be acknowledged"));
  }
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(
      transaction->AcknowledgeAlert(context.actor.clinic_id, alert_id, context.actor.user_id, now));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "alert.acknowledge", "alert", alert_id.value()));
  return transaction->Commit();
}

}  // namespace backcare::app
