// The printable progress report as one self-contained HTML document (issue #16 item 4): an
// inline stylesheet laid out for one or two A4 pages (`@page`), inline SVG charts each followed by
// a table of the same points, no script and no external resource, so it renders under a
// Content-Security-Policy of "default-src 'none'; style-src 'unsafe-inline'" (the server sends
// kApiHtmlContentSecurityPolicy, server/security_headers.h, with it) and prints to PDF
// from the browser (no server-side PDF renderer). Pure functions of the view model
// (app/report_service.h); every text that came from the database is escaped with EscapeHtml.
#ifndef BACKCARE_HTTP_API_REPORT_HTML_H_
#define BACKCARE_HTTP_API_REPORT_HTML_H_

#include <string>
#include <string_view>

#include "app/report_service.h"

namespace backcare::http::api {

// `text` with & < > " ' replaced by &amp; &lt; &gt; &quot; &#39;, safe in element content and in
// quoted attribute values. Every other byte is copied unchanged.
std::string EscapeHtml(std::string_view text);

// The report as a complete HTML document (UTF-8). Sections, in order: header (clinic, patient,
// date of birth, report date), course and today's phase, screening, pain (NPRS) against the
// expected band, disability (ODI), attendance, home program, session notes, change from baseline.
// A section without data says so ("No pain scores yet.").
std::string RenderReportHtml(const app::PatientReport& report);

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_REPORT_HTML_H_
