// PatientService::RecordReferralOutcome: closing a referral with a medical clearance or the
// discontinuation of treatment (patient_service.h).
#include <utility>

#include "app/audit_trail.h"
#include "app/patient_service.h"
#include "app/role_policy.h"
#include "app/service_support.h"

namespace backcare::app {
namespace {

// The date the open referral began: the first of the latest run of screenings that all open a
// referral (a re-screen that carries the red flag forward does not move it).
Result<clinic::Date> ReferredOn(ports::Transaction& transaction, const AppContext& context,
                                ClinicId clinic_id,
                                const std::vector<clinic::ScreeningResult>& screenings) {
  clinic::Timestamp opened = screenings.back().screened_at;
  for (std::size_t i = screenings.size();
       i-- > 0 && screening::OpensReferral(screenings[i].decision);) {
    opened = screenings[i].screened_at;
  }
  return internal::ClinicDate(transaction, context, clinic_id, opened);
}

// Discontinues the patient's active course, cancelling its booked sessions.
Status Discontinue(ports::Transaction& transaction, const RequestContext& context,
                   ClinicId clinic_id, PatientId patient_id, clinic::Timestamp now,
                   ReferralOutcomeResult& result) {
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(transaction, clinic_id, patient_id));
  if (!course) {
    return OkStatus();
  }
  course->status = clinic::CourseStatus::kDiscontinued;
  RETURN_IF_ERROR(transaction.UpdateCourse(clinic_id, *course));
  RETURN_IF_ERROR(
      AppendAudit(transaction, context, now, "course.discontinue", "course", course->id.value()));
  result.discontinued_course = course->id;
  ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                   transaction.ListSessionsForCourse(clinic_id, course->id));
  for (clinic::Session& session : sessions) {
    if (session.status != clinic::SessionStatus::kBooked) {
      continue;
    }
    session.status = clinic::SessionStatus::kCancelled;
    RETURN_IF_ERROR(transaction.UpdateSession(clinic_id, session));
    RETURN_IF_ERROR(
        AppendAudit(transaction, context, now, "session.cancel", "session", session.id.value()));
    result.cancelled_sessions.push_back(session.id);
  }
  return OkStatus();
}

}  // namespace

Result<ReferralOutcomeResult> PatientService::RecordReferralOutcome(
    const RequestContext& context, const ReferralOutcomeRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kScreenPatients));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, request.patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::ScreeningResult> screenings,
                   transaction->ListScreeningResults(clinic_id, patient.id));
  if (screenings.empty()) {
    return FailedPrecondition("patient " + std::to_string(patient.id.value()) +
                              " has no open referral (never screened)");
  }
  const clinic::ScreeningResult& latest = screenings.back();
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(clinic::Date today,
                   internal::ClinicDate(*transaction, context_, clinic_id, now));
  ASSIGN_OR_RETURN(clinic::Date referred_on,
                   ReferredOn(*transaction, context_, clinic_id, screenings));
  RETURN_IF_ERROR(screening::CheckReferralOutcome(
      request.record, patient.id.value(), latest.id.value(), latest.decision, referred_on, today));

  ReferralOutcomeResult result;
  clinic::ScreeningResult stored;
  stored.patient_id = patient.id;
  stored.screened_by = context.actor.user_id;
  stored.screened_at = now;
  stored.note = request.record.note;
  stored.outcome = request.record.outcome;
  std::vector<screening::Finding> findings = internal::ActiveFindings(latest);
  if (request.record.outcome == screening::ReferralOutcome::kCleared) {
    screening::Cleared cleared = screening::ClearRedFlags(findings);
    findings = std::move(cleared.remaining);
    stored.resolved_ids = std::move(cleared.resolved_ids);
    stored.cleared_on = request.record.cleared_on;
    stored.clearance_source = request.record.source;
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::PatientProtocol(*transaction, context_, clinic_id, patient.id));
  ASSIGN_OR_RETURN(screening::ScreeningResult screened, screening::Screen(*protocol, findings));
  internal::StoreFindings(findings, stored);
  stored.decision = screened.decision;
  ASSIGN_OR_RETURN(result.screening_id, transaction->AddScreeningResult(clinic_id, stored));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, now, "referral.outcome", "screening",
                              result.screening_id.value()));
  result.decision = stored.decision;
  result.allows_treatment = screening::AllowsTreatment(stored.decision);
  result.resolved_ids = stored.resolved_ids;

  // The red flag's alert is closed by this action, never by a bare click.
  ASSIGN_OR_RETURN(std::vector<clinic::Alert> open,
                   transaction->ListAlerts(clinic_id, ports::AlertFilter::kUnacknowledged));
  for (const clinic::Alert& alert : open) {
    if (alert.kind != "red_flag" || alert.patient_id != patient.id) {
      continue;
    }
    RETURN_IF_ERROR(transaction->AcknowledgeAlert(clinic_id, alert.id, context.actor.user_id, now));
    RETURN_IF_ERROR(
        AppendAudit(*transaction, context, now, "alert.acknowledge", "alert", alert.id.value()));
    result.acknowledged_alerts.push_back(alert.id);
  }
  if (request.record.outcome == screening::ReferralOutcome::kDiscontinued) {
    RETURN_IF_ERROR(Discontinue(*transaction, context, clinic_id, patient.id, now, result));
  }
  RETURN_IF_ERROR(transaction->Commit());
  return result;
}

}  // namespace backcare::app
