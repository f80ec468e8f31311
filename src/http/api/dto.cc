#include "http/api/dto.h"

#include <array>
#include <chrono>
#include <utility>

#include "core/base/enum_names.h"
#include "core/clinic/user.h"
#include "core/instrument/instrument.h"
#include "core/instrument/plain_language.h"
#include "core/instrument/score.h"
#include "core/plan/calendar_types.h"
#include "core/screening/catalog.h"
#include "core/screening/screen.h"

namespace backcare::http::api {
namespace {

Json OptionalNumber(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}
Json OptionalInt(const std::optional<int>& value) { return value ? Json(*value) : Json(nullptr); }

// An optional enum as its name, or null when absent (not entered).
template <typename E, std::size_t N>
Json OptionalName(const EnumNames<E, N>& names, const std::optional<E>& value) {
  return value ? Json(std::string(NameOf(names, *value))) : Json(nullptr);
}
Json OptionalInstant(const std::optional<clinic::Timestamp>& at) {
  return at ? Json(FormatInstant(*at)) : Json(nullptr);
}

}  // namespace

Json ActorJson(const app::Actor& actor) {
  return {{"user_id", actor.user_id.value()},
          {"role", std::string(clinic::RoleName(actor.role))},
          {"clinic_id", actor.clinic_id.value()},
          {"therapist_id", OptionalId(actor.therapist_id)},
          {"patient_id", OptionalId(actor.patient_id)}};
}

Json UserViewJson(const app::UserView& user) {
  return {{"id", user.id.value()},
          {"email", user.email},
          {"display_name", user.display_name},
          {"role", std::string(clinic::RoleName(user.role))},
          {"state", std::string(NameOf(clinic::kAccountStateNames, user.state))},
          {"therapist_id", OptionalId(user.therapist_id)},
          {"patient_id", OptionalId(user.patient_id)},
          {"mfa_enabled", user.mfa_enabled},
          {"password_change_required", user.password_change_required}};
}

Json IssuedLinkJson(const app::IssuedLink& link) {
  return {{"user_id", link.user_id.value()},
          {"token", link.token},
          {"path", "/set-password#token=" + link.token},
          {"expires_at", FormatInstant(link.expires_at)},
          {"emailed", link.emailed}};
}

Json AccessLinkViewJson(const app::AccessLinkView& view) {
  return {{"user_id", view.user_id.value()},
          {"email", view.email},
          {"display_name", view.display_name},
          {"purpose", std::string(NameOf(clinic::kAccessPurposeNames, view.purpose))},
          {"expires_at", FormatInstant(view.expires_at)}};
}

Json ClinicJson(const clinic::Clinic& clinic) {
  return {{"id", clinic.id.value()},
          {"name", clinic.name},
          {"time_zone", clinic.time_zone},
          {"patient_cancel_notice_hours", clinic.patient_cancel_notice_hours},
          {"exercise_pain_alert_threshold", clinic.exercise_pain_alert_threshold},
          {"appointment_reminder_hours", clinic.appointment_reminder_hours},
          {"mfa_policy", std::string(NameOf(clinic::kMfaPolicyNames, clinic.mfa_policy))},
          {"protocol", clinic.protocol_id.empty() ? Json()
                                                  : Json{{"id", clinic.protocol_id},
                                                         {"version", clinic.protocol_version}}}};
}

Json TherapistJson(const clinic::Therapist& therapist) {
  return {{"id", therapist.id.value()},
          {"given_name", therapist.given_name},
          {"family_name", therapist.family_name},
          {"license_number", therapist.license_number},
          {"state", therapist.state == clinic::TherapistState::kActive ? "active" : "inactive"}};
}

Json PatientViewJson(const app::PatientView& view) {
  const clinic::Patient& patient = view.patient;
  Json out = {{"id", patient.id.value()},
              {"given_name", patient.given_name},
              {"family_name", patient.family_name},
              {"date_of_birth", clinic::FormatDate(patient.date_of_birth)},
              {"phone", patient.phone},
              {"email", patient.email},
              {"deleted", patient.deletion.has_value()},
              {"clinical", nullptr}};
  if (view.clinical) {
    const app::ClinicalSummary& clinical = *view.clinical;
    out["clinical"] = {
        {"screening_decision",
         clinical.screening_decision
             ? Json(std::string(screening::DecisionName(*clinical.screening_decision)))
             : Json(nullptr)},
        {"tracked_signs", clinical.tracked_signs},
        {"restrictions", RestrictionsJson(clinical.restrictions)},
        {"areas_to_avoid", AreasToAvoidJson(clinical.areas_to_avoid)},
        {"active_course_id", OptionalId(clinical.active_course)},
        {"latest_nprs", OptionalNumber(clinical.latest_nprs)}};
  }
  return out;
}

Json ScoredResponseJson(const app::ScoredResponse& response) {
  Json out = {{"id", response.id.value()},
              {"instrument", std::string(instrument::InstrumentName(response.instrument))},
              {"score", OptionalNumber(response.score)},
              {"score_status", std::string(instrument::ScoreStatusName(response.score_status))},
              {"band", response.band},
              {"checkpoint_id", response.checkpoint_id},
              {"taken_at", FormatInstant(response.taken_at)}};
  // A patient reads the plain sentence, never the band (core/instrument/plain_language.h).
  if (response.audience == instrument::Audience::kPatient) {
    out.erase("band");
    out["summary"] = response.summary;
  }
  return out;
}

Json FindingsJson(const std::vector<screening::Finding>& findings) {
  Json out = Json::array();
  for (const screening::Finding& finding : findings) {
    out.push_back({{"condition", finding.condition},
                   {"area", finding.area ? Json(*finding.area) : Json(nullptr)}});
  }
  return out;
}

Json ScreeningJson(const clinic::ScreeningResult& screening) {
  std::vector<screening::Finding> findings;
  for (std::size_t i = 0; i < screening.condition_ids.size(); ++i) {
    const bool has_area = i < screening.areas.size() && !screening.areas[i].empty();
    findings.push_back({screening.condition_ids[i],
                        has_area ? std::optional<std::string>(screening.areas[i]) : std::nullopt});
  }
  return {{"id", screening.id.value()},
          {"conditions", screening.condition_ids},
          {"findings", FindingsJson(findings)},
          {"decision", std::string(screening::DecisionName(screening.decision))},
          {"allows_treatment", screening::AllowsTreatment(screening.decision)},
          {"resolved", screening.resolved_ids},
          {"note", screening.note},
          {"outcome", std::string(screening::ReferralOutcomeName(screening.outcome))},
          {"cleared_on",
           screening.cleared_on ? Json(clinic::FormatDate(*screening.cleared_on)) : Json(nullptr)},
          {"clearance_source", screening.clearance_source},
          {"screened_by", screening.screened_by.value()},
          {"screened_at", FormatInstant(screening.screened_at)}};
}

Json ReferralOutcomeResultJson(const app::ReferralOutcomeResult& result) {
  Json alerts = Json::array();
  for (AlertId id : result.acknowledged_alerts) alerts.push_back(id.value());
  Json cancelled = Json::array();
  for (SessionId id : result.cancelled_sessions) cancelled.push_back(id.value());
  return {{"screening_id", result.screening_id.value()},
          {"decision", std::string(screening::DecisionName(result.decision))},
          {"allows_treatment", result.allows_treatment},
          {"resolved", result.resolved_ids},
          {"acknowledged_alert_ids", std::move(alerts)},
          {"discontinued_course_id", OptionalId(result.discontinued_course)},
          {"cancelled_session_ids", std::move(cancelled)}};
}

Json IntakeResultJson(const app::IntakeResult& result) {
  Json responses = Json::array();
  for (const app::ScoredResponse& response : result.responses) {
    responses.push_back(ScoredResponseJson(response));
  }
  Json alerts = Json::array();
  for (AlertId id : result.alerts) alerts.push_back(id.value());
  return {{"screening_id", result.screening_id.value()},
          {"findings", FindingsJson(result.findings)},
          {"decision", std::string(screening::DecisionName(result.decision))},
          {"allows_treatment", result.allows_treatment},
          {"tracked_signs", result.tracked_signs},
          {"restrictions", RestrictionsJson(result.restrictions)},
          {"responses", std::move(responses)},
          {"alert_ids", std::move(alerts)}};
}

Json DischargeJson(const clinic::Discharge& discharge) {
  return {{"outcome", std::string(NameOf(clinic::kDischargeOutcomeNames, discharge.outcome))},
          {"discharged_on", clinic::FormatDate(discharge.discharged_on)},
          {"discharged_by", discharge.discharged_by.value()},
          {"note", discharge.note}};
}

Json CourseJson(const clinic::Course& course) {
  return {{"id", course.id.value()},
          {"patient_id", course.patient_id.value()},
          {"therapist_id", OptionalId(course.therapist_id)},
          {"protocol_id", course.protocol_id},
          {"protocol_version", course.protocol_version},
          {"start_date", clinic::FormatDate(course.start_date)},
          {"status", std::string(clinic::CourseStatusName(course.status))},
          {"discharge", course.discharge ? DischargeJson(*course.discharge) : Json()}};
}

namespace {

Json FinalScoresJson(const std::vector<progress::ProgressReport::FunctionChange>& list) {
  Json changes = Json::array();
  for (const progress::ProgressReport::FunctionChange& change : list) {
    changes.push_back({{"instrument", std::string(instrument::InstrumentName(change.instrument))},
                       {"baseline", change.baseline},
                       {"final", change.latest},
                       {"points_change", change.points_change},
                       {"percent_change", OptionalNumber(change.percent_change)},
                       {"class", change.responder_class}});
  }
  return changes;
}

}  // namespace

Json CourseViewJson(const app::CourseView& view) {
  Json out = CourseJson(view.course);
  if (view.course.discharge) {
    if (!view.clinical) out["discharge"]["note"] = nullptr;
    out["discharge"]["changes"] = view.clinical ? FinalScoresJson(view.changes) : Json();
  }
  return out;
}

Json DischargeSummaryJson(const app::DischargeSummary& summary) {
  Json cancelled = Json::array();
  for (SessionId id : summary.cancelled_sessions) cancelled.push_back(id.value());
  return {{"course_id", summary.course_id.value()},
          {"status", std::string(clinic::CourseStatusName(summary.status))},
          {"discharge", DischargeJson(summary.discharge)},
          {"cancelled_session_ids", std::move(cancelled)},
          {"changes", FinalScoresJson(summary.changes)}};
}

namespace {

Json UnplacedJson(const std::vector<plan::UnplacedSession>& list) {
  Json unplaced = Json::array();
  for (const plan::UnplacedSession& u : list) {
    unplaced.push_back({{"phase_id", u.phase_id},
                        {"week", u.week},
                        {"window_first", plan::FormatDate(u.window_first)},
                        {"window_last", plan::FormatDate(u.window_last)},
                        {"reason", std::string(plan::UnplacedReasonName(u.reason))},
                        {"detail", u.detail}});
  }
  return unplaced;
}

Json SessionIdsJson(const std::vector<SessionId>& ids) {
  Json out = Json::array();
  for (SessionId id : ids) out.push_back(id.value());
  return out;
}

}  // namespace

Json StartedCourseJson(const app::StartedCourse& started) {
  return {{"course_id", started.course_id.value()},
          {"session_ids", SessionIdsJson(started.sessions)},
          {"unplaced_sessions", started.unplaced_sessions},
          {"unplaced", UnplacedJson(started.unplaced)}};
}

Json ReplanSlotJson(const std::optional<app::ReplanChange::Slot>& slot) {
  if (!slot) return nullptr;
  return {{"start", FormatInstant(slot->start)}, {"therapist_id", slot->therapist.value()}};
}

Json ReplanJson(const app::Replan& replan) {
  static constexpr std::array<std::string_view, 3> kKinds = {"added", "moved", "cancelled"};
  Json changes = Json::array();
  for (const app::ReplanChange& change : replan.changes) {
    changes.push_back({{"kind", std::string(kKinds.at(static_cast<std::size_t>(change.kind)))},
                       {"session_id", change.session_id.value()},
                       {"from", ReplanSlotJson(change.from)},
                       {"to", ReplanSlotJson(change.to)},
                       {"reason", change.reason}});
  }
  return {{"added", SessionIdsJson(replan.added)},
          {"moved", SessionIdsJson(replan.moved)},
          {"cancelled", SessionIdsJson(replan.cancelled)},
          {"unplaced", UnplacedJson(replan.unplaced)},
          {"changes", std::move(changes)}};
}

namespace {

Json DayWindowsJson(const std::vector<plan::DayWindow>& windows) {
  Json out = Json::array();
  for (const plan::DayWindow& window : windows) {
    out.push_back({{"start", plan::FormatTimeOfDay(window.start)},
                   {"end", plan::FormatTimeOfDay(window.end)}});
  }
  return out;
}

}  // namespace

Json TherapistAvailabilityJson(const app::TherapistAvailability& availability) {
  Json days = Json::array();
  for (const plan::DayAvailability& day : availability.days) {
    days.push_back(
        {{"date", plan::FormatDate(day.date)},
         {"open", DayWindowsJson(day.open)},
         {"free", DayWindowsJson(day.free)},
         {"closed", day.closed_reason.empty() ? Json(nullptr) : Json(day.closed_reason)}});
  }
  const clinic::Therapist& therapist = availability.therapist;
  return {{"therapist_id", therapist.id.value()},
          {"given_name", therapist.given_name},
          {"family_name", therapist.family_name},
          {"days", std::move(days)}};
}

Json ScheduleEntryJson(const app::ScheduleEntry& entry) {
  return {{"session_id", entry.session_id.value()},
          {"course_id", entry.course_id.value()},
          {"patient_id", entry.patient_id.value()},
          {"patient_name", entry.patient_name},
          {"therapist_id", entry.therapist_id.value()},
          {"start", FormatInstant(entry.start)},
          {"end", FormatInstant(entry.end)},
          {"status", std::string(clinic::SessionStatusName(entry.status))},
          {"phase_id", entry.phase_id},
          {"precautions", entry.precautions ? PrecautionsJson(*entry.precautions) : Json(nullptr)},
          {"note_status", entry.note ? Json(std::string(NameOf(app::kNoteStateNames, *entry.note)))
                                     : Json(nullptr)}};
}

Json NoteJson(const session::SessionNote& note) {
  Json strips = Json::array();
  for (const session::StripPass& pass : note.techniques.strip_passes) {
    strips.push_back({{"region", pass.region},
                      {"side", std::string(NameOf(session::kSideNames, pass.side))},
                      {"direction", pass.direction},
                      {"passes", pass.passes}});
  }
  Json holds = Json::array();
  for (const session::TriggerPointHold& hold : note.techniques.trigger_points) {
    holds.push_back({{"muscle", hold.muscle},
                     {"side", std::string(NameOf(session::kSideNames, hold.side))},
                     {"hold_seconds", hold.hold_seconds}});
  }
  Json releases = Json::array();
  for (const session::ReleaseArea& area : note.techniques.release_areas) {
    releases.push_back({{"area", area.area}, {"minutes", area.minutes}});
  }
  Json adverse = Json::array();
  for (const session::AdverseEvent& event : note.adverse_events) {
    adverse.push_back({{"kind", std::string(NameOf(session::kAdverseEventKindNames, event.kind))},
                       {"severity", std::string(NameOf(session::kSeverityNames, event.severity))},
                       {"note", event.note}});
  }
  Json addenda = Json::array();
  for (const session::Addendum& addendum : note.addenda) {
    addenda.push_back({{"author_id", addendum.author_id.value()},
                       {"at", FormatInstant(addendum.at)},
                       {"text", addendum.text}});
  }
  return {{"id", note.id.value()},
          {"session_id", note.session_id.value()},
          {"author_id", note.author_id.value()},
          {"soap",
           {{"subjective", note.soap.subjective},
            {"objective", note.soap.objective},
            {"assessment", note.soap.assessment},
            {"plan", note.soap.plan}}},
          {"techniques",
           {{"strip_passes", std::move(strips)},
            {"trigger_points", std::move(holds)},
            {"release_areas", std::move(releases)},
            {"pressure", OptionalName(session::kPressureNames, note.techniques.pressure)},
            {"tolerance", OptionalName(session::kToleranceNames, note.techniques.tolerance)},
            {"no_hands_on_reason", note.techniques.no_hands_on_reason},
            {"deviation_reason", note.techniques.deviation_reason}}},
          {"nprs_before", OptionalInt(note.nprs_before)},
          {"nprs_after", OptionalInt(note.nprs_after)},
          {"objective_measures",
           {{"standing_tolerance_minutes", OptionalInt(note.measures.standing_tolerance_minutes)},
            {"schober_cm", OptionalNumber(note.measures.schober_cm)},
            {"fingertip_to_floor_cm", OptionalNumber(note.measures.fingertip_to_floor_cm)}}},
          {"adverse_events", std::move(adverse)},
          {"status", note.status == session::NoteStatus::kSigned ? "signed" : "draft"},
          {"signed_by", OptionalId(note.signed_by)},
          {"signed_at", OptionalInstant(note.signed_at)},
          {"addenda", std::move(addenda)},
          {"created_at", FormatInstant(note.created_at)},
          {"updated_at", FormatInstant(note.updated_at)}};
}

Json NoteDetailJson(const app::NoteDetail& detail) {
  Json json = NoteJson(detail.note);
  Json techniques = Json::array();
  for (const protocol::Technique& technique : detail.techniques) {
    Json hold = nullptr;
    if (technique.hold_seconds) {
      hold = {{"min", technique.hold_seconds->min}, {"max", technique.hold_seconds->max}};
    }
    techniques.push_back({{"id", technique.id},
                          {"targets", technique.targets},
                          {"direction", technique.direction},
                          {"hold_seconds", std::move(hold)},
                          {"pressure", technique.pressure}});
  }
  json["protocol"] = {{"id", detail.protocol_id},
                      {"version", detail.protocol_version},
                      {"techniques", std::move(techniques)}};
  Json restrictions = Json::array();
  for (const screening::TechniqueRestriction& r : detail.restrictions) {
    restrictions.push_back({{"technique_id", r.technique_id},
                            {"action", NameOf(protocol::kPrecautionActionNames, r.action)},
                            {"condition", r.condition},
                            {"note", r.note},
                            {"max_pressure", r.max_pressure},
                            {"avoid_areas", r.avoid_areas}});
  }
  json["restrictions"] = std::move(restrictions);
  json["areas_to_avoid"] = AreasToAvoidJson(detail.areas_to_avoid);
  Json deviations = Json::array();
  for (const session::ProtocolDeviation& deviation : detail.deviations) {
    deviations.push_back({{"path", deviation.path}, {"message", deviation.message}});
  }
  json["deviations"] = std::move(deviations);
  return json;
}

Json RemindersJson(const clinic::PatientReminders& reminders) {
  return {{"appointment_email", reminders.appointment_email},
          {"nudge_email", reminders.nudge_email},
          {"appointment_push", reminders.appointment_push},
          {"nudge_push", reminders.nudge_push},
          {"nudge_time", clinic::FormatClockTime(reminders.nudge_minutes)}};
}

Json PushSubscriptionJson(const clinic::PushSubscription& subscription) {
  return {{"id", subscription.id.value()},
          {"endpoint", subscription.endpoint},
          {"created_at", FormatInstant(subscription.created_at)}};
}

Json HomeProgramJson(const app::HomeProgramView& view) {
  Json assignments = Json::array();
  for (const clinic::HomeProgramAssignment& assignment : view.assignments) {
    assignments.push_back({{"id", assignment.id.value()},
                           {"course_id", assignment.course_id.value()},
                           {"exercise_ids", assignment.exercise_ids},
                           {"start_date", clinic::FormatDate(assignment.start_date)}});
  }
  Json exercises = Json::array();
  for (const app::HomeExerciseView& exercise : view.exercises) {
    const protocol::Dose& dose = exercise.dose;
    exercises.push_back(
        {{"id", exercise.id},
         {"name", exercise.name},
         {"instructions", exercise.instructions},
         {"days_per_week", exercise.days_per_week},
         {"kind", std::string(NameOf(protocol::kHomeExerciseKindNames, exercise.kind))},
         {"context", exercise.context},
         {"action", exercise.action},
         {"dose",
          {{"sets", OptionalInt(dose.sets)},
           {"reps", OptionalInt(dose.reps)},
           {"hold_seconds", OptionalInt(dose.hold_seconds)},
           {"minutes", OptionalInt(dose.minutes)},
           {"days_per_week", dose.days_per_week},
           {"is_default", dose.is_default}}},
         {"start_week", exercise.start_week},
         {"starts_on", clinic::FormatDate(exercise.starts_on)},
         {"due_today", exercise.due_today}});
  }
  Json recent = Json::array();
  for (const clinic::AdherenceEntry& entry : view.recent) {
    recent.push_back({{"date", clinic::FormatDate(entry.date)},
                      {"exercise_id", entry.exercise_id},
                      {"completion", std::string(NameOf(kCompletionNames, entry.completion))},
                      {"note", entry.note},
                      {"pain_rating", OptionalInt(entry.pain_rating)}});
  }
  return {{"today", clinic::FormatDate(view.today)},
          {"course_week", OptionalInt(view.course_week)},
          {"assignments", std::move(assignments)},
          {"exercises", std::move(exercises)},
          {"recent", std::move(recent)}};
}

Json PortalJson(const app::PortalSummary& summary) {
  Json due = nullptr;
  if (summary.due) {
    due = {{"checkpoint_id", summary.due->checkpoint_id},
           {"instruments", summary.due->instruments},
           {"since", clinic::FormatDate(summary.due->since)}};
  }
  return {{"today", clinic::FormatDate(summary.today)},
          {"clinic",
           {{"name", summary.clinic.name},
            {"time_zone", summary.clinic.time_zone},
            {"patient_cancel_notice_hours", summary.clinic.patient_cancel_notice_hours},
            {"exercise_pain_alert_threshold", summary.clinic.exercise_pain_alert_threshold}}},
          {"check_in",
           {{"due", std::move(due)},
            {"weekly",
             {{"instrument", "nprs"},
              {"last_taken_at", OptionalInstant(summary.weekly_last_taken_at)},
              {"due", summary.weekly_due}}}}}};
}

Json AccessLogJson(const app::AccessLogPage& page) {
  Json entries = Json::array();
  for (const app::AccessLogEntry& entry : page.entries) {
    entries.push_back({{"id", entry.id},
                       {"at", FormatInstant(entry.at)},
                       {"role", entry.role},
                       {"name", entry.name},
                       {"action", entry.action},
                       {"kind", clinic::AccessKindName(entry.kind)},
                       {"record", entry.record}});
  }
  Json next = page.next ? Json(std::to_string(*page.next)) : Json(nullptr);
  return {{"entries", std::move(entries)}, {"next", std::move(next)}};
}

Json ProgressJson(const app::ProgressReport& report) {
  // A patient's report (PhraseProgressFor) carries plain sentences in `summary` in place of the
  // clinician labels `status` and `class`; a staff report is unchanged.
  const bool for_patient = report.audience == instrument::Audience::kPatient;
  Json points = Json::array();
  for (const app::ProgressPoint& point : report.points) {
    points.push_back({{"response_id", point.response_id.value()},
                      {"taken_at", FormatInstant(point.taken_at)},
                      {"week", point.week},
                      {"nprs", point.nprs},
                      {"points_change", point.points_change},
                      {"reduction_percent", OptionalNumber(point.reduction_percent)},
                      {"expected_min_percent", OptionalNumber(point.expected_min_percent)},
                      {"expected_max_percent", OptionalNumber(point.expected_max_percent)},
                      {"status", point.status}});
    if (for_patient) {
      points.back().erase("status");
      points.back()["summary"] = point.summary;
    }
  }
  Json others = Json::array();
  for (const app::ProgressReport::Score& score : report.other_scores) {
    others.push_back({{"instrument", std::string(instrument::InstrumentName(score.instrument))},
                      {"score", OptionalNumber(score.score)},
                      {"taken_at", FormatInstant(score.taken_at)}});
  }
  Json function_changes = Json::array();
  for (const app::ProgressReport::FunctionChange& change : report.function_changes) {
    function_changes.push_back(
        {{"instrument", std::string(instrument::InstrumentName(change.instrument))},
         {"baseline", change.baseline},
         {"latest", change.latest},
         {"points_change", change.points_change},
         {"percent_change", OptionalNumber(change.percent_change)},
         {"class", change.responder_class},
         {"worse", change.worse}});
    if (for_patient) {
      function_changes.back().erase("class");
      function_changes.back()["summary"] = change.summary;
    }
  }
  Json out = {{"patient_id", report.patient_id.value()},
              {"course_id", OptionalId(report.course_id)},
              {"baseline_nprs", OptionalNumber(report.baseline_nprs)},
              {"points", std::move(points)},
              {"status", report.status},
              {"dose", report.dose ? Json{{"attended", report.dose->attended},
                                          {"planned_to_date", report.dose->planned_to_date}}
                                   : Json(nullptr)},
              {"other_scores", std::move(others)},
              {"function_changes", std::move(function_changes)}};
  if (for_patient) {
    out.erase("status");
    out["summary"] = report.summary;
  }
  return out;
}

Json AlertJson(const clinic::Alert& alert) {
  return {{"id", alert.id.value()},
          {"patient_id", OptionalId(alert.patient_id)},
          {"kind", alert.kind},
          {"severity", std::string(clinic::AlertSeverityName(alert.severity))},
          {"record_type", alert.record_type},
          {"record_id", alert.record_id},
          {"detail", alert.detail},
          {"created_at", FormatInstant(alert.created_at)},
          {"acknowledged_at", OptionalInstant(alert.acknowledged_at)},
          {"acknowledged_by", OptionalId(alert.acknowledged_by)}};
}

Json ClosureJson(const clinic::ClinicClosure& closure) {
  return {{"id", closure.id.value()},
          {"first_day", clinic::FormatDate(closure.first_day)},
          {"last_day", clinic::FormatDate(closure.last_day)},
          {"reason", closure.reason},
          {"created_by", OptionalId(closure.created_by)},
          {"created_at", FormatInstant(closure.created_at)}};
}

}  // namespace backcare::http::api
