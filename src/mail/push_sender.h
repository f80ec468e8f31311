// The Web Push adapter of ports::PushSender: one HTTPS POST per message with libcurl (RFC 8030
// section 5: TTL, Urgency, Content-Encoding: aes128gcm, the VAPID Authorization header).
//
// It POSTs only to the push services it is told of, so a patient's browser cannot make the server
// send requests to a host of the patient's choosing: by default the services of Chrome/Android
// (fcm.googleapis.com), Firefox (updates.push.services.mozilla.com), Edge (*.notify.windows.com)
// and Safari (*.push.apple.com). https:// always, except an allowed loopback host (tests).
// No redirects are followed.
#ifndef BACKCARE_MAIL_PUSH_SENDER_H_
#define BACKCARE_MAIL_PUSH_SENDER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/ports/push_sender.h"

namespace backcare::mail {

struct PushSenderSettings {
  // Each entry is a host ("fcm.googleapis.com") or, starting with a dot, a domain whose
  // subdomains are allowed (".push.apple.com"); an IPv6 address without brackets. Compared
  // case-insensitively.
  std::vector<std::string> allowed_hosts;
  std::chrono::seconds timeout{10};  // for the whole request
};

// The default allowed_hosts (see the header comment).
std::vector<std::string> DefaultPushHosts();

// kInvalidInput (field "push_hosts") when an entry is empty or holds anything but letters, digits,
// '.', '-' and ':' (IPv6).
Result<std::unique_ptr<ports::PushSender>> NewPushSender(PushSenderSettings settings);

}  // namespace backcare::mail

#endif  // BACKCARE_MAIL_PUSH_SENDER_H_
