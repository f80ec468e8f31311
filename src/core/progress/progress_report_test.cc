#include "core/progress/progress_report.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
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

clinic::Course Course() {
  clinic::Course course;
  course.id = CourseId(5);
  course.start_date = kStart;
  return course;
}

TEST(ProgressReportTest, WithoutACourseHasNoPointsButListsOtherScores) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 6, At(days(0))), Response(2, "odi", 40, At(days(0)))};
  ASSERT_OK_AND_ASSIGN(ProgressReport report,
                       BuildProgressReport(ArticleProtocol(), PatientId(9), std::nullopt,
                                           responses));
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
                       BuildProgressReport(ArticleProtocol(), PatientId(9), Course(), responses));
  EXPECT_EQ(report.course_id, CourseId(5));
  EXPECT_EQ(report.baseline_nprs, 6);
  ASSERT_EQ(report.points.size(), 1u);
  EXPECT_EQ(report.points[0].response_id, ResponseId(2));
  EXPECT_DOUBLE_EQ(report.points[0].week, 4.06);  // 28 days and 10 hours
  EXPECT_DOUBLE_EQ(report.points[0].reduction_percent, 33.33);
  EXPECT_EQ(report.points[0].status, "on_track");
  EXPECT_EQ(report.status, "on_track");
}

TEST(ProgressReportTest, ABaselineOfZeroGivesNoPoints) {
  const std::vector<clinic::QuestionnaireResponse> responses = {
      Response(1, "nprs", 0, At(days(0))), Response(2, "nprs", 3, At(days(7)))};
  ASSERT_OK_AND_ASSIGN(ProgressReport report,
                       BuildProgressReport(ArticleProtocol(), PatientId(9), Course(), responses));
  EXPECT_EQ(report.baseline_nprs, 0);
  EXPECT_TRUE(report.points.empty());
  EXPECT_EQ(report.status, "no_data");
}

}  // namespace
}  // namespace backcare::progress
