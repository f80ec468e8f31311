#include "app/audit_log.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "app/audit_trail.h"

namespace backcare::app {

AuditLog::AuditLog(ports::ClinicStore& store) : store_(store), writer_([this] { Run(); }) {}

AuditLog::~AuditLog() {
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  writer_.join();
}

Status AuditLog::Record(const RequestContext& context, clinic::Timestamp at,
                        std::string_view action, std::string_view record_type,
                        std::int64_t record_id) {
  std::unique_lock lock(mutex_);
  progress_.wait(lock, [this] { return queue_.size() < kMaxQueued || !failing_; });
  if (!failing_) {
    return failing_;
  }
  queue_.push_back(Event{context, at, std::string(action), std::string(record_type), record_id});
  ++recorded_;
  pending_.fetch_add(1, std::memory_order_relaxed);
  // The writer waits for a first event, or, while gathering, for a full batch.
  const bool wake = queue_.size() == 1 || queue_.size() == kMaxBatch;
  lock.unlock();
  if (wake) work_.notify_one();
  return OkStatus();
}

Status AuditLog::Flush() {
  std::unique_lock lock(mutex_);
  const std::int64_t target = recorded_;
  if (!failing_ && written_ < target) {
    return failing_;  // the batch at the front failed and waits for its retry
  }
  const std::int64_t failures_before = failures_;
  ++flushing_;
  work_.notify_one();  // the writer stops gathering
  progress_.wait(lock, [&] { return written_ >= target || failures_ != failures_before; });
  --flushing_;
  if (written_ >= target) {
    return OkStatus();
  }
  return failing_;
}

AuditLog::Health AuditLog::health() const noexcept {
  return Health{pending_.load(std::memory_order_relaxed),
                failing_now_.load(std::memory_order_relaxed)};
}

std::int64_t AuditLog::batches_committed() const {
  std::lock_guard guard(mutex_);
  return batches_committed_;
}

std::size_t AuditLog::queued() const {
  std::lock_guard guard(mutex_);
  return queue_.size();
}

void AuditLog::Run() {
  std::unique_lock lock(mutex_);
  int shutdown_failures = 0;
  while (true) {
    work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;  // stopping, and everything is written
    }
    if (!stopping_ && flushing_ == 0 && queue_.size() < kMaxBatch) {
      work_.wait_for(lock, kGather,
                     [this] { return stopping_ || flushing_ > 0 || queue_.size() >= kMaxBatch; });
    }
    // The oldest events, moved out while the batch is written and put back in front if it fails
    // (Record only appends at the back, so the order is kept).
    const auto take = static_cast<std::ptrdiff_t>(std::min(queue_.size(), kMaxBatch));
    std::vector<Event> batch(std::make_move_iterator(queue_.begin()),
                             std::make_move_iterator(queue_.begin() + take));
    queue_.erase(queue_.begin(), queue_.begin() + take);
    lock.unlock();
    Status status = WriteBatch(batch);
    lock.lock();
    if (status) {
      written_ += take;
      ++batches_committed_;
      failing_ = OkStatus();
      pending_.fetch_sub(take, std::memory_order_relaxed);
      failing_now_.store(false, std::memory_order_relaxed);
      progress_.notify_all();
      continue;
    }
    queue_.insert(queue_.begin(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
    failing_ = status;
    ++failures_;
    failing_now_.store(true, std::memory_order_relaxed);
    progress_.notify_all();
    if (stopping_ && ++shutdown_failures >= kShutdownAttempts) {
      return;  // the store stays unusable: the queued events are given up
    }
    lock.unlock();
    std::this_thread::sleep_for(kRetryDelay);
    lock.lock();
  }
}

Status AuditLog::WriteBatch(const std::vector<Event>& batch) {
  Status status;
  for (int attempt = 0; attempt < kConflictAttempts; ++attempt) {
    status = [&]() -> Status {
      ASSIGN_OR_RETURN(std::unique_ptr<ports::Transaction> transaction, store_.Begin());
      // Each clinic's chain head is read once, the batch's events for it chained in memory and
      // appended in one call.
      std::map<std::int64_t, std::pair<AuditHead, std::vector<clinic::AuditEvent>>> chains;
      for (const Event& queued : batch) {
        const ClinicId clinic_id = queued.context.actor.clinic_id;
        auto [chain, first] = chains.try_emplace(clinic_id.value());
        AuditHead& head = chain->second.first;
        if (first) {
          ASSIGN_OR_RETURN(std::optional<clinic::AuditEvent> last,
                           transaction->LastAuditEvent(clinic_id));
          if (last) {
            head = AuditHead{last->seq, last->hash};
          }
        }
        clinic::AuditEvent event = NextAuditEvent(head, queued.context, queued.at, queued.action,
                                                  queued.record_type, queued.record_id);
        head = AuditHead{event.seq, event.hash};
        chain->second.second.push_back(std::move(event));
      }
      for (const auto& [clinic_id, chain] : chains) {
        RETURN_IF_ERROR(transaction->AppendAuditEvents(ClinicId{clinic_id}, chain.second));
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
