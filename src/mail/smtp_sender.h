// The SMTP adapter of ports::MailSender: message submission with libcurl. The connection is
// encrypted (smtps://, or STARTTLS required on smtp://) unless the server is on loopback, where a
// local relay usually listens without TLS. The only file that includes curl.
#ifndef BACKCARE_MAIL_SMTP_SENDER_H_
#define BACKCARE_MAIL_SMTP_SENDER_H_

#include <chrono>
#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/ports/mail_sender.h"

namespace backcare::mail {

struct SmtpSettings {
  std::string url;       // "smtp://host:587" (STARTTLS) or "smtps://host:465"
  std::string from;      // the envelope and From: address, e.g. "clinic@example.org"
  std::string username;  // empty: no authentication
  std::string password;
  std::chrono::seconds timeout{30};  // for the whole submission
};

// kInvalidInput naming the field ("smtp_url": not smtp:// or smtps:// with a host; "smtp_from": not
// one address) when the settings cannot work.
Result<std::unique_ptr<ports::MailSender>> NewSmtpSender(SmtpSettings settings);

// True for 127.0.0.0/8, ::1 and "localhost" (plain SMTP is allowed there).
bool IsLoopbackHost(std::string_view host);

}  // namespace backcare::mail

#endif  // BACKCARE_MAIL_SMTP_SENDER_H_
