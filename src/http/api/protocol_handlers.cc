// The protocol routes: the versions a clinic may follow (which one is active, which is built in)
// and one version in the JSON form `backcare protocol show --json` prints (exchange/json).
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "exchange/json/protocol_json.h"
#include "http/api/handler_support.h"
#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

Json SummaryJson(const app::ProtocolSummary& summary) {
  return {{"id", summary.key.id},
          {"version", summary.key.version},
          {"title", summary.title},
          {"file_name", summary.file_name},
          {"imported_at", summary.imported_at ? Json(FormatInstant(*summary.imported_at)) : Json()},
          {"built_in", summary.built_in},
          {"active", summary.active}};
}

// The version in the path, or nullopt when it is not a positive number.
std::optional<app::ProtocolKey> PathKey(const HandlerContext& context) {
  auto id = context.params.find("protocol_id");
  auto version = context.params.find("version");
  if (id == context.params.end() || version == context.params.end()) return std::nullopt;
  const std::string& text = version->second;
  int number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number < 1) return std::nullopt;
  return app::ProtocolKey{id->second, number};
}

}  // namespace

HttpResponse ListProtocols(HandlerContext& context) {
  return Reply(context.services.protocols.ListProtocols(*context.caller),
               [](const auto& list) { return JsonArray(list, SummaryJson); });
}

HttpResponse GetProtocolVersion(HandlerContext& context) {
  std::optional<app::ProtocolKey> key = PathKey(context);
  if (!key) return ErrorResponse(NotFound("protocol version not found"));
  return Reply(context.services.protocols.GetProtocol(*context.caller, *key),
               [](const std::shared_ptr<const protocol::Protocol>& protocol) {
                 return Json::parse(exchange::ProtocolToJson(*protocol, -1));
               });
}

}  // namespace backcare::http::api
