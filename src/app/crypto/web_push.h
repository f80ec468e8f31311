// The cryptography of Web Push: the clinic's P-256 VAPID key pair, the payload encryption a
// browser can open (RFC 8291 over the "aes128gcm" content coding of RFC 8188) and the signed
// VAPID Authorization header (RFC 8292). On OpenSSL 3's EVP interfaces (ECDH, ECDSA, HMAC-SHA-256
// for HKDF, AES-128-GCM) and libsodium's base64url; no OpenSSL type crosses this header. The HTTP
// POST itself is the ports::PushSender adapter. Every function here is thread-safe.
#ifndef BACKCARE_APP_CRYPTO_WEB_PUSH_H_
#define BACKCARE_APP_CRYPTO_WEB_PUSH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::app::crypto {

// One record of at most this many bytes; the whole body (86-byte header, payload, the 0x02
// padding delimiter and the 16-byte tag) also stays within it, the 4096 bytes RFC 8030 section 7.2
// obliges every push service to accept.
inline constexpr std::size_t kPushRecordSizeBytes = 4096;
inline constexpr std::size_t kMaxPushPayloadBytes = 3993;

// A P-256 key pair in unpadded base64url: `public_key` the 65-byte uncompressed point (87
// characters, starting "B"), `private_key` the 32-byte big-endian scalar (43 characters).
struct VapidKeyPair {
  std::string public_key;
  std::string private_key;
  friend bool operator==(const VapidKeyPair&, const VapidKeyPair&) = default;
};

// A fresh random key pair from the OS CSPRNG (via OpenSSL).
VapidKeyPair NewVapidKeyPair();

// RFC 4648 section 5 base64url without '=' padding.
std::string Base64UrlEncode(std::string_view bytes);
// Inverse of Base64UrlEncode. Nullopt for padding, whitespace, a character outside the base64url
// alphabet, a length no encoding produces (4n+1) or non-zero unused bits in the last character.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// The whole HTTP body of an RFC 8291 push message ("Content-Encoding: aes128gcm"), one record:
// salt (16) | record size 4096 (uint32 big-endian) | key id length 65 | the sender's public key
// (65) | AES-128-GCM ciphertext of plaintext || 0x02, with its 16-byte tag. The sender key pair
// and the salt are fresh and random for each call, so two encryptions of one text differ.
// `ua_public_b64` and `auth_secret_b64` are the subscription's keys.p256dh and keys.auth.
// kInvalidInput with a field error for each bad input: "keys.p256dh" (not base64url of an
// uncompressed point on P-256), "keys.auth" (not base64url of 16 bytes), "payload" (more than
// kMaxPushPayloadBytes bytes).
Result<std::string> EncryptPushPayload(std::string_view plaintext, std::string_view ua_public_b64,
                                       std::string_view auth_secret_b64);

// EncryptPushPayload with the sender key pair and the 16-byte salt given, for reproducing
// published examples (RFC 8291 appendix A); never reuse a sender key pair with a salt in
// production. Besides the errors above, kInvalidInput naming "sender.public_key" or
// "sender.private_key" when `sender` is not a valid P-256 key pair (the public key must be the
// private key's), and "salt" when `salt` is not 16 bytes.
Result<std::string> EncryptPushPayloadWith(std::string_view plaintext,
                                           std::string_view ua_public_b64,
                                           std::string_view auth_secret_b64,
                                           const VapidKeyPair& sender, std::string_view salt);

// The Authorization header value of RFC 8292 section 3: "vapid t=<JWT>, k=<public key>". The JWT
// (RFC 7519) is signed with ES256: header {"typ":"JWT","alg":"ES256"}, claims
// {"aud":<audience_origin>,"exp":<expires_at_unix_seconds>,"sub":<subject>}, the signature the
// 64-byte r || s of RFC 7515 appendix A.3; each part unpadded base64url. `audience_origin` is the
// push service's origin (clinic::UrlOrigin of the endpoint), `subject` a mailto: or https:
// contact; an empty one leaves "sub" out. The caller picks the expiry; push services refuse one
// more than 24 hours ahead. kInvalidInput naming "audience" (empty) or "audience"/"subject"
// (holding '"', '\\' or a control character: the JSON is written without escaping),
// "vapid.private_key" (not a P-256 scalar) or "vapid.public_key" (not the private key's point).
Result<std::string> VapidAuthorization(std::string_view audience_origin, std::string_view subject,
                                       std::int64_t expires_at_unix_seconds,
                                       const VapidKeyPair& keys);

}  // namespace backcare::app::crypto

#endif  // BACKCARE_APP_CRYPTO_WEB_PUSH_H_
