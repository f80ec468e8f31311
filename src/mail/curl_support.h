// Internal to src/mail: what the libcurl adapters share (the SMTP sender, the Web Push sender).
#ifndef BACKCARE_MAIL_CURL_SUPPORT_H_
#define BACKCARE_MAIL_CURL_SUPPORT_H_

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace backcare::mail::internal {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init, once per process (thread-safe).
void InitCurlOnce();

// The URL's scheme and host as libcurl parses them (an IPv6 host in brackets), or nullopt when it
// does not parse.
std::optional<std::pair<std::string, std::string>> SchemeAndHost(const std::string& url);

}  // namespace backcare::mail::internal

#endif  // BACKCARE_MAIL_CURL_SUPPORT_H_
