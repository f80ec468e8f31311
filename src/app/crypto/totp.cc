#include "app/crypto/totp.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "app/crypto/crypto.h"
#include "core/base/check.h"

namespace backcare::app::crypto {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::size_t at = kBase32Alphabet.find(upper);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::string RandomBytes(std::size_t count) {
  BACKCARE_CHECK(sodium_init() >= 0);
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string EncodeBase32(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char ch : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += kBase32Alphabet[(buffer << (5 - bits)) & 31];
  }
  return out;
}

std::optional<std::string> DecodeBase32(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    const int value = Base32Value(c);
    if (value < 0 || padding) return std::nullopt;
    ++symbols;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // Only 0, 2, 4, 5 or 7 symbols can end a group (RFC 4648 section 6), and the unused bits are 0.
  const std::size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string NewTotpSecret() { return EncodeBase32(RandomBytes(20)); }

std::int64_t TotpStep(std::int64_t unix_seconds) {
  const std::int64_t step = unix_seconds / kTotpStepSeconds;
  return unix_seconds < 0 && unix_seconds % kTotpStepSeconds != 0 ? step - 1 : step;
}

std::string HotpCode(std::string_view key, std::int64_t counter, int digits) {
  BACKCARE_CHECK(digits >= 6 && digits <= 8);
  std::array<unsigned char, 8> message{};
  auto value = static_cast<std::uint64_t>(counter);
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  const unsigned char* done = HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
                                   message.data(), message.size(), mac.data(), &mac_length);
  BACKCARE_CHECK(done != nullptr && mac_length == 20);
  // Dynamic truncation (RFC 4226 section 5.3).
  const unsigned offset = mac[19] & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code,
                                      std::int64_t now_step) {
  while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
  while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const std::optional<std::string> key = DecodeBase32(secret);
  if (!key || key->empty()) return std::nullopt;
  std::optional<std::int64_t> match;
  for (std::int64_t step = now_step - 1; step <= now_step + 1; ++step) {
    const std::string expected = HotpCode(*key, step);
    if (CRYPTO_memcmp(expected.data(), code.data(), code.size()) == 0 && !match) {
      match = step;
    }
  }
  return match;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(account) +
         "?secret=" + std::string(secret) + "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

std::vector<std::string> NewRecoveryCodes() {
  std::vector<std::string> codes;
  while (codes.size() < static_cast<std::size_t>(kRecoveryCodeCount)) {
    std::string letters = EncodeBase32(RandomBytes(10));  // 80 bits -> 16 symbols
    for (char& c : letters) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string code = letters.substr(0, 4) + "-" + letters.substr(4, 4) + "-" +
                       letters.substr(8, 4) + "-" + letters.substr(12, 4);
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  return codes;
}

std::optional<std::string> RecoveryCodeHash(std::string_view typed) {
  std::string normal;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!((lower >= 'a' && lower <= 'z') || (lower >= '2' && lower <= '7'))) return std::nullopt;
    normal += lower;
    if (normal.size() > 16) return std::nullopt;
  }
  if (normal.size() != 16) return std::nullopt;
  return Sha256Hex("backcare recovery code\n" + normal);
}

}  // namespace backcare::app::crypto
