#include "core/session/session_note.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::session {
namespace {

SessionNote SignableNote() {
  SessionNote note;
  note.id = NoteId(12);
  note.soap.subjective = "synthetic";
  note.soap.assessment = "synthetic";
  note.techniques.trigger_points.push_back({"quadratus_lumborum", Side::kLeft, 75});
  return note;
}

TEST(CheckSignableTest, ANoteWithSubjectiveAssessmentAndATechniqueIsSignable) {
  EXPECT_OK(CheckSignable(SignableNote()));
  SessionNote strip_only = SignableNote();
  strip_only.techniques.trigger_points.clear();
  strip_only.techniques.strip_passes.push_back(
      {"erector_spinae", Side::kBilateral, "sacrum_to_neck", 4});
  EXPECT_OK(CheckSignable(strip_only));
  SessionNote release_only = SignableNote();
  release_only.techniques.trigger_points.clear();
  release_only.techniques.release_areas.push_back({"thoracolumbar_fascia", 10});
  EXPECT_OK(CheckSignable(release_only));
}

TEST(CheckSignableTest, AnEmptyNoteNamesEveryMissingField) {
  SessionNote note;
  note.id = NoteId(12);
  ASSERT_ERROR_AND_ASSIGN(Error error, CheckSignable(note), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "session note 12 cannot be signed: missing soap.subjective, soap.assessment, "
            "techniques (at least one strip pass, trigger-point hold or release area, or "
            "techniques.no_hands_on_reason)");
}

TEST(CheckSignableTest, AStatedNoHandsOnReasonStandsInForTechniqueEntries) {
  SessionNote note = SignableNote();
  note.techniques.trigger_points.clear();
  note.techniques.no_hands_on_reason = "deferred";
  EXPECT_OK(CheckSignable(note));
  EXPECT_OK(ValidateSessionNote(note));
  note.techniques.trigger_points.push_back({"quadratus_lumborum", Side::kLeft, 75});
  ASSERT_ERROR_AND_ASSIGN(Error both, ValidateSessionNote(note), ErrorCode::kInvalidInput);
  ASSERT_EQ(both.fields.size(), 1u);
  EXPECT_EQ(both.fields[0].path, "techniques.no_hands_on_reason");
}

TEST(SessionNoteTest, ANewNoteHasNoPressureOrToleranceUntilEntered) {
  const SessionNote note;
  EXPECT_FALSE(note.techniques.pressure.has_value());
  EXPECT_FALSE(note.techniques.tolerance.has_value());
}

TEST(CheckSignableTest, AMissingAssessmentAloneIsNamed) {
  SessionNote note = SignableNote();
  note.soap.assessment.clear();
  ASSERT_ERROR_AND_ASSIGN(Error error, CheckSignable(note), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message, "session note 12 cannot be signed: missing soap.assessment");
}

}  // namespace
}  // namespace backcare::session
