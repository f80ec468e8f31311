// A screening's findings as the HTTP edge reads them (POST /api/v1/patients/{id}/intake): the body
// parsed by http::api::ParseJsonObject, read by ReadIntake through an ObjectReader with unknown
// fields refused, then screened against the built-in protocol (screening::Screen) and carried
// forward with the resolutions (screening::CarryForward), as app::PatientService::Intake does.
// Invariants: every error is well formed; findings that read cleanly read the same again from
// their own JSON; screening never drops a finding's reason.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/screening/findings.h"
#include "core/screening/screen.h"
#include "fuzz_support.h"
#include "http/api/dto.h"
#include "http/api/json_io.h"

namespace {

using namespace backcare;

// The findings of `body`, or the error the API would answer with.
Result<app::IntakeRequest> ReadFindings(std::string_view body) {
  ASSIGN_OR_RETURN(nlohmann::json json, http::api::ParseJsonObject(body));
  std::vector<FieldError> errors;
  http::api::ObjectReader reader(json, "", errors);
  app::IntakeRequest request = http::api::ReadIntake(reader, PatientId(1));
  reader.RejectUnknownFields();
  RETURN_IF_ERROR(http::api::FieldErrorsToStatus(std::move(errors)));
  return request;
}

std::string FindingsJson(const std::vector<screening::Finding>& findings) {
  nlohmann::json list = nlohmann::json::array();
  for (const screening::Finding& finding : findings) {
    nlohmann::json item{{"condition", finding.condition}};
    if (finding.area) item["area"] = *finding.area;
    list.push_back(std::move(item));
  }
  return nlohmann::json{{"findings", std::move(list)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::strict);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  Result<app::IntakeRequest> request = ReadFindings(body);
  if (!request.has_value()) {
    fuzz::RequireWellFormed(request.error());
    fuzz::Require(request.error().code == ErrorCode::kInvalidInput, "a bad body is invalid input");
    return 0;
  }
  Result<app::IntakeRequest> again = ReadFindings(FindingsJson(request->findings));
  fuzz::Require(again.has_value() && again->findings == request->findings,
                "findings read back from their own JSON");

  Result<screening::ScreeningResult> screened =
      screening::Screen(fuzz::BuiltInProtocol(), request->findings);
  if (!screened.has_value()) {
    fuzz::RequireWellFormed(screened.error());
    fuzz::Require(!screened.error().fields.empty(), "invalid findings name each problem");
    return 0;
  }
  fuzz::Require(screened->reasons.size() == request->findings.size(), "one reason per finding");
  Result<std::vector<screening::Finding>> carried =
      screening::CarryForward(request->findings, {}, request->resolved);
  if (!carried.has_value()) {
    fuzz::RequireWellFormed(carried.error());
  } else {
    fuzz::Require(carried->size() <= request->findings.size(), "resolving never adds findings");
  }
  return 0;
}
