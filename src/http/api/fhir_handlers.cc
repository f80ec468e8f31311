// The FHIR R4 read API under /fhir/R4 (docs/fhir.md): the CapabilityStatement, read and
// search-type for every type exchange/fhir maps, as application/fhir+json, with every error an
// OperationOutcome. The records come through the same use cases, roles and audit as /api/v1
// (fhir_sources.cc).
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exchange/fhir/fhir_bulk.h"
#include "exchange/fhir/fhir_resources.h"
#include "exchange/fhir/fhir_search.h"
#include "http/api/fhir_sources.h"
#include "http/api/handlers.h"
#include "http/api/json_io.h"

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
    Json resource = {{"type", fhir::ResourceTypeName(type)},
                     {"interaction", Json::array({{{"code", "read"}}, {{"code", "search-type"}}})},
                     {"searchParam", std::move(params)}};
    if (type == fhir::ResourceType::kPatient) {
      resource["operation"] = Json::array(
          {{{"name", "export"},
            {"definition", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}}});
    }
    resources.push_back(std::move(resource));
  }
  return {
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", "2026-12-07"},
      {"publisher", "backcare"},
      {"kind", "instance"},
      {"instantiates",
       Json::array({"http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"})},
      {"software", {{"name", "backcare"}}},
      {"implementation", {{"description", "backcare FHIR R4 read API"}, {"url", base}}},
      {"fhirVersion", fhir::kFhirVersion},
      {"format", Json::array({"json"})},
      {"rest",
       Json::array(
           {{{"mode", "server"},
             {"documentation",
              "Read, search and Bulk Data export ($export, admins). Unknown search parameters and "
              "modifiers are refused (400), "
              "never ignored. No _include, _revinclude, _sort, _summary or _elements."},
             {"security",
              {{"description",
                "An API token (Authorization: Bearer bct_...) or the web app's session: the same "
                "roles and clinic as /api/v1. Front desk reads Organization, Practitioner, "
                "Patient and Appointment only; a patient reads only their own records."}}},
             {"resource", std::move(resources)},
             {"operation",
              Json::array({{{"name", "export"},
                            {"definition",
                             "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"}}})}}})},
  };
}

Json Information(std::string_view text) {
  return {{"resourceType", "OperationOutcome"},
          {"issue",
           Json::array(
               {{{"severity", "information"}, {"code", "informational"}, {"diagnostics", text}}})}};
}

// "Mon, 07 Dec 2026 03:10:00 GMT" (RFC 9110 HTTP-date).
std::string HttpDate(std::chrono::system_clock::time_point at) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

bool HeaderHas(const HttpRequest& request, std::string_view name, std::string_view wanted) {
  std::optional<std::string_view> value = request.Header(name);
  return value && ToLowerAscii(*value).find(wanted) != std::string::npos;
}

HttpResponse KickOff(HandlerContext& context, fhir::ExportLevel level) {
  const HttpRequest& request = context.request;
  if (!HeaderHas(request, "accept", "application/fhir+json")) {
    return FhirErrorResponse(InvalidInput("a bulk export needs 'Accept: application/fhir+json'"),
                             400);
  }
  if (!HeaderHas(request, "prefer", "respond-async")) {
    return FhirErrorResponse(InvalidInput("a bulk export needs 'Prefer: respond-async'"), 400);
  }
  if (!request.body.empty()) {
    return FhirErrorResponse(
        InvalidInput("send the export's parameters in the query string, with an empty body"), 400);
  }
  const std::int64_t now_us = clinic::ToUnixMicros(context.services.app_context.clock.Now());
  Result<fhir::ExportRequest> parsed =
      fhir::ParseExportRequest(level, request.query_params, now_us);
  if (!parsed) return FhirErrorResponse(parsed.error(), 400);
  const std::string base = BaseUrl(request);
  std::string request_url = base.substr(0, base.size() - kBasePath.size()) + request.path;
  char separator = '?';
  for (const auto& [name, value] : request.query_params) {
    request_url += separator + fhir::PercentEncode(name) + "=" + fhir::PercentEncode(value);
    separator = '&';
  }
  Result<std::string> id = context.services.fhir_exports.Start(*context.caller, std::move(*parsed),
                                                               base, std::move(request_url));
  if (!id) {
    if (id.error().code == ErrorCode::kConflict) {
      HttpResponse busy = FhirErrorResponse(id.error(), 429);
      busy.headers.emplace_back("Retry-After", "10");
      return busy;
    }
    return FhirErrorResponse(id.error(), std::nullopt);
  }
  HttpResponse response = FhirJson(202, Information("export started"));
  response.headers.emplace_back("Content-Location", base + "/$export-status/" + *id);
  return response;
}

}  // namespace

HttpResponse FhirExportSystem(HandlerContext& context) {
  return KickOff(context, fhir::ExportLevel::kSystem);
}

HttpResponse FhirExportPatients(HandlerContext& context) {
  return KickOff(context, fhir::ExportLevel::kPatient);
}

HttpResponse FhirExportStatus(HandlerContext& context) {
  Result<FhirExportJobs::Status> status =
      context.services.fhir_exports.Poll(*context.caller, PathParam(context, "id"));
  if (!status) return FhirErrorResponse(status.error(), std::nullopt);
  if (!status->done) {
    // No body: a client such as Medplum reads an OperationOutcome's diagnostics as the URL to poll.
    HttpResponse response;
    response.status = 202;
    response.headers.emplace_back("X-Progress", status->progress);
    response.headers.emplace_back("Retry-After", "1");
    return response;
  }
  if (status->failure) return FhirErrorResponse(Internal("the export failed"), 500);
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = status->manifest;
  response.headers.emplace_back("Expires", HttpDate(status->expires));
  return response;
}

HttpResponse FhirExportDelete(HandlerContext& context) {
  Status deleted = context.services.fhir_exports.Delete(*context.caller, PathParam(context, "id"));
  if (!deleted) return FhirErrorResponse(deleted.error(), std::nullopt);
  return FhirJson(202, Information("export deleted"));
}

HttpResponse FhirExportFile(HandlerContext& context) {
  Result<std::string> path = context.services.fhir_exports.FilePath(
      *context.caller, PathParam(context, "id"), PathParam(context, "file"));
  if (!path) return FhirErrorResponse(path.error(), std::nullopt);
  auto file = std::make_shared<std::ifstream>(*path, std::ios::binary);
  if (!*file) return FhirErrorResponse(NotFound("export file not found"), 404);
  HttpResponse response;
  response.status = 200;
  response.content_type = std::string(fhir::kNdjson);
  response.stream = [file]() -> Result<std::string> {
    std::string piece(64 * 1024, '\0');
    file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
    piece.resize(static_cast<std::size_t>(file->gcount()));
    if (piece.empty() && file->bad()) return Unavailable("cannot read the export file");
    return piece;  // empty at the end
  };
  return response;
}

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
