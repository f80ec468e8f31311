// The MailSender port: hands one message to a mail server (the SMTP adapter is src/mail). The
// outbox (app/outbox_delivery.h) decides when to try and what to do with a failure.
#ifndef BACKCARE_CORE_PORTS_MAIL_SENDER_H_
#define BACKCARE_CORE_PORTS_MAIL_SENDER_H_

#include <string>

#include "core/base/result.h"

namespace backcare::ports {

struct MailMessage {
  std::string to;          // one address
  std::string subject;     // no CR or LF
  std::string body;        // plain text, UTF-8
  std::string message_id;  // unique per outbox row, so a retried message is recognisable
  // When set, the one-click unsubscribe URL (RFC 8058): sent as "List-Unsubscribe: <url>" with
  // "List-Unsubscribe-Post: List-Unsubscribe=One-Click". No CR, LF, '<' or '>'.
  std::string list_unsubscribe = {};
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // OK once the server accepted the message. kUnavailable for what may pass (no connection, a
  // timeout, a 4xx reply): retry later. kFailedPrecondition for a permanent refusal (a 5xx reply,
  // e.g. an unknown recipient): do not retry. Must be callable from any one thread at a time.
  virtual Status Send(const MailMessage& message) = 0;
};

}  // namespace backcare::ports

#endif  // BACKCARE_CORE_PORTS_MAIL_SENDER_H_
