// An email in the outbox: written in the same transaction as what it announces (an invitation, a
// password reset), so a message is never lost to a crash or an unreachable mail server; delivered
// by app/outbox_delivery.h with retries and backoff. Bodies carry no clinical detail, and a sent
// message's body is erased (it may hold a one-time link).
#ifndef BACKCARE_CORE_CLINIC_EMAIL_H_
#define BACKCARE_CORE_CLINIC_EMAIL_H_

#include <optional>
#include <string>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class EmailStatus {
  kPending,  // waiting for its next attempt
  kSent,     // accepted by the mail server; the body is erased
  kFailed,   // refused for good (a permanent SMTP error) or past its deadline
};

inline constexpr EnumNames<EmailStatus, 3> kEmailStatusNames = {{
    {EmailStatus::kPending, "pending"},
    {EmailStatus::kSent, "sent"},
    {EmailStatus::kFailed, "failed"},
}};

struct OutgoingEmail {
  EmailId id;
  ClinicId clinic_id;
  std::string recipient;  // one address; no CR or LF
  std::string subject;    // no CR or LF
  std::string body;       // plain text, UTF-8
  Timestamp created_at;
  Timestamp deliver_by;  // given up (kFailed) when not sent by then
  EmailStatus status = EmailStatus::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;  // when pending: the earliest next try (also a delivery lease)
  std::optional<Timestamp> sent_at;
  std::string last_error;  // the mail server's or the network's last answer; empty when none
  // The one-click unsubscribe URL of a reminder (RFC 8058): sent as the List-Unsubscribe header
  // with List-Unsubscribe-Post; empty for mail without one (invitations, password resets).
  // http(s), no CR, LF, space, '<' or '>'.
  std::string list_unsubscribe;
  friend bool operator==(const OutgoingEmail&, const OutgoingEmail&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_EMAIL_H_
