#include "core/progress/checkpoint_tag.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::progress {
namespace {

protocol::Protocol WithCheckpoints() {
  protocol::Protocol protocol;
  protocol.id = "article";
  protocol::Checkpoint baseline;
  baseline.id = "baseline";
  baseline.at_baseline = true;
  protocol::Checkpoint week_4;
  week_4.id = "week_4";
  week_4.week = 4;
  protocol.checkpoints = {baseline, week_4};
  return protocol;
}

TEST(CheckpointTagTest, StaffTagAnyCheckpointPatientsAllButTheBaseline) {
  const protocol::Protocol protocol = WithCheckpoints();
  EXPECT_OK(CheckCheckpointTag(protocol, "", TaggedBy::kPatient));
  EXPECT_OK(CheckCheckpointTag(protocol, "week_4", TaggedBy::kPatient));
  EXPECT_OK(CheckCheckpointTag(protocol, "baseline", TaggedBy::kStaff));
  ASSERT_ERROR_AND_ASSIGN(Error patient_baseline,
                          CheckCheckpointTag(protocol, "baseline", TaggedBy::kPatient),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(patient_baseline.message,
            "checkpoint 'baseline': only staff may tag a baseline response");
}

TEST(CheckpointTagTest, UnknownIdsNameTheKnownOnes) {
  ASSERT_ERROR_AND_ASSIGN(Error unknown,
                          CheckCheckpointTag(WithCheckpoints(), "week_5", TaggedBy::kStaff),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown.message, "unknown checkpoint 'week_5'; expected one of baseline, week_4");
}

}  // namespace
}  // namespace backcare::progress
