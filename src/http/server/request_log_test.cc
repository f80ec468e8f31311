#include "http/server/request_log.h"

#include <gtest/gtest.h>

#include <sstream>

namespace backcare::http {
namespace {

TEST(RequestLogTest, FormatsOneLogfmtLine) {
  RequestLogEntry entry{std::chrono::sys_days(std::chrono::year{2024} / 3 / 18) +
                            std::chrono::hours(9) + std::chrono::milliseconds(30123),
                        "r-1",
                        "GET",
                        "/api/v1/patients/{id}",
                        200,
                        std::chrono::microseconds(1234),
                        12};
  EXPECT_EQ(FormatRequestLogLine(entry),
            "ts=2024-03-18T09:00:30.123Z level=info request_id=r-1 method=GET "
            "route=/api/v1/patients/{id} status=200 duration_ms=1.234 user=12");
}

TEST(RequestLogTest, AnonymousAndUnroutedRequests) {
  RequestLogEntry entry{std::chrono::sys_days(std::chrono::year{2024} / 1 / 1),
                        "r-2",
                        "POST",
                        "",
                        404,
                        std::chrono::microseconds(5),
                        std::nullopt};
  EXPECT_EQ(FormatRequestLogLine(entry),
            "ts=2024-01-01T00:00:00.000Z level=info request_id=r-2 method=POST route=- "
            "status=404 duration_ms=0.005 user=-");
}

TEST(RequestLogTest, WritesLinesAndEventsToTheStream) {
  std::ostringstream out;
  RequestLog log(&out, &out);
  log.Event("listening");
  log.Write(RequestLogEntry{{}, "r", "GET", "/healthz", 200, {}, std::nullopt});
  std::string text = out.str();
  EXPECT_NE(text.find("event=\"listening\"\n"), std::string::npos);
  EXPECT_NE(text.find("route=/healthz status=200"), std::string::npos);
}

TEST(RequestLogTest, NullStreamDisablesThatKindOfLineOnly) {
  const RequestLogEntry entry{{}, "r", "GET", "/healthz", 200, {}, std::nullopt};
  std::ostringstream events;
  RequestLog no_requests(nullptr, &events);
  no_requests.Write(entry);
  EXPECT_EQ(events.str(), "");  // request lines do not fall through to the events stream
  no_requests.Event("listening");
  EXPECT_NE(events.str().find("event=\"listening\"\n"), std::string::npos);

  std::ostringstream requests;
  RequestLog no_events(&requests, nullptr);
  no_events.Event("nothing");
  EXPECT_EQ(requests.str(), "");  // events do not fall through to the request stream
  no_events.Write(entry);
  EXPECT_NE(requests.str().find("route=/healthz status=200"), std::string::npos);
  EXPECT_EQ(requests.str().find("event="), std::string::npos);
}

}  // namespace
}  // namespace backcare::http
