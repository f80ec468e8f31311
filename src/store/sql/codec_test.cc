#include "store/sql/codec.h"

#include <gtest/gtest.h>

namespace backcare::store::sql {
namespace {

TEST(CodecTest, AnswersKeepMissingItemsDistinctFromNoItems) {
  const std::vector<std::optional<int>> answers = {3, std::nullopt, 0};
  EXPECT_EQ(EncodeAnswers(answers), "3,-,0");
  EXPECT_EQ(DecodeAnswers("3,-,0").value(), answers);
  EXPECT_EQ(EncodeAnswers({std::nullopt}), "-");
  EXPECT_EQ(DecodeAnswers("").value(), std::vector<std::optional<int>>{});
}

TEST(CodecTest, FreeTextSurvivesEscaping) {
  const std::vector<session::AdverseEvent> events = {
      {session::AdverseEventKind::kNewNumbness, session::Severity::kSevere, "a\tb\nc\\d\re"},
      {session::AdverseEventKind::kOther, session::Severity::kMild, ""}};
  EXPECT_EQ(DecodeAdverseEvents(EncodeAdverseEvents(events)).value(), events);
  const std::vector<session::StripPass> passes = {
      {"erector_spinae", session::Side::kLeft, "sacrum_to_neck", 4}};
  EXPECT_EQ(EncodeStripPasses(passes), "erector_spinae\tleft\tsacrum_to_neck\t4");
  EXPECT_EQ(DecodeStripPasses(EncodeStripPasses(passes)).value(), passes);
}

TEST(CodecTest, EscapingAppendsAndTouchesOnlyBackslashTabNewlineAndCarriageReturn) {
  std::string out = "kept\t";
  AppendEscaped(out, "a\tb\nc\\d\re\b\f\v\x01 \u00eb\\N");
  EXPECT_EQ(out, "kept\ta\\tb\\nc\\\\d\\re\b\f\v\x01 \u00eb\\\\N");
  EXPECT_EQ(Escape("a\tb\nc\\d\re\b\f\v\x01 \u00eb\\N"), out.substr(5));
  EXPECT_EQ(Unescape(Escape("x\t\\N\r\n")).value(), "x\t\\N\r\n");
}

TEST(CodecTest, MalformedListsAreDataCorruptionNamingTheColumn) {
  struct Case {
    Status status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {Status(DecodeAnswers("3,x").error()),
       "questionnaire_responses.answers: item 2: expected an integer or '-'"},
      {Status(DecodeStripPasses("a\tleft\tup").error()),
       "session_notes.strip_passes: record 1: expected 4 fields, got 3"},
      {Status(DecodeTriggerPoints("ql\tleft\t60\nql\tsideways\t60").error()),
       "session_notes.trigger_points: record 2: unknown side"},
      {Status(DecodeReleaseAreas("fascia\tlong").error()),
       "session_notes.release_areas: record 1: expected an integer"},
      {Status(DecodeAdverseEvents("soreness\tmild\tbad \\q escape").error()),
       "session_notes.adverse_events: record 1: bad escape"},
  };
  for (const Case& c : cases) {
    ASSERT_FALSE(c.status.has_value());
    EXPECT_EQ(c.status.error().code, ErrorCode::kDataCorruption);
    EXPECT_EQ(c.status.error().message, c.message);
  }
}

}  // namespace
}  // namespace backcare::store::sql
