// Handlers for reports on the clinic's own data: GET /api/v1/reports/outcomes.
#include <charconv>
#include <string>

#include "exchange/json/outcomes_json.h"
#include "http/api/handler_support.h"
#include "http/api/handlers.h"

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

}  // namespace backcare::http::api
