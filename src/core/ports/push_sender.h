// The PushSender port: POSTs one encrypted Web Push message (RFC 8030) to a browser's push
// service (the libcurl adapter is src/mail/push_sender.h). The payload encryption and the VAPID
// token are made before (app/crypto/web_push.h); the sender decides only where it may POST.
#ifndef BACKCARE_CORE_PORTS_PUSH_SENDER_H_
#define BACKCARE_CORE_PORTS_PUSH_SENDER_H_

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::ports {

struct PushMessage {
  std::string endpoint;            // the subscription's URL
  std::string authorization;       // "vapid t=<JWT>, k=<public key>" (RFC 8292)
  std::string body;                // the aes128gcm-encrypted payload (RFC 8291), binary
  int ttl_seconds = 0;             // how long the push service may keep it for an offline phone
  std::string urgency = "normal";  // RFC 8030 Urgency: "very-low", "low", "normal" or "high"
};

class PushSender {
 public:
  virtual ~PushSender() = default;
  // True when this sender may POST to `endpoint`: an https:// URL whose host is one of the allowed
  // push services (http:// only for an allowed loopback host). Subscriptions to anything else are
  // refused when the patient makes them, so the server never POSTs to a host a patient names.
  virtual bool Accepts(std::string_view endpoint) const = 0;
  // OK once the push service accepted the message (2xx). kNotFound when the service says the
  // subscription is gone (404, 410): the caller deletes it. kUnavailable for what may pass (no
  // connection, a timeout, 429, 5xx). kFailedPrecondition for any other refusal (e.g. 403: the
  // VAPID key does not match the subscription's; 413: payload too large). Must be callable from
  // any one thread at a time.
  virtual Status Send(const PushMessage& message) = 0;
};

}  // namespace backcare::ports

#endif  // BACKCARE_CORE_PORTS_PUSH_SENDER_H_
