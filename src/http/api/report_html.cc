#include "http/api/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/clinic/time.h"

namespace backcare::http::api {
namespace {

using app::PatientReport;
using app::ReportPoint;
using app::ReportTrajectory;

constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #111;
  line-height: 1.35; margin: 0 auto; max-width: 182mm; padding: 8mm 4mm; background: #fff; }
header { border-bottom: 2px solid #1f4e79; margin-bottom: 3mm; padding-bottom: 2mm; }
h1 { font-size: 15pt; margin: 0; color: #1f4e79; }
.clinic { font-size: 11pt; font-weight: bold; margin: 0 0 1mm 0; }
h2 { font-size: 11pt; margin: 3mm 0 1.5mm 0; color: #1f4e79; border-bottom: 1px solid #c8d3de; }
h3 { font-size: 10pt; margin: 2mm 0 1mm 0; }
p { margin: 0.8mm 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
section.keep { break-inside: avoid; page-break-inside: avoid; }
h2, h3, caption { break-after: avoid; page-break-after: avoid; }
tr, svg { break-inside: avoid; page-break-inside: avoid; }
td.date, td.num { white-space: nowrap; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 5mm; }
.columns.trajectory { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 4mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5mm; }
th, td { border: 1px solid #c8d3de; padding: 0.5mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.num, th.num { text-align: right; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 9px; fill: #333; }
.band { fill: #cfe3f3; stroke: none; }
.line { fill: none; stroke: #1f4e79; stroke-width: 1.6; }
.dot { fill: #1f4e79; }
.mcid { stroke: #a33; stroke-dasharray: 4 3; stroke-width: 1; }
.axis { stroke: #555; stroke-width: 1; }
.grid { stroke: #ddd; stroke-width: 0.6; }
.muted { color: #555; }
.note { font-size: 8pt; color: #444; }
footer { margin-top: 3mm; border-top: 1px solid #c8d3de; padding-top: 1mm; font-size: 8pt;
  color: #444; }
@media print { body { padding: 0; max-width: none; } }
)css";

std::string Number(double value, int decimals = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string out(buffer);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

// "1 point", "12 points", "-2.5 points".
std::string Points(double value) {
  const std::string number = Number(value);
  return number + (number == "1" || number == "-1" ? " point" : " points");
}

std::string Words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string Date(const clinic::Date& date) { return clinic::FormatDate(date); }

std::string InstrumentLabel(std::string_view name) {
  if (name == "nprs") return "Pain (NPRS, 0-10)";
  if (name == "odi") return "Disability (ODI, 0-100)";
  if (name == "rmdq") return "Disability (RMDQ, 0-24)";
  if (name == "peg") return "Pain, enjoyment, activity (PEG, 0-10)";
  return EscapeHtml(name);
}

// Maps data coordinates into a w x h plot box with margins for the axis labels.
struct Plot {
  double x_max = 1;
  double y_min = 0;
  double y_max = 100;
  static constexpr double kWidth = 320;
  static constexpr double kHeight = 190;
  static constexpr double kLeft = 38;
  static constexpr double kRight = 10;
  static constexpr double kTop = 10;
  static constexpr double kBottom = 32;
  double X(double week) const { return kLeft + (kWidth - kLeft - kRight) * week / x_max; }
  double Y(double value) const {
    return kTop + (kHeight - kTop - kBottom) * (y_max - value) / (y_max - y_min);
  }
};

std::string Coord(double value) { return Number(value, 1); }

// Axes, grid lines and labels: weeks along x, `y_label` along y with a tick every `y_step`.
std::string Axes(const Plot& plot, double y_step, std::string_view y_label) {
  std::string out;
  const double x0 = Plot::kLeft;
  const double x1 = Plot::kWidth - Plot::kRight;
  for (double y = plot.y_min; y <= plot.y_max + 1e-9; y += y_step) {
    out += "<line class='grid' x1='" + Coord(x0) + "' y1='" + Coord(plot.Y(y)) + "' x2='" +
           Coord(x1) + "' y2='" + Coord(plot.Y(y)) + "'/>";
    out += "<text x='" + Coord(x0 - 3) + "' y='" + Coord(plot.Y(y) + 3) + "' text-anchor='end'>" +
           Number(y, 0) + "</text>";
  }
  const int x_step = plot.x_max > 16 ? 4 : plot.x_max > 8 ? 2 : 1;
  for (int week = 0; week <= static_cast<int>(plot.x_max); week += x_step) {
    out += "<text x='" + Coord(plot.X(week)) + "' y='" + Coord(plot.Y(plot.y_min) + 11) +
           "' text-anchor='middle'>" + std::to_string(week) + "</text>";
  }
  out += "<line class='axis' x1='" + Coord(x0) + "' y1='" + Coord(plot.Y(plot.y_min)) + "' x2='" +
         Coord(x1) + "' y2='" + Coord(plot.Y(plot.y_min)) + "'/>";
  out += "<line class='axis' x1='" + Coord(x0) + "' y1='" + Coord(Plot::kTop) + "' x2='" +
         Coord(x0) + "' y2='" + Coord(plot.Y(plot.y_min)) + "'/>";
  out += "<text x='" + Coord((x0 + x1) / 2) + "' y='" + Coord(Plot::kHeight - 4) +
         "' text-anchor='middle'>Weeks since the course start</text>";
  out += "<text x='10' y='" + Coord((Plot::kTop + plot.Y(plot.y_min)) / 2) +
         "' text-anchor='middle' transform='rotate(-90 10 " +
         Coord((Plot::kTop + plot.Y(plot.y_min)) / 2) + ")'>" + std::string(y_label) + "</text>";
  return out;
}

std::string Line(const Plot& plot, const std::vector<std::pair<double, double>>& points) {
  std::string path;
  std::string dots;
  for (const auto& [week, value] : points) {
    path += (path.empty() ? "M" : " L") + Coord(plot.X(week)) + " " + Coord(plot.Y(value));
    dots += "<circle class='dot' cx='" + Coord(plot.X(week)) + "' cy='" + Coord(plot.Y(value)) +
            "' r='2.2'/>";
  }
  return "<path class='line' d='" + path + "'/>" + dots;
}

std::string SvgOpen(std::string_view id, std::string_view title, std::string_view description) {
  return "<svg class='chart' viewBox='0 0 " + Number(Plot::kWidth) + " " + Number(Plot::kHeight) +
         "' role='img' aria-labelledby='" + std::string(id) + "-title " + std::string(id) +
         "-desc' xmlns='http://www.w3.org/2000/svg'><title id='" + std::string(id) + "-title'>" +
         std::string(title) + "</title><desc id='" + std::string(id) + "-desc'>" +
         std::string(description) + "</desc>";
}

double WeekRange(const ReportTrajectory& trajectory) {
  double x_max = 4;
  for (const ReportPoint& point : trajectory.points) x_max = std::max(x_max, point.week);
  for (const app::ReportBandKnot& knot : trajectory.band) x_max = std::max(x_max, knot.week);
  return std::ceil(x_max);
}

std::string NprsChart(const ReportTrajectory& nprs) {
  Plot plot;
  plot.x_max = WeekRange(nprs);
  double lowest = 0;
  for (const ReportPoint& point : nprs.points) {
    if (point.reduction_percent) lowest = std::min(lowest, *point.reduction_percent);
  }
  plot.y_min = std::floor(lowest / 25) * 25;
  std::string out = SvgOpen("nprs-chart", "Pain reduction from baseline against the expected band",
                            "The table below lists the same points.");
  if (nprs.band.size() >= 2) {
    std::string polygon;
    for (const app::ReportBandKnot& knot : nprs.band) {
      polygon += Coord(plot.X(knot.week)) + "," + Coord(plot.Y(knot.max_percent)) + " ";
    }
    for (std::size_t i = nprs.band.size(); i-- > 0;) {  // back along the lower edge
      polygon +=
          Coord(plot.X(nprs.band[i].week)) + "," + Coord(plot.Y(nprs.band[i].min_percent)) + " ";
    }
    polygon.pop_back();
    out += "<polygon class='band' points='" + polygon + "'/>";
  }
  out += Axes(plot, 25, "Reduction (%)");
  std::vector<std::pair<double, double>> points;
  for (const ReportPoint& point : nprs.points) {
    if (point.reduction_percent) points.emplace_back(point.week, *point.reduction_percent);
  }
  out += Line(plot, points);
  return out + "</svg>";
}

std::string OdiChart(const ReportTrajectory& odi) {
  Plot plot;
  plot.x_max = WeekRange(odi);
  std::string out = SvgOpen("odi-chart", "Disability (ODI) score over the course",
                            "The table below lists the same points.");
  out += Axes(plot, 20, "ODI score");
  if (!odi.points.empty() && odi.points.front().baseline && odi.mcid_points) {
    const double threshold = odi.points.front().score - *odi.mcid_points;
    if (threshold >= 0) {
      out += "<line class='mcid' x1='" + Coord(Plot::kLeft) + "' y1='" + Coord(plot.Y(threshold)) +
             "' x2='" + Coord(Plot::kWidth - Plot::kRight) + "' y2='" + Coord(plot.Y(threshold)) +
             "'/>";
    }
  }
  std::vector<std::pair<double, double>> points;
  for (const ReportPoint& point : odi.points) points.emplace_back(point.week, point.score);
  out += Line(plot, points);
  return out + "</svg>";
}

std::string PointLabel(const PatientReport& report, const ReportPoint& point) {
  if (point.baseline) return "baseline";
  if (report.audience == instrument::Audience::kPatient) return EscapeHtml(point.summary);
  return EscapeHtml(Words(point.status));
}

std::string NprsSection(const PatientReport& report) {
  // A patient's own report has no expected band (like the portal's My progress): their scores,
  // and what each means in a sentence.
  const bool patient = report.audience == instrument::Audience::kPatient;
  std::string out = patient ? "<section aria-labelledby='nprs-heading'><h2 id='nprs-heading'>"
                              "Pain (NPRS)</h2>"
                            : "<section aria-labelledby='nprs-heading'><h2 id='nprs-heading'>"
                              "Pain (NPRS) against the expected band</h2>";
  if (report.nprs.points.empty()) {
    return out + "<p data-section='nprs-empty'>No pain scores yet.</p></section>";
  }
  out += "<div class='columns trajectory'><div>" + NprsChart(report.nprs);
  out += patient ? "<p class='note'>Line: your pain reduction from your first score.</p>"
                 : "<p class='note'>Shaded: the expected reduction band of the protocol, from "
                   "the course start to the end of its last banded phase. Line: this patient's "
                   "reduction from baseline.</p>";
  out +=
      "</div><div><table><caption>Pain scores (NPRS, 0 = no pain, 10 = worst "
      "imaginable)</caption><thead><tr><th scope='col'>Date</th><th scope='col' "
      "class='num'>Week</th><th scope='col' class='num'>NPRS</th><th scope='col' "
      "class='num'>Reduction (%)</th>";
  out += patient ? "<th scope='col'>What it means</th>"
                 : "<th scope='col' class='num'>Expected (%)</th><th scope='col'>Status</th>";
  out += "</tr></thead><tbody>";
  for (const ReportPoint& point : report.nprs.points) {
    out += "<tr><td class='date'>" + Date(point.date) + "</td><td class='num'>" +
           Number(point.week) + "</td><td class='num'>" + Number(point.score) +
           "</td><td class='num'>" +
           (point.reduction_percent ? Number(*point.reduction_percent) : "-") + "</td>";
    if (!patient) {
      out += "<td class='num'>" +
             (point.expected_min_percent && point.expected_max_percent
                  ? Number(*point.expected_min_percent) + "-" + Number(*point.expected_max_percent)
                  : "-") +
             "</td>";
    }
    out += "<td>" + PointLabel(report, point) + "</td></tr>";
  }
  return out + "</tbody></table></div></div></section>";
}

std::string OdiSection(const PatientReport& report) {
  std::string out =
      "<section aria-labelledby='odi-heading'><h2 id='odi-heading'>Disability "
      "(ODI)</h2>";
  if (report.odi.points.empty()) {
    return out + "<p data-section='odi-empty'>No disability (ODI) scores yet.</p></section>";
  }
  out += "<div class='columns trajectory'><div>" + OdiChart(report.odi);
  out +=
      "<p class='note'>The protocol gives an expected band for pain only. Dashed line: the "
      "baseline less the minimal important change";
  if (report.odi.mcid_points) out += " (" + std::to_string(*report.odi.mcid_points) + " points)";
  out += ".</p></div><div>";
  out +=
      "<table><caption>ODI scores (0-100, lower is better)</caption><thead><tr>"
      "<th scope='col'>Date</th><th scope='col' class='num'>Week</th>"
      "<th scope='col' class='num'>ODI</th><th scope='col' class='num'>Change</th>"
      "</tr></thead><tbody>";
  const double baseline = report.odi.points.front().score;
  for (const ReportPoint& point : report.odi.points) {
    out +=
        "<tr><td class='date'>" + Date(point.date) + "</td><td class='num'>" + Number(point.week) +
        "</td><td class='num'>" + Number(point.score) + "</td><td class='num'>" +
        (point.baseline ? std::string("baseline") : Points(baseline - point.score)) + "</td></tr>";
  }
  return out + "</tbody></table></div></div></section>";
}

std::string CourseSection(const PatientReport& report) {
  std::string out =
      "<section class='keep' aria-labelledby='course-heading'><h2 "
      "id='course-heading'>Course</h2>";
  if (!report.course) {
    return out + "<p data-section='course-empty'>No course yet.</p></section>";
  }
  const app::ReportCourse& course = *report.course;
  out += "<dl class='facts'><dt>Protocol</dt><dd>" + EscapeHtml(course.protocol_title) +
         " (version " + std::to_string(course.protocol_version) + ")</dd><dt>Started</dt><dd>" +
         Date(course.start_date) + "</dd><dt>Status</dt><dd>" + EscapeHtml(Words(course.status));
  if (course.discharged_on) {
    out += ", discharged " + Date(*course.discharged_on) + " (" +
           EscapeHtml(Words(course.discharge_outcome)) + ")";
  }
  out += "</dd><dt>Phase today</dt><dd>" + EscapeHtml(course.phase_today) + "</dd></dl>";
  return out + "</section>";
}

std::string ScreeningSection(const PatientReport& report) {
  std::string out =
      "<section class='keep' aria-labelledby='screening-heading'><h2 "
      "id='screening-heading'>Screening</h2>";
  if (!report.screening) {
    return out + "<p data-section='screening-empty'>Not screened yet.</p></section>";
  }
  const app::ReportScreening& screening = *report.screening;
  std::string decision;
  if (screening.decision == "clear") {
    decision = "Clear to treat";
  } else if (screening.decision == "modify" || screening.decision == "avoid_area") {
    decision = "Treat with precautions (" + EscapeHtml(Words(screening.decision)) + ")";
  } else {
    decision = "Treatment on hold: " + EscapeHtml(Words(screening.decision));
  }
  out += "<dl class='facts'><dt>Decision</dt><dd>" + decision + "</dd><dt>Screened</dt><dd>" +
         Date(screening.screened_on) + "</dd><dt>Findings</dt><dd>";
  if (screening.conditions.empty()) {
    out += "None";
  } else {
    for (std::size_t i = 0; i < screening.conditions.size(); ++i) {
      out += (i ? "; " : "") + EscapeHtml(screening.conditions[i]);
    }
  }
  out += "</dd></dl>";
  if (!screening.precautions.empty()) {
    out += "<h3>Precautions</h3><ul>";
    for (const std::string& precaution : screening.precautions) {
      out += "<li>" + EscapeHtml(precaution) + "</li>";
    }
    out += "</ul>";
  }
  return out + "</section>";
}

std::string AttendanceSection(const PatientReport& report) {
  std::string out =
      "<section class='keep' aria-labelledby='attendance-heading'><h2 "
      "id='attendance-heading'>Attendance</h2>";
  if (!report.attendance) {
    return out + "<p data-section='attendance-empty'>No sessions yet.</p></section>";
  }
  const app::ReportAttendance& a = *report.attendance;
  out +=
      "<table><thead><tr><th scope='col' class='num'>Attended</th><th scope='col' "
      "class='num'>Planned to date</th><th scope='col' class='num'>Missed</th><th "
      "scope='col' class='num'>Cancelled</th><th scope='col' class='num'>Booked "
      "ahead</th></tr></thead><tbody><tr><td class='num'>" +
      std::to_string(a.attended) + "</td><td class='num'>" + std::to_string(a.planned_to_date) +
      "</td><td class='num'>" + std::to_string(a.missed) + "</td><td class='num'>" +
      std::to_string(a.cancelled) + "</td><td class='num'>" + std::to_string(a.booked_ahead) +
      "</td></tr></tbody></table>";
  out += "<p>" + std::to_string(a.attended) + " of " + std::to_string(a.planned_to_date) +
         " sessions planned to date attended.</p>";
  return out + "</section>";
}

std::string AdherenceSection(const PatientReport& report) {
  std::string out =
      "<section class='keep' aria-labelledby='adherence-heading'><h2 "
      "id='adherence-heading'>Home program</h2>";
  const app::ReportAdherence& a = report.adherence;
  if (!a.program_start) {
    return out + "<p data-section='adherence-empty'>No home program yet.</p></section>";
  }
  out += "<p>Started " + Date(*a.program_start) + ". At least one exercise done on " +
         std::to_string(a.days_with_exercise_done) + " of " + std::to_string(a.days_in_program) +
         " days";
  if (a.days_in_program > 0) {
    out += " (" + Number(100.0 * a.days_with_exercise_done / a.days_in_program, 0) + " %)";
  }
  out +=
      ".</p><table><thead><tr><th scope='col'>Exercise</th><th scope='col' "
      "class='num'>Days done</th></tr></thead><tbody>";
  for (const app::ReportExerciseAdherence& exercise : a.exercises) {
    out += "<tr><td>" + EscapeHtml(exercise.name) + "</td><td class='num'>" +
           std::to_string(exercise.done_days) + " of " + std::to_string(a.days_in_program) +
           "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string NotesSection(const PatientReport& report) {
  std::string out =
      "<section class='keep' aria-labelledby='notes-heading'><h2 id='notes-heading'>Session "
      "notes</h2>";
  const app::ReportNotes& notes = report.notes;
  if (notes.signed_notes == 0) {
    return out + "<p data-section='notes-empty'>No signed session notes yet.</p></section>";
  }
  out += "<p>" + std::to_string(notes.signed_notes) + " signed " +
         (notes.signed_notes == 1 ? "note" : "notes");
  if (notes.first && notes.last) {
    out += ", sessions from " + Date(*notes.first) + " to " + Date(*notes.last);
  }
  out += ".</p>";
  if (!notes.techniques.empty()) {
    out +=
        "<table><thead><tr><th scope='col'>Technique</th><th scope='col' "
        "class='num'>Sessions</th></tr></thead><tbody>";
    for (const app::ReportTechniqueCount& technique : notes.techniques) {
      out += "<tr><td>" + EscapeHtml(technique.name) + "</td><td class='num'>" +
             std::to_string(technique.notes) + "</td></tr>";
    }
    out += "</tbody></table>";
  }
  return out + "</section>";
}

std::string ChangesSection(const PatientReport& report) {
  std::string out =
      "<section class='keep' aria-labelledby='changes-heading'><h2 id='changes-heading'>"
      "Change from baseline</h2>";
  if (report.changes.empty()) {
    return out + "<p data-section='changes-empty'>No follow-up scores yet.</p></section>";
  }
  const bool patient = report.audience == instrument::Audience::kPatient;
  out +=
      "<table><thead><tr><th scope='col'>Measure</th><th scope='col' "
      "class='num'>Baseline</th><th scope='col' class='num'>Latest</th><th scope='col' "
      "class='num'>Improvement</th>";
  out += patient ? "<th scope='col'>What it means</th>"
                 : "<th scope='col'>Responder class (IMMPACT)</th><th scope='col'>Minimal "
                   "important change</th>";
  out += "</tr></thead><tbody>";
  for (const app::ReportChange& change : report.changes) {
    out += "<tr><td>" + InstrumentLabel(change.instrument) + "</td><td class='num'>" +
           Number(change.baseline) + "</td><td class='num'>" + Number(change.latest) +
           "</td><td class='num'>" + Points(change.points_change);
    if (change.percent_change) out += " (" + Number(*change.percent_change) + " %)";
    out += "</td>";
    if (patient) {
      out += "<td>" + EscapeHtml(change.summary) + "</td>";
    } else {
      out += "<td>" + EscapeHtml(Words(change.responder_class)) + "</td><td>";
      if (change.mcid_points && change.mcid_met) {
        out += std::string(*change.mcid_met ? "met" : "not met") + " (" +
               std::to_string(*change.mcid_points) + " points)";
      } else {
        out += "none defined";
      }
      out += "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  if (!patient) {
    out +=
        "<p class='note'>Responder classes after IMMPACT (Dworkin et al., J Pain 2008): "
        "substantial at 50 % improvement or more, moderate at 30 % or more. Minimal important "
        "change after Ostelo et al., Spine 2008.</p>";
  }
  return out + "</section>";
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderReportHtml(const PatientReport& report) {
  const std::string name = EscapeHtml(report.patient_name);
  std::string out =
      "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
      "<meta name='viewport' content='width=device-width, initial-scale=1'>"
      "<title>Progress report: " +
      name + "</title><style>" + std::string(kStyle) + "</style></head><body>";
  out += "<header><p class='clinic'>" + EscapeHtml(report.clinic_name) +
         "</p><h1>Progress report</h1><dl class='facts'><dt>Patient</dt><dd>" + name +
         "</dd><dt>Date of birth</dt><dd>" + Date(report.date_of_birth) +
         "</dd><dt>Report date</dt><dd>" + Date(report.report_date) + "</dd></dl></header><main>";
  out += "<div class='columns'>" + CourseSection(report) + ScreeningSection(report) + "</div>";
  out += NprsSection(report) + OdiSection(report);
  out += "<div class='columns'>" + AttendanceSection(report) + NotesSection(report) + "</div>";
  out += AdherenceSection(report) + ChangesSection(report);
  out +=
      "</main><footer>This report describes this patient's course so far. It is not a "
      "prediction or a promise of any outcome. Made by backcare on " +
      Date(report.report_date) + ".</footer></body></html>\n";
  return out;
}

}  // namespace backcare::http::api
