// The printable report's HTML: escaping, every section present, the print stylesheet, no script
// or external resource, and a report with nothing yet saying so section by section.
#include "http/api/report_html.h"

#include <gtest/gtest.h>

#include <string>

#include "http/server/http_message.h"
#include "http/server/security_headers.h"

namespace backcare::http::api {
namespace {

clinic::Date Day(int y, unsigned m, unsigned d) {
  return clinic::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

bool Has(const std::string& html, std::string_view text) {
  return html.find(text) != std::string::npos;
}

TEST(EscapeHtmlTest, ReplacesTheFiveSpecialCharacters) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  const Case cases[] = {
      {"", ""},
      {"plain text", "plain text"},
      {"&", "&amp;"},
      {"<", "&lt;"},
      {">", "&gt;"},
      {"\"", "&quot;"},
      {"'", "&#39;"},
      {"O'Brien & <Sons> \"Ltd\"", "O&#39;Brien &amp; &lt;Sons&gt; &quot;Ltd&quot;"},
      {"&amp;", "&amp;amp;"},  // escaped again, never taken as already escaped
      {"Zoë – ü", "Zoë – ü"},  // UTF-8 passes unchanged
  };
  for (const Case& c : cases) EXPECT_EQ(EscapeHtml(c.in), c.out) << c.in;
}

app::PatientReport FullReport() {
  app::PatientReport report;
  report.clinic_name = "Harbour <Back> Clinic";
  report.patient_name = "Ann <script>alert(1)</script> O'Neil";
  report.date_of_birth = Day(1980, 1, 2);
  report.report_date = Day(2024, 3, 4);
  app::ReportCourse course;
  course.start_date = Day(2024, 2, 5);
  course.status = "active";
  course.protocol_title = "Deep tissue massage for chronic low back pain";
  course.protocol_version = 3;
  course.phase_today = "Week 5 of the course: Structural change (phase 2 of 3, weeks 5 to 12).";
  report.course = course;
  app::ReportScreening screening;
  screening.decision = "modify";
  screening.screened_on = Day(2024, 2, 5);
  screening.conditions = {"Takes anticoagulants"};
  screening.precautions = {"Myofascial release: modified (Takes anticoagulants): light pressure"};
  report.screening = screening;
  report.nprs.instrument = "nprs";
  report.nprs.mcid_points = 2;
  report.nprs.points = {
      {Day(2024, 2, 5), 0.05, 8, true, 0, {}, {}, "", ""},
      {Day(2024, 2, 19), 2.05, 6, false, 25, 15.38, 25.63, "on_track", ""},
      {Day(2024, 3, 4), 4.04, 4, false, 50, 30.15, 50.15, "on_track", ""},
  };
  report.nprs.band = {{0, 0, 0}, {4, 30, 50}, {12, 60, 80}};
  report.odi.instrument = "odi";
  report.odi.mcid_points = 10;
  report.odi.points = {{Day(2024, 2, 5), 0.05, 40, true, {}, {}, {}, "", ""},
                       {Day(2024, 3, 4), 4.04, 28, false, {}, {}, {}, "", ""}};
  report.attendance = app::ReportAttendance{3, 5, 1, 1, 1};
  report.adherence.program_start = Day(2024, 2, 26);
  report.adherence.days_in_program = 8;
  report.adherence.days_with_exercise_done = 3;
  report.adherence.exercises = {{"sitting_posture", "Sitting posture", 2},
                                {"bird_dog", "Bird dog", 2}};
  report.notes.signed_notes = 2;
  report.notes.first = Day(2024, 2, 6);
  report.notes.last = Day(2024, 2, 8);
  report.notes.techniques = {{"myofascial_release", "Myofascial release", 2}};
  report.changes = {{"odi", 40, 28, 12, 30, "moderate", 10, true, ""}};
  return report;
}

TEST(RenderReportHtmlTest, HasEverySectionAndThePrintStylesheet) {
  const std::string html = RenderReportHtml(FullReport());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang='en'>")) << html.substr(0, 80);
  EXPECT_TRUE(Has(html, "@page { size: A4;"));
  for (std::string_view heading :
       {">Progress report</h1>", ">Course</h2>", ">Screening</h2>",
        ">Pain (NPRS) against the expected band</h2>", ">Disability (ODI)</h2>", ">Attendance</h2>",
        ">Home program</h2>", ">Session notes</h2>", ">Change from baseline</h2>"}) {
    EXPECT_TRUE(Has(html, heading)) << heading;
  }
  EXPECT_TRUE(Has(html, "<dt>Date of birth</dt><dd>1980-01-02</dd>"));
  EXPECT_TRUE(Has(html, "<dt>Report date</dt><dd>2024-03-04</dd>"));
  EXPECT_TRUE(Has(html, "Deep tissue massage for chronic low back pain (version 3)"));
  EXPECT_TRUE(Has(html, "Week 5 of the course: Structural change"));
  EXPECT_TRUE(Has(html, "Treat with precautions (modify)"));
  EXPECT_TRUE(Has(html, "light pressure"));
  // Two charts, each with a title for screen readers, and the band drawn.
  EXPECT_TRUE(Has(html, "<title id='nprs-chart-title'>"));
  EXPECT_TRUE(Has(html, "<title id='odi-chart-title'>"));
  EXPECT_TRUE(Has(html, "<polygon class='band'"));
  EXPECT_TRUE(Has(html, "Weeks since the course start"));
  // The same points as a table.
  EXPECT_TRUE(Has(html,
                  "<td class='date'>2024-02-19</td><td class='num'>2.05</td><td class='num'>6</td>"
                  "<td class='num'>25</td><td class='num'>15.38-25.63</td>"
                  "<td>on track</td>"));
  EXPECT_TRUE(Has(html, "3 of 5 sessions planned to date attended."));
  EXPECT_TRUE(Has(html, "At least one exercise done on 3 of 8 days (38 %)."));
  EXPECT_TRUE(Has(html, "<td>Bird dog</td><td class='num'>2 of 8</td>"));
  EXPECT_TRUE(Has(html, "2 signed notes, sessions from 2024-02-06 to 2024-02-08."));
  EXPECT_TRUE(Has(html, "<td>moderate</td><td>met (10 points)</td>"));
  EXPECT_TRUE(Has(html, "It is not a prediction or a promise"));
  EXPECT_TRUE(html.ends_with("</body></html>\n"));
}

TEST(RenderReportHtmlTest, EscapesDatabaseTextAndLoadsNothing) {
  const std::string html = RenderReportHtml(FullReport());
  EXPECT_FALSE(Has(html, "<script"));
  EXPECT_TRUE(Has(html, "Ann &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Neil"));
  EXPECT_TRUE(Has(html, "Harbour &lt;Back&gt; Clinic"));
  // Self-contained: no link, image, frame or script source (the SVG namespace is no fetch).
  for (std::string_view fetch :
       {" src=", " href=", "<link", "<img", "<iframe", "url(", "@import"}) {
    EXPECT_FALSE(Has(html, fetch)) << fetch;
  }
}

TEST(RenderReportHtmlTest, APatientWithNothingYetSaysSoInEverySection) {
  app::PatientReport report;
  report.clinic_name = "Harbour Clinic";
  report.patient_name = "Pam Two";
  report.date_of_birth = Day(1975, 6, 7);
  report.report_date = Day(2024, 3, 4);
  const std::string html = RenderReportHtml(report);
  for (std::string_view empty :
       {"No course yet.", "Not screened yet.", "No pain scores yet.",
        "No disability (ODI) scores yet.", "No sessions yet.", "No home program yet.",
        "No signed session notes yet.", "No follow-up scores yet."}) {
    EXPECT_TRUE(Has(html, empty)) << empty;
  }
  EXPECT_FALSE(Has(html, "<svg"));
}

TEST(RenderReportHtmlTest, APatientReadsSentencesNotClasses) {
  app::PatientReport report = FullReport();
  report.audience = instrument::Audience::kPatient;
  report.nprs.points[1].status.clear();
  report.nprs.points[1].summary = "Your pain is going down as expected.";
  report.changes[0].responder_class.clear();
  report.changes[0].summary = "Daily activities have become easier.";
  const std::string html = RenderReportHtml(report);
  EXPECT_TRUE(Has(html, "Your pain is going down as expected."));
  EXPECT_TRUE(Has(html, "<td>Daily activities have become easier.</td>"));
  EXPECT_FALSE(Has(html, "Responder class"));
  EXPECT_FALSE(Has(html, "Expected (%)"));
  EXPECT_TRUE(Has(html, ">Pain (NPRS)</h2>"));
}

TEST(ApiSecurityHeadersTest, AnHtmlAnswerGetsTheReportPolicyAndKeepsTheOthers) {
  HttpResponse html;
  html.content_type = "text/html; charset=utf-8";
  AddApiSecurityHeaders(html);
  EXPECT_EQ(html.Header("Content-Security-Policy"), kApiHtmlContentSecurityPolicy);
  EXPECT_EQ(html.Header("Cache-Control"), "no-store");
  EXPECT_EQ(html.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(html.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(html.Header("Referrer-Policy"), "no-referrer");
  EXPECT_FALSE(html.Header("Content-Disposition"));  // shown, not saved

  HttpResponse json;
  AddApiSecurityHeaders(json);
  EXPECT_EQ(json.Header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(json.Header("Content-Disposition"), "attachment; filename=\"api.json\"");
}

}  // namespace
}  // namespace backcare::http::api
