// SQLite I/O faults under two use cases (issue #17 item 2): a VFS over the default one
// (store/sqlite/fault_vfs.h) fails the Nth read, write, truncation or sync, for every N a clean
// run performs. Each run must leave the database either exactly as before the use case or exactly
// as a clean run leaves it (never a part of it), pass `PRAGMA integrity_check`, keep its audit
// chain verifiable, and answer an error whenever it left nothing. The checks reopen the file with
// a new store, so they see what is on disk, not what a connection cached.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "app/audit_trail.h"
#include "store/sqlite/fault_vfs.h"
#include "testing/app_testing.h"
#include "testing/clinic_dump.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::DumpClinic;
using testing::TempSqliteDatabase;
using testing::TestClinic;

// Prepares `t` (outside the faults), then returns the use case to run once.
using Prepare = std::function<std::function<Status()>(TestClinic& t)>;

std::function<Status()> PrepareIntake(TestClinic& t) {
  return [&t]() -> Status {
    IntakeRequest intake;
    intake.patient_id = t.patient_1;
    intake.findings.push_back({"radiating_leg_pain", std::nullopt});
    intake.baseline.push_back({"nprs", {7}, "baseline"});
    intake.baseline.push_back({"odi", {2, 1, 2, 2, 2, 2, 1, 2, 2, 2}, "baseline"});
    auto result = t.patients.Intake(t.therapist, intake);
    if (!result) return std::move(result).error();
    return OkStatus();
  };
}

std::function<Status()> PrepareSignNote(TestClinic& t) {
  t.ScreenClear(t.patient_1);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  BACKCARE_CHECK(course.has_value());
  const SessionId session = course->sessions.front();
  BACKCARE_CHECK(t.schedule.MarkAttended(t.front_desk, session).has_value());
  NoteContent content = testing::MinimalNote();
  auto note = t.notes.DraftNote(t.therapist, session, content);
  BACKCARE_CHECK(note.has_value());
  const NoteId id = *note;
  return [&t, id]() { return t.notes.SignNote(t.therapist, id); };
}

struct Outcome {
  Status status;
  std::string before;  // the clinic before the use case
  std::string after;   // the clinic read back from the file by a new store
  std::int64_t io_operations = 0;
  bool fault_fired = false;
};

// A fresh database, prepared, then the use case with I/O operation `fail_at` failing (0: none).
Outcome RunOnce(const Prepare& prepare, std::int64_t fail_at) {
  TempSqliteDatabase file;
  Outcome outcome;
  ClinicId clinic;
  {
    TestClinic t(file.Open());
    clinic = t.clinic_id;
    auto run = prepare(t);
    BACKCARE_CHECK(t.audit_log.Flush().has_value());  // earlier reads' events, so the chain holds
    outcome.before = DumpClinic(*t.store, clinic);
    store::ArmFaultVfs(fail_at);
    outcome.status = run();
    outcome.io_operations = store::DisarmFaultVfs();
    outcome.fault_fired = store::FaultVfsFired();
    (void)t.audit_log.Flush();  // may fail after the fault; the store closes with `t`
  }
  auto integrity = store::SqliteIntegrityCheck(file.path().string());
  EXPECT_TRUE(integrity.has_value() && *integrity == "ok")
      << "integrity_check: " << (integrity ? *integrity : integrity.error().ToString());
  std::unique_ptr<store::Database> reopened = file.Open();
  outcome.after = DumpClinic(*reopened, clinic);
  auto read = reopened->BeginReadOnly();
  EXPECT_TRUE(read.has_value());
  if (read) {
    EXPECT_OK(VerifyAuditChain(**read, clinic));
  }
  return outcome;
}

void ExpectAllOrNothingUnderIoFaults(const char* name, const Prepare& prepare) {
  store::InstallFaultVfs();
  const Outcome clean = RunOnce(prepare, 0);
  ASSERT_OK(clean.status) << name;
  ASSERT_NE(clean.after, clean.before) << name << " changed nothing";
  ASSERT_GE(clean.io_operations, 3) << name;
  int failed = 0;
  int committed_anyway = 0;
  for (std::int64_t n = 1; n <= clean.io_operations; ++n) {
    SCOPED_TRACE(std::string(name) + ": I/O operation " + std::to_string(n) + " of " +
                 std::to_string(clean.io_operations) + " fails");
    const Outcome faulty = RunOnce(prepare, n);
    ASSERT_EQ(faulty.before, clean.before);
    ASSERT_TRUE(faulty.fault_fired);
    if (faulty.status.has_value()) {
      // A fault SQLite recovered from (e.g. a read it retried): the write is whole.
      EXPECT_EQ(faulty.after, clean.after);
      continue;
    }
    ++failed;
    // An error: nothing of the use case, or (a sync that failed after the commit record was
    // written) all of it; never a part.
    if (faulty.after == clean.after) {
      ++committed_anyway;
    } else {
      EXPECT_EQ(faulty.after, clean.before)
          << "a part of the unit of work is on disk after " << faulty.status.error().ToString();
    }
  }
  EXPECT_GT(failed, 0) << name << ": no injected fault made the use case fail";
  std::printf(
      "%s: %lld I/O operations; %d faults failed the use case (%d of them after the "
      "commit record was on disk), the others were recovered\n",
      name, static_cast<long long>(clean.io_operations), failed, committed_anyway);
}

TEST(IoFaultsTest, IntakeIsAllOrNothing) {
  ExpectAllOrNothingUnderIoFaults("intake", PrepareIntake);
}

TEST(IoFaultsTest, SigningANoteIsAllOrNothing) {
  ExpectAllOrNothingUnderIoFaults("sign note", PrepareSignNote);
}

}  // namespace
}  // namespace backcare::app
