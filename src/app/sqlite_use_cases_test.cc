// A few use cases against the SQLite store (a temporary file): the same flow as on the memory
// store, the audit chain read back from disk, and all-or-nothing when a use case fails after
// writing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "app/audit_trail.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;

class SqliteUseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("backcare_app_sqlite_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    Cleanup();
  }
  void TearDown() override { Cleanup(); }
  void Cleanup() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix, ignored);
    }
  }
  std::unique_ptr<store::Database> Open() {
    auto store = testing::OpenTestStore("sqlite:" + path_.string());
    BACKCARE_CHECK(store.has_value());
    return std::move(store).value();
  }
  std::filesystem::path path_;
};

TEST_F(SqliteUseCasesTest, ACourseWithANoteSurvivesReopeningWithAnIntactChain) {
  ClinicId clinic_id;
  NoteId note_id;
  {
    testing::TestClinic t(Open());
    clinic_id = t.clinic_id;
    t.ScreenClear(t.patient_1);
    auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
    ASSERT_OK(course);
    const SessionId session = course->sessions.front();
    ASSERT_TRUE(t.schedule.MarkAttended(t.front_desk, session));
    NoteContent content;
    content.soap.subjective = "synthetic";
    content.soap.assessment = "synthetic";
    content.techniques.trigger_points.push_back({"quadratus_lumborum", session::Side::kLeft, 60});
    auto note = t.notes.DraftNote(t.therapist, session, content);
    ASSERT_OK(note);
    note_id = *note;
    ASSERT_TRUE(t.notes.SignNote(t.therapist, note_id));
    ASSERT_ERROR(t.notes.UpdateDraft(t.therapist, note_id, content),
                 ErrorCode::kFailedPrecondition);
  }
  auto store = Open();
  auto transaction = store->BeginReadOnly().value();
  auto note = transaction->GetNote(clinic_id, note_id);
  ASSERT_TRUE(note);
  EXPECT_EQ(note->status, session::NoteStatus::kSigned);
  auto chain = VerifyAuditChain(*transaction, clinic_id);
  ASSERT_OK(chain);
  EXPECT_GT(chain->events, 30);
}

TEST_F(SqliteUseCasesTest, AFailedIntakeLeavesNoRowsAndNoAuditEvents) {
  testing::TestClinic t(Open());
  auto before = t.store->BeginReadOnly().value()->LastAuditEvent(t.clinic_id).value();
  IntakeRequest intake;
  intake.patient_id = t.patient_1;
  intake.findings = {{"history_of_cancer", std::nullopt}};    // a red flag: alert + audit
  intake.baseline = {{"nprs", {8}, ""}, {"nprs", {11}, ""}};  // the second fails
  ASSERT_ERROR_AND_ASSIGN(Error result, t.patients.Intake(t.therapist, intake),
                          ErrorCode::kInvalidInput);
  ASSERT_FALSE(result.fields.empty());
  EXPECT_EQ(result.fields[0].path, "baseline[1].answers");
  auto transaction = t.store->BeginReadOnly().value();
  EXPECT_TRUE(transaction->ListScreeningResults(t.clinic_id, t.patient_1)->empty());
  EXPECT_TRUE(transaction->ListResponses(t.clinic_id, t.patient_1)->empty());
  EXPECT_TRUE(transaction->ListAlerts(t.clinic_id, ports::AlertFilter::kAll)->empty());
  EXPECT_EQ(transaction->LastAuditEvent(t.clinic_id).value(), before);
}

}  // namespace
}  // namespace backcare::app
