#include "app/outcomes_snapshots.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

// The numbers a report is made of, to compare the kept snapshot with a fresh load.
std::string Summary(const outcomes::OutcomesReport& report) {
  std::string out = std::to_string(report.claims.courses) + " courses, " +
                    std::to_string(report.claims.not_evaluable) + " not evaluable, " +
                    std::to_string(report.dropouts) + " dropouts, " +
                    std::to_string(report.time_to_response.events) + " responded;";
  for (const outcomes::BandCounts& band : report.bands) {
    out += " " + band.phase_id + " " + std::to_string(band.due) + "/" +
           std::to_string(band.within) + "/" + std::to_string(band.missing);
  }
  return out;
}

OutcomesQuery AsOf(clinic::Date day) {
  OutcomesQuery query;
  query.as_of = day;
  return query;
}

TEST(OutcomesSnapshotsTest, AppliesNewWritesFromTheAuditTrailWithoutReloading) {
  TestClinic t;
  OutcomesSnapshots snapshots(t.context);
  t.ScreenClear(t.patient_1, 8);
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  const clinic::Date as_of = Day(2024, 8, 1);

  ASSERT_OK_AND_ASSIGN(OutcomesResult first, snapshots.Report(t.therapist, AsOf(as_of)));
  EXPECT_TRUE(snapshots.last_refresh().loaded);
  EXPECT_EQ(first.report.claims.courses, 1);
  EXPECT_EQ(first.report.time_to_response.events, 0);

  // Four weeks in, the patient reports 4 (50 % below 8): one response, one patient re-read.
  t.clock.Advance(std::chrono::weeks{4});
  ASSERT_OK(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {4}, ""}}));
  ASSERT_OK_AND_ASSIGN(OutcomesResult second, snapshots.Report(t.therapist, AsOf(as_of)));
  EXPECT_FALSE(snapshots.last_refresh().loaded);
  EXPECT_EQ(snapshots.last_refresh().patients, 1);
  EXPECT_GE(snapshots.last_refresh().events, 1);
  EXPECT_EQ(second.report.time_to_response.events, 1);

  // A second patient screened with a baseline of 0 and started: not evaluable.
  t.ScreenClear(t.patient_2, 0);
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_2, Day(2024, 4, 1), {}, {}}));
  ASSERT_OK_AND_ASSIGN(OutcomesResult third, snapshots.Report(t.admin, AsOf(as_of)));
  EXPECT_FALSE(snapshots.last_refresh().loaded);
  EXPECT_EQ(third.report.claims.not_evaluable, 1);

  // The kept snapshot says what a fresh load says.
  OutcomesQuery fresh_query = AsOf(as_of);
  fresh_query.clinic_id = t.clinic_id;
  ASSERT_OK_AND_ASSIGN(OutcomesResult fresh, BuildOutcomes(t.context, fresh_query));
  EXPECT_EQ(Summary(third.report), Summary(fresh.report));
  // By hand: patient 1's 4 on 2024-04-01 is week 4's score (50 %: the band's top, within) and
  // week 12 (anchor 05-27) has none; patient 2 is not evaluable.
  EXPECT_EQ(Summary(third.report),
            "1 courses, 1 not evaluable, 0 dropouts, 1 responded; initial_relief 1/1/0 "
            "structural_change 1/0/1");

  // Nothing new: nothing re-read.
  ASSERT_OK(snapshots.Report(t.therapist, AsOf(as_of)));
  EXPECT_EQ(snapshots.last_refresh().patients, 0);
}

TEST(OutcomesSnapshotsTest, OnlyCliniciansOfTheClinicReadIt) {
  TestClinic t;
  OutcomesSnapshots snapshots(t.context);
  ASSERT_ERROR_AND_ASSIGN(Error desk, snapshots.Report(t.front_desk, {}),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(desk.message, "role 'front_desk' may not read outcome reports");
  ASSERT_ERROR_AND_ASSIGN(Error patient, snapshots.Report(t.patient, {}),
                          ErrorCode::kPermissionDenied);
  OutcomesQuery other;
  other.clinic_id = ClinicId{t.clinic_id.value() + 1};
  ASSERT_ERROR_AND_ASSIGN(Error foreign, snapshots.Report(t.admin, other), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(OutcomesResult empty, snapshots.Report(t.therapist, {}));
  EXPECT_EQ(empty.report.claims.courses, 0);
}

}  // namespace
}  // namespace backcare::app
