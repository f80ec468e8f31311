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
  auto note = t.notes.GetNote(t.admin, *id);
  ASSERT_TRUE(note);
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
  ASSERT_OK_AND_ASSIGN(session::SessionNote still, t.notes.GetNote(t.therapist, *id));
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
