#include "core/instrument/plain_language.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "core/instrument/change.h"
#include "core/instrument/score.h"
#include "core/progress/trajectory.h"

namespace backcare::instrument {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Clinical label words a patient sentence must not contain (whole words, lower case), and
// substrings that would carry a label in any form.
const std::vector<std::string> kForbiddenWords = {
    "crippled", "cripple", "crippling", "bed-bound", "bedbound",  "risk", "high",     "medium",
    "low",      "minimal", "severe",    "moderate",  "responder", "band", "evaluable"};
const std::vector<std::string> kForbiddenPhrases = {"bed bound", "off track", "on track",
                                                    "high risk", "_"};

bool HasWord(const std::string& sentence, const std::string& word) {
  std::size_t at = 0;
  while ((at = sentence.find(word, at)) != std::string::npos) {
    const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(sentence[at - 1]));
    const std::size_t end = at + word.size();
    const bool ends =
        end == sentence.size() || !std::isalpha(static_cast<unsigned char>(sentence[end]));
    if (starts && ends) return true;
    at = end;
  }
  return false;
}

// Every label has a sentence: non-empty, not the fallback, free of the label and of any
// clinical label word, written to the patient ("Your ...").
void ExpectPlain(std::string_view label, std::string_view sentence) {
  SCOPED_TRACE(std::string(label));
  ASSERT_FALSE(sentence.empty());
  EXPECT_NE(sentence, kPlainFallback);
  EXPECT_TRUE(sentence.starts_with("Your") || sentence.starts_with("There")) << sentence;
  const std::string lower = Lower(sentence);
  EXPECT_EQ(lower.find(Lower(label)), std::string::npos) << sentence;
  for (const std::string& word : kForbiddenWords) {
    EXPECT_FALSE(HasWord(lower, word)) << "'" << word << "' in: " << sentence;
  }
  for (const std::string& phrase : kForbiddenPhrases) {
    EXPECT_EQ(lower.find(phrase), std::string::npos) << "'" << phrase << "' in: " << sentence;
  }
}

TEST(PlainLanguageTest, EveryOdiBandHasAPlainSentence) {
  for (OdiBand band : {OdiBand::kMinimal, OdiBand::kModerate, OdiBand::kSevere, OdiBand::kCrippled,
                       OdiBand::kBedBound}) {
    ExpectPlain(OdiBandName(band), PlainBandSummary(InstrumentId::kOdi, OdiBandName(band)));
  }
}

TEST(PlainLanguageTest, EveryStartBackRiskHasAPlainSentence) {
  for (StartBackRisk risk : {StartBackRisk::kLow, StartBackRisk::kMedium, StartBackRisk::kHigh}) {
    ExpectPlain(StartBackRiskName(risk),
                PlainBandSummary(InstrumentId::kStartBack, StartBackRiskName(risk)));
  }
}

TEST(PlainLanguageTest, TheScorersBandsAreTheOnesWorded) {
  // The bands the scorers actually produce, end to end: ODI 100 % and STarT Back 9/5.
  std::vector<Answer> odi(10, Answer(5));
  auto odi_score = ScoreOdi(odi);
  ASSERT_TRUE(odi_score.has_value());
  EXPECT_EQ(odi_score->band, "bed_bound");
  ExpectPlain(odi_score->band, PlainBandSummary(InstrumentId::kOdi, odi_score->band));
  std::vector<Answer> startback(9, Answer(1));
  auto startback_score = ScoreStartBack(startback);
  ASSERT_TRUE(startback_score.has_value());
  EXPECT_EQ(startback_score->band, "high");
  ExpectPlain(startback_score->band,
              PlainBandSummary(InstrumentId::kStartBack, startback_score->band));
}

TEST(PlainLanguageTest, InstrumentsWithoutBandsHaveNoSentence) {
  EXPECT_EQ(PlainBandSummary(InstrumentId::kNprs, ""), "");
  EXPECT_EQ(PlainBandSummary(InstrumentId::kRmdq, ""), "");
  EXPECT_EQ(PlainBandSummary(InstrumentId::kPeg, ""), "");
  EXPECT_EQ(PlainBandSummary(InstrumentId::kOdi, ""), "");
}

TEST(PlainLanguageTest, EveryProgressStatusHasAPlainSentence) {
  using progress::ProgressStatus;
  for (ProgressStatus status :
       {ProgressStatus::kAhead, ProgressStatus::kOnTrack, ProgressStatus::kBehind,
        ProgressStatus::kOffTrack, ProgressStatus::kNoBand, ProgressStatus::kWorse,
        ProgressStatus::kNotEvaluable}) {
    ExpectPlain(progress::ProgressStatusName(status),
                PlainProgressSummary(progress::ProgressStatusName(status)));
  }
  ExpectPlain("no_data", PlainProgressSummary("no_data"));  // progress_report.h, no points
}

TEST(PlainLanguageTest, EveryChangeClassHasAPlainSentence) {
  for (ResponderClass responder_class :
       {ResponderClass::kSubstantial, ResponderClass::kModerate, ResponderClass::kNotResponder,
        ResponderClass::kWorsened, ResponderClass::kNotEvaluable}) {
    ExpectPlain(ResponderClassName(responder_class),
                PlainChangeSummary(ResponderClassName(responder_class)));
  }
}

TEST(PlainLanguageTest, UnknownLabelsGetTheNeutralFallbackNeverTheLabel) {
  EXPECT_EQ(PlainProgressSummary("crippled"), kPlainFallback);
  EXPECT_EQ(PlainProgressSummary(""), kPlainFallback);
  EXPECT_EQ(PlainChangeSummary("off_track"), kPlainFallback);
  // A band of one instrument is not worded for another.
  EXPECT_EQ(PlainBandSummary(InstrumentId::kOdi, "high"), kPlainFallback);
  EXPECT_EQ(PlainBandSummary(InstrumentId::kStartBack, "crippled"), kPlainFallback);
  EXPECT_EQ(PlainBandSummary(InstrumentId::kRmdq, "crippled"), kPlainFallback);
  for (std::string_view forbidden : {"crippled", "high", "off_track", "off track", "risk"}) {
    EXPECT_EQ(Lower(kPlainFallback).find(forbidden), std::string::npos);
  }
}

TEST(PlainLanguageTest, OnlyPatientsAreThePatientAudience) {
  EXPECT_EQ(AudienceOf(clinic::Role::kPatient), Audience::kPatient);
  EXPECT_EQ(AudienceOf(clinic::Role::kTherapist), Audience::kStaff);
  EXPECT_EQ(AudienceOf(clinic::Role::kAdmin), Audience::kStaff);
  EXPECT_EQ(AudienceOf(clinic::Role::kFrontDesk), Audience::kStaff);
}

}  // namespace
}  // namespace backcare::instrument
