// The security headers every response carries: the API's (set by the dispatcher on handled
// requests and by the socket server on the responses it produces itself: 400, 413, 431, 503,
// OPTIONS) and the static web app's, whose Content-Security-Policy allows the app's own files
// and nothing inline.
#ifndef BACKCARE_HTTP_SERVER_SECURITY_HEADERS_H_
#define BACKCARE_HTTP_SERVER_SECURITY_HEADERS_H_

#include "http/server/http_message.h"

namespace backcare::http {

// Cache-Control: no-store, nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer,
// "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'" (on a text/html answer,
// kApiHtmlContentSecurityPolicy instead) and, on JSON,
// 'Content-Disposition: attachment; filename="api.json"'.
void AddApiSecurityHeaders(HttpResponse& response);

// The CSP of the API's HTML answers (the printable progress report, api/report_html.h): its
// inline stylesheet and data: images, nothing else; no script, no framing, no form target.
inline constexpr std::string_view kApiHtmlContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// For files of the web app: nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer and a
// strict CSP (nothing but the app's own files, no inline script or style, no plugins, no framing,
// and Trusted Types required for DOM sinks, so no string reaches innerHTML). Cache-Control is the
// caller's.
void AddStaticSecurityHeaders(HttpResponse& response);

inline constexpr std::string_view kStaticContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'";

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_SECURITY_HEADERS_H_
