// Handlers for reports: the clinic's outcomes (GET /api/v1/reports/outcomes) and one patient's
// printable progress report (GET /api/v1/patients/{id}/report, HTML).
#include <charconv>
#include <string>

#include "exchange/json/outcomes_json.h"
#include "http/api/handler_support.h"
#include "http/api/handlers.h"
#include "http/api/report_html.h"

namespace backcare::http::api {
namespace {

// Reads the report's query parameters into `query`; every problem becomes a field error, and so
// does any other parameter (an ignored filter would report on everyone).
void ReadOutcomesQuery(const HttpRequest& request, app::OutcomesQuery& query,
                       std::vector<FieldError>& errors) {
  for (const auto& [key, value] : request.query) {
    if (key == "as_of" || key == "from" || key == "to") {
      const std::optional<clinic::Date> date = clinic::ParseDate(value);
      if (!date) {
        errors.push_back({"", key, "expected a date YYYY-MM-DD"});
      } else {
        (key == "as_of" ? query.as_of : key == "from" ? query.from : query.to) = date;
      }
    } else if (key == "therapist_id" || key == "clinic_id") {
      std::int64_t id = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (error != std::errc() || end != value.data() + value.size() || id <= 0) {
        errors.push_back({"", key, "expected a positive integer"});
      } else if (key == "therapist_id") {
        query.therapist_id = TherapistId(id);
      } else {
        query.clinic_id = ClinicId(id);
      }
    } else if (key == "protocol") {
      if (Status parsed = app::ParseProtocolOption(value, key, query); !parsed) {
        errors.insert(errors.end(), parsed.error().fields.begin(), parsed.error().fields.end());
      }
    } else if (key == "sciatic") {
      if (value == "yes" || value == "no") {
        query.sciatic = value == "yes";
      } else {
        errors.push_back({"", key, "expected yes or no"});
      }
    } else {
      errors.push_back({"", key, "unknown query parameter"});
    }
  }
}

}  // namespace

HttpResponse OutcomesReport(HandlerContext& context) {
  app::OutcomesQuery query;
  std::vector<FieldError> errors;
  ReadOutcomesQuery(context.request, query, errors);
  if (!errors.empty()) return BadRequest(InvalidInput("invalid query parameters", errors));
  Result<app::OutcomesResult> result =
      context.services.outcome_reports.Report(*context.caller, query);
  if (!result) {
    // from after to is a bad request like the others, not a failed use case.
    if (result.error().code == ErrorCode::kInvalidInput) return BadRequest(result.error());
    return ErrorResponse(result.error());
  }
  const exchange::OutcomesNames names{result->therapist_names, result->clinic_names};
  HttpResponse response;
  response.status = 200;
  response.body = exchange::OutcomesReportToJson(*result->protocol, result->report, names);
  return response;
}

// ?course=<course id> (optional): the syntax is checked here (400 naming the parameter, and for
// any other parameter), the course's owner by the service (after its row rule, so another
// patient's id is "not found" whatever the query). Errors are JSON like every API error; the
// report itself is HTML (security_headers.cc gives it the report's Content-Security-Policy).
HttpResponse PatientReport(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::ReportRequest request;
  request.patient_id = *id;
  std::vector<FieldError> errors;
  for (const auto& [key, value] : context.request.query) {
    if (key == "course") {
      const std::optional<std::int64_t> course = WholeNumber(value);
      if (!course || *course <= 0) {
        errors.push_back({"", "course", "expected a positive course id"});
      } else {
        request.course_id = CourseId(*course);
      }
    } else {
      errors.push_back({"", key, "unknown query parameter"});
    }
  }
  if (!errors.empty()) return BadRequest(InvalidInput("invalid query parameters", errors));
  Result<app::PatientReport> report = context.services.reports.GetReport(*context.caller, request);
  if (!report) return ErrorResponse(report.error());
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/html; charset=utf-8";
  response.body = RenderReportHtml(*report);
  return response;
}

}  // namespace backcare::http::api
