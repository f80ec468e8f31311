#include "core/progress/trajectory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::progress {
namespace {

protocol::Phase MakePhase(std::string id, int start_week, int end_week,
                          std::optional<protocol::PercentBand> band) {
  protocol::Phase phase;
  phase.id = std::move(id);
  phase.start_week = start_week;
  phase.end_week = end_week;
  phase.expected_reduction = band;
  return phase;
}

// The article's phases: [0,4) 30-50 %, [4,12) 60-80 %, [12,26) no band.
protocol::Protocol ArticleProtocol() {
  protocol::Protocol protocol;
  protocol.id = "article";
  protocol.phases = {
      MakePhase("initial_relief", 0, 4, protocol::PercentBand{30, 50}),
      MakePhase("structural_change", 4, 12, protocol::PercentBand{60, 80}),
      MakePhase("maintenance", 12, 26, std::nullopt),
  };
  return protocol;
}

Decimal2 D(std::int64_t hundredths) { return Decimal2::FromHundredths(hundredths); }

struct BandCase {
  std::int64_t week_hundredths;
  std::int64_t min_hundredths;
  std::int64_t max_hundredths;
  const char* derivation;
};

TEST(TrajectoryTest, ExpectedBandIsPiecewiseLinearBetweenPhaseEnds) {
  const BandCase cases[] = {
      {0, 0, 0, "week 0: the knot (0, 0-0)"},
      {1, 8, 13, "week 0.01: 30*0.01/4 = 0.075 -> 0.08; 50*0.01/4 = 0.125 -> 0.13 (ties away)"},
      {100, 750, 1250, "week 1: 30/4 = 7.5, 50/4 = 12.5"},
      {200, 1500, 2500, "week 2: half of 30-50"},
      {250, 1875, 3125, "week 2.5: 30*2.5/4 = 18.75, 50*2.5/4 = 31.25"},
      {399, 2993, 4988, "week 3.99: 29.925 -> 29.93, 49.875 -> 49.88"},
      {400, 3000, 5000, "week 4: the end of initial_relief"},
      {500, 3375, 5375, "week 5: 30 + 30*1/8 = 33.75, 50 + 30/8 = 53.75"},
      {800, 4500, 6500, "week 8: halfway from 30-50 to 60-80"},
      {1200, 6000, 8000, "week 12: the end of structural_change"},
  };
  const protocol::Protocol protocol = ArticleProtocol();
  for (const BandCase& c : cases) {
    Result<std::optional<ExpectedBand>> band = ExpectedBandAt(protocol, D(c.week_hundredths));
    ASSERT_TRUE(band.has_value()) << c.derivation;
    ASSERT_TRUE(band->has_value()) << c.derivation;
    EXPECT_EQ(**band, (ExpectedBand{D(c.min_hundredths), D(c.max_hundredths)})) << c.derivation;
  }
}

// Issue #20: maintenance sets no expected_reduction, so after week 12 there is no band (the old
// rule kept 60-80 % for ever).
TEST(TrajectoryTest, NoBandWhereTheProtocolGivesNone) {
  for (const std::int64_t week_hundredths : {1201, 2000, 2600, 10400}) {
    Result<std::optional<ExpectedBand>> band =
        ExpectedBandAt(ArticleProtocol(), D(week_hundredths));
    ASSERT_TRUE(band.has_value()) << week_hundredths;
    EXPECT_FALSE(band->has_value()) << week_hundredths;
  }
}

struct StatusCase {
  std::int64_t week_hundredths;
  std::int64_t reduction_hundredths;
  ProgressStatus status;
  const char* derivation;
};

TEST(TrajectoryTest, StatusAtEveryBoundary) {
  const StatusCase cases[] = {
      {0, 0, ProgressStatus::kOnTrack, "week 0, band 0-0, 0 % is on the band"},
      {0, 1, ProgressStatus::kAhead, "week 0, 0.01 % > 0"},
      {0, -500, ProgressStatus::kBehind, "week 0, worse than baseline; before the checkpoint"},
      {200, 1500, ProgressStatus::kOnTrack, "week 2, band 15-25, exactly the min"},
      {200, 2500, ProgressStatus::kOnTrack, "week 2, exactly the max"},
      {200, 1499, ProgressStatus::kBehind, "week 2, 14.99 < 15"},
      {200, 2501, ProgressStatus::kAhead, "week 2, 25.01 > 25"},
      {399, 2999, ProgressStatus::kOnTrack, "week 3.99, band 29.93-49.88; before week 4"},
      {399, 2992, ProgressStatus::kBehind, "week 3.99, 29.92 < 29.93; before week 4"},
      {400, 2999, ProgressStatus::kOffTrack, "week 4 checkpoint, 29.99 < 30"},
      {400, 3000, ProgressStatus::kOnTrack, "week 4, exactly 30: band 30-50"},
      {400, 5000, ProgressStatus::kOnTrack, "week 4, exactly 50"},
      {400, 5001, ProgressStatus::kAhead, "week 4, 50.01 > 50"},
      {800, 2999, ProgressStatus::kOffTrack, "week 8, 29.99 < 30 after the checkpoint"},
      {800, 3000, ProgressStatus::kBehind, "week 8, 30 reaches the checkpoint but not 45-65"},
      {800, 4499, ProgressStatus::kBehind, "week 8, 44.99 < 45"},
      {800, 4500, ProgressStatus::kOnTrack, "week 8, exactly 45"},
      {800, 6500, ProgressStatus::kOnTrack, "week 8, exactly 65"},
      {800, 6501, ProgressStatus::kAhead, "week 8, 65.01 > 65"},
      {1200, 5999, ProgressStatus::kOffTrack, "week 12 checkpoint, 59.99 < 60 (issue #20)"},
      {1200, 6000, ProgressStatus::kOnTrack, "week 12, exactly 60"},
      {1200, 8000, ProgressStatus::kOnTrack, "week 12, exactly 80"},
      {1200, 8001, ProgressStatus::kAhead, "week 12, 80.01 > 80"},
      {1201, 8001, ProgressStatus::kNoBand, "week 12.01, maintenance: no band (issue #20)"},
      {2000, 6000, ProgressStatus::kNoBand, "week 20, maintenance has no band"},
      {2000, 8500, ProgressStatus::kNoBand, "week 20, no band to be ahead of"},
      {2000, 5999, ProgressStatus::kOffTrack, "week 20, 59.99 < 60 of week 12 still in force"},
      {2000, -1000, ProgressStatus::kOffTrack, "week 20, worse than baseline"},
      {2000, 10000, ProgressStatus::kNoBand, "week 20, pain-free"},
  };
  const protocol::Protocol protocol = ArticleProtocol();
  for (const StatusCase& c : cases) {
    Result<ProgressAssessment> assessment =
        AssessProgress(protocol, D(c.week_hundredths), D(c.reduction_hundredths));
    ASSERT_TRUE(assessment.has_value()) << c.derivation;
    EXPECT_EQ(ProgressStatusName(assessment->status), ProgressStatusName(c.status)) << c.derivation;
    const Checkpoint in_force =
        c.week_hundredths >= 1200 ? Checkpoint{12, D(6000)} : Checkpoint{4, D(3000)};
    EXPECT_EQ(assessment->checkpoint, in_force) << c.derivation;
    EXPECT_EQ(assessment->expected.has_value(), c.week_hundredths <= 1200) << c.derivation;
  }
}

TEST(TrajectoryTest, EveryBandedPhaseEndIsACheckpoint) {
  ASSERT_OK_AND_ASSIGN(std::vector<Checkpoint> checkpoints, BandedCheckpoints(ArticleProtocol()));
  EXPECT_EQ(checkpoints, (std::vector<Checkpoint>{{4, D(3000)}, {12, D(6000)}}));
}

TEST(TrajectoryTest, CheckpointComesFromTheProtocol) {
  protocol::Protocol protocol;
  protocol.id = "slow";
  protocol.phases = {
      MakePhase("settle", 0, 2, std::nullopt),
      MakePhase("relief", 2, 6, protocol::PercentBand{20, 40}),
  };
  ASSERT_TRUE(OffTrackCheckpoint(protocol).has_value());
  EXPECT_EQ(*OffTrackCheckpoint(protocol), (Checkpoint{6, D(2000)}));
  // Week 5: 20*5/6 = 16.666... -> 16.67, 40*5/6 = 33.333... -> 33.33; 10 % is behind, not yet
  // off track.
  Result<ProgressAssessment> week5 = AssessProgress(protocol, D(500), D(1000));
  ASSERT_TRUE(week5.has_value());
  EXPECT_EQ(week5->expected, (std::optional<ExpectedBand>(ExpectedBand{D(1667), D(3333)})));
  EXPECT_EQ(week5->status, ProgressStatus::kBehind);
  // Week 6: 19.99 < 20 is off track.
  Result<ProgressAssessment> week6 = AssessProgress(protocol, D(600), D(1999));
  ASSERT_TRUE(week6.has_value());
  EXPECT_EQ(week6->status, ProgressStatus::kOffTrack);
}

TEST(TrajectoryTest, Errors) {
  ASSERT_ERROR_AND_ASSIGN(Error negative, ExpectedBandAt(ArticleProtocol(), D(-100)),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(negative.message, "week: expected >= 0, got -1.00");

  protocol::Protocol no_band;
  no_band.id = "flat";
  no_band.phases = {MakePhase("only", 0, 8, std::nullopt)};
  ASSERT_ERROR_AND_ASSIGN(Error assessment, AssessProgress(no_band, D(100), D(0)),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(assessment.message, "protocol 'flat' has no phase with an expected_reduction band");
}

}  // namespace
}  // namespace backcare::progress
