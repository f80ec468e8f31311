// The FHIR R4 read API under /fhir/R4 (docs/fhir.md): the CapabilityStatement, read and
// search-type for every type exchange/fhir maps, as application/fhir+json, with every error an
// OperationOutcome. The records come through the same use cases, roles and audit as /api/v1
// (fhir_sources.cc).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exchange/fhir/fhir_resources.h"
#include "exchange/fhir/fhir_search.h"
#include "http/api/fhir_sources.h"
#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

namespace fhir = exchange::fhir;
using Json = nlohmann::json;

constexpr std::string_view kBasePath = "/fhir/R4";

HttpResponse FhirJson(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = std::string(fhir::kFhirJson) + "; charset=utf-8";
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

std::string_view IssueCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kGone:
      return "deleted";
    case ErrorCode::kPermissionDenied:
      return "forbidden";
    case ErrorCode::kUnauthenticated:
      return "login";
    case ErrorCode::kUnavailable:
      return "transient";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kFailedPrecondition:
      return "business-rule";
    case ErrorCode::kDataCorruption:
    case ErrorCode::kInternal:
      return "exception";
  }
  return "exception";
}

// The server's base as the client reached it: the Host header when it is a plain host[:port].
std::string BaseUrl(const HttpRequest& request) {
  std::string host(request.Header("host").value_or(""));
  bool plain = !host.empty() && host.size() <= 255;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) plain = false;
  }
  if (!plain) host = "localhost";
  return std::string(request.over_tls ? "https://" : "http://") + host + std::string(kBasePath);
}

std::string PathParam(const HandlerContext& context, std::string_view name) {
  auto it = context.params.find(name);
  return it == context.params.end() ? std::string() : it->second;
}

Json CapabilityStatement(const std::string& base) {
  Json resources = Json::array();
  for (fhir::ResourceType type : fhir::AllResourceTypes()) {
    Json params = Json::array();
    for (const fhir::SearchParamDefinition& param : fhir::SearchParams(type)) {
      std::string_view kind = "token";
      if (param.kind == fhir::ParamKind::kDate) kind = "date";
      if (param.kind == fhir::ParamKind::kString) kind = "string";
      if (param.kind == fhir::ParamKind::kReference) kind = "reference";
      params.push_back(
          {{"name", param.name}, {"type", kind}, {"documentation", param.documentation}});
    }
    resources.push_back(
        {{"type", fhir::ResourceTypeName(type)},
         {"interaction", Json::array({{{"code", "read"}}, {{"code", "search-type"}}})},
         {"searchParam", std::move(params)}});
  }
  return {
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", "2026-12-07"},
      {"publisher", "backcare"},
      {"kind", "instance"},
      {"software", {{"name", "backcare"}}},
      {"implementation", {{"description", "backcare FHIR R4 read API"}, {"url", base}}},
      {"fhirVersion", fhir::kFhirVersion},
      {"format", Json::array({"json"})},
      {"rest",
       Json::array(
           {{{"mode", "server"},
             {"documentation",
              "Read and search only. Unknown search parameters and modifiers are refused (400), "
              "never ignored. No _include, _revinclude, _sort, _summary or _elements."},
             {"security",
              {{"description",
                "An API token (Authorization: Bearer bct_...) or the web app's session: the same "
                "roles and clinic as /api/v1. Front desk reads Organization, Practitioner, "
                "Patient and Appointment only; a patient reads only their own records."}}},
             {"resource", std::move(resources)}}})},
  };
}

}  // namespace

HttpResponse FhirErrorResponse(const Error& error, std::optional<int> status) {
  int code = status.value_or(HttpStatusFor(error.code));
  if (!status && error.code == ErrorCode::kInvalidInput) code = 400;
  HttpResponse response =
      FhirJson(code, fhir::OperationOutcome(IssueCode(error.code), error.message));
  return response;
}

HttpResponse FhirMetadata(HandlerContext& context) {
  return FhirJson(200, CapabilityStatement(BaseUrl(context.request)));
}

HttpResponse FhirRead(HandlerContext& context) {
  std::optional<fhir::ResourceType> type = fhir::ParseResourceType(PathParam(context, "type"));
  if (!type) return FhirErrorResponse(NotFound("resource type not supported"), 404);
  Result<Json> resource = ReadFhir(context, *type, PathParam(context, "id"));
  if (!resource) return FhirErrorResponse(resource.error(), std::nullopt);
  return FhirJson(200, *resource);
}

HttpResponse FhirSearch(HandlerContext& context) {
  std::optional<fhir::ResourceType> type = fhir::ParseResourceType(PathParam(context, "type"));
  if (!type) return FhirErrorResponse(NotFound("resource type not supported"), 404);
  Result<fhir::SearchQuery> query = fhir::ParseSearch(*type, context.request.query_params);
  if (!query) return FhirErrorResponse(query.error(), 400);
  std::optional<FhirPosition> after;
  if (!query->cursor.empty()) {
    after = ParsePosition(query->cursor);
    if (!after) {
      return FhirErrorResponse(InvalidInput("search parameter '_cursor': not a paging position"),
                               400);
    }
  }
  Result<FhirPage> page = SearchFhir(context, *query, after);
  if (!page) return FhirErrorResponse(page.error(), std::nullopt);

  const std::string base = BaseUrl(context.request);
  std::string self = base + "/" + std::string(fhir::ResourceTypeName(*type));
  if (!query->canonical_query.empty()) self += "?" + query->canonical_query;
  Json links = Json::array({{{"relation", "self"}, {"url", self}}});
  if (page->next) {
    std::string next = self + (query->canonical_query.empty() ? "?" : "&") +
                       "_cursor=" + fhir::PercentEncode(FormatPosition(*page->next));
    links.push_back({{"relation", "next"}, {"url", std::move(next)}});
  }
  Json entries = Json::array();
  for (Json& resource : page->resources) {
    std::string full_url = base + "/" + resource.at("resourceType").get<std::string>() + "/" +
                           resource.at("id").get<std::string>();
    entries.push_back({{"fullUrl", std::move(full_url)},
                       {"resource", std::move(resource)},
                       {"search", {{"mode", "match"}}}});
  }
  Json bundle = {{"resourceType", "Bundle"}, {"type", "searchset"}, {"link", std::move(links)}};
  if (!entries.empty()) bundle["entry"] = std::move(entries);
  return FhirJson(200, bundle);
}

}  // namespace backcare::http::api
