#include "app/audit_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "app/audit_trail.h"
#include "testing/app_testing.h"
#include "testing/forwarding_store.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::TestClinic;

// Passes everything to `inner`, but runs `before_begin` (which may fail) before each Begin.
class ScriptedStore final : public ::backcare::testing::ForwardingStore {
 public:
  explicit ScriptedStore(ports::ClinicStore& inner) : ForwardingStore(inner) {}

  std::function<Status(int call)> before_begin = [](int) { return OkStatus(); };
  std::atomic<int> begins{0};

  Result<std::unique_ptr<ports::Transaction>> Begin() override {
    RETURN_IF_ERROR(before_begin(++begins));
    return ForwardingStore::Begin();
  }
};

// Holds Begin number `held` (a batch's store transaction) until Release, so that events recorded
// meanwhile queue up for the next batch: makes batch boundaries deterministic.
class BeginGate {
 public:
  explicit BeginGate(int held = 1) : held_(held) {}
  Status Pass(int call) {
    if (call == held_) {
      in_begin_.set_value();
      released_.wait();
    }
    return OkStatus();
  }
  void WaitForWriter() { in_begin_.get_future().wait(); }
  void Release() { release_.set_value(); }

 private:
  int held_;
  std::promise<void> in_begin_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
};

std::vector<clinic::AuditEvent> EventsAfter(TestClinic& t, std::int64_t after_seq) {
  auto transaction = t.store->BeginReadOnly().value();
  return transaction->ListAuditEvents(t.clinic_id, after_seq, 100000).value();
}

std::int64_t LastSeq(TestClinic& t) {
  auto transaction = t.store->BeginReadOnly().value();
  auto last = transaction->LastAuditEvent(t.clinic_id).value();
  return last ? last->seq : 0;
}

void ExpectChainIntact(TestClinic& t) {
  auto transaction = t.store->BeginReadOnly().value();
  auto report = VerifyAuditChain(*transaction, t.clinic_id);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
}

TEST(AuditLogTest, FlushCommitsRecordedEventsInOrder) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  AuditLog log(*t.store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 9, 30);
  ASSERT_TRUE(log.Record(t.therapist, at, "patient.read", "patient", t.patient_1.value()));
  ASSERT_TRUE(log.Record(t.front_desk, at, "schedule.read", "clinic", t.clinic_id.value()));
  ASSERT_TRUE(log.Flush());

  std::vector<clinic::AuditEvent> events = EventsAfter(t, before);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].seq, before + 1);
  EXPECT_EQ(events[0].actor, t.therapist.actor.user_id);
  EXPECT_EQ(events[0].role, "therapist");
  EXPECT_EQ(events[0].action, "patient.read");
  EXPECT_EQ(events[0].record_type, "patient");
  EXPECT_EQ(events[0].record_id, t.patient_1.value());
  EXPECT_EQ(events[0].from_address, "192.0.2.1");
  EXPECT_EQ(events[0].at, at);
  EXPECT_EQ(events[1].seq, before + 2);
  EXPECT_EQ(events[1].role, "front_desk");
  EXPECT_EQ(events[1].action, "schedule.read");
  EXPECT_EQ(log.queued(), 0u);
  ExpectChainIntact(t);
}

TEST(AuditLogTest, EventsRecordedDuringACommitShareTheNextOne) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  ScriptedStore store(*t.store);
  BeginGate gate;
  store.before_begin = [&](int call) { return gate.Pass(call); };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 10, 0);

  ASSERT_TRUE(log.Record(t.therapist, at, "note.read", "note", 1));
  gate.WaitForWriter();  // the first batch (that one event) is being written
  constexpr int kLater = 8;
  std::vector<std::thread> readers;
  readers.reserve(kLater);
  for (int i = 0; i < kLater; ++i) {
    readers.emplace_back(
        [&, i] { EXPECT_TRUE(log.Record(t.therapist, at, "progress.read", "patient", 100 + i)); });
  }
  for (std::thread& reader : readers) {
    reader.join();  // Record returns without waiting for the commit
  }
  EXPECT_EQ(log.queued(), static_cast<std::size_t>(kLater));
  gate.Release();
  ASSERT_TRUE(log.Flush());

  EXPECT_EQ(log.batches_committed(), 2);  // the first event, then all eight at once
  EXPECT_EQ(store.begins.load(), 2);
  std::vector<clinic::AuditEvent> events = EventsAfter(t, before);
  ASSERT_EQ(events.size(), 1u + kLater);
  EXPECT_EQ(events[0].action, "note.read");
  std::vector<std::int64_t> ids;
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].action, "progress.read");
    ids.push_back(events[i].record_id);
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::int64_t>{100, 101, 102, 103, 104, 105, 106, 107}));
  ExpectChainIntact(t);
}

TEST(AuditLogTest, OneBatchKeepsEachClinicsChainSeparate) {
  TestClinic t;
  const ClinicId other = t.clinics.CreateClinic({"Second Clinic", "Europe/London"}, "test").value();
  const RequestContext other_admin{SystemActor(other), "198.51.100.7"};
  auto last_seq = [&](ClinicId clinic_id) {
    auto transaction = t.store->BeginReadOnly().value();
    auto last = transaction->LastAuditEvent(clinic_id).value();
    return last ? last->seq : 0;
  };
  const std::int64_t before_a = last_seq(t.clinic_id);
  const std::int64_t before_b = last_seq(other);

  ScriptedStore store(*t.store);
  BeginGate gate;
  store.before_begin = [&](int call) { return gate.Pass(call); };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 10, 30);
  ASSERT_TRUE(log.Record(t.therapist, at, "note.read", "note", 1));
  gate.WaitForWriter();
  for (int i = 0; i < 6; ++i) {  // alternating clinics inside the second batch
    const RequestContext& who = i % 2 == 0 ? t.therapist : other_admin;
    ASSERT_TRUE(log.Record(who, at, "patient.list", "clinic", i));
  }
  EXPECT_EQ(log.queued(), 6u);
  gate.Release();
  ASSERT_TRUE(log.Flush());

  EXPECT_EQ(log.batches_committed(), 2);
  EXPECT_EQ(last_seq(t.clinic_id), before_a + 4);  // the first event and three of the batch
  EXPECT_EQ(last_seq(other), before_b + 3);
  ExpectChainIntact(t);
  auto transaction = t.store->BeginReadOnly().value();
  ASSERT_OK_AND_ASSIGN(AuditChainReport report, VerifyAuditChain(*transaction, other));
  EXPECT_EQ(report.events, before_b + 3);
}

// Waits for the log's background retry to clear its failure: true once healthy, false when it is
// still failing after 30 s (a regression), so the test fails instead of spinning forever.
bool WaitUntilHealthy(const AuditLog& log) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (log.health().failing) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(AuditLogTest, AFailedBatchStaysQueuedAndRefusesNewEventsUntilItIsWritten) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  ScriptedStore store(*t.store);
  BeginGate retry_gate(2);  // holds the retry, so the log is seen failing
  store.before_begin = [&](int call) -> Status {
    if (call == 1) {
      return Unavailable("database is locked");
    }
    return retry_gate.Pass(call);
  };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 11, 0);
  ASSERT_TRUE(log.Record(t.therapist, at, "patient.read", "patient", 5));
  ASSERT_ERROR_AND_ASSIGN(Error failed, log.Flush(), ErrorCode::kUnavailable);
  EXPECT_EQ(failed.message, "database is locked");
  EXPECT_TRUE(EventsAfter(t, before).empty());

  // While failing, a read is refused with the batch's error and queues nothing.
  ASSERT_ERROR_AND_ASSIGN(Error refused, log.Record(t.therapist, at, "patient.read", "patient", 6),
                          ErrorCode::kUnavailable);
  EXPECT_EQ(refused.message, "database is locked");
  EXPECT_TRUE(log.health().failing);  // /healthz answers 503 meanwhile
  EXPECT_EQ(log.health().pending, 1);

  retry_gate.WaitForWriter();
  retry_gate.Release();  // the retry (after kRetryDelay) writes the kept event
  ASSERT_TRUE(WaitUntilHealthy(log));
  ASSERT_TRUE(log.Flush());
  std::vector<clinic::AuditEvent> events = EventsAfter(t, before);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].record_id, 5);
  EXPECT_EQ(log.batches_committed(), 1);
  EXPECT_EQ(log.health().pending, 0);
  ASSERT_TRUE(log.Record(t.therapist, at, "patient.read", "patient", 7));  // healthy again
  ASSERT_TRUE(log.Flush());
  EXPECT_EQ(EventsAfter(t, before).size(), 2u);
}

TEST(AuditLogTest, AConflictIsRetriedAtOnceAndThenReported) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  ScriptedStore store(*t.store);
  std::atomic<int> conflicts_from{0};  // Begin calls >= this one conflict (0: none)
  BeginGate hold(2 + AuditLog::kConflictAttempts + 1);  // the delayed retry
  store.before_begin = [&](int call) -> Status {
    if (call == 1) {
      return Conflict("audit event 9 already exists");
    }
    const int from = conflicts_from.load();
    if (from != 0 && call >= from && call < from + AuditLog::kConflictAttempts) {
      return Conflict("audit event 9 already exists");
    }
    return hold.Pass(call);
  };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 12, 0);
  ASSERT_TRUE(log.Record(t.therapist, at, "alert.list", "clinic", t.clinic_id.value()));
  ASSERT_TRUE(log.Flush());
  EXPECT_EQ(store.begins.load(), 2);  // the conflict, then the retry that committed
  EXPECT_EQ(EventsAfter(t, before).size(), 1u);

  conflicts_from = 3;  // the next batch conflicts kConflictAttempts times in a row
  ASSERT_TRUE(log.Record(t.therapist, at, "alert.list", "clinic", t.clinic_id.value()));
  ASSERT_ERROR_AND_ASSIGN(Error failed, log.Flush(), ErrorCode::kConflict);
  EXPECT_EQ(failed.message, "audit event 9 already exists");
  EXPECT_EQ(EventsAfter(t, before).size(), 1u);
  hold.WaitForWriter();  // the delayed retry: Begin 2 + kConflictAttempts + 1
  EXPECT_EQ(store.begins.load(), 2 + AuditLog::kConflictAttempts + 1);
  hold.Release();
  ASSERT_TRUE(WaitUntilHealthy(log));
  ASSERT_TRUE(log.Flush());
  EXPECT_EQ(EventsAfter(t, before).size(), 2u);
}

TEST(AuditLogTest, DestroyingTheLogWritesEverythingQueued) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 13, 0);
  constexpr int kEvents = 600;  // more than two batches
  {
    AuditLog log(*t.store);
    for (int i = 0; i < kEvents; ++i) {
      ASSERT_TRUE(log.Record(t.therapist, at, "patient.read", "patient", i));
    }
  }
  std::vector<clinic::AuditEvent> events = EventsAfter(t, before);
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) {
    EXPECT_EQ(events[static_cast<std::size_t>(i)].record_id, i);  // in the order recorded
  }
  ExpectChainIntact(t);
}

}  // namespace
}  // namespace backcare::app
