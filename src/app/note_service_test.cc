#include "app/note_service.h"

#include <gtest/gtest.h>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

NoteContent TypicalContent() {
  NoteContent content;
  content.soap.subjective = "synthetic";
  content.soap.assessment = "synthetic";
  content.techniques.strip_passes.push_back(
      {"erector_spinae", session::Side::kBilateral, "sacrum_to_neck", 4});
  content.techniques.trigger_points.push_back({"quadratus_lumborum", session::Side::kLeft, 75});
  content.techniques.release_areas.push_back({"thoracolumbar_fascia", 10});
  content.nprs_before = 7;
  content.nprs_after = 5;
  return content;
}

struct NoteFixture {
  TestClinic t;
  SessionId session;
  explicit NoteFixture(const std::vector<std::string>& conditions = {}) {
    t.ScreenClear(t.patient_1, 8, conditions);
    auto started = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
    BACKCARE_CHECK(started.has_value());
    session = started->sessions.front();
  }
};

TEST(NoteServiceTest, ASaveFromAnOutdatedVersionIsAConflictAndWritesNothing) {
  NoteFixture f;
  TestClinic& t = f.t;
  ASSERT_OK_AND_ASSIGN(NoteId id, t.notes.DraftNote(t.therapist, f.session, TypicalContent()));
  ASSERT_OK_AND_ASSIGN(NoteDetail loaded, t.notes.GetNote(t.therapist, id));
  const clinic::Timestamp version = loaded.note.updated_at;

  // Window 1 saves from the version it loaded; window 2, still on that version, is refused.
  t.clock.Advance(std::chrono::seconds{5});
  NoteContent first = TypicalContent();
  first.soap.plan = "window one";
  ASSERT_OK_AND_ASSIGN(clinic::Timestamp saved,
                       t.notes.UpdateDraft(t.therapist, id, first, version));
  EXPECT_GT(saved, version);
  NoteContent second = TypicalContent();
  second.soap.plan = "window two";
  ASSERT_ERROR_AND_ASSIGN(Error conflict, t.notes.UpdateDraft(t.therapist, id, second, version),
                          ErrorCode::kConflict);
  EXPECT_NE(conflict.message.find("was changed at"), std::string::npos) << conflict.message;
  ASSERT_OK_AND_ASSIGN(NoteDetail after, t.notes.GetNote(t.therapist, id));
  EXPECT_EQ(after.note.soap.plan, "window one");
  // From the new version it saves; without a version it replaces whatever is there.
  EXPECT_OK(t.notes.UpdateDraft(t.therapist, id, second, saved));
  EXPECT_OK(t.notes.UpdateDraft(t.therapist, id, first));
}

TEST(NoteServiceTest, SchedulesShowStaffWhereEachNoteStands) {
  NoteFixture f;
  TestClinic& t = f.t;
  auto plan_of = [&](const RequestContext& as) {
    auto plan = t.schedule.PatientPlan(as, t.patient_1);
    BACKCARE_CHECK(plan.has_value());
    return *plan;
  };
  auto state_of = [&](const std::vector<ScheduleEntry>& plan) {
    for (const ScheduleEntry& entry : plan) {
      if (entry.session_id == f.session) return entry.note;
    }
    return std::optional<NoteState>();
  };
  EXPECT_EQ(state_of(plan_of(t.front_desk)), NoteState::kNone);
  ASSERT_OK_AND_ASSIGN(NoteId id, t.notes.DraftNote(t.therapist, f.session, TypicalContent()));
  EXPECT_EQ(state_of(plan_of(t.therapist)), NoteState::kDraft);
  ASSERT_OK(t.schedule.MarkAttended(t.front_desk, f.session));
  ASSERT_OK(t.notes.SignNote(t.therapist, id));
  EXPECT_EQ(state_of(plan_of(t.front_desk)), NoteState::kSigned);
  EXPECT_EQ(state_of(plan_of(t.patient)), std::nullopt);  // a patient is not shown note states
  auto day = t.schedule.ScheduleView(t.front_desk, testing::At(2024, 3, 4, 0),
                                     testing::At(2024, 3, 30, 0), std::nullopt);
  ASSERT_OK(day);
  ASSERT_FALSE(day->empty());
  EXPECT_EQ(day->front().session_id, f.session);
  EXPECT_EQ(day->front().note, NoteState::kSigned);
  EXPECT_EQ(day->back().note, NoteState::kNone);
}

TEST(NoteServiceTest, DraftSignAddendAndSignedNotesAreImmutable) {
  NoteFixture f;
  TestClinic& t = f.t;
  auto id = t.notes.DraftNote(t.therapist, f.session, TypicalContent());
  ASSERT_OK(id);
  NoteContent edited = TypicalContent();
  edited.nprs_after = 4;
  ASSERT_TRUE(t.notes.UpdateDraft(t.therapist, *id, edited));

  ASSERT_ERROR_AND_ASSIGN(Error early, t.notes.SignNote(t.therapist, *id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.message, "session " + std::to_string(f.session.value()) +
                               " is booked; only a note of an attended session can be "
                               "signed");
  ASSERT_ERROR(t.notes.AddAddendum(t.therapist, *id, "late entry"), ErrorCode::kFailedPrecondition);

  ASSERT_TRUE(t.schedule.MarkAttended(t.front_desk, f.session));
  ASSERT_TRUE(t.notes.SignNote(t.therapist, *id));

  const std::string signed_message = "session note " + std::to_string(id->value()) + " is signed";
  ASSERT_ERROR_AND_ASSIGN(Error update, t.notes.UpdateDraft(t.therapist, *id, TypicalContent()),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(update.message, signed_message);
  ASSERT_ERROR_AND_ASSIGN(Error resign, t.notes.SignNote(t.therapist2, *id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(resign.message, signed_message);

  ASSERT_TRUE(t.notes.AddAddendum(t.therapist, *id, "patient called: soreness settled"));
  auto detail = t.notes.GetNote(t.admin, *id);
  ASSERT_TRUE(detail);
  const session::SessionNote* note = &detail->note;
  EXPECT_EQ(note->status, session::NoteStatus::kSigned);
  EXPECT_EQ(note->nprs_after, 4);
  EXPECT_EQ(note->signed_by, t.therapist.actor.user_id);
  ASSERT_EQ(note->addenda.size(), 1u);
  EXPECT_EQ(note->techniques.trigger_points.front().hold_seconds, 75);
}

TEST(NoteServiceTest, RefusesATechniqueTheScreeningDisables) {
  NoteFixture f({"osteoporosis"});
  TestClinic& t = f.t;
  ASSERT_ERROR_AND_ASSIGN(Error refused,
                          t.notes.DraftNote(t.therapist, f.session, TypicalContent()),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.message,
            "technique 'muscle_stripping' is disabled for this patient (screening condition "
            "'osteoporosis')");
  NoteContent gentle;
  gentle.techniques.release_areas.push_back({"thoracolumbar_fascia", 15});
  EXPECT_TRUE(t.notes.DraftNote(t.therapist, f.session, gentle));
}

TEST(NoteServiceTest, InvalidNotesNameEveryField) {
  NoteFixture f;
  TestClinic& t = f.t;
  NoteContent bad = TypicalContent();
  bad.techniques.trigger_points.front().hold_seconds = 0;
  bad.nprs_before = 11;
  ASSERT_ERROR_AND_ASSIGN(Error result, t.notes.DraftNote(t.therapist, f.session, bad),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(result.fields.size(), 2u);
  EXPECT_EQ(result.fields[0].path, "nprs_before");
  EXPECT_EQ(result.fields[0].message, "expected 0..10, got 11");
  EXPECT_EQ(result.fields[1].path, "techniques.trigger_points[0].hold_seconds");
  EXPECT_EQ(result.fields[1].message, "expected 1..600, got 0");
}

TEST(NoteServiceTest, SigningRefusesANoteWithoutAssessmentOrTechniquesAndWritesNothing) {
  NoteFixture f;
  TestClinic& t = f.t;
  NoteContent content;
  content.soap.subjective = "synthetic";
  auto id = t.notes.DraftNote(t.therapist, f.session, content);
  ASSERT_OK(id);
  ASSERT_TRUE(t.schedule.MarkAttended(t.front_desk, f.session));
  ASSERT_ERROR_AND_ASSIGN(Error refused, t.notes.SignNote(t.therapist, *id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.message,
            "session note " + std::to_string(id->value()) +
                " cannot be signed: missing soap.assessment, techniques (at least one strip "
                "pass, trigger-point hold or release area, or "
                "techniques.no_hands_on_reason)");
  ASSERT_OK_AND_ASSIGN(NoteDetail still_detail, t.notes.GetNote(t.therapist, *id));
  const session::SessionNote& still = still_detail.note;
  EXPECT_EQ(still.status, session::NoteStatus::kDraft);
  EXPECT_FALSE(still.signed_by.has_value());

  ASSERT_TRUE(t.notes.UpdateDraft(t.therapist, *id, TypicalContent()));
  EXPECT_OK(t.notes.SignNote(t.therapist, *id));
}

TEST(NoteServiceTest, SigningANoteWithAnAdverseEventRaisesAnAlert) {
  NoteFixture f;
  TestClinic& t = f.t;
  NoteContent content = TypicalContent();
  content.adverse_events.push_back(
      {session::AdverseEventKind::kRadiatingPain, session::Severity::kMild, ""});
  auto id = t.notes.DraftNote(t.therapist, f.session, content);
  ASSERT_TRUE(id);
  ASSERT_TRUE(t.schedule.MarkAttended(t.front_desk, f.session));
  ASSERT_TRUE(t.notes.SignNote(t.therapist, *id));
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kUnacknowledged);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().kind, "adverse_event");
  EXPECT_EQ(alerts->front().severity, clinic::AlertSeverity::kCritical);
  EXPECT_EQ(alerts->front().record_type, "session_note");
  EXPECT_EQ(alerts->front().record_id, id->value());

  ASSERT_TRUE(t.alerts.Acknowledge(t.therapist, alerts->front().id));
  ASSERT_ERROR(t.alerts.Acknowledge(t.therapist, alerts->front().id),
               ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kUnacknowledged)->empty());
}

TEST(NoteServiceTest, CancelledSessionsTakeNoNote) {
  NoteFixture f;
  TestClinic& t = f.t;
  // Cancelled a minute before its start; the note is tried at the hour it would have begun.
  const clinic::Session session =
      t.store->BeginReadOnly().value()->GetSession(t.clinic_id, f.session).value();
  t.clock.Set(session.start - std::chrono::minutes{1});
  ASSERT_OK(t.schedule.Cancel(t.front_desk, f.session));
  t.clock.Set(session.start);
  ASSERT_ERROR_AND_ASSIGN(Error result, t.notes.DraftNote(t.therapist, f.session, TypicalContent()),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(result.message,
            "session " + std::to_string(f.session.value()) + " is cancelled; it takes no note");
}

}  // namespace
}  // namespace backcare::app

namespace backcare::app {
namespace {

// Issue 20: each of these was accepted silently before the technique log was checked.
TEST(NoteServiceTest, TheTechniqueLogIsCheckedAgainstTheProtocol) {
  NoteFixture f;
  TestClinic& t = f.t;
  NoteContent content = TypicalContent();
  content.techniques.trigger_points = {{"quadratus_lumborum", session::Side::kLeft, 45},
                                       {"quadratus_lumborum", session::Side::kRight, 120}};
  content.techniques.strip_passes[0].direction = "neck_to_sacrum";
  ASSERT_ERROR_AND_ASSIGN(Error error, t.notes.DraftNote(t.therapist, f.session, content),
                          ErrorCode::kFailedPrecondition);
  EXPECT_NE(error.message.find("trigger_points[0]: quadratus_lumborum held 45 s; the protocol "
                               "holds 60-90 s"),
            std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("trigger_points[1]: quadratus_lumborum held 120 s"),
            std::string::npos);
  EXPECT_NE(error.message.find("strip_passes[0]: erector_spinae stripped neck_to_sacrum; the "
                               "protocol strips sacrum_to_neck"),
            std::string::npos);
  EXPECT_TRUE(t.notes.ListNotes(t.therapist, t.patient_1)->empty()) << "a refused note was kept";

  // Confirmed with a reason, the log is kept as entered, reason and all.
  content.techniques.deviation_reason = "patient asked to stop early; stripping eased spasm";
  ASSERT_OK_AND_ASSIGN(NoteId id, t.notes.DraftNote(t.therapist, f.session, content));
  ASSERT_OK_AND_ASSIGN(NoteDetail stored, t.notes.GetNote(t.therapist, id));
  EXPECT_EQ(stored.note.techniques.trigger_points[0].hold_seconds, 45);
  EXPECT_EQ(stored.note.techniques.deviation_reason,
            "patient asked to stop early; stripping eased spasm");
  // The read names each departure and the parameters it departs from.
  ASSERT_EQ(stored.deviations.size(), 3u);
  EXPECT_EQ(stored.deviations[1].path, "trigger_points[0]");
  EXPECT_EQ(stored.protocol_id, t.protocol.id);
  ASSERT_FALSE(stored.techniques.empty());
}

TEST(NoteServiceTest, TheSciaticNotchIsRefusedForAPatientWithRadiatingPain) {
  NoteFixture f({"radiating_leg_pain"});
  TestClinic& t = f.t;
  NoteContent content = TypicalContent();
  content.techniques.trigger_points.push_back({"sciatic_notch", session::Side::kLeft, 75});
  content.techniques.deviation_reason = "a reason does not lift a restriction";
  ASSERT_ERROR_AND_ASSIGN(Error error, t.notes.DraftNote(t.therapist, f.session, content),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "trigger_points[1]: trigger_point on 'sciatic_notch' is restricted for this patient "
            "(screening condition 'radiating_leg_pain': no sciatic notch)");
}

TEST(NoteServiceTest, DeepPressureIsRefusedWhereTheScreeningAllowsLightOnly) {
  NoteFixture f({"anticoagulants"});
  TestClinic& t = f.t;
  NoteContent content;
  content.soap.subjective = "synthetic";
  content.soap.assessment = "synthetic";
  content.techniques.release_areas.push_back({"thoracolumbar_fascia", 10});
  content.techniques.pressure = session::Pressure::kDeep;
  ASSERT_ERROR_AND_ASSIGN(Error error, t.notes.DraftNote(t.therapist, f.session, content),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "pressure: 'deep' is firmer than 'light', the most myofascial_release may use for this "
            "patient (screening condition 'anticoagulants': light pressure only)");
  content.techniques.pressure = session::Pressure::kLight;
  EXPECT_OK(t.notes.DraftNote(t.therapist, f.session, content));
}

}  // namespace
}  // namespace backcare::app
