#include "store/sql/codec.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::store::sql {
namespace {

TEST(CodecTest, AnswersKeepMissingItemsDistinctFromNoItems) {
  const std::vector<std::optional<int>> answers = {3, std::nullopt, 0};
  EXPECT_EQ(EncodeAnswers(answers), "3,-,0");
  EXPECT_EQ(DecodeAnswers("3,-,0").value(), answers);
  EXPECT_EQ(EncodeAnswers({std::nullopt}), "-");
  EXPECT_EQ(DecodeAnswers("").value(), std::vector<std::optional<int>>{});
}

TEST(CodecTest, TextListsKeepEmptyTextsDistinctFromNoTexts) {
  for (const std::vector<std::string>& texts :
       {std::vector<std::string>{}, {""}, {"", ""}, {"left calf", "a\tb\\c\n"}}) {
    auto decoded = DecodeTexts(EncodeTexts(texts), "screening_results.areas");
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, texts);
  }
  EXPECT_EQ(EncodeTexts({}), "");
  EXPECT_EQ(EncodeTexts({""}), "\t");
  ASSERT_ERROR_AND_ASSIGN(Error error, DecodeTexts("left calf", "screening_results.areas"),
                          ErrorCode::kDataCorruption);
  EXPECT_EQ(error.message, "screening_results.areas: expected a TAB after the last text");
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
  // The decoders return different types, so each case is a call rather than a table row.
  auto expect_corruption = [](const auto& decoded, const std::string& message) {
    SCOPED_TRACE(message);
    ASSERT_ERROR_AND_ASSIGN(Error error, decoded, ErrorCode::kDataCorruption);
    EXPECT_EQ(error.message, message);
  };
  expect_corruption(DecodeAnswers("3,x"),
                    "questionnaire_responses.answers: item 2: expected an integer or '-'");
  expect_corruption(DecodeStripPasses("a\tleft\tup"),
                    "session_notes.strip_passes: record 1: expected 4 fields, got 3");
  expect_corruption(DecodeTriggerPoints("ql\tleft\t60\nql\tsideways\t60"),
                    "session_notes.trigger_points: record 2: unknown side");
  expect_corruption(DecodeReleaseAreas("fascia\tlong"),
                    "session_notes.release_areas: record 1: expected an integer");
  expect_corruption(DecodeAdverseEvents("soreness\tmild\tbad \\q escape"),
                    "session_notes.adverse_events: record 1: bad escape");
}

}  // namespace
}  // namespace backcare::store::sql
