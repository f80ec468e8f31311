#include "app/questionnaire_service.h"

#include <utility>

#include "app/audit_trail.h"
#include "app/questionnaire_support.h"
#include "app/service_support.h"
#include "core/instrument/score.h"
#include "core/progress/checkpoint_tag.h"
#include "core/progress/progress_report.h"

namespace backcare::app {

namespace internal {

ScoredResponse ViewOfResponse(const clinic::QuestionnaireResponse& response, std::string_view band,
                              instrument::Audience audience) {
  ScoredResponse view;
  view.id = response.id;
  view.instrument = response.instrument_id;
  view.score = response.score;
  view.score_status = response.score_status;
  view.audience = audience;
  if (audience == instrument::Audience::kPatient) {
    view.summary = std::string(instrument::PlainBandSummary(response.instrument_id, band));
  } else {
    view.band = std::string(band);
  }
  view.checkpoint_id = response.checkpoint_id;
  view.taken_at = response.taken_at;
  return view;
}

Result<ScoredResponse> ScoreAndStore(ports::Transaction& transaction, const RequestContext& context,
                                     const protocol::Protocol& protocol, clinic::Timestamp now,
                                     PatientId patient_id, std::optional<CourseId> course_id,
                                     const QuestionnaireAnswers& questionnaire,
                                     std::string_view field) {
  const auto instrument_id = instrument::ParseInstrumentName(questionnaire.instrument);
  if (!instrument_id) {
    return InvalidInput("questionnaire is invalid",
                        {{"", std::string(field) + ".instrument",
                          "unknown instrument; expected nprs, odi, rmdq, peg or startback"}});
  }
  const progress::TaggedBy tagged_by = context.actor.role == clinic::Role::kPatient
                                           ? progress::TaggedBy::kPatient
                                           : progress::TaggedBy::kStaff;
  if (Status tag = progress::CheckCheckpointTag(protocol, questionnaire.checkpoint_id, tagged_by);
      !tag.has_value()) {
    if (tag.error().code != ErrorCode::kInvalidInput) return tag.error();
    return InvalidInput("questionnaire is invalid",
                        {{"", std::string(field) + ".checkpoint_id", tag.error().message}});
  }
  auto score = instrument::ScoreAnswers(*instrument_id, questionnaire.answers);
  if (!score) {
    return InvalidInput("questionnaire is invalid",
                        {{"", std::string(field) + ".answers", score.error().message}});
  }
  clinic::QuestionnaireResponse response;
  response.patient_id = patient_id;
  response.course_id = course_id;
  response.instrument_id = *instrument_id;
  response.answers = questionnaire.answers;
  if (score->value) {
    response.score = score->value->ToDouble();
  }
  response.score_status = score->status;
  response.checkpoint_id = questionnaire.checkpoint_id;
  response.taken_at = now;
  ASSIGN_OR_RETURN(response.id, transaction.AddResponse(context.actor.clinic_id, response));
  RETURN_IF_ERROR(
      AppendAudit(transaction, context, now, "response.create", "response", response.id.value()));
  return ViewOfResponse(response, score->band, instrument::AudienceOf(context.actor.role));
}

Result<std::optional<AlertId>> CheckOffTrack(ports::Transaction& transaction,
                                             const RequestContext& context,
                                             const protocol::Protocol& protocol,
                                             clinic::Timestamp now, PatientId patient_id,
                                             ResponseId response_id) {
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   ActiveCourse(transaction, clinic_id, patient_id));
  if (!course) {
    return std::optional<AlertId>();
  }
  ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                   transaction.ListResponses(clinic_id, patient_id));
  ASSIGN_OR_RETURN(progress::ProgressReport report,
                   progress::BuildProgressReport(protocol, patient_id, course, responses));
  // The alert kind is the status itself: "off_track" (below a banded checkpoint) or "worse" (up by
  // at least the minimal important change); one open alert of each kind at a time.
  if (report.points.empty() || report.points.back().response_id != response_id ||
      (report.status != "off_track" && report.status != "worse")) {
    return std::optional<AlertId>();
  }
  const std::string kind = report.status;
  ASSIGN_OR_RETURN(bool open, HasOpenAlert(transaction, clinic_id, patient_id, kind));
  if (open) {
    return std::optional<AlertId>();
  }
  ASSIGN_OR_RETURN(AlertId id,
                   RaiseAlert(transaction, context, now, patient_id, kind,
                              clinic::AlertSeverity::kWarning, "response", response_id.value()));
  return std::optional<AlertId>(id);
}

}  // namespace internal

QuestionnaireService::QuestionnaireService(AppContext context) : context_(std::move(context)) {}

Result<ScoredResponse> QuestionnaireService::Submit(const RequestContext& context,
                                                    const SubmitQuestionnaire& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kSubmitQuestionnaires));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, request.patient_id));
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   internal::ActiveCourse(*transaction, context.actor.clinic_id, patient.id));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::ProtocolFor(*transaction, context_, context.actor.clinic_id, course));
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(
      ScoredResponse scored,
      internal::ScoreAndStore(*transaction, context, *protocol, now, patient.id,
                              course ? std::optional<CourseId>(course->id) : std::nullopt,
                              request.questionnaire, "questionnaire"));
  if (scored.instrument == instrument::InstrumentId::kNprs && scored.score) {
    ASSIGN_OR_RETURN(
        std::optional<AlertId> alert,
        internal::CheckOffTrack(*transaction, context, *protocol, now, patient.id, scored.id));
    (void)alert;
  }
  if ((scored.instrument == instrument::InstrumentId::kOdi ||
       scored.instrument == instrument::InstrumentId::kRmdq) &&
      scored.score && course) {
    // "function_worse": this ODI/RMDQ is the latest and is worse than its baseline by at least
    // the instrument's minimal important change (progress_report.h); one open at a time.
    ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                     transaction->ListResponses(context.actor.clinic_id, patient.id));
    ASSIGN_OR_RETURN(progress::ProgressReport report,
                     progress::BuildProgressReport(*protocol, patient.id, course, responses));
    for (const progress::ProgressReport::FunctionChange& change : report.function_changes) {
      if (change.latest_response_id != scored.id || !change.worse) continue;
      ASSIGN_OR_RETURN(bool open, internal::HasOpenAlert(*transaction, context.actor.clinic_id,
                                                         patient.id, "function_worse"));
      if (!open) {
        ASSIGN_OR_RETURN(
            AlertId id,
            internal::RaiseAlert(*transaction, context, now, patient.id, "function_worse",
                                 clinic::AlertSeverity::kWarning, "response", scored.id.value()));
        (void)id;
      }
    }
  }
  RETURN_IF_ERROR(transaction->Commit());
  return scored;
}

Result<std::vector<ScoredResponse>> QuestionnaireService::ListResponses(
    const RequestContext& context, PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadQuestionnaireResponses));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                   transaction->ListResponses(context.actor.clinic_id, patient.id));
  std::vector<ScoredResponse> views;
  for (const clinic::QuestionnaireResponse& response : responses) {
    std::string band;
    auto score = instrument::ScoreAnswers(response.instrument_id, response.answers);
    if (score) {
      band = std::string(score->band);
    }
    views.push_back(
        internal::ViewOfResponse(response, band, instrument::AudienceOf(context.actor.role)));
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "response.list", "patient", patient.id.value()));
  return views;
}

}  // namespace backcare::app
