#include "app/demo/demo_clinic.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "app/audit_trail.h"
#include "core/plan/booking_book.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app::demo {
namespace {

struct DemoRun {
  std::unique_ptr<store::Database> store = testing::NewTestStore();
  ProtocolCatalog protocols{&testing::ParseTestProtocol, {testing::TestProtocol(), "", ""}};
  testing::FakeHasher hasher;
  Result<DemoSummary> summary = Internal("not run");

  explicit DemoRun(int patients, std::uint32_t seed = 7) {
    BACKCARE_CHECK(store->Migrate().has_value());
    auto zone = std::make_shared<ports::FakeTimeZone>("Europe/London", std::chrono::minutes{0});
    TimeZoneLookup lookup =
        [zone](std::string_view) -> Result<std::shared_ptr<const ports::TimeZone>> {
      return std::shared_ptr<const ports::TimeZone>(zone);
    };
    DemoOptions options;
    options.today = testing::Day(2025, 11, 20);
    options.seed = seed;
    options.patients = patients;
    summary = GenerateDemoClinic(*store, protocols, lookup, hasher, options);
  }

  std::vector<clinic::Session> Sessions() {
    auto transaction = store->BeginReadOnly().value();
    return transaction
        ->ListSessionsInRange(summary->clinic_id, {clinic::Timestamp{}, testing::At(2030, 1, 1, 0)})
        .value();
  }
};

TEST(DemoClinicTest, EveryStageIsPopulatedAndNothingIsDoubleBooked) {
  DemoRun run(40);
  ASSERT_OK(run.summary);
  const DemoSummary& summary = *run.summary;
  const std::map<std::string, int> expected = {{"new_intake", 6},        {"initial_relief", 7},
                                               {"structural_change", 8}, {"maintenance", 9},
                                               {"off_track", 5},         {"referred", 5}};
  EXPECT_EQ(summary.patients_per_stage, expected);
  EXPECT_GT(summary.sciatic_patients, 0);
  EXPECT_GT(summary.signed_notes, 100);
  EXPECT_GT(summary.adherence_entries, 200);
  EXPECT_GT(summary.alerts, 5);    // off-track and red-flag patients at least
  EXPECT_GE(summary.dropouts, 1);  // about half of the 5 off-track patients
  EXPECT_LE(summary.dropouts, 5);
  // admin, front desk, 3 therapists, 5 patients.
  ASSERT_EQ(summary.logins.size(), 10u);
  EXPECT_EQ(summary.logins[0].role, "admin");
  EXPECT_EQ(summary.logins[1].role, "front_desk");
  EXPECT_EQ(summary.logins.back().role, "patient");

  const std::vector<clinic::Session> sessions = run.Sessions();
  EXPECT_EQ(static_cast<int>(sessions.size()), summary.sessions);
  std::vector<plan::BookedInterval> intervals;
  for (const clinic::Session& session : sessions) {
    if (session.status == clinic::SessionStatus::kCancelled) {
      continue;
    }
    const auto start = std::chrono::floor<std::chrono::minutes>(session.start);
    const auto end = std::chrono::floor<std::chrono::minutes>(session.end);
    intervals.push_back(
        {plan::TherapistResource(session.therapist_id), start, end, session.course_id, 0});
    intervals.push_back(
        {plan::PatientResource(session.patient_id), start, end, session.course_id, 0});
  }
  const Status no_conflicts = plan::CheckNoConflicts(intervals);
  EXPECT_OK(no_conflicts);

  auto transaction = run.store->BeginReadOnly().value();
  auto chain = VerifyAuditChain(*transaction, summary.clinic_id);
  ASSERT_OK(chain);
  EXPECT_GT(chain->events, 1000);
  // One hash per distinct demo password is what the CLI's caching hasher turns this into.
  EXPECT_EQ(run.hasher.hashes, 10);
}

TEST(DemoClinicTest, TheSameSeedGivesTheSameClinic) {
  DemoRun first(12, 99);
  DemoRun second(12, 99);
  ASSERT_TRUE(first.summary);
  ASSERT_TRUE(second.summary);
  EXPECT_EQ(first.summary->patients_per_stage, second.summary->patients_per_stage);
  EXPECT_EQ(first.summary->signed_notes, second.summary->signed_notes);
  EXPECT_EQ(first.Sessions(), second.Sessions());
  DemoRun other(12, 100);
  ASSERT_TRUE(other.summary);
  EXPECT_NE(first.Sessions(), other.Sessions());
}

// The demo's notes carry objective measures now and then, and over a course they improve: the
// chart's trends have something to show.
TEST(DemoClinicTest, NotesCarryObjectiveMeasuresThatImproveOverTheCourse) {
  DemoRun run(40);
  ASSERT_OK(run.summary);
  auto transaction = run.store->BeginReadOnly().value();
  auto patients = transaction->ListPatients(run.summary->clinic_id, {});
  ASSERT_OK(patients);
  int measured_notes = 0;
  int unmeasured_notes = 0;
  int followed = 0;  // patients measured at least twice
  int improved = 0;  // of those, standing longer, more Schober and less fingertip-to-floor
  for (const clinic::Patient& patient : *patients) {
    auto notes = transaction->ListNotesForPatient(run.summary->clinic_id, patient.id);
    ASSERT_OK(notes);
    std::vector<session::ObjectiveMeasures> measured;
    for (const session::SessionNote& note : *notes) {
      if (note.measures == session::ObjectiveMeasures{}) {
        ++unmeasured_notes;
        continue;
      }
      ++measured_notes;
      ASSERT_TRUE(note.measures.standing_tolerance_minutes.has_value());
      ASSERT_TRUE(note.measures.schober_cm.has_value());
      ASSERT_TRUE(note.measures.fingertip_to_floor_cm.has_value());
      measured.push_back(note.measures);
    }
    if (measured.size() >= 2) {
      ++followed;
      const session::ObjectiveMeasures& first = measured.front();
      const session::ObjectiveMeasures& last = measured.back();
      if (*last.standing_tolerance_minutes > *first.standing_tolerance_minutes &&
          *last.schober_cm > *first.schober_cm &&
          *last.fingertip_to_floor_cm < *first.fingertip_to_floor_cm) {
        ++improved;
      }
    }
  }
  EXPECT_GT(measured_notes, 20);
  EXPECT_GT(unmeasured_notes, measured_notes);  // not every session measures
  EXPECT_GT(followed, 10);
  EXPECT_GT(improved * 2, followed) << improved << " of " << followed << " improved";
}

}  // namespace
}  // namespace backcare::app::demo
