#include "http/server/security_headers.h"

namespace backcare::http {
namespace {

void AddCommonHeaders(HttpResponse& response) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

}  // namespace

void AddApiSecurityHeaders(HttpResponse& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  AddCommonHeaders(response);
  // The one HTML answer of the API, the printable report, carries its own inline stylesheet.
  response.headers.emplace_back("Content-Security-Policy",
                                response.content_type.starts_with("text/html")
                                    ? std::string(kApiHtmlContentSecurityPolicy)
                                    : std::string("default-src 'none'; frame-ancestors 'none'"));
  // A JSON answer opened as a page is saved, never rendered (ASVS 14.4.2); fetch() ignores it.
  if (response.content_type == "application/json" ||
      response.content_type.starts_with("application/fhir+json")) {
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"api.json\"");
  }
}

void AddStaticSecurityHeaders(HttpResponse& response) {
  AddCommonHeaders(response);
  response.headers.emplace_back("Content-Security-Policy",
                                std::string(kStaticContentSecurityPolicy));
}

}  // namespace backcare::http
