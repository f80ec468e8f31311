#include "app/portal_service.h"

#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "app/service_support.h"
#include "core/instrument/instrument.h"

namespace backcare::app {

PortalService::PortalService(AppContext context) : context_(std::move(context)) {}

Result<PortalSummary> PortalService::GetSummary(const RequestContext& context,
                                                PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadPortalSummaries));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  PortalSummary summary;
  ASSIGN_OR_RETURN(summary.clinic, transaction->GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   internal::ClinicZone(context_, summary.clinic));
  summary.today = internal::LocalDate(*zone, internal::Now(context_));
  ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                   transaction->ListResponses(clinic_id, patient.id));

  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(*transaction, clinic_id, patient.id));
  if (course) {
    ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                     internal::ProtocolFor(*transaction, context_, clinic_id, course));
    ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                     transaction->ListSessionsForCourse(clinic_id, course->id));
    std::erase_if(sessions, [](const clinic::Session& session) {
      return session.status != clinic::SessionStatus::kAttended;
    });
    std::sort(sessions.begin(), sessions.end(),
              [](const clinic::Session& a, const clinic::Session& b) {
                return std::tie(a.start, a.id) < std::tie(b.start, b.id);
              });
    std::vector<clinic::Date> attended;
    attended.reserve(sessions.size());
    for (const clinic::Session& session : sessions) {
      attended.push_back(internal::LocalDate(*zone, session.start));
    }
    std::vector<progress::TaggedResponse> tagged;
    for (const clinic::QuestionnaireResponse& response : responses) {
      if (response.course_id == course->id && !response.checkpoint_id.empty()) {
        tagged.push_back({response.checkpoint_id,
                          std::string(instrument::InstrumentName(response.instrument_id))});
      }
    }
    summary.due =
        progress::FindDueCheckIn(protocol->checkpoints, course->start_date, attended, summary.today,
                                 progress::AnsweredCheckpoints(protocol->checkpoints, tagged));
  }

  for (const clinic::QuestionnaireResponse& response : responses) {
    if (response.instrument_id == instrument::InstrumentId::kNprs &&
        (!summary.weekly_last_taken_at || response.taken_at > *summary.weekly_last_taken_at)) {
      summary.weekly_last_taken_at = response.taken_at;
    }
  }
  summary.weekly_due = progress::WeeklyCheckInDue(
      summary.weekly_last_taken_at
          ? std::optional<clinic::Date>(internal::LocalDate(*zone, *summary.weekly_last_taken_at))
          : std::nullopt,
      summary.today);
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "portal.read", "patient", patient.id.value()));
  return summary;
}

}  // namespace backcare::app
