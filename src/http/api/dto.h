// DTO mapping: use-case and domain structs to their JSON form (the shapes in docs/openapi.yaml),
// and request bodies to use-case structs. Field names follow docs/glossary.md; ids are integers,
// dates "YYYY-MM-DD", instants "YYYY-MM-DDTHH:MM:SSZ" (UTC). Readers record every field error in
// the ObjectReader's list and return what they could read; the caller checks the list.
// Included only by src/http/api .cc files (it pulls in nlohmann/json).
#ifndef BACKCARE_HTTP_API_DTO_H_
#define BACKCARE_HTTP_API_DTO_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "app/access_log_service.h"
#include "app/account_service.h"
#include "app/actor.h"
#include "app/home_program_service.h"
#include "app/note_service.h"
#include "app/patient_service.h"
#include "app/portal_service.h"
#include "app/progress_service.h"
#include "app/questionnaire_service.h"
#include "app/schedule_service.h"
#include "core/base/enum_names.h"
#include "core/clinic/alert.h"
#include "core/clinic/clinic.h"
#include "core/clinic/closure.h"
#include "core/clinic/course.h"
#include "core/clinic/push.h"
#include "core/clinic/reminders.h"
#include "core/clinic/screening_result.h"
#include "core/clinic/therapist.h"
#include "core/screening/precautions.h"
#include "core/session/session_note.h"
#include "http/api/json_io.h"

namespace backcare::http::api {

using Json = nlohmann::json;

// null for nullopt, else the id's value.
template <typename Id>
Json OptionalId(const std::optional<Id>& id) {
  return id ? Json(id->value()) : Json(nullptr);
}

// Adherence entries' "completion" values (written by HomeProgramJson, read by ReadLogAdherence).
inline constexpr EnumNames<clinic::Completion, 2> kCompletionNames = {{
    {clinic::Completion::kDone, "done"},
    {clinic::Completion::kNotDone, "not_done"},
}};

// Clinical precautions (clinical_json.cc). Restrictions: [{technique_id, action, condition,
// note}]; areas to avoid: [{condition, area}] (area null when none was given); precautions:
// {restrictions, areas_to_avoid}.
Json RestrictionsJson(const std::vector<screening::TechniqueRestriction>& restrictions);
Json AreasToAvoidJson(const std::vector<screening::AreaToAvoid>& areas);
Json PrecautionsJson(const screening::Precautions& precautions);

Json ActorJson(const app::Actor& actor);
Json UserViewJson(const app::UserView& user);
// {"user_id", "token", "path": "/set-password#token=...", "expires_at"}.
Json IssuedLinkJson(const app::IssuedLink& link);
// {"user_id", "email", "display_name", "purpose", "expires_at"}.
Json AccessLinkViewJson(const app::AccessLinkView& view);
Json ClinicJson(const clinic::Clinic& clinic);
Json TherapistJson(const clinic::Therapist& therapist);
Json PatientViewJson(const app::PatientView& view);
Json ScoredResponseJson(const app::ScoredResponse& response);
Json IntakeResultJson(const app::IntakeResult& result);
Json CourseJson(const clinic::Course& course);
Json DischargeSummaryJson(const app::DischargeSummary& summary);
Json ScreeningJson(const clinic::ScreeningResult& screening);
Json ReferralOutcomeResultJson(const app::ReferralOutcomeResult& result);
Json StartedCourseJson(const app::StartedCourse& started);
// {"added": [id], "moved": [id], "cancelled": [id], "unplaced": [...]} after a cancel or a miss.
Json ReplanJson(const app::Replan& replan);
Json ScheduleEntryJson(const app::ScheduleEntry& entry);
Json CourseViewJson(const app::CourseView& view);
Json TherapistAvailabilityJson(const app::TherapistAvailability& availability);
Json NoteJson(const session::SessionNote& note);
// A single note as read by a clinician: NoteJson plus "protocol" (id, version and each
// technique's parameters), "restrictions" and "areas_to_avoid" in force and the note's "deviations"
// from the protocol.
Json NoteDetailJson(const app::NoteDetail& detail);
Json HomeProgramJson(const app::HomeProgramView& view);
// {"appointment_email": bool, "nudge_email": bool, "appointment_push": bool, "nudge_push": bool,
//  "nudge_time": "HH:MM"}: each kind by email and by Web Push (to every push subscription).
Json RemindersJson(const clinic::PatientReminders& reminders);
// {"id", "endpoint", "created_at"}: never the keys (they are the browser's, the server has no
// use for showing them).
Json PushSubscriptionJson(const clinic::PushSubscription& subscription);
// {"today", "clinic": {name, time_zone, patient_cancel_notice_hours,
//  exercise_pain_alert_threshold}, "check_in": {"due": null | {checkpoint_id, instruments, since},
//  "weekly": {"instrument": "nprs", "last_taken_at": instant | null, "due"}}}.
Json PortalJson(const app::PortalSummary& summary);
Json ProgressJson(const app::ProgressReport& report);
// {"entries": [{"id", "at", "role", "name", "action", "kind", "record"}], "next": "<id>" | null}
Json AccessLogJson(const app::AccessLogPage& page);
Json AlertJson(const clinic::Alert& alert);
// {id, first_day, last_day, reason, created_by, created_at}.
Json ClosureJson(const clinic::ClinicClosure& closure);

app::NewUser ReadNewUser(ObjectReader& reader);
app::NewInvitation ReadNewInvitation(ObjectReader& reader);
app::NewPatient ReadNewPatient(ObjectReader& reader);
app::ContactUpdate ReadContactUpdate(ObjectReader& reader);
app::QuestionnaireAnswers ReadQuestionnaire(ObjectReader& reader);
app::IntakeRequest ReadIntake(ObjectReader& reader, PatientId patient_id);
app::ReferralOutcomeRequest ReadReferralOutcome(ObjectReader& reader, PatientId patient_id);
app::StartCourseRequest ReadStartCourse(ObjectReader& reader, PatientId patient_id);
app::BookRequest ReadBook(ObjectReader& reader);
app::RescheduleRequest ReadReschedule(ObjectReader& reader, SessionId session_id);
app::NoteContent ReadNoteContent(ObjectReader& reader);
app::AssignHomeProgram ReadAssignHomeProgram(ObjectReader& reader, PatientId patient_id);
app::LogAdherence ReadLogAdherence(ObjectReader& reader, PatientId patient_id);

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_DTO_H_
