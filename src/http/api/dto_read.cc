// Request bodies to use-case structs (the readers declared in dto.h).
#include "http/api/dto.h"

#include <chrono>
#include <string>
#include <utility>

#include "core/base/enum_names.h"
#include "core/plan/calendar_types.h"

namespace backcare::http::api {
namespace {

using Presence = ObjectReader::Presence;
constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

template <typename Id>
std::optional<Id> ReadId(ObjectReader& reader, std::string_view key, Presence presence) {
  std::optional<std::int64_t> value = reader.Integer(key, presence, 1);
  if (!value) return std::nullopt;
  return Id(*value);
}

// A back-entered past session took place or was missed; it is never booked.
constexpr EnumNames<clinic::SessionStatus, 2> kPastSessionStatusNames = {{
    {clinic::SessionStatus::kAttended, "attended"},
    {clinic::SessionStatus::kMissed, "missed"},
}};
constexpr EnumNames<std::chrono::weekday, 7> kWeekdayNames = {{
    {std::chrono::Monday, "mon"},
    {std::chrono::Tuesday, "tue"},
    {std::chrono::Wednesday, "wed"},
    {std::chrono::Thursday, "thu"},
    {std::chrono::Friday, "fri"},
    {std::chrono::Saturday, "sat"},
    {std::chrono::Sunday, "sun"},
}};

// "HH:MM" -> minutes after midnight (00:00 .. 24:00).
std::optional<std::chrono::minutes> ReadClockTime(ObjectReader& reader, std::string_view key) {
  std::optional<std::string> text = reader.String(key, kRequired, 5);
  if (!text) return std::nullopt;
  if (text->size() == 5 && (*text)[2] == ':') {
    auto digit = [&](std::size_t i) { return (*text)[i] >= '0' && (*text)[i] <= '9'; };
    if (digit(0) && digit(1) && digit(3) && digit(4)) {
      int hours = ((*text)[0] - '0') * 10 + ((*text)[1] - '0');
      int minutes = ((*text)[3] - '0') * 10 + ((*text)[4] - '0');
      if (minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0))) {
        return std::chrono::minutes(hours * 60 + minutes);
      }
    }
  }
  reader.AddError(key, "expected a clock time HH:MM");
  return std::nullopt;
}

}  // namespace

app::NewUser ReadNewUser(ObjectReader& reader) {
  app::NewUser user;
  user.email = reader.String("email", kRequired, 320).value_or("");
  user.display_name = reader.String("display_name", kOptional, 200).value_or("");
  user.role = reader.OneOf<clinic::Role>("role", kRequired, clinic::kRoleNames).value_or(user.role);
  user.password = reader.Secret("password", kRequired, 1024).value_or("");
  user.therapist_id = ReadId<TherapistId>(reader, "therapist_id", kOptional);
  user.patient_id = ReadId<PatientId>(reader, "patient_id", kOptional);
  return user;
}

app::NewInvitation ReadNewInvitation(ObjectReader& reader) {
  app::NewInvitation invitation;
  invitation.email = reader.String("email", kRequired, 320).value_or("");
  invitation.display_name = reader.String("display_name", kOptional, 200).value_or("");
  invitation.role =
      reader.OneOf<clinic::Role>("role", kRequired, clinic::kRoleNames).value_or(invitation.role);
  invitation.therapist_id = ReadId<TherapistId>(reader, "therapist_id", kOptional);
  invitation.patient_id = ReadId<PatientId>(reader, "patient_id", kOptional);
  return invitation;
}

app::NewPatient ReadNewPatient(ObjectReader& reader) {
  app::NewPatient patient;
  patient.given_name = reader.String("given_name", kOptional, 200).value_or("");
  patient.family_name = reader.String("family_name", kRequired, 200).value_or("");
  if (auto date = reader.Date("date_of_birth", kRequired)) patient.date_of_birth = *date;
  patient.phone = reader.String("phone", kOptional, 50).value_or("");
  patient.email = reader.String("email", kOptional, 320).value_or("");
  return patient;
}

app::ContactUpdate ReadContactUpdate(ObjectReader& reader) {
  app::ContactUpdate update;
  update.given_name = reader.String("given_name", kOptional, 200).value_or("");
  update.family_name = reader.String("family_name", kRequired, 200).value_or("");
  update.phone = reader.String("phone", kOptional, 50).value_or("");
  update.email = reader.String("email", kOptional, 320).value_or("");
  return update;
}

app::QuestionnaireAnswers ReadQuestionnaire(ObjectReader& reader) {
  app::QuestionnaireAnswers answers;
  answers.instrument = reader.String("instrument", kRequired, 50).value_or("");
  answers.answers = reader.OptionalIntArray("answers", kRequired, 0, 1000)
                        .value_or(std::vector<std::optional<int>>{});
  answers.checkpoint_id = reader.String("checkpoint_id", kOptional, 50).value_or("");
  return answers;
}

app::IntakeRequest ReadIntake(ObjectReader& reader, PatientId patient_id) {
  app::IntakeRequest request;
  request.patient_id = patient_id;
  reader.ObjectArray("findings", kOptional, [&](ObjectReader& item, std::size_t) {
    screening::Finding finding;
    finding.condition = item.String("condition", kRequired, 100).value_or("");
    finding.area = item.String("area", kOptional, 100);
    request.findings.push_back(std::move(finding));
  });
  reader.ObjectArray("baseline", kOptional, [&](ObjectReader& item, std::size_t) {
    request.baseline.push_back(ReadQuestionnaire(item));
  });
  reader.ObjectArray("resolved", kOptional, [&](ObjectReader& item, std::size_t) {
    screening::Resolution resolution;
    resolution.condition = item.String("condition", kRequired, 100).value_or("");
    resolution.reason = item.Text("reason", kRequired, screening::kMaxReasonLength).value_or("");
    request.resolved.push_back(std::move(resolution));
  });
  return request;
}

app::ReferralOutcomeRequest ReadReferralOutcome(ObjectReader& reader, PatientId patient_id) {
  app::ReferralOutcomeRequest request;
  request.patient_id = patient_id;
  screening::OutcomeRecord& record = request.record;
  record.outcome =
      reader
          .OneOf<screening::ReferralOutcome>("outcome", kRequired, screening::kReferralOutcomeNames)
          .value_or(record.outcome);
  record.cleared_on = reader.Date("cleared_on", kOptional);
  record.source = reader.String("source", kOptional, screening::kMaxOutcomeTextLength).value_or("");
  record.note = reader.Text("note", kOptional, screening::kMaxOutcomeTextLength).value_or("");
  return request;
}

app::StartCourseRequest ReadStartCourse(ObjectReader& reader, PatientId patient_id) {
  app::StartCourseRequest request;
  request.patient_id = patient_id;
  if (auto date = reader.Date("start_date", kRequired)) request.start_date = *date;
  request.therapist_id = ReadId<TherapistId>(reader, "therapist_id", kOptional);
  reader.ObjectArray("availability", kOptional, [&](ObjectReader& item, std::size_t) {
    plan::WeeklyWindow window;
    window.weekday = item.OneOf<std::chrono::weekday>("weekday", kRequired, kWeekdayNames)
                         .value_or(window.weekday);
    window.start = ReadClockTime(item, "start").value_or(window.start);
    window.end = ReadClockTime(item, "end").value_or(window.end);
    request.availability.push_back(window);
  });
  request.back_entry = reader.Boolean("back_entry", kOptional).value_or(false);
  reader.ObjectArray("past_sessions", kOptional, [&](ObjectReader& item, std::size_t) {
    app::PastSession past;
    if (auto start = item.Instant("start", kRequired)) past.start = *start;
    past.therapist_id =
        ReadId<TherapistId>(item, "therapist_id", kRequired).value_or(TherapistId());
    past.status = item.OneOf<clinic::SessionStatus>("status", kRequired, kPastSessionStatusNames)
                      .value_or(past.status);
    request.past_sessions.push_back(past);
  });
  return request;
}

app::BookRequest ReadBook(ObjectReader& reader) {
  app::BookRequest request;
  request.course_id = ReadId<CourseId>(reader, "course_id", kRequired).value_or(CourseId());
  request.therapist_id =
      ReadId<TherapistId>(reader, "therapist_id", kRequired).value_or(TherapistId());
  if (auto start = reader.Instant("start", kRequired)) request.start = *start;
  request.phase_id = reader.String("phase_id", kOptional, 100).value_or("");
  return request;
}

app::RescheduleRequest ReadReschedule(ObjectReader& reader, SessionId session_id) {
  app::RescheduleRequest request;
  request.session_id = session_id;
  if (auto start = reader.Instant("new_start", kRequired)) request.new_start = *start;
  request.therapist_id = ReadId<TherapistId>(reader, "therapist_id", kOptional);
  return request;
}

app::NoteContent ReadNoteContent(ObjectReader& reader) {
  app::NoteContent content;
  reader.Object("soap", kOptional, [&](ObjectReader& soap) {
    content.soap.subjective = soap.Text("subjective", kOptional).value_or("");
    content.soap.objective = soap.Text("objective", kOptional).value_or("");
    content.soap.assessment = soap.Text("assessment", kOptional).value_or("");
    content.soap.plan = soap.Text("plan", kOptional).value_or("");
  });
  reader.Object("techniques", kOptional, [&](ObjectReader& techniques) {
    session::TechniqueLog& log = content.techniques;
    techniques.ObjectArray("strip_passes", kOptional, [&](ObjectReader& item, std::size_t) {
      session::StripPass pass;
      pass.region = item.String("region", kRequired, 100).value_or("");
      pass.side =
          item.OneOf<session::Side>("side", kRequired, session::kSideNames).value_or(pass.side);
      pass.direction = item.String("direction", kRequired, 100).value_or("");
      pass.passes = static_cast<int>(item.Integer("passes", kRequired, 0, 100000).value_or(1));
      log.strip_passes.push_back(std::move(pass));
    });
    techniques.ObjectArray("trigger_points", kOptional, [&](ObjectReader& item, std::size_t) {
      session::TriggerPointHold hold;
      hold.muscle = item.String("muscle", kRequired, 100).value_or("");
      hold.side =
          item.OneOf<session::Side>("side", kRequired, session::kSideNames).value_or(hold.side);
      hold.hold_seconds =
          static_cast<int>(item.Integer("hold_seconds", kRequired, 0, 100000).value_or(0));
      log.trigger_points.push_back(std::move(hold));
    });
    techniques.ObjectArray("release_areas", kOptional, [&](ObjectReader& item, std::size_t) {
      session::ReleaseArea area;
      area.area = item.String("area", kRequired, 100).value_or("");
      area.minutes = static_cast<int>(item.Integer("minutes", kRequired, 0, 100000).value_or(0));
      log.release_areas.push_back(std::move(area));
    });
    // Absent (or null) = not entered: the note records only what was entered.
    log.pressure =
        techniques.OneOf<session::Pressure>("pressure", kOptional, session::kPressureNames);
    log.tolerance =
        techniques.OneOf<session::Tolerance>("tolerance", kOptional, session::kToleranceNames);
    log.no_hands_on_reason = techniques.Text("no_hands_on_reason", kOptional, 2000).value_or("");
    log.deviation_reason = techniques.Text("deviation_reason", kOptional, 2000).value_or("");
  });
  if (auto before = reader.Integer("nprs_before", kOptional, -1000, 1000)) {
    content.nprs_before = static_cast<int>(*before);
  }
  if (auto after = reader.Integer("nprs_after", kOptional, -1000, 1000)) {
    content.nprs_after = static_cast<int>(*after);
  }
  // Absent (or null) = not measured; the ranges are checked by session::ValidateSessionNote.
  reader.Object("objective_measures", kOptional, [&](ObjectReader& measures) {
    if (auto minutes =
            measures.Integer("standing_tolerance_minutes", kOptional, -1000000, 1000000)) {
      content.measures.standing_tolerance_minutes = static_cast<int>(*minutes);
    }
    content.measures.schober_cm = measures.Number("schober_cm", kOptional);
    content.measures.fingertip_to_floor_cm = measures.Number("fingertip_to_floor_cm", kOptional);
  });
  reader.ObjectArray("adverse_events", kOptional, [&](ObjectReader& item, std::size_t) {
    session::AdverseEvent event;
    event.kind =
        item.OneOf<session::AdverseEventKind>("kind", kRequired, session::kAdverseEventKindNames)
            .value_or(event.kind);
    event.severity = item.OneOf<session::Severity>("severity", kRequired, session::kSeverityNames)
                         .value_or(event.severity);
    event.note = item.Text("note", kOptional).value_or("");
    content.adverse_events.push_back(std::move(event));
  });
  return content;
}

app::AssignHomeProgram ReadAssignHomeProgram(ObjectReader& reader, PatientId patient_id) {
  app::AssignHomeProgram request;
  request.patient_id = patient_id;
  request.course_id = ReadId<CourseId>(reader, "course_id", kRequired).value_or(CourseId());
  request.exercise_ids =
      reader.StringArray("exercise_ids", kOptional).value_or(std::vector<std::string>{});
  if (auto date = reader.Date("start_date", kRequired)) request.start_date = *date;
  return request;
}

app::LogAdherence ReadLogAdherence(ObjectReader& reader, PatientId patient_id) {
  app::LogAdherence entry;
  entry.patient_id = patient_id;
  if (auto date = reader.Date("date", kRequired)) entry.date = *date;
  entry.exercise_id = reader.String("exercise_id", kRequired, 100).value_or("");
  entry.completion = reader.OneOf<clinic::Completion>("completion", kRequired, kCompletionNames)
                         .value_or(entry.completion);
  entry.note = reader.Text("note", kOptional, 2000).value_or("");
  // Any value that is not a whole number becomes -1, which the use case refuses like any rating
  // outside 0..10: 422 on "pain_rating", "expected a whole number from 0 to 10".
  entry.pain_rating = reader.UncheckedInt("pain_rating", -1);
  return entry;
}

}  // namespace backcare::http::api
