#include "mail/push_sender.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "mail/curl_support.h"
#include "mail/smtp_sender.h"

namespace backcare::mail {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return text;
}

// Discards the push service's reply body (at most a short error text).
std::size_t Discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

bool IsHostEntry(const std::string& entry) {
  return !entry.empty() && std::all_of(entry.begin(), entry.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '-' || c == ':';
  });
}

class CurlPushSender final : public ports::PushSender {
 public:
  explicit CurlPushSender(PushSenderSettings settings) : settings_(std::move(settings)) {
    for (std::string& host : settings_.allowed_hosts) host = Lower(std::move(host));
  }

  bool Accepts(std::string_view endpoint) const override {
    const auto parts = internal::SchemeAndHost(std::string(endpoint));
    if (!parts || parts->second.empty()) return false;
    const std::string scheme = Lower(parts->first);
    std::string host = Lower(parts->second);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);  // an IPv6 address
    }
    const bool allowed = std::any_of(settings_.allowed_hosts.begin(), settings_.allowed_hosts.end(),
                                     [&](const std::string& entry) {
                                       return entry.starts_with('.') ? host.size() > entry.size() &&
                                                                           host.ends_with(entry)
                                                                     : host == entry;
                                     });
    if (!allowed) return false;
    return scheme == "https" || (scheme == "http" && IsLoopbackHost(host));
  }

  Status Send(const ports::PushMessage& message) override {
    if (!Accepts(message.endpoint)) {
      return FailedPrecondition("push: not an allowed push service: '" + message.endpoint + "'");
    }
    internal::CurlHandle curl(curl_easy_init());
    if (!curl) return Unavailable("push: cannot start a libcurl session");
    internal::CurlList headers;
    for (const std::string& line :
         {"TTL: " + std::to_string(message.ttl_seconds), "Urgency: " + message.urgency,
          std::string("Content-Encoding: aes128gcm"),
          std::string("Content-Type: application/octet-stream"),
          "Authorization: " + message.authorization}) {
      // Appending returns the list's head: the first call makes it, later ones return it again.
      curl_slist* head = curl_slist_append(headers.get(), line.c_str());
      if (!head) return Unavailable("push: out of memory");
      if (!headers) headers.reset(head);
    }
    char error[CURL_ERROR_SIZE] = "";
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, message.endpoint.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, message.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(message.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Discard);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    const CURLcode result = curl_easy_perform(c);
    if (result != CURLE_OK) {
      return Unavailable("push: " +
                         std::string(error[0] != '\0' ? error : curl_easy_strerror(result)));
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    const std::string detail = "push: the push service answered " + std::to_string(status);
    if (status >= 200 && status < 300) return OkStatus();
    if (status == 404 || status == 410) return NotFound(detail + ": subscription gone");
    if (status == 429 || status >= 500) return Unavailable(detail);
    return FailedPrecondition(detail);
  }

 private:
  PushSenderSettings settings_;
};

}  // namespace

std::vector<std::string> DefaultPushHosts() {
  return {"fcm.googleapis.com", "updates.push.services.mozilla.com", ".notify.windows.com",
          ".push.apple.com"};
}

Result<std::unique_ptr<ports::PushSender>> NewPushSender(PushSenderSettings settings) {
  internal::InitCurlOnce();
  for (const std::string& entry : settings.allowed_hosts) {
    if (!IsHostEntry(entry)) {
      return InvalidInput("invalid push settings",
                          {{"", "push_hosts", "expected host names, got '" + entry + "'"}});
    }
  }
  return std::unique_ptr<ports::PushSender>(std::make_unique<CurlPushSender>(std::move(settings)));
}

}  // namespace backcare::mail
