#include "http/server/request_log.h"

#include <cstdio>
#include <ctime>
#include <ostream>

namespace backcare::http {
namespace {

std::string FormatTimestamp(std::chrono::system_clock::time_point at) {
  auto millis = std::chrono::floor<std::chrono::milliseconds>(at.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  // Sized for the widest value of every int field (11 characters each), not the usual 24 bytes,
  // so no input can truncate it (and -Wformat-truncation can prove that in optimised builds).
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

}  // namespace

std::string FormatRequestLogLine(const RequestLogEntry& entry) {
  std::string line = "ts=" + FormatTimestamp(entry.at) + " level=info request_id=";
  line += entry.request_id;
  line += " method=";
  line += entry.method;
  line += " route=";
  line += entry.route.empty() ? std::string_view("-") : entry.route;
  line += " status=" + std::to_string(entry.status);
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f",
                static_cast<double>(entry.duration.count()) / 1000.0);
  line += " duration_ms=";
  line += duration;
  line += " user=";
  line += entry.user_id ? std::to_string(*entry.user_id) : "-";
  return line;
}

void RequestLog::Write(const RequestLogEntry& entry) {
  if (out_ == nullptr) return;
  std::string line = FormatRequestLogLine(entry);
  line += '\n';
  std::lock_guard lock(mutex_);
  *out_ << line << std::flush;
}

void RequestLog::Event(std::string_view message) {
  if (events_ == nullptr) return;
  std::string line = "ts=" + FormatTimestamp(std::chrono::system_clock::now()) +
                     " level=info event=\"" + std::string(message) + "\"\n";
  std::lock_guard lock(mutex_);
  *events_ << line << std::flush;
}

}  // namespace backcare::http
