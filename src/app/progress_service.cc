#include "app/progress_service.h"

#include <utility>

#include "app/audit_trail.h"
#include "app/service_support.h"
#include "core/progress/dose.h"
#include "core/progress/progress_report.h"

namespace backcare::app {

ProgressService::ProgressService(AppContext context) : context_(std::move(context)) {}

Result<ProgressReport> ProgressService::GetProgress(const RequestContext& context,
                                                    PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadProgress));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  // The active course, else the latest one.
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(*transaction, clinic_id, patient.id));
  if (!course) {
    ASSIGN_OR_RETURN(std::vector<clinic::Course> courses,
                     transaction->ListCoursesForPatient(clinic_id, patient.id));
    if (!courses.empty()) {
      course = courses.back();
    }
  }
  ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                   transaction->ListResponses(clinic_id, patient.id));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::ProtocolFor(*transaction, context_, clinic_id, course));
  ASSIGN_OR_RETURN(ProgressReport report,
                   progress::BuildProgressReport(*protocol, patient.id, course, responses));
  if (course) {
    ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                     transaction->ListSessionsForCourse(clinic_id, course->id));
    report.dose = progress::CountDose(sessions, internal::Now(context_));
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "progress.read", "patient", patient.id.value()));
  // A patient reads plain sentences in place of the clinician labels (issue #20 item 7).
  return progress::PhraseProgressFor(instrument::AudienceOf(context.actor.role), std::move(report));
}

}  // namespace backcare::app
