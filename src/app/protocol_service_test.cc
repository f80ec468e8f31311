#include "app/protocol_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::PlanOf;
using testing::TestClinic;

// v2 of the test protocol: three sessions a week in the first phase, expecting 40-60 %.
constexpr std::string_view kVersion2 = "version 2 initial_sessions_per_week 3 initial_band 40 60";

// The patient's sessions starting in [first, first + 7 days).
int SessionsInWeek(const std::vector<ScheduleEntry>& plan, clinic::Date first) {
  const auto from = std::chrono::sys_days{first};
  return static_cast<int>(std::count_if(plan.begin(), plan.end(), [&](const ScheduleEntry& e) {
    return e.start >= from && e.start < from + std::chrono::days{7};
  }));
}

clinic::Course OnlyCourse(TestClinic& t, PatientId patient) {
  auto read = t.store->BeginReadOnly().value();
  std::vector<clinic::Course> courses = read->ListCoursesForPatient(t.clinic_id, patient).value();
  BACKCARE_CHECK(courses.size() == 1);
  return courses.front();
}

progress::ProgressPoint LatestPoint(TestClinic& t, PatientId patient) {
  auto report = t.progress.GetProgress(t.therapist, patient);
  BACKCARE_CHECK(report.has_value() && !report->points.empty());
  return report->points.back();
}

TEST(ProtocolServiceTest, ACourseKeepsItsVersionWhileNewCoursesFollowTheActiveOne) {
  TestClinic t;
  ProtocolService protocols(t.context);
  t.ScreenClear(t.patient_1);  // baseline NPRS 8
  t.ScreenClear(t.patient_2);
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  const std::vector<ScheduleEntry> plan_before = PlanOf(t, t.patient_1);
  t.clock.Advance(std::chrono::weeks{2});
  ASSERT_OK(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {6}, ""}}));
  const progress::ProgressPoint point_before = LatestPoint(t, t.patient_1);
  ASSERT_TRUE(point_before.expected_min_percent.has_value());

  ASSERT_OK_AND_ASSIGN(ImportedProtocol imported,
                       protocols.Import(kVersion2, "v2.toml", {t.clinic_id}, "test"));
  EXPECT_TRUE(imported.stored);
  EXPECT_EQ(imported.key, (ProtocolKey{t.protocol.id, 2}));
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, t.clinics.GetClinic(t.admin));
  EXPECT_EQ(clinic.protocol_version, 2);

  // The running course: same version, same plan, same band, even after a change to its plan.
  EXPECT_EQ(OnlyCourse(t, t.patient_1).protocol_version, 1);
  EXPECT_EQ(PlanOf(t, t.patient_1), plan_before);
  EXPECT_EQ(SessionsInWeek(plan_before, Day(2024, 3, 4)), 2);
  const progress::ProgressPoint point_after = LatestPoint(t, t.patient_1);
  EXPECT_EQ(point_after.expected_min_percent, point_before.expected_min_percent);
  EXPECT_EQ(point_after.expected_max_percent, point_before.expected_max_percent);

  // A new course follows v2: three sessions in its first week and the higher band.
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_2, Day(2024, 3, 18), {}, {}}));
  EXPECT_EQ(OnlyCourse(t, t.patient_2).protocol_version, 2);
  EXPECT_EQ(SessionsInWeek(PlanOf(t, t.patient_2), Day(2024, 3, 18)), 3);
  t.clock.Advance(std::chrono::weeks{2});
  ASSERT_OK(t.questionnaires.Submit(t.patient2, {t.patient_2, {"nprs", {6}, ""}}));
  const progress::ProgressPoint v2_point = LatestPoint(t, t.patient_2);
  ASSERT_TRUE(v2_point.expected_max_percent.has_value());
  EXPECT_GT(*v2_point.expected_max_percent, *point_before.expected_max_percent);
}

TEST(ProtocolServiceTest, ImportRefusesALowerVersionOrChangedContentAndWritesNothing) {
  TestClinic t;
  ProtocolService protocols(t.context);
  ASSERT_OK(protocols.Import(kVersion2, "v2.toml", {}, "test"));

  ASSERT_OK_AND_ASSIGN(ImportedProtocol again, protocols.Import(kVersion2, "copy.toml", {}, "t"));
  EXPECT_FALSE(again.stored);

  ASSERT_ERROR_AND_ASSIGN(
      Error changed,
      protocols.Import("version 2 initial_sessions_per_week 1", "edit.toml", {t.clinic_id}, "test"),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(changed.fields.size(), 1u);
  EXPECT_EQ(changed.fields[0].location, "edit.toml");
  EXPECT_EQ(changed.fields[0].path, "version");
  EXPECT_NE(changed.message.find("is stored with other content"), std::string::npos)
      << changed.message;

  ASSERT_ERROR_AND_ASSIGN(Error lower, protocols.Import("version 1", "old.toml", {}, "test"),
                          ErrorCode::kInvalidInput);
  EXPECT_NE(lower.message.find("older than the stored version 2"), std::string::npos)
      << lower.message;

  ASSERT_ERROR_AND_ASSIGN(Error bad, protocols.Import("nonsense", "bad.toml", {}, "test"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.fields.at(0).location, "bad.toml:1");

  // An unknown clinic to activate: the import itself is rolled back too.
  EXPECT_ERROR(protocols.Import("version 3", "v3.toml", {ClinicId(999)}, "test"),
               ErrorCode::kNotFound);

  ASSERT_OK_AND_ASSIGN(std::vector<ProtocolSummary> listed, protocols.ListProtocols(t.admin));
  ASSERT_EQ(listed.size(), 2u);
  // The built-in (not stored by this test catalog, which has no file text) and v2.
  EXPECT_EQ(listed[0].key.version, 1);
  EXPECT_TRUE(listed[0].built_in);
  EXPECT_TRUE(listed[0].active);
  EXPECT_FALSE(listed[0].imported_at.has_value());
  EXPECT_EQ(listed[1].key.version, 2);
  EXPECT_EQ(listed[1].file_name, "v2.toml");
  EXPECT_FALSE(listed[1].active);
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, t.clinics.GetClinic(t.admin));
  EXPECT_TRUE(clinic.protocol_id.empty());
}

TEST(ProtocolServiceTest, AnAdminChoosesAStoredVersionForTheClinic) {
  TestClinic t;
  ProtocolService protocols(t.context);
  NewClinic settings{"Synthetic Clinic", "Europe/London"};
  settings.protocol = ProtocolKey{t.protocol.id, 2};
  ASSERT_ERROR_AND_ASSIGN(Error missing, t.clinics.UpdateClinic(t.admin, settings),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(missing.fields.at(0).path, "protocol");

  ASSERT_OK(protocols.Import(kVersion2, "v2.toml", {}, "test"));
  EXPECT_ERROR(t.clinics.UpdateClinic(t.front_desk, settings), ErrorCode::kPermissionDenied);
  ASSERT_OK(t.clinics.UpdateClinic(t.admin, settings));
  ASSERT_OK_AND_ASSIGN(std::vector<ProtocolSummary> listed, protocols.ListProtocols(t.therapist));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_FALSE(listed[0].active);
  EXPECT_TRUE(listed[1].active);

  ASSERT_OK_AND_ASSIGN(auto v2, protocols.GetProtocol(t.front_desk, {t.protocol.id, 2}));
  EXPECT_EQ(v2->phases[0].cadence.sessions_per_week, 3);
  EXPECT_ERROR(protocols.GetProtocol(t.front_desk, {t.protocol.id, 7}), ErrorCode::kNotFound);
  EXPECT_ERROR(protocols.ListProtocols(t.patient), ErrorCode::kPermissionDenied);
}

TEST(ProtocolServiceTest, AStoredVersionThatNoLongerParsesIsDataCorruption) {
  TestClinic t;
  {
    auto write = t.store->Begin().value();
    clinic::ProtocolVersion version;
    version.protocol_id = "other";
    version.version = 4;
    version.title = "Other";
    version.file_name = "other.toml";
    version.source = "not a protocol";
    version.source_sha256 = std::string(64, 'a');
    ASSERT_OK(write->AddProtocolVersion(version));
    ASSERT_OK(write->Commit());
  }
  auto read = t.store->BeginReadOnly().value();
  EXPECT_ERROR(t.protocols.Get(*read, {"other", 4}), ErrorCode::kDataCorruption);
  EXPECT_ERROR(t.protocols.Get(*read, {"other", 5}), ErrorCode::kFailedPrecondition);
  // The built-in is served even though this catalog never stored it.
  ASSERT_OK_AND_ASSIGN(auto built_in, t.protocols.Get(*read, {t.protocol.id, 1}));
  EXPECT_EQ(*built_in, t.protocol);
}

}  // namespace
}  // namespace backcare::app
