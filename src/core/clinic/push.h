// Web Push (RFC 8030) for patients who opt in on their phone: the clinic's VAPID key pair
// (RFC 8292), each subscription a patient's browser made, and the checks on what a browser sends.
// The payload encryption (RFC 8291) and the signed VAPID token are app/crypto/web_push.h; the
// HTTP POST to the push service is the ports::PushSender adapter (src/mail).
#ifndef BACKCARE_CORE_CLINIC_PUSH_H_
#define BACKCARE_CORE_CLINIC_PUSH_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

// A clinic's application-server key pair on P-256, unpadded base64url: the public key is the
// 65-byte uncompressed point (87 characters, what a browser's applicationServerKey takes), the
// private key the 32-byte scalar (43 characters). Made at `clinic create`, or at the first use
// for a clinic made before schema 22. The private key never leaves the server.
struct VapidKeys {
  std::string public_key;
  std::string private_key;
  Timestamp created_at;
  friend bool operator==(const VapidKeys&, const VapidKeys&) = default;
};

// One browser's push subscription (PushSubscription.toJSON() in the browser): where to POST and
// the keys the payload is encrypted to. An endpoint belongs to one patient of one clinic; the
// browser subscribing again replaces the keys.
struct PushSubscription {
  PushSubscriptionId id;
  ClinicId clinic_id;
  PatientId patient_id;
  std::string endpoint;  // the push service's URL for this browser
  std::string p256dh;    // the browser's P-256 public key, unpadded base64url (87 characters)
  std::string auth;      // the 16-byte authentication secret, unpadded base64url (22 characters)
  Timestamp created_at;
  friend bool operator==(const PushSubscription&, const PushSubscription&) = default;
};

inline constexpr std::size_t kMaxPushEndpointLength = 2048;
inline constexpr std::size_t kP256PublicKeyBase64Length = 87;
inline constexpr std::size_t kPushAuthSecretBase64Length = 22;
// A patient keeps at most this many subscriptions (phones, tablets, browsers); subscribing one
// more drops the oldest.
inline constexpr int kMaxPushSubscriptionsPerPatient = 10;

// kInvalidInput naming each bad field: "endpoint" (an absolute https:// URL with a host, at most
// 2048 characters, no spaces or control characters; http:// is accepted here and refused by the
// sender unless its host is allowed, see ports::PushSender), "keys.p256dh" (87 base64url
// characters, of a point starting 0x04, i.e. "B..."), "keys.auth" (22 base64url characters). A
// trailing '=' padding is not accepted: browsers send none.
Status ValidatePushSubscription(const PushSubscription& subscription);

// The host of an http(s) URL ("fcm.googleapis.com" for "https://fcm.googleapis.com/fcm/send/x",
// "127.0.0.1" for "http://127.0.0.1:8080/p"), lower-cased; empty when the URL has none.
std::string UrlHost(std::string_view url);

// The origin "scheme://host[:port]" of an http(s) URL, the audience of a VAPID token; empty when
// the URL has no host.
std::string UrlOrigin(std::string_view url);

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_PUSH_H_
