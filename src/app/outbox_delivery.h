// Delivers the email outbox (core/clinic/email.h) through a ports::MailSender. Each round claims
// the messages that are due (a lease of kDeliveryLease, so two servers on one database never send
// the same message at once, and a message claimed by a server that crashed is retried when the
// lease ends), sends them outside any transaction, and records each attempt: sent, pending again
// after a backoff (30 s, doubling, at most 1 h), or failed for good (a permanent refusal, or not
// sent before its deadline). Delivery is at least once: a crash between the server's acceptance
// and the record sends the message again.
#ifndef BACKCARE_APP_OUTBOX_DELIVERY_H_
#define BACKCARE_APP_OUTBOX_DELIVERY_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/base/result.h"
#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "core/ports/mail_sender.h"

namespace backcare::app {

inline constexpr std::chrono::minutes kDeliveryLease{5};
inline constexpr int kDeliveryBatch = 20;

// The wait before the next try after `attempts` failed ones (1 -> 30 s, 2 -> 60 s, ... <= 1 h).
std::chrono::seconds RetryDelay(int attempts);

struct DeliveryRound {
  int sent = 0;
  int retrying = 0;  // failed for now, tried again later
  int failed = 0;    // given up
};

class OutboxDelivery {
 public:
  // `sender` may be null: no mail server is configured, and rounds only count what is pending.
  // Everything is borrowed and must outlive this object.
  OutboxDelivery(ports::ClinicStore& store, const ports::Clock& clock, ports::MailSender* sender);
  ~OutboxDelivery();  // stops the thread
  OutboxDelivery(const OutboxDelivery&) = delete;
  OutboxDelivery& operator=(const OutboxDelivery&) = delete;

  // One round, on the caller's thread (tests, and the thread below).
  Result<DeliveryRound> DeliverDue();

  // Runs a round every `interval` on a thread of its own until destruction. `report` (called on
  // that thread) hears of every message not sent ("email 7 to be retried: <error>") and of a
  // round's own error (the store busy or down); the next round tries again.
  void Start(std::chrono::milliseconds interval, std::function<void(const std::string&)> report);

  // Messages pending after the last round (or the count taken at Start): /healthz shows it.
  std::int64_t pending() const { return pending_.load(); }

 private:
  Status Record(const clinic::OutgoingEmail& email, clinic::EmailStatus status,
                clinic::Timestamp at, clinic::Timestamp next, std::string_view error);
  Status RefreshPending();

  ports::ClinicStore& store_;
  const ports::Clock& clock_;
  ports::MailSender* sender_;
  std::function<void(const std::string&)> report_;
  std::atomic<std::int64_t> pending_{0};
  // Set at destruction: a round in progress stops between two messages, so a slow or unreachable
  // mail server delays shutdown by at most one submission (SmtpSettings::timeout).
  std::atomic<bool> stopping_requested_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_OUTBOX_DELIVERY_H_
