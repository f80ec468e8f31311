#include "core/session/session_note.h"

#include <gtest/gtest.h>

#include <limits>
#include <tuple>

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

TEST(ObjectiveMeasuresTest, ANewNoteHasNoMeasuresAndValidates) {
  const SessionNote note;
  EXPECT_FALSE(note.measures.standing_tolerance_minutes.has_value());
  EXPECT_FALSE(note.measures.schober_cm.has_value());
  EXPECT_FALSE(note.measures.fingertip_to_floor_cm.has_value());
  EXPECT_OK(ValidateSessionNote(note));
}

TEST(ObjectiveMeasuresTest, TheBoundariesOfEachRangeAreAccepted) {
  for (const auto& [minutes, schober, fingertip] :
       {std::tuple{0, 0.0, -30.0}, std::tuple{480, 15.0, 80.0}, std::tuple{35, 4.5, 0.0},
        std::tuple{1, 0.1, -29.9}, std::tuple{479, 14.9, 79.9}}) {
    SessionNote note = SignableNote();
    note.measures = {minutes, schober, fingertip};
    EXPECT_OK(ValidateSessionNote(note)) << minutes << " " << schober << " " << fingertip;
  }
}

TEST(ObjectiveMeasuresTest, JustOutsideEachRangeIsRefusedByFieldPath) {
  SessionNote below = SignableNote();
  below.measures = {-1, -0.1, -30.1};
  ASSERT_ERROR_AND_ASSIGN(Error low, ValidateSessionNote(below), ErrorCode::kInvalidInput);
  ASSERT_EQ(low.fields.size(), 3u);
  EXPECT_EQ(low.fields[0].path, "objective_measures.standing_tolerance_minutes");
  EXPECT_EQ(low.fields[0].message, "expected 0..480, got -1");
  EXPECT_EQ(low.fields[1].path, "objective_measures.schober_cm");
  EXPECT_EQ(low.fields[1].message, "expected 0.0..15.0 cm with at most one decimal, got -0.1");
  EXPECT_EQ(low.fields[2].path, "objective_measures.fingertip_to_floor_cm");
  EXPECT_EQ(low.fields[2].message, "expected -30.0..80.0 cm with at most one decimal, got -30.1");

  SessionNote above = SignableNote();
  above.measures = {481, 15.1, 80.1};
  ASSERT_ERROR_AND_ASSIGN(Error high, ValidateSessionNote(above), ErrorCode::kInvalidInput);
  ASSERT_EQ(high.fields.size(), 3u);
  EXPECT_EQ(high.fields[0].message, "expected 0..480, got 481");
  EXPECT_EQ(high.fields[1].message, "expected 0.0..15.0 cm with at most one decimal, got 15.1");
  EXPECT_EQ(high.fields[2].message, "expected -30.0..80.0 cm with at most one decimal, got 80.1");
}

TEST(ObjectiveMeasuresTest, MoreThanOneDecimalOrANonFiniteLengthIsRefused) {
  SessionNote note = SignableNote();
  note.measures.schober_cm = 4.25;
  note.measures.fingertip_to_floor_cm = std::numeric_limits<double>::quiet_NaN();
  ASSERT_ERROR_AND_ASSIGN(Error error, ValidateSessionNote(note), ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 2u);
  EXPECT_EQ(error.fields[0].path, "objective_measures.schober_cm");
  EXPECT_EQ(error.fields[0].message, "expected 0.0..15.0 cm with at most one decimal, got 4.25");
  EXPECT_EQ(error.fields[1].path, "objective_measures.fingertip_to_floor_cm");
  note.measures.fingertip_to_floor_cm = std::numeric_limits<double>::infinity();
  ASSERT_ERROR_AND_ASSIGN(Error infinite, ValidateSessionNote(note), ErrorCode::kInvalidInput);
  ASSERT_EQ(infinite.fields.size(), 2u);
  EXPECT_EQ(infinite.fields[1].path, "objective_measures.fingertip_to_floor_cm");
}

TEST(ObjectiveMeasuresTest, EachMeasureIsOptionalOnItsOwn) {
  SessionNote note = SignableNote();
  note.measures.schober_cm = 5.2;
  EXPECT_OK(ValidateSessionNote(note));
  note.measures = {};
  note.measures.standing_tolerance_minutes = 20;
  EXPECT_OK(ValidateSessionNote(note));
  note.measures = {};
  note.measures.fingertip_to_floor_cm = 12.5;
  EXPECT_OK(ValidateSessionNote(note));
}

}  // namespace
}  // namespace backcare::session
