#include "http/server/trusted_proxies.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace backcare::http {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// 16 bytes, IPv4 mapped into ::ffff:0:0/96; `is_v4` says which it was.
std::optional<std::array<std::uint8_t, 16>> ParseAddress(std::string_view text, bool& is_v4) {
  std::string copy(text);
  std::array<std::uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
    is_v4 = true;
    return bytes;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    is_v4 = false;
    return bytes;
  }
  return std::nullopt;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(std::string_view comma_separated) {
  TrustedProxies out;
  std::vector<FieldError> errors;
  std::string_view rest = comma_separated;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view entry = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (entry.empty()) continue;
    std::size_t slash = entry.find('/');
    bool is_v4 = false;
    std::optional<std::array<std::uint8_t, 16>> bytes = ParseAddress(entry.substr(0, slash), is_v4);
    int prefix = -1;
    if (bytes) {
      int max_bits = is_v4 ? 32 : 128;
      prefix = max_bits;
      if (slash != std::string_view::npos) {
        std::string_view bits = entry.substr(slash + 1);
        auto [end, error] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
        if (error != std::errc() || end != bits.data() + bits.size() || bits.empty() ||
            prefix < 0 || prefix > max_bits) {
          prefix = -1;
        }
      }
      if (is_v4 && prefix >= 0) prefix += 96;
    }
    if (prefix < 0) {
      errors.push_back({"", "trusted_proxies",
                        "expected an IP address or CIDR range, got '" + std::string(entry) + "'"});
      continue;
    }
    out.ranges_.push_back(Range{*bytes, prefix});
  }
  if (!errors.empty()) return InvalidInput("invalid trusted_proxies", std::move(errors));
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  bool is_v4 = false;
  std::optional<std::array<std::uint8_t, 16>> bytes = ParseAddress(address, is_v4);
  if (!bytes) return false;
  for (const Range& range : ranges_) {
    int bits = range.prefix_bits;
    bool match = true;
    for (int i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
      auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
      match = ((*bytes)[static_cast<std::size_t>(i)] & mask) ==
              (range.bytes[static_cast<std::size_t>(i)] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer,
                                          std::optional<std::string_view> forwarded_for) const {
  if (!forwarded_for || !Contains(peer)) return std::string(peer);
  std::string client(peer);
  std::string_view rest = *forwarded_for;
  while (!rest.empty()) {
    std::size_t comma = rest.rfind(',');
    std::string_view entry = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    bool is_v4 = false;
    if (!ParseAddress(entry, is_v4)) break;
    client = std::string(entry);
    if (!Contains(entry)) break;
  }
  return client;
}

}  // namespace backcare::http
