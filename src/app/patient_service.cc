#include "app/patient_service.h"

#include <algorithm>
#include <utility>

#include "app/audit_trail.h"
#include "app/questionnaire_support.h"
#include "app/service_support.h"
#include "core/clinic/patient_search.h"
#include "core/screening/catalog.h"

namespace backcare::app {
namespace {

using clinic::Role;

Status ValidateContact(std::string_view family_name, std::vector<FieldError>& errors) {
  if (family_name.empty()) {
    errors.push_back({"", "family_name", "expected a non-empty family name"});
  }
  return OkStatus();
}

// The clinical summary a therapist or admin sees; nullopt for front desk.
// The latest screening, its tracked signs and the precautions `course`'s protocol (else the
// clinic's) draws from it.
Result<CurrentScreening> ScreeningOf(ports::Transaction& transaction, const AppContext& app,
                                     ClinicId clinic_id, PatientId patient_id,
                                     const std::optional<clinic::Course>& course) {
  CurrentScreening current;
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::ProtocolFor(transaction, app, clinic_id, course));
  ASSIGN_OR_RETURN(current.latest, internal::LatestScreening(transaction, clinic_id, patient_id));
  current.precautions = internal::PrecautionsFor(*protocol, current.latest);
  if (current.latest) {
    for (const std::string& condition : current.latest->condition_ids) {
      const screening::Condition* found = screening::FindCondition(condition);
      if (found != nullptr && found->tracked_sign) {
        current.tracked_signs.push_back(condition);
      }
    }
  }
  return current;
}

Result<std::optional<ClinicalSummary>> SummaryFor(ports::Transaction& transaction,
                                                  const AppContext& app, const Actor& actor,
                                                  PatientId patient_id) {
  if (actor.role == Role::kFrontDesk) {
    return std::optional<ClinicalSummary>();
  }
  ClinicalSummary summary;
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(transaction, actor.clinic_id, patient_id));
  ASSIGN_OR_RETURN(CurrentScreening current,
                   ScreeningOf(transaction, app, actor.clinic_id, patient_id, course));
  summary.restrictions = std::move(current.precautions.restrictions);
  summary.areas_to_avoid = std::move(current.precautions.areas_to_avoid);
  summary.tracked_signs = std::move(current.tracked_signs);
  if (current.latest) {
    summary.screening_decision = current.latest->decision;
  }
  if (course) {
    summary.active_course = course->id;
  }
  ASSIGN_OR_RETURN(std::optional<clinic::QuestionnaireResponse> nprs,
                   transaction.LatestScoredResponse(actor.clinic_id, patient_id,
                                                    instrument::InstrumentId::kNprs));
  if (nprs) {
    summary.latest_nprs = nprs->score;
  }
  return std::optional<ClinicalSummary>(std::move(summary));
}

}  // namespace

PatientService::PatientService(AppContext context) : context_(std::move(context)) {}

Result<PatientId> PatientService::RegisterPatient(const RequestContext& context,
                                                  const NewPatient& patient) {
  RETURN_IF_ERROR(RequireRole(context.actor, kRegisterPatients));
  std::vector<FieldError> errors;
  RETURN_IF_ERROR(ValidateContact(patient.family_name, errors));
  const clinic::Date today{std::chrono::floor<std::chrono::days>(context_.clock.Now())};
  if (!patient.date_of_birth.ok()) {
    errors.push_back({"", "date_of_birth", "expected a valid calendar date"});
  } else if (std::chrono::sys_days{patient.date_of_birth} > std::chrono::sys_days{today}) {
    errors.push_back({"", "date_of_birth", "expected a date not after today"});
  }
  if (!errors.empty()) {
    return InvalidInput("patient is invalid", std::move(errors));
  }
  clinic::Patient record;
  record.given_name = patient.given_name;
  record.family_name = patient.family_name;
  record.date_of_birth = patient.date_of_birth;
  record.phone = patient.phone;
  record.email = patient.email;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(PatientId id, transaction->CreatePatient(context.actor.clinic_id, record));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "patient.create",
                              "patient", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Result<PatientView> PatientService::GetPatient(const RequestContext& context,
                                               PatientId patient_id) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  PatientView view;
  ASSIGN_OR_RETURN(view.clinical, SummaryFor(*transaction, context_, context.actor, patient.id));
  view.patient = std::move(patient);
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "patient.read", "patient", patient_id.value()));
  return view;
}

Result<std::vector<PatientView>> PatientService::ListPatients(const RequestContext& context,
                                                              std::string_view query) {
  RETURN_IF_ERROR(RequireRole(context.actor, kListPatients));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(
      std::vector<clinic::Patient> patients,
      transaction->ListPatients(context.actor.clinic_id, ports::PatientFilter::kExcludeDeleted));
  std::vector<PatientView> views;
  views.reserve(patients.size());
  for (clinic::Patient& patient : patients) {
    if (!clinic::MatchesPatientSearch(patient, query)) continue;
    PatientView view;
    ASSIGN_OR_RETURN(view.clinical, SummaryFor(*transaction, context_, context.actor, patient.id));
    view.patient = std::move(patient);
    views.push_back(std::move(view));
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(internal::AuditRead(context_, context, "patient.list", "clinic",
                                      context.actor.clinic_id.value()));
  return views;
}

Status PatientService::UpdateContact(const RequestContext& context, PatientId patient_id,
                                     const ContactUpdate& update) {
  RETURN_IF_ERROR(RequireRole(context.actor, kUpdateContactDetails));
  std::vector<FieldError> errors;
  RETURN_IF_ERROR(ValidateContact(update.family_name, errors));
  if (!errors.empty()) {
    return InvalidInput("contact details are invalid", std::move(errors));
  }
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  patient.given_name = update.given_name;
  patient.family_name = update.family_name;
  patient.phone = update.phone;
  patient.email = update.email;
  RETURN_IF_ERROR(transaction->UpdatePatient(context.actor.clinic_id, patient));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "patient.update",
                              "patient", patient_id.value()));
  return transaction->Commit();
}

Result<IntakeResult> PatientService::Intake(const RequestContext& context,
                                            const IntakeRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kScreenPatients));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, request.patient_id));
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(*transaction, clinic_id, patient.id));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::ProtocolFor(*transaction, context_, clinic_id, course));
  RETURN_IF_ERROR(screening::Screen(*protocol, request.findings));  // names findings[i]
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> previous,
                   internal::LatestScreening(*transaction, clinic_id, patient.id));
  const std::vector<screening::Finding> active =
      previous ? internal::ActiveFindings(*previous) : std::vector<screening::Finding>{};
  ASSIGN_OR_RETURN(std::vector<screening::Finding> findings,
                   screening::CarryForward(active, request.findings, request.resolved));
  ASSIGN_OR_RETURN(screening::ScreeningResult screened, screening::Screen(*protocol, findings));
  const clinic::Timestamp now = internal::Now(context_);

  clinic::ScreeningResult stored;
  stored.patient_id = patient.id;
  internal::StoreFindings(findings, stored);
  for (const screening::Resolution& resolution : request.resolved) {
    stored.resolved_ids.push_back(resolution.condition);
    stored.note +=
        (stored.note.empty() ? "" : "\n") + resolution.condition + ": " + resolution.reason;
  }
  stored.decision = screened.decision;
  stored.screened_by = context.actor.user_id;
  stored.screened_at = now;
  ASSIGN_OR_RETURN(clinic::ScreeningId screening_id,
                   transaction->AddScreeningResult(clinic_id, stored));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, now, "screening.create", "screening",
                              screening_id.value()));

  IntakeResult result;
  result.screening_id = screening_id;
  result.findings = findings;
  result.decision = stored.decision;
  result.allows_treatment = screening::AllowsTreatment(screened.decision);
  result.tracked_signs = screened.tracked_signs;
  result.restrictions = screened.restrictions;

  // A red flag (a condition that stops treatment) not present at the previous screening.
  for (const std::string& condition : stored.condition_ids) {
    const screening::Condition* found = screening::FindCondition(condition);
    if (found == nullptr || screening::AllowsTreatment(found->decision)) {
      continue;
    }
    const bool known =
        previous && std::find(previous->condition_ids.begin(), previous->condition_ids.end(),
                              condition) != previous->condition_ids.end();
    if (!known) {
      ASSIGN_OR_RETURN(AlertId alert,
                       internal::RaiseAlert(*transaction, context, now, patient.id, "red_flag",
                                            clinic::AlertSeverity::kCritical, "screening",
                                            screening_id.value()));
      result.alerts.push_back(alert);
      break;  // one alert per screening; the screening record lists every condition
    }
  }

  for (std::size_t i = 0; i < request.baseline.size(); ++i) {
    QuestionnaireAnswers questionnaire = request.baseline[i];
    if (questionnaire.checkpoint_id.empty()) {
      questionnaire.checkpoint_id = "baseline";
    }
    ASSIGN_OR_RETURN(
        ScoredResponse scored,
        internal::ScoreAndStore(*transaction, context, *protocol, now, patient.id,
                                course ? std::optional<CourseId>(course->id) : std::nullopt,
                                questionnaire, "baseline[" + std::to_string(i) + "]"));
    result.responses.push_back(std::move(scored));
  }
  RETURN_IF_ERROR(transaction->Commit());
  return result;
}

Result<CurrentScreening> PatientService::GetCurrentScreening(const RequestContext& context,
                                                             PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadScreenings));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(*transaction, context.actor.clinic_id, patient.id));
  ASSIGN_OR_RETURN(
      CurrentScreening current,
      ScreeningOf(*transaction, context_, context.actor.clinic_id, patient.id, course));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "screening.read", "patient", patient.id.value()));
  return current;
}

Result<std::vector<clinic::ScreeningResult>> PatientService::ListScreenings(
    const RequestContext& context, PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadScreenings));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::ScreeningResult> screenings,
                   transaction->ListScreeningResults(context.actor.clinic_id, patient.id));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "screening.list", "patient", patient.id.value()));
  return screenings;
}

}  // namespace backcare::app
