#include "core/progress/progress_report.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::progress {
namespace {

using std::chrono::days;
using std::chrono::hours;

protocol::Protocol ArticleProtocol() {
  protocol::Protocol protocol;
  protocol.id = "article";
  protocol::Phase relief;
  relief.id = "initial_relief";
  relief.start_week = 0;
  relief.end_week = 4;
  relief.expected_reduction = protocol::PercentBand{30, 50};
  protocol.phases = {relief};
  return protocol;
}

constexpr clinic::Date kStart{std::chrono::year{2025}, std::chrono::month{3}, std::chrono::day{3}};

clinic::Timestamp At(days after_start, hours hour = hours(10)) {
  return clinic::Timestamp{std::chrono::sys_days{kStart}.time_since_epoch()} + after_start + hour;
}

clinic::QuestionnaireResponse Response(std::int64_t id, std::string_view instrument, double score,
                                       clinic::Timestamp at) {
  clinic::QuestionnaireResponse response;
  response.id = ResponseId(id);
  response.instrument_id = instrument::ParseInstrumentName(instrument).value();
  response.score = score;
  response.taken_at = at;
  return response;
}

// The default protocol's phases: [0,4) 30-50 %, [4,12) 60-80 %, [12,26) no band.
protocol::Protocol FullProtocol() {
  protocol::Protocol protocol = ArticleProtocol();
  protocol::Phase structural;
  structural.id = "structural_change";
  structural.start_week = 4;
  structural.end_week = 12;
  structural.expected_reduction = protocol::PercentBand{60, 80};
  protocol::Phase maintenance;
  maintenance.id = "maintenance";
  maintenance.start_week = 12;
  maintenance.end_week = 26;
  protocol.phases.push_back(structural);
  protocol.phases.push_back(maintenance);
  return protocol;
}

clinic::Course Course() {
  clinic::Course course;
  course.id = CourseId(5);
  course.start_date = kStart;
  return course;
}

// A discharge summary's changes, derived by hand (change.h): NPRS 8 -> 4 is 4 points, 50 %
// (substantial, MIC 2 met); ODI 40 -> 30 is 10 points, 25 % (not a responder by percent); PEG
// 6.67 -> 4.67 is 2 points, 29.99 % (2/6.67 = 29.985 %: not_responder, the class decided on the
// exact ratio); RMDQ has no later score and STarT Back no change, so neither is listed.
TEST(ProgressReportTest, CourseChangesCompareTheLatestScoresWithTheBaselines) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 8, At(days(-3))),  // before the start: the baseline
      Response(2, "odi", 40, At(days(0))),   // on the start date: still the baseline
      Response(3, "peg", 6.67, At(days(0))),    Response(4, "rmdq", 12, At(days(0))),
      Response(5, "startback", 4, At(days(0))), Response(6, "nprs", 6, At(days(14))),
      Response(7, "odi", 30, At(days(40))),     Response(8, "peg", 4.67, At(days(40))),
      Response(9, "nprs", 4, At(days(41))),  // the latest NPRS
  };
  ASSERT_OK_AND_ASSIGN(std::vector<ProgressReport::FunctionChange> changes,
                       CourseChanges(Course(), responses));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].instrument, instrument::InstrumentId::kNprs);
  EXPECT_EQ(changes[0].baseline, 8);
  EXPECT_EQ(changes[0].latest, 4);
  EXPECT_EQ(changes[0].latest_response_id, ResponseId(9));
  EXPECT_EQ(changes[0].points_change, 4);
  EXPECT_EQ(changes[0].percent_change, 50);
  EXPECT_EQ(changes[0].responder_class, "substantial");
  EXPECT_EQ(changes[1].instrument, instrument::InstrumentId::kOdi);
  EXPECT_EQ(changes[1].points_change, 10);
  EXPECT_EQ(changes[1].percent_change, 25);
  EXPECT_EQ(changes[1].responder_class, "not_responder");
  EXPECT_EQ(changes[2].instrument, instrument::InstrumentId::kPeg);
  EXPECT_EQ(changes[2].points_change, 2);
  EXPECT_EQ(changes[2].percent_change, 29.99);
  EXPECT_EQ(changes[2].responder_class, "not_responder");
}

TEST(ProgressReportTest, WithoutACourseHasNoPointsButListsOtherScores) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 6, At(days(0))), Response(2, "odi", 40, At(days(0)))};
  ASSERT_OK_AND_ASSIGN(ProgressReport report, BuildProgressReport(ArticleProtocol(), PatientId(9),
                                                                  std::nullopt, responses));
  EXPECT_EQ(report.patient_id, PatientId(9));
  EXPECT_EQ(report.course_id, std::nullopt);
  EXPECT_EQ(report.status, "no_data");
  EXPECT_TRUE(report.points.empty());
  ASSERT_EQ(report.other_scores.size(), 1u);
  EXPECT_EQ(report.other_scores[0].instrument, instrument::InstrumentId::kOdi);
}

TEST(ProgressReportTest, JudgesEachLaterNprsAgainstTheBaseline) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 6, At(days(0))), Response(2, "nprs", 4, At(days(28)))};
  ASSERT_OK_AND_ASSIGN(ProgressReport report,
                       BuildProgressReport(FullProtocol(), PatientId(9), Course(), responses));
  EXPECT_EQ(report.course_id, CourseId(5));
  EXPECT_EQ(report.baseline_nprs, 6);
  ASSERT_EQ(report.points.size(), 1u);
  EXPECT_EQ(report.points[0].response_id, ResponseId(2));
  EXPECT_DOUBLE_EQ(report.points[0].week, 4.06);  // 28 days and 10 hours
  EXPECT_DOUBLE_EQ(report.points[0].reduction_percent.value(), 33.33);
  EXPECT_EQ(report.points[0].status, "on_track");
  EXPECT_EQ(report.status, "on_track");
}

TEST(ProgressReportTest, ABaselineOfZeroGivesPointsWithoutAPercentage) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 0, At(days(0))), Response(2, "nprs", 3, At(days(7)))};
  ASSERT_OK_AND_ASSIGN(ProgressReport report,
                       BuildProgressReport(ArticleProtocol(), PatientId(9), Course(), responses));
  EXPECT_EQ(report.baseline_nprs, 0);
  ASSERT_EQ(report.points.size(), 1u);
  EXPECT_EQ(report.points[0].reduction_percent, std::nullopt);
  EXPECT_EQ(report.points[0].points_change, -3);  // 0 - 3
  EXPECT_EQ(report.status, "worse");              // up 3 >= the NPRS MIC of 2 points
}

// Issue #20 item 5. Each case: baseline NPRS on the start date, one later NPRS, its status.
// Hand-derived: reduction = 100 * (baseline - score) / baseline; "worse" when score - baseline >=
// the NPRS minimal important change of 2 points (Ostelo et al., Spine 2008;33:90).
TEST(ProgressReportTest, StatusOfOneLaterScore) {
  struct Case {
    double baseline;
    double score;
    int day;
    std::string_view status;
    const char* derivation;
  };
  const Case cases[] = {
      {0, 4, 7, "worse", "0 -> 4: up 4 points >= 2, no percentage exists"},
      {0, 2, 7, "worse", "0 -> 2: up exactly the MIC"},
      {0, 1, 7, "not_evaluable", "0 -> 1: below the MIC, no percentage from 0"},
      {0, 0, 7, "not_evaluable", "0 -> 0: no percentage from 0"},
      {3, 5, 7, "worse", "3 -> 5: up 2 points"},
      {3, 4, 7, "behind", "3 -> 4: up 1 point, -33.33 % below the week-1 band 7.5-12.5"},
      {8, 4, 7, "ahead", "8 -> 4: 50 % > 12.5 at week 1.06"},
      {10, 6, 84, "off_track", "10 -> 6 at week 12.06: 40 % < 60 % (week-12 checkpoint)"},
      {10, 4, 84, "no_band",
       "10 -> 4 at week 12.06: 60 % meets the week-12 checkpoint; "
       "maintenance has no band"},
      {10, 2, 140, "no_band", "10 -> 2 at week 20.06: maintenance has no band"},
      {10, 5, 140, "off_track", "10 -> 5 at week 20.06: 50 % < 60 % of the last checkpoint"},
      {10, 7, 56, "behind", "10 -> 7 at week 8.06: 30 % meets week 4's 30 %, below 45-65"},
  };
  for (const Case& c : cases) {
    const std::vector<clinic::QuestionnaireResponse> responses = {
        Response(1, "nprs", c.baseline, At(days(0))),
        Response(2, "nprs", c.score, At(days(c.day)))};
    Result<ProgressReport> report =
        BuildProgressReport(FullProtocol(), PatientId(9), Course(), responses);
    ASSERT_TRUE(report.has_value()) << c.derivation;
    ASSERT_EQ(report->points.size(), 1u) << c.derivation;
    EXPECT_EQ(report->points[0].status, c.status) << c.derivation;
    EXPECT_EQ(report->status, c.status) << c.derivation;
  }
}

// Issue #20 item 7: a patient reads plain sentences, never the status or change-class labels;
// staff read the report unchanged.
TEST(ProgressReportTest, APatientReadsPlainSentencesInsteadOfLabels) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 10, At(days(0))), Response(2, "odi", 40, At(days(0))),
      Response(3, "nprs", 6, At(days(84))), Response(4, "odi", 44, At(days(84)))};
  ASSERT_OK_AND_ASSIGN(ProgressReport staff,
                       BuildProgressReport(FullProtocol(), PatientId(9), Course(), responses));
  ASSERT_EQ(staff.status, "off_track");
  ASSERT_EQ(staff.function_changes.size(), 1u);
  const std::string staff_class = staff.function_changes[0].responder_class;

  const ProgressReport unchanged = PhraseProgressFor(instrument::Audience::kStaff, staff);
  EXPECT_EQ(unchanged.audience, instrument::Audience::kStaff);
  EXPECT_EQ(unchanged.status, "off_track");
  EXPECT_EQ(unchanged.summary, "");
  EXPECT_EQ(unchanged.points[0].status, "off_track");
  EXPECT_EQ(unchanged.function_changes[0].responder_class, staff_class);

  const ProgressReport patient = PhraseProgressFor(instrument::Audience::kPatient, staff);
  EXPECT_EQ(patient.audience, instrument::Audience::kPatient);
  EXPECT_EQ(patient.status, "");
  EXPECT_EQ(patient.summary, instrument::PlainProgressSummary("off_track"));
  EXPECT_EQ(patient.summary.find("off"), std::string::npos);
  ASSERT_EQ(patient.points.size(), 1u);
  EXPECT_EQ(patient.points[0].status, "");
  EXPECT_EQ(patient.points[0].summary, instrument::PlainProgressSummary("off_track"));
  EXPECT_EQ(patient.function_changes[0].responder_class, "");
  EXPECT_EQ(patient.function_changes[0].summary, instrument::PlainChangeSummary(staff_class));
  EXPECT_EQ(patient.points[0].nprs, 6);  // numbers stay
}

TEST(ProgressReportTest, APatientWithoutScoresReadsThePlainNoDataSentence) {
  ASSERT_OK_AND_ASSIGN(ProgressReport report,
                       BuildProgressReport(ArticleProtocol(), PatientId(9), std::nullopt, {}));
  const ProgressReport patient = PhraseProgressFor(instrument::Audience::kPatient, report);
  EXPECT_EQ(patient.status, "");
  EXPECT_EQ(patient.summary, instrument::PlainProgressSummary("no_data"));
}

}  // namespace
}  // namespace backcare::progress
