#include "app/audit_log.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "app/audit_trail.h"

namespace backcare::app {

struct AuditLog::Pending {
  RequestContext context;
  clinic::Timestamp at;
  std::string action;
  std::string record_type;
  std::int64_t record_id = 0;
  bool done = false;
  Status status;
};

AuditLog::AuditLog(ports::ClinicStore& store) : store_(store) {}

Status AuditLog::Record(const RequestContext& context, clinic::Timestamp at,
                        std::string_view action, std::string_view record_type,
                        std::int64_t record_id) {
  auto pending = std::make_shared<Pending>();
  pending->context = context;
  pending->at = at;
  pending->action = std::string(action);
  pending->record_type = std::string(record_type);
  pending->record_id = record_id;

  std::unique_lock lock(mutex_);
  queue_.push_back(pending);
  while (!pending->done) {
    if (writing_) {
      done_.wait(lock);
      continue;
    }
    // Lead: take the oldest queued events (ours is among them unless more than kMaxBatch wait;
    // then the loop leads again or waits for whoever leads next).
    writing_ = true;
    const auto take = static_cast<std::ptrdiff_t>(std::min(queue_.size(), kMaxBatch));
    std::vector<std::shared_ptr<Pending>> batch(queue_.begin(), queue_.begin() + take);
    queue_.erase(queue_.begin(), queue_.begin() + take);
    lock.unlock();
    Status status = WriteBatch(batch);
    lock.lock();
    for (const std::shared_ptr<Pending>& event : batch) {
      event->status = status;
      event->done = true;
    }
    if (status) {
      ++batches_committed_;
    }
    writing_ = false;
    done_.notify_all();
  }
  return pending->status;
}

std::int64_t AuditLog::batches_committed() const {
  std::lock_guard guard(mutex_);
  return batches_committed_;
}

std::size_t AuditLog::queued() const {
  std::lock_guard guard(mutex_);
  return queue_.size();
}

Status AuditLog::WriteBatch(const std::vector<std::shared_ptr<Pending>>& batch) {
  Status status;
  for (int attempt = 0; attempt < kConflictAttempts; ++attempt) {
    status = [&]() -> Status {
      ASSIGN_OR_RETURN(std::unique_ptr<ports::Transaction> transaction, store_.Begin());
      // Each clinic's chain head is read once per batch, then advanced in memory.
      std::map<std::int64_t, std::optional<AuditHead>> heads;
      for (const std::shared_ptr<Pending>& event : batch) {
        RETURN_IF_ERROR(AppendAuditAfter(*transaction, event->context, event->at, event->action,
                                         event->record_type, event->record_id,
                                         heads[event->context.actor.clinic_id.value()]));
      }
      return transaction->Commit();
    }();
    if (status || status.error().code != ErrorCode::kConflict) {
      return status;
    }
  }
  return status;
}

}  // namespace backcare::app
