// Reference data the screens render from: the protocol versions a clinic may follow (which one
// is active, which is built in), one version in the JSON form `backcare protocol show --json`
// prints (exchange/json), and the outcome instruments' definitions (items, ranges, labels; item
// texts only where the licence allows).
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "core/instrument/instrument.h"
#include "core/screening/catalog.h"
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

Json CodingJson(const instrument::Coding& coding) {
  if (coding.empty()) return nullptr;
  return {{"system", coding.system}, {"code", coding.code}};
}

Json InstrumentJson(const instrument::InstrumentDefinition& definition) {
  Json items = Json::array();
  for (const instrument::Item& item : definition.items) {
    Json labels = Json::array();
    for (std::string_view label : item.answer_labels) labels.push_back(label);
    items.push_back({{"number", item.number},
                     {"min", item.min_value},
                     {"max", item.max_value},
                     {"topic", item.topic},
                     {"text", item.text.empty() ? Json() : Json(item.text)},
                     {"answer_labels", std::move(labels)}});
  }
  return {{"id", definition.name},
          {"title", definition.title},
          {"source", definition.source},
          {"copyright", definition.copyright},
          {"items", std::move(items)},
          {"max_missing_items", definition.max_missing_items},
          {"whole_number_score", definition.whole_number_score},
          {"score_min", definition.score_min},
          {"score_max", definition.score_max},
          {"mcid_points", definition.mcid_points ? Json(*definition.mcid_points) : Json()},
          {"code", CodingJson(definition.score_code)}};
}

}  // namespace

HttpResponse ListInstruments(HandlerContext&) {
  Json out = Json::array();
  for (const instrument::InstrumentDefinition& definition : instrument::InstrumentCatalog()) {
    out.push_back(InstrumentJson(definition));
  }
  return JsonResponse(200, out);
}

HttpResponse ListScreeningConditions(HandlerContext&) {
  Json out = Json::array();
  for (const screening::Condition& condition : screening::ConditionCatalog()) {
    out.push_back({{"id", condition.id},
                   {"label", condition.label},
                   {"group", screening::GroupName(condition)}});
  }
  return JsonResponse(200, out);
}

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
