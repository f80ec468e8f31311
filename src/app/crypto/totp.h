// Time-based one-time passwords for staff two-step sign-in: RFC 6238 TOTP over RFC 4226 HOTP
// with HMAC-SHA-1, 6 digits and 30-second steps, which is what authenticator apps (Google
// Authenticator, Aegis, 1Password, FreeOTP) use when an otpauth:// URI names no other algorithm.
// Secrets travel in base32 (RFC 4648, upper case, no padding) as those apps expect. HMAC-SHA-1
// comes from OpenSSL's libcrypto (libsodium has no SHA-1); this folder alone includes it.
//
// Recovery codes are 16 random base32 letters and digits (80 bits) shown as "abcd-efgh-ijkl-mnop";
// the store keeps only the SHA-256 of their normalised form, like API tokens.
#ifndef BACKCARE_APP_CRYPTO_TOTP_H_
#define BACKCARE_APP_CRYPTO_TOTP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare::app::crypto {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr int kRecoveryCodeCount = 10;

// RFC 4648 base32, upper case, no padding.
std::string EncodeBase32(std::string_view bytes);
// Inverse of EncodeBase32; also accepts lower case, spaces and '=' padding. Nullopt for any other
// character or a length no encoding produces.
std::optional<std::string> DecodeBase32(std::string_view text);

// A new shared secret: 20 random bytes (the HMAC-SHA-1 block RFC 4226 recommends), base32 (32
// characters).
std::string NewTotpSecret();

// The step that `unix_seconds` falls in: floor(unix_seconds / 30).
std::int64_t TotpStep(std::int64_t unix_seconds);

// HOTP(key, counter) with `digits` digits (6..8), zero-padded. `key` is raw bytes.
std::string HotpCode(std::string_view key, std::int64_t counter, int digits = kTotpDigits);

// The step in [now_step - 1, now_step + 1] whose code (from the base32 `secret`) equals `code`
// (6 digits; surrounding spaces ignored), earliest first, or nullopt. Comparison is constant-time
// per candidate.
std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code,
                                      std::int64_t now_step);

// "otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30",
// with issuer and account percent-encoded (Key Uri Format).
std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// kRecoveryCodeCount new codes, each "xxxx-xxxx-xxxx-xxxx" of [a-z2-7].
std::vector<std::string> NewRecoveryCodes();
// The SHA-256 hex the store keeps of a code as typed: spaces and '-' removed, letters lower-cased.
// Nullopt when what remains is not 16 characters of [a-z2-7].
std::optional<std::string> RecoveryCodeHash(std::string_view typed);

}  // namespace backcare::app::crypto

#endif  // BACKCARE_APP_CRYPTO_TOTP_H_
