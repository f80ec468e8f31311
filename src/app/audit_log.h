// The audit events of reads, written in batches by a background writer. A use case that only
// reads patient data runs in a read-only transaction (in parallel with other readers) and then
// records its audit event here before it returns any data. Record queues the event and returns;
// the writer thread appends every queued event (AppendAudit's chain: the same hash chain as for
// events written inside a use case's own transaction) in one store transaction per batch and
// commits it durably (synchronous=FULL / a synchronous PostgreSQL commit).
//
// Guarantees (docs/use-cases.md, "Audit of reads"):
//  * Ordering and completeness while the process lives: events are committed in the order they
//    were recorded, none is dropped; a batch that fails stays queued and is retried.
//  * No unbounded unaudited reads: while the last batch failed (the database is busy or down),
//    Record refuses with that batch's error, so the caller returns no data; when more than
//    kMaxQueued events wait, Record waits for room.
//  * Shutdown: the destructor writes everything queued before it returns (Flush).
//  * Group commit: the writer gathers events for up to kGather before it writes a batch that
//    is not full (a Flush or shutdown cuts the wait short), so under load one commit and one
//    fsync serve many reads.
//  * The window: an event is durable within kGather plus one commit after Record returned (a
//    few milliseconds). A crash of the process or the machine inside that window loses the events
//    of reads whose data was already sent. Writes are not affected: their events commit inside the
//    write's own transaction.
//
// Both paths go through the store's single writer, so each clinic's chain stays one sequence.
#ifndef BACKCARE_APP_AUDIT_LOG_H_
#define BACKCARE_APP_AUDIT_LOG_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/actor.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"

namespace backcare::app {

class AuditLog {
 public:
  // Events per store transaction, at most.
  static constexpr std::size_t kMaxBatch = 256;
  // Events waiting to be written, at most; Record waits for room beyond this.
  static constexpr std::size_t kMaxQueued = 4096;
  // How long the writer waits for more events before writing a batch that is not full.
  static constexpr std::chrono::milliseconds kGather{2};
  // A batch that loses a race for the next sequence number (kConflict: another process appended
  // to the same clinic's chain first, e.g. two servers on one PostgreSQL) is retried this often
  // at once; any other failure is retried after kRetryDelay.
  static constexpr int kConflictAttempts = 3;
  static constexpr std::chrono::milliseconds kRetryDelay{50};
  // On destruction, a failing batch is retried this often before its events are given up.
  static constexpr int kShutdownAttempts = 20;

  // Starts the writer thread. `store` must outlive the log.
  explicit AuditLog(ports::ClinicStore& store);
  // Writes every queued event (see kShutdownAttempts), then stops the writer.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Queues one event ({who, role} and from-address from `context`; action, record, `at`).
  // Thread-safe. Fails, queuing nothing, while the writer's last batch failed: the error of that
  // batch (e.g. kUnavailable "database is locked"); the caller must then not return the data it
  // read.
  Status Record(const RequestContext& context, clinic::Timestamp at, std::string_view action,
                std::string_view record_type, std::int64_t record_id);

  // Waits until every event recorded before the call is committed. Returns the error of the
  // last batch instead when the log is failing or a batch fails meanwhile (its events stay
  // queued for the retry).
  Status Flush();

  // For /healthz, without taking the log's lock: events recorded but not yet committed, and
  // whether the last batch failed (reads are refused until one succeeds).
  struct Health {
    std::int64_t pending = 0;
    bool failing = false;
  };
  Health health() const noexcept;

  // Store transactions committed so far, and events waiting (for tests and diagnostics).
  std::int64_t batches_committed() const;
  std::size_t queued() const;

 private:
  struct Event {
    RequestContext context;
    clinic::Timestamp at;
    std::string action;
    std::string record_type;
    std::int64_t record_id = 0;
  };

  void Run();
  Status WriteBatch(const std::vector<Event>& batch);

  ports::ClinicStore& store_;
  mutable std::mutex mutex_;
  std::condition_variable work_;      // the writer waits for events or stop
  std::condition_variable progress_;  // Flush and full-queue waiters wait for a batch
  std::deque<Event> queue_;           // oldest first; a batch leaves it once committed
  std::int64_t recorded_ = 0;         // events ever queued
  std::int64_t written_ = 0;          // events ever committed
  std::int64_t failures_ = 0;         // batches that failed
  Status failing_;                    // the last batch's error until one succeeds
  std::int64_t batches_committed_ = 0;
  int flushing_ = 0;  // Flush calls waiting: the writer does not gather meanwhile
  bool stopping_ = false;
  std::atomic<std::int64_t> pending_{0};  // recorded_ - written_, readable without the lock
  std::atomic<bool> failing_now_{false};  // !failing_, readable without the lock
  std::thread writer_;                    // last: starts after every member above exists
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_AUDIT_LOG_H_
