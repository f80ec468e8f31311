#include "app/outbox_delivery.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace backcare::app {

std::chrono::seconds RetryDelay(int attempts) {
  const int doublings = std::clamp(attempts - 1, 0, 7);  // 30 s * 2^7 > 1 h
  return std::min(std::chrono::seconds(30) * (1 << doublings),
                  std::chrono::seconds(std::chrono::hours(1)));
}

OutboxDelivery::OutboxDelivery(ports::ClinicStore& store, const ports::Clock& clock,
                               ports::MailSender* sender)
    : store_(store), clock_(clock), sender_(sender) {}

OutboxDelivery::~OutboxDelivery() {
  stopping_requested_.store(true);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status OutboxDelivery::RefreshPending() {
  ASSIGN_OR_RETURN(auto transaction, store_.BeginReadOnly());
  ASSIGN_OR_RETURN(std::int64_t pending, transaction->CountPendingEmails());
  pending_.store(pending);
  return OkStatus();
}

Status OutboxDelivery::Record(const clinic::OutgoingEmail& email, clinic::EmailStatus status,
                              clinic::Timestamp at, clinic::Timestamp next,
                              std::string_view error) {
  ASSIGN_OR_RETURN(auto transaction, store_.Begin());
  RETURN_IF_ERROR(transaction->RecordEmailAttempt(email.id, status, at, next, error));
  return transaction->Commit();
}

Result<DeliveryRound> OutboxDelivery::DeliverDue() {
  DeliveryRound round;
  // A read first: most rounds find nothing pending and then take no write lock.
  RETURN_IF_ERROR(RefreshPending());
  if (sender_ == nullptr || pending_.load() == 0) {
    return round;
  }
  const clinic::Timestamp now = clock_.Now();
  std::vector<clinic::OutgoingEmail> claimed;
  {
    ASSIGN_OR_RETURN(auto transaction, store_.Begin());
    ASSIGN_OR_RETURN(claimed,
                     transaction->ClaimDueEmails(now, now + kDeliveryLease, kDeliveryBatch));
    RETURN_IF_ERROR(transaction->Commit());
  }
  for (const clinic::OutgoingEmail& email : claimed) {
    if (stopping_requested_.load()) {
      break;  // shutting down: the rest keep their lease and are tried again after it
    }
    if (now >= email.deliver_by) {
      RETURN_IF_ERROR(Record(email, clinic::EmailStatus::kFailed, now, now,
                             "not sent before its deadline; last error: " + email.last_error));
      ++round.failed;
      continue;
    }
    ports::MailMessage message{email.recipient, email.subject, email.body,
                               "outbox-" + std::to_string(email.id.value()) + "-" +
                                   std::to_string(clinic::ToUnixMicros(email.created_at)),
                               email.list_unsubscribe};
    const Status sent = sender_->Send(message);
    const clinic::Timestamp at = clock_.Now();
    if (sent) {
      RETURN_IF_ERROR(Record(email, clinic::EmailStatus::kSent, at, at, ""));
      ++round.sent;
      continue;
    }
    const std::string what = "email " + std::to_string(email.id.value());
    if (sent.error().code == ErrorCode::kFailedPrecondition) {
      RETURN_IF_ERROR(Record(email, clinic::EmailStatus::kFailed, at, at, sent.error().message));
      if (report_) report_(what + " refused for good: " + sent.error().message);
      ++round.failed;
    } else {
      if (report_) report_(what + " to be retried: " + sent.error().message);
      RETURN_IF_ERROR(Record(email, clinic::EmailStatus::kPending, at,
                             at + RetryDelay(email.attempts + 1), sent.error().message));
      ++round.retrying;
    }
  }
  RETURN_IF_ERROR(RefreshPending());
  return round;
}

void OutboxDelivery::Start(std::chrono::milliseconds interval,
                           std::function<void(const std::string&)> report) {
  report_ = std::move(report);
  (void)RefreshPending();  // a failure shows in the first round's report
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      if (Result<DeliveryRound> round = DeliverDue(); !round && report_) {
        report_("email delivery round failed: " + round.error().ToString());
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

}  // namespace backcare::app
