// The request target of an HTTP request line ("/api/v1/patients?status=all") split into its
// percent-decoded path and query parameters. Pure functions; the socket server calls them for
// every request and the static-file resolver reuses the decoding.
#ifndef BACKCARE_HTTP_SERVER_REQUEST_TARGET_H_
#define BACKCARE_HTTP_SERVER_REQUEST_TARGET_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace backcare::http {

struct RequestTarget {
  std::string raw_path;  // as sent, still percent-encoded (the static files check it for %2F)
  std::string path;      // percent-decoded
  // Decoded query parameters ('+' is a space); a repeated key keeps its first value; a key
  // without '=' has an empty value.
  std::map<std::string, std::string> query;
  // The same parameters in order, repeats included.
  std::vector<std::pair<std::string, std::string>> query_params;
};

// Decodes "%XX" escapes. kInvalidInput "invalid percent-encoding" for '%' not followed by two
// hex digits, and "invalid percent-encoding: NUL" for %00 (no path or parameter holds NUL).
// `plus_is_space` decodes '+' as ' ' (query strings).
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Splits and decodes an origin-form target. kInvalidInput when it does not start with '/'
// ("request target must start with '/'"), holds a fragment, or holds bad percent-encoding.
Result<RequestTarget> ParseRequestTarget(std::string_view target);

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_REQUEST_TARGET_H_
