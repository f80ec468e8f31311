#include "mail/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string_view>
#include <utility>
#include <vector>

#include "mail/curl_support.h"

namespace backcare::mail {
namespace {

using internal::CurlDeleter;
using internal::SlistDeleter;

bool IsOneAddress(std::string_view address) {
  return !address.empty() && address.find('@') != std::string_view::npos &&
         address.find_first_of("\r\n <>,;") == std::string_view::npos;
}

// "Sun, 06 Dec 2026 08:15:00 +0000" (RFC 5322 date, UTC).
std::string MailDate() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return text;
}

// The RFC 5322 message: headers, a blank line, the body with CRLF line ends.
std::string FormatMessage(const ports::MailMessage& message, const std::string& from) {
  const std::string domain = from.substr(from.find('@') + 1);
  std::string out = "Date: " + MailDate() + "\r\nFrom: " + from + "\r\nTo: " + message.to +
                    "\r\nSubject: " + message.subject + "\r\nMessage-ID: <" + message.message_id +
                    "@" + domain + ">\r\n";
  if (!message.list_unsubscribe.empty() &&
      message.list_unsubscribe.find_first_of("\r\n<>") == std::string::npos) {
    out += "List-Unsubscribe: <" + message.list_unsubscribe +
           ">\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out +=
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n";
  for (char c : message.body) {
    if (c == '\n') {
      out += "\r\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

struct Upload {
  std::string_view rest;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

class SmtpSender final : public ports::MailSender {
 public:
  SmtpSender(SmtpSettings settings, bool require_tls)
      : settings_(std::move(settings)), require_tls_(require_tls) {}

  Status Send(const ports::MailMessage& message) override {
    if (!IsOneAddress(message.to)) {
      return FailedPrecondition("smtp: not one address: '" + message.to + "'");
    }
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Unavailable("smtp: cannot start a libcurl session");
    const std::string text = FormatMessage(message, settings_.from);
    Upload upload{text};
    const std::string from = "<" + settings_.from + ">";
    const std::string to = "<" + message.to + ">";
    std::unique_ptr<curl_slist, SlistDeleter> recipients(curl_slist_append(nullptr, to.c_str()));
    char error[CURL_ERROR_SIZE] = "";
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, require_tls_ ? CURLUSESSL_ALL : CURLUSESSL_NONE);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    if (!settings_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode result = curl_easy_perform(c);
    if (result == CURLE_OK) return OkStatus();
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    std::string detail =
        "smtp: " + std::string(error[0] != '\0' ? error : curl_easy_strerror(result));
    if (reply != 0) detail += " (reply " + std::to_string(reply) + ")";
    // A 5xx reply is the server's final word (an unknown mailbox, a refused sender).
    if (reply >= 500 && reply < 600) return FailedPrecondition(detail);
    return Unavailable(detail);
  }

 private:
  SmtpSettings settings_;
  bool require_tls_;
};

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

Result<std::unique_ptr<ports::MailSender>> NewSmtpSender(SmtpSettings settings) {
  internal::InitCurlOnce();
  std::vector<FieldError> errors;
  const auto parts = internal::SchemeAndHost(settings.url);
  if (!parts || (parts->first != "smtp" && parts->first != "smtps") || parts->second.empty()) {
    errors.push_back({"", "smtp_url",
                      "expected smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT], got '" +
                          settings.url + "'"});
  }
  if (!IsOneAddress(settings.from)) {
    errors.push_back({"", "smtp_from", "expected one email address, got '" + settings.from + "'"});
  }
  if (!errors.empty()) return InvalidInput("invalid mail settings", std::move(errors));
  const bool require_tls = !IsLoopbackHost(parts->second);
  return std::unique_ptr<ports::MailSender>(
      std::make_unique<SmtpSender>(std::move(settings), require_tls));
}

}  // namespace backcare::mail
