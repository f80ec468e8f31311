#include "core/clinic/push.h"

#include <algorithm>
#include <vector>

namespace backcare::clinic {
namespace {

bool IsBase64Url(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// "scheme://authority" split off an http(s) URL; false when it is not one.
bool SplitOrigin(std::string_view url, std::string_view& scheme, std::string_view& authority) {
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return false;
  std::string scheme_lower;
  for (char c : url.substr(0, colon)) scheme_lower += Lower(c);
  if (scheme_lower != "https" && scheme_lower != "http") return false;
  scheme = url.substr(0, colon);
  const std::string_view rest = url.substr(colon + 3);
  authority = rest.substr(0, rest.find_first_of("/?#"));
  return !authority.empty();
}

}  // namespace

std::string UrlHost(std::string_view url) {
  std::string_view scheme;
  std::string_view authority;
  if (!SplitOrigin(url, scheme, authority)) return "";
  if (authority.find('@') != std::string_view::npos) return "";  // no user information
  std::string_view host = authority;
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return "";
    host = host.substr(1, close - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  std::string lower;
  for (char c : host) lower += Lower(c);
  return lower;
}

std::string UrlOrigin(std::string_view url) {
  std::string_view scheme;
  std::string_view authority;
  if (!SplitOrigin(url, scheme, authority) || UrlHost(url).empty()) return "";
  std::string origin;
  for (char c : scheme) origin += Lower(c);
  origin += "://";
  for (char c : authority) origin += Lower(c);
  return origin;
}

Status ValidatePushSubscription(const PushSubscription& subscription) {
  std::vector<FieldError> fields;
  const std::string_view endpoint = subscription.endpoint;
  const bool printable = std::all_of(endpoint.begin(), endpoint.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  });
  if (endpoint.empty() || endpoint.size() > kMaxPushEndpointLength || !printable ||
      UrlHost(endpoint).empty()) {
    fields.push_back({"", "endpoint", "expected an https:// URL of a push service"});
  }
  if (subscription.p256dh.size() != kP256PublicKeyBase64Length ||
      !IsBase64Url(subscription.p256dh) || !subscription.p256dh.starts_with('B')) {
    fields.push_back({"", "keys.p256dh",
                      "expected an uncompressed P-256 public key in base64url (87 characters)"});
  }
  if (subscription.auth.size() != kPushAuthSecretBase64Length || !IsBase64Url(subscription.auth)) {
    fields.push_back({"", "keys.auth", "expected a 16-byte secret in base64url (22 characters)"});
  }
  if (!fields.empty()) {
    std::string message =
        "push subscription: " + std::to_string(fields.size()) + " invalid field(s)";
    return InvalidInput(std::move(message), std::move(fields));
  }
  return OkStatus();
}

}  // namespace backcare::clinic
