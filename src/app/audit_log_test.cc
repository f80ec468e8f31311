#include "app/audit_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "app/app_testing.h"
#include "app/audit_trail.h"

namespace backcare::app {
namespace {

using testing::TestClinic;

// Passes everything to `inner`, but runs `before_begin` (which may fail) before each Begin.
class ScriptedStore final : public ports::ClinicStore {
 public:
  explicit ScriptedStore(ports::ClinicStore& inner) : inner_(inner) {}

  std::function<Status(int call)> before_begin = [](int) { return OkStatus(); };
  std::atomic<int> begins{0};

  Result<std::unique_ptr<ports::Transaction>> Begin() override {
    RETURN_IF_ERROR(before_begin(++begins));
    return inner_.Begin();
  }
  Result<std::unique_ptr<ports::Transaction>> BeginReadOnly() override {
    return inner_.BeginReadOnly();
  }
  std::string_view BackendName() const override { return inner_.BackendName(); }
  Result<int> SchemaVersion() override { return inner_.SchemaVersion(); }
  int LatestSchemaVersion() const override { return inner_.LatestSchemaVersion(); }
  Result<std::vector<int>> Migrate() override { return inner_.Migrate(); }
  Status WriteBackup(const std::string& path, const ports::BackupOptions& options) override {
    return inner_.WriteBackup(path, options);
  }
  Status RestoreBackup(const std::string& path, const ports::BackupOptions& options) override {
    return inner_.RestoreBackup(path, options);
  }

 private:
  ports::ClinicStore& inner_;
};

// Holds the first Begin (the first batch's leader) until Release, so that callers arriving
// meanwhile queue up for the next batch: makes batch boundaries deterministic.
class FirstBeginGate {
 public:
  Status Pass(int call) {
    if (call == 1) {
      leader_in_begin_.set_value();
      released_.wait();
    }
    return OkStatus();
  }
  void WaitForLeader() { leader_in_begin_.get_future().wait(); }
  void Release() { release_.set_value(); }

 private:
  std::promise<void> leader_in_begin_;
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

TEST(AuditLogTest, RecordAppendsTheEventToTheChainBeforeReturning) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  AuditLog log(*t.store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 9, 30);
  ASSERT_TRUE(log.Record(t.therapist, at, "patient.read", "patient", t.patient_1.value()));
  ASSERT_TRUE(log.Record(t.front_desk, at, "schedule.read", "clinic", t.clinic_id.value()));

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
  EXPECT_EQ(log.batches_committed(), 2);  // one caller at a time: one commit each
  ExpectChainIntact(t);
}

TEST(AuditLogTest, CallersArrivingDuringACommitShareTheNextOne) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  ScriptedStore store(*t.store);
  FirstBeginGate gate;
  store.before_begin = [&](int call) { return gate.Pass(call); };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 10, 0);

  std::thread leader([&] { EXPECT_TRUE(log.Record(t.therapist, at, "note.read", "note", 1)); });
  gate.WaitForLeader();
  constexpr int kFollowers = 8;
  std::vector<std::thread> followers;
  for (int i = 0; i < kFollowers; ++i) {
    followers.emplace_back(
        [&, i] { EXPECT_TRUE(log.Record(t.therapist, at, "progress.read", "patient", 100 + i)); });
  }
  while (log.queued() < kFollowers) {
    std::this_thread::yield();
  }
  gate.Release();
  leader.join();
  for (std::thread& follower : followers) {
    follower.join();
  }

  EXPECT_EQ(log.batches_committed(), 2);  // the leader's event, then all eight followers at once
  EXPECT_EQ(store.begins.load(), 2);
  std::vector<clinic::AuditEvent> events = EventsAfter(t, before);
  ASSERT_EQ(events.size(), 1u + kFollowers);
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
  FirstBeginGate gate;
  store.before_begin = [&](int call) { return gate.Pass(call); };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 10, 30);
  std::thread leader([&] { EXPECT_TRUE(log.Record(t.therapist, at, "note.read", "note", 1)); });
  gate.WaitForLeader();
  std::vector<std::thread> followers;
  for (int i = 0; i < 6; ++i) {  // alternating clinics inside the second batch
    followers.emplace_back([&, i] {
      const RequestContext& who = i % 2 == 0 ? t.therapist : other_admin;
      EXPECT_TRUE(log.Record(who, at, "patient.list", "clinic", i));
    });
  }
  while (log.queued() < 6) {
    std::this_thread::yield();
  }
  gate.Release();
  leader.join();
  for (std::thread& follower : followers) {
    follower.join();
  }

  EXPECT_EQ(log.batches_committed(), 2);
  EXPECT_EQ(last_seq(t.clinic_id), before_a + 4);  // the leader's event and three followers
  EXPECT_EQ(last_seq(other), before_b + 3);
  ExpectChainIntact(t);
  auto transaction = t.store->BeginReadOnly().value();
  auto report = VerifyAuditChain(*transaction, other);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->events, before_b + 3);
}

TEST(AuditLogTest, AStoreErrorReachesTheCallerAndRecordsNothing) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  ScriptedStore store(*t.store);
  store.before_begin = [](int call) -> Status {
    if (call == 1) {
      return Unavailable("database is locked");
    }
    return OkStatus();
  };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 11, 0);
  Status failed = log.Record(t.therapist, at, "patient.read", "patient", 5);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().message, "database is locked");
  EXPECT_TRUE(EventsAfter(t, before).empty());
  EXPECT_EQ(log.batches_committed(), 0);

  // The log is not stuck: the next caller leads a new batch.
  ASSERT_TRUE(log.Record(t.therapist, at, "patient.read", "patient", 6));
  ASSERT_EQ(EventsAfter(t, before).size(), 1u);
  EXPECT_EQ(EventsAfter(t, before)[0].record_id, 6);
}

TEST(AuditLogTest, AConflictIsRetriedAndThenReported) {
  TestClinic t;
  const std::int64_t before = LastSeq(t);
  ScriptedStore store(*t.store);
  store.before_begin = [](int call) -> Status {
    if (call == 1) {
      return Conflict("audit event 9 already exists");
    }
    return OkStatus();
  };
  AuditLog log(store);
  const clinic::Timestamp at = testing::At(2024, 3, 18, 12, 0);
  ASSERT_TRUE(log.Record(t.therapist, at, "alert.list", "clinic", t.clinic_id.value()));
  EXPECT_EQ(store.begins.load(), 2);
  EXPECT_EQ(EventsAfter(t, before).size(), 1u);

  store.begins = 0;
  store.before_begin = [](int) -> Status { return Conflict("audit event 9 already exists"); };
  Status failed = log.Record(t.therapist, at, "alert.list", "clinic", t.clinic_id.value());
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.begins.load(), AuditLog::kConflictAttempts);
  EXPECT_EQ(EventsAfter(t, before).size(), 1u);
}

}  // namespace
}  // namespace backcare::app
