// A patient's precautions (issue 20): the technique restrictions and the areas to avoid, with
// their area text, are read back with the patient chart, each note and each session of the plan
// and the schedule for therapists and admins; front desk and patients get no clinical detail.
// They used to be returned in full only once, in the intake response.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/note_service.h"
#include "app/patient_service.h"
#include "app/schedule_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::At;
using testing::Day;
using testing::TestClinic;

const std::vector<screening::AreaToAvoid> kLeftFlank = {{"skin_lesion", "left flank"}};

bool RestrictsFor(const std::vector<screening::TechniqueRestriction>& restrictions,
                  const std::string& condition) {
  for (const screening::TechniqueRestriction& restriction : restrictions) {
    if (restriction.condition == condition) {
      return true;
    }
  }
  return false;
}

struct PrecautionsFixture {
  TestClinic t;
  std::vector<SessionId> sessions;
  PrecautionsFixture() {
    IntakeRequest intake;
    intake.patient_id = t.patient_1;
    intake.findings = {{"anticoagulants", std::nullopt}, {"skin_lesion", "left flank"}};
    intake.baseline.push_back({"nprs", {7}, "baseline"});
    BACKCARE_CHECK(t.patients.Intake(t.therapist, intake).has_value());
    auto started = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
    BACKCARE_CHECK(started.has_value());
    sessions = started->sessions;
  }
};

TEST(PrecautionsTest, TheChartCarriesTheAreasToAvoidWithTheirText) {
  PrecautionsFixture f;
  ASSERT_OK_AND_ASSIGN(PatientView chart, f.t.patients.GetPatient(f.t.therapist, f.t.patient_1));
  ASSERT_TRUE(chart.clinical.has_value());
  EXPECT_TRUE(RestrictsFor(chart.clinical->restrictions, "anticoagulants"));
  EXPECT_EQ(chart.clinical->areas_to_avoid, kLeftFlank);
  ASSERT_OK_AND_ASSIGN(PatientView desk, f.t.patients.GetPatient(f.t.front_desk, f.t.patient_1));
  EXPECT_FALSE(desk.clinical.has_value());
}

TEST(PrecautionsTest, ANoteCarriesTheAreasToAvoid) {
  PrecautionsFixture f;
  ASSERT_OK_AND_ASSIGN(std::vector<ScheduleEntry> plan,
                       f.t.schedule.PatientPlan(f.t.therapist, f.t.patient_1));
  ASSERT_FALSE(plan.empty());
  f.t.clock.Set(plan.front().start);
  NoteContent gentle;
  gentle.techniques.release_areas.push_back({"thoracolumbar_fascia", 15});
  ASSERT_OK_AND_ASSIGN(NoteId note, f.t.notes.DraftNote(f.t.therapist, f.sessions.front(), gentle));
  ASSERT_OK_AND_ASSIGN(NoteDetail detail, f.t.notes.GetNote(f.t.therapist, note));
  EXPECT_TRUE(RestrictsFor(detail.restrictions, "anticoagulants"));
  EXPECT_EQ(detail.areas_to_avoid, kLeftFlank);
}

TEST(PrecautionsTest, EachPlannedSessionCarriesThePrecautionsForClinicalStaffOnly) {
  PrecautionsFixture f;
  for (const RequestContext* reader : {&f.t.therapist, &f.t.admin}) {
    ASSERT_OK_AND_ASSIGN(std::vector<ScheduleEntry> plan,
                         f.t.schedule.PatientPlan(*reader, f.t.patient_1));
    ASSERT_EQ(plan.size(), f.sessions.size());
    for (const ScheduleEntry& entry : plan) {
      ASSERT_TRUE(entry.precautions.has_value());
      EXPECT_TRUE(RestrictsFor(entry.precautions->restrictions, "anticoagulants"));
      EXPECT_EQ(entry.precautions->areas_to_avoid, kLeftFlank);
    }
  }
  for (const RequestContext* reader : {&f.t.front_desk, &f.t.patient}) {
    ASSERT_OK_AND_ASSIGN(std::vector<ScheduleEntry> plan,
                         f.t.schedule.PatientPlan(*reader, f.t.patient_1));
    ASSERT_FALSE(plan.empty());
    for (const ScheduleEntry& entry : plan) {
      EXPECT_FALSE(entry.precautions.has_value());
    }
  }
}

TEST(PrecautionsTest, TheScheduleGivesEachPatientTheirOwnPrecautions) {
  PrecautionsFixture f;
  f.t.ScreenClear(f.t.patient_2);
  ASSERT_OK(f.t.schedule.StartCourse(f.t.therapist2, {f.t.patient_2, Day(2024, 3, 4), {}, {}}));
  const clinic::Timestamp from = At(2024, 3, 1, 0);
  const clinic::Timestamp to = At(2024, 9, 1, 0);
  ASSERT_OK_AND_ASSIGN(std::vector<ScheduleEntry> schedule,
                       f.t.schedule.ScheduleView(f.t.therapist, from, to, std::nullopt));
  bool saw_first = false;
  bool saw_second = false;
  for (const ScheduleEntry& entry : schedule) {
    ASSERT_TRUE(entry.precautions.has_value());
    if (entry.patient_id == f.t.patient_1) {
      saw_first = true;
      EXPECT_EQ(entry.precautions->areas_to_avoid, kLeftFlank);
    } else {
      saw_second = true;
      EXPECT_EQ(*entry.precautions, screening::Precautions{});
    }
  }
  EXPECT_TRUE(saw_first && saw_second);
  ASSERT_OK_AND_ASSIGN(std::vector<ScheduleEntry> desk,
                       f.t.schedule.ScheduleView(f.t.front_desk, from, to, std::nullopt));
  ASSERT_FALSE(desk.empty());
  for (const ScheduleEntry& entry : desk) {
    EXPECT_FALSE(entry.precautions.has_value());
  }
}

}  // namespace
}  // namespace backcare::app
