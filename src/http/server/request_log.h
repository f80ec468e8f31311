// The access log: one logfmt line per request with the method, the route PATTERN (never the raw
// path or query, which could carry names), the status, the duration, the request id and the
// actor's user id. Bodies, headers and patient data are never logged. Thread-safe.
#ifndef BACKCARE_HTTP_SERVER_REQUEST_LOG_H_
#define BACKCARE_HTTP_SERVER_REQUEST_LOG_H_

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace backcare::http {

struct RequestLogEntry {
  std::chrono::system_clock::time_point at;
  std::string_view request_id;
  std::string_view method;
  std::string_view route;  // the pattern, e.g. "/api/v1/patients/{id}"; "-" when none matched
  int status = 0;
  std::chrono::microseconds duration{0};
  std::optional<std::int64_t> user_id;  // the authenticated user, if any
};

// "ts=2024-03-18T09:30:00.123Z level=info request_id=... method=GET route=/api/v1/patients/{id}
//  status=200 duration_ms=1.234 user=12" (one line; `user=-` when anonymous).
std::string FormatRequestLogLine(const RequestLogEntry& entry);

class RequestLog {
 public:
  // `requests` receives the per-request lines and `events` the server events; both are borrowed
  // and must outlive the log; nullptr disables that kind of line.
  RequestLog(std::ostream* requests, std::ostream* events) : out_(requests), events_(events) {}
  void Write(const RequestLogEntry& entry);
  // A free-form server event ("listening", "stopping"); `message` must hold no patient data.
  void Event(std::string_view message);

 private:
  std::ostream* out_;
  std::ostream* events_;
  std::mutex mutex_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_REQUEST_LOG_H_
