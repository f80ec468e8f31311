// The calendar-feed routes: a therapist or patient makes (or remakes) their secret feed URL and
// revokes it; GET /cal/{token}.ics serves the feed to a calendar app, which signs in with nothing
// but the token (the access log names the route pattern, never the token).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "exchange/ical/ical_feed.h"
#include "http/api/handler_support.h"
#include "http/api/handlers.h"

namespace backcare::http::api {

HttpResponse CreateCalendarFeed(HandlerContext& context) {
  return Reply(
      context.services.calendar_feeds.CreateFeed(*context.caller),
      [](const app::IssuedFeed& feed) {
        return Json{{"token", feed.token}, {"path", feed.path}};
      },
      201);
}

HttpResponse RevokeCalendarFeed(HandlerContext& context) {
  return ReplyEmpty(context.services.calendar_feeds.RevokeFeed(*context.caller));
}

HttpResponse CalendarFeed(HandlerContext& context) {
  constexpr std::string_view kSuffix = ".ics";
  auto it = context.params.find("token");
  std::string_view token = it == context.params.end() ? std::string_view() : it->second;
  if (!token.ends_with(kSuffix)) return ErrorResponse(NotFound("feed not found"));
  token.remove_suffix(kSuffix.size());
  Result<app::FeedContent> content =
      context.services.calendar_feeds.ReadFeed(token, context.request.remote_address);
  if (!content) return ErrorResponse(content.error());
  const exchange::FeedOptions options{
      content->calendar_name, std::chrono::floor<std::chrono::minutes>(content->generated_at)};
  Result<std::string> text =
      content->therapist_id
          ? exchange::TherapistFeed(content->plans, *content->therapist_id, options)
          : exchange::PatientFeed(content->plans, options);
  if (!text) return ErrorResponse(text.error());
  HttpResponse response;
  response.content_type = "text/calendar; charset=utf-8";
  response.body = std::move(*text);
  return response;
}

}  // namespace backcare::http::api
