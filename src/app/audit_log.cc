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
      // Each clinic's chain head is read once, the batch's events for it chained in memory and
      // appended in one call.
      std::map<std::int64_t, std::pair<AuditHead, std::vector<clinic::AuditEvent>>> chains;
      for (const std::shared_ptr<Pending>& pending : batch) {
        const ClinicId clinic_id = pending->context.actor.clinic_id;
        auto [chain, first] = chains.try_emplace(clinic_id.value());
        AuditHead& head = chain->second.first;
        if (first) {
          ASSIGN_OR_RETURN(std::optional<clinic::AuditEvent> last,
                           transaction->LastAuditEvent(clinic_id));
          if (last) {
            head = AuditHead{last->seq, last->hash};
          }
        }
        clinic::AuditEvent event =
            NextAuditEvent(head, pending->context, pending->at, pending->action,
                           pending->record_type, pending->record_id);
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
