// Which peers may name the client in X-Forwarded-For: a list of CIDR ranges (IPv4 and IPv6,
// "10.0.0.0/8, ::1/128"; a bare address is a /32 or /128). Only when the TCP peer is in the list
// does ClientAddress take the address from X-Forwarded-For, so a client cannot choose the
// address that login throttling counts and the audit trail records. Pure; immutable after Parse.
#ifndef BACKCARE_HTTP_SERVER_TRUSTED_PROXIES_H_
#define BACKCARE_HTTP_SERVER_TRUSTED_PROXIES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace backcare::http {

class TrustedProxies {
 public:
  // An empty list trusts nobody. kInvalidInput "invalid trusted_proxies" with one field error
  // per bad entry: "expected an IP address or CIDR range, got 'x'".
  static Result<TrustedProxies> Parse(std::string_view comma_separated);

  bool Contains(std::string_view address) const;

  // The client's address: `peer`, unless `peer` is trusted and `forwarded_for` (the
  // X-Forwarded-For value) is set; then the rightmost address of that list that is not itself a
  // trusted proxy (each proxy appends the address it saw). Entries that are not IP addresses end
  // the walk (the last good address is used).
  std::string ClientAddress(std::string_view peer,
                            std::optional<std::string_view> forwarded_for) const;

 private:
  struct Range {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
    int prefix_bits = 0;                   // of the 128
  };
  std::vector<Range> ranges_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_TRUSTED_PROXIES_H_
