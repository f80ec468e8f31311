#include "app/cohort/cohort_generator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app::cohort {
namespace {

// Every row the generator writes for one clinic, read back through the port.
struct ClinicRows {
  std::vector<clinic::Therapist> therapists;
  std::vector<clinic::Course> courses;
  std::vector<clinic::Session> sessions;
  std::vector<clinic::QuestionnaireResponse> responses;
  std::vector<clinic::ScreeningResult> screenings;
  std::vector<clinic::HomeProgramAssignment> assignments;
  std::vector<clinic::AdherenceEntry> adherence;
  std::vector<clinic::AuditEvent> audit;
  friend bool operator==(const ClinicRows&, const ClinicRows&) = default;
};

template <typename T>
void Append(std::vector<T>& to, std::vector<T> more) {
  for (T& item : more) to.push_back(std::move(item));
}

struct CohortRun {
  std::unique_ptr<store::Database> store = testing::NewTestStore();
  ProtocolCatalog protocols{&testing::ParseTestProtocol, {testing::TestProtocol(), "", ""}};
  TimeZoneLookup lookup = [](std::string_view) -> Result<std::shared_ptr<const ports::TimeZone>> {
    return std::shared_ptr<const ports::TimeZone>(
        std::make_shared<ports::FakeTimeZone>("Europe/London", std::chrono::minutes{0}));
  };
  std::vector<std::int64_t> progress;

  CohortRun() { BACKCARE_CHECK(store->Migrate().has_value()); }

  Result<CohortSummary> Generate(std::int64_t courses, std::uint64_t seed, int clinics = 1) {
    CohortOptions options;
    options.courses = courses;
    options.seed = seed;
    options.clinics = clinics;
    options.as_of = testing::Day(2026, 6, 30);
    options.courses_per_transaction = 40;
    return GenerateCohort(
        *store, protocols, lookup, options,
        [this](std::int64_t written, std::int64_t) { progress.push_back(written); });
  }

  std::vector<clinic::Clinic> Clinics() {
    auto transaction = store->BeginReadOnly().value();
    return transaction->ListClinics().value();
  }

  ClinicRows Rows(ClinicId clinic_id) {
    auto transaction = store->BeginReadOnly().value();
    ClinicRows rows;
    rows.therapists = transaction->ListTherapists(clinic_id).value();
    rows.courses = transaction->ListCourses(clinic_id).value();
    // Each list is held before it is appended (a loop over `Result::value()` of a temporary
    // would read a destroyed vector).
    for (const clinic::Course& course : rows.courses) {
      Append(rows.sessions, transaction->ListSessionsForCourse(clinic_id, course.id).value());
      Append(rows.screenings,
             transaction->ListScreeningResults(clinic_id, course.patient_id).value());
      Append(rows.assignments,
             transaction->ListHomeProgramAssignments(clinic_id, course.patient_id).value());
      Append(rows.adherence, transaction
                                 ->ListAdherence(clinic_id, course.patient_id,
                                                 testing::Day(2000, 1, 1), testing::Day(2100, 1, 1))
                                 .value());
    }
    rows.responses = transaction->ListClinicResponses(clinic_id, ResponseId{0}, 1 << 30).value();
    rows.audit = transaction->ListAuditEvents(clinic_id, 0, 1 << 30).value();
    return rows;
  }
};

TEST(CohortGeneratorTest, WritesWhatTheSummaryCounts) {
  CohortRun run;
  const Result<CohortSummary> summary = run.Generate(130, 11, 2);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->clinics, 2);
  EXPECT_EQ(summary->therapists, 6);  // 3 each (the minimum)
  EXPECT_EQ(summary->courses, 130);
  EXPECT_EQ(summary->patients, 130);
  EXPECT_EQ(run.progress, (std::vector<std::int64_t>{40, 80, 120, 130}));

  const std::vector<clinic::Clinic> clinics = run.Clinics();
  ASSERT_EQ(clinics.size(), 2u);
  EXPECT_EQ(clinics[0].name, "Synthetic cohort 11-1");
  EXPECT_EQ(clinics[1].name, "Synthetic cohort 11-2");
  std::int64_t courses = 0, sessions = 0, responses = 0, adherence = 0, dropouts = 0;
  int sciatic = 0;
  for (const clinic::Clinic& clinic : clinics) {
    const ClinicRows rows = run.Rows(clinic.id);
    EXPECT_EQ(rows.therapists.size(), 3u);
    courses += static_cast<std::int64_t>(rows.courses.size());
    sessions += static_cast<std::int64_t>(rows.sessions.size());
    responses += static_cast<std::int64_t>(rows.responses.size());
    adherence += static_cast<std::int64_t>(rows.adherence.size());
    EXPECT_EQ(rows.screenings.size(), rows.courses.size());
    EXPECT_EQ(rows.assignments.size(), rows.courses.size());
    for (const clinic::Course& course : rows.courses) {
      EXPECT_EQ(course.protocol_id, "deep-tissue-chronic-low-back-pain");
      if (course.status == clinic::CourseStatus::kDiscontinued) {
        ++dropouts;
        ASSERT_TRUE(course.discharge.has_value());
      }
    }
    for (const clinic::Session& session : rows.sessions) {
      EXPECT_EQ(session.status, clinic::SessionStatus::kAttended);
    }
    for (const clinic::ScreeningResult& screening : rows.screenings) {
      if (!screening.condition_ids.empty()) {
        EXPECT_EQ(screening.condition_ids, std::vector<std::string>{"radiating_leg_pain"});
        ++sciatic;
      }
    }
    for (const clinic::AdherenceEntry& entry : rows.adherence) {
      EXPECT_EQ(entry.completion, clinic::Completion::kDone);
    }
  }
  EXPECT_EQ(courses, 130);
  EXPECT_EQ(sessions, summary->sessions);
  EXPECT_EQ(responses, summary->responses);
  EXPECT_EQ(adherence, summary->adherence_entries);
  EXPECT_EQ(dropouts, summary->dropouts);
  EXPECT_GT(dropouts, 0);
  EXPECT_GT(sciatic, 0);
  EXPECT_GT(sessions, 130 * 5);
}

TEST(CohortGeneratorTest, TheSameSeedGivesTheSameRows) {
  CohortRun first;
  CohortRun second;
  CohortRun other;
  ASSERT_OK(first.Generate(60, 5));
  ASSERT_OK(second.Generate(60, 5));
  ASSERT_OK(other.Generate(60, 6));
  const ClinicId clinic_id = first.Clinics().front().id;
  const ClinicRows rows = first.Rows(clinic_id);
  EXPECT_EQ(rows, second.Rows(second.Clinics().front().id));
  const ClinicRows other_rows = other.Rows(other.Clinics().front().id);
  EXPECT_NE(rows.responses, other_rows.responses);
  EXPECT_NE(rows.courses, other_rows.courses);
}

TEST(CohortGeneratorTest, BadOptionsAreNamedAndWriteNothing) {
  CohortRun run;
  CohortOptions options;
  options.courses = 0;
  options.clinics = 0;
  const Result<CohortSummary> summary =
      GenerateCohort(*run.store, run.protocols, run.lookup, options);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(summary.error().fields.size(), 3u);
  EXPECT_EQ(summary.error().fields[0].ToString(), "courses: expected at least 1, got 0");
  EXPECT_EQ(summary.error().fields[1].ToString(), "clinics: expected at least 1, got 0");
  EXPECT_EQ(summary.error().fields[2].ToString(), "as_of: expected a valid date");
  EXPECT_TRUE(run.Clinics().empty());
}

TEST(CohortGeneratorTest, ASecondRunWithTheSameSeedConflictsAndAddsNothing) {
  CohortRun run;
  ASSERT_OK(run.Generate(3, 9, 1));
  const Result<CohortSummary> again = run.Generate(3, 9, 2);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  const std::vector<clinic::Clinic> clinics = run.Clinics();
  ASSERT_EQ(clinics.size(), 1u);  // not even the second clinic, created in the same transaction
  EXPECT_EQ(run.Rows(clinics.front().id).courses.size(), 3u);
}

TEST(CohortGeneratorTest, TherapistsScaleWithCourses) {
  EXPECT_EQ(TherapistsFor(1), 3);
  EXPECT_EQ(TherapistsFor(6000), 3);
  EXPECT_EQ(TherapistsFor(6001), 4);
  EXPECT_EQ(TherapistsFor(1000000), 40);
}

}  // namespace
}  // namespace backcare::app::cohort
