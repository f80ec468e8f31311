// Group commit for the audit events of reads. A use case that only reads patient data runs in a
// read-only transaction (in parallel with other readers) and then records its audit event here;
// Record returns once the event is durable, so no patient data leaves the server unaudited.
// Concurrent callers share one store write transaction: the first caller to find no batch being
// written becomes the leader, appends every queued event (AppendAudit, so the hash chain is the
// same as for events written inside a use case's own transaction) and commits once; the others
// wait for that commit. Under load one durable commit carries many reads instead of one each.
//
// Writes keep appending their event inside their own transaction (the event must commit or roll
// back with the write); both paths go through the store's single writer, so the chain stays one
// sequence per clinic.
#ifndef BACKCARE_APP_AUDIT_LOG_H_
#define BACKCARE_APP_AUDIT_LOG_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"

namespace backcare::app {

class AuditLog {
 public:
  // Events per store transaction, at most. Batches form only while a commit is in flight, so an
  // idle server still commits each event at once.
  static constexpr std::size_t kMaxBatch = 256;
  // A batch that loses a race for the next sequence number (kConflict: another process appended
  // to the same clinic's chain first, e.g. two servers on one PostgreSQL) is retried this often.
  static constexpr int kConflictAttempts = 3;

  // `store` must outlive the log.
  explicit AuditLog(ports::ClinicStore& store);
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends one event ({who, role} and from-address from `context`; action, record, `at`) and
  // returns when it is committed. Thread-safe. Errors: those of the store for the batch that
  // carried the event (e.g. kUnavailable); the event is then not recorded and the caller must not
  // return the data it read.
  Status Record(const RequestContext& context, clinic::Timestamp at, std::string_view action,
                std::string_view record_type, std::int64_t record_id);

  // Store transactions committed by Record so far, and events waiting for the next batch (for
  // tests and diagnostics).
  std::int64_t batches_committed() const;
  std::size_t queued() const;

 private:
  struct Pending;

  Status WriteBatch(const std::vector<std::shared_ptr<Pending>>& batch);

  ports::ClinicStore& store_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::vector<std::shared_ptr<Pending>> queue_;
  bool writing_ = false;
  std::int64_t batches_committed_ = 0;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_AUDIT_LOG_H_
