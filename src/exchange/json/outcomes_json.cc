#include "exchange/json/outcomes_json.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clinic/time.h"

namespace backcare::exchange {
namespace {

using Json = nlohmann::ordered_json;

Json Number(const std::optional<double>& value) {
  return value ? Json(RoundTo4(*value)) : Json(nullptr);
}

Json RateJson(const outcomes::Rate& rate) {
  return {{"k", rate.k},
          {"n", rate.n},
          {"rate", Number(rate.rate)},
          {"ci_low", rate.interval ? Json(RoundTo4(rate.interval->low)) : Json(nullptr)},
          {"ci_high", rate.interval ? Json(RoundTo4(rate.interval->high)) : Json(nullptr)}};
}

Json GroupJson(const outcomes::CheckpointRates& rates) {
  return {{"itt", RateJson(rates.itt)},
          {"complete_case", RateJson(rates.complete_case)},
          {"missing", rates.missing}};
}

Json ClaimJson(const outcomes::ClaimResult& result) {
  const protocol::Claim& claim = *result.claim;
  Json out = {{"id", claim.id},
              {"kind", claim.kind},
              {"text", claim.text},
              {"checkpoint", claim.checkpoint},
              {"min_reduction_percent", claim.min_reduction_percent}};
  if (claim.kind == "comparison") {
    out["factor"] = claim.factor;
    out["groups"] = {{"adherent", GroupJson(result.adherent)},
                     {"not_adherent", GroupJson(result.not_adherent)}};
    out["difference"] = {
        {"estimate", Number(result.difference_estimate)},
        {"ci_low", result.difference ? Json(RoundTo4(result.difference->low)) : Json(nullptr)},
        {"ci_high", result.difference ? Json(RoundTo4(result.difference->high)) : Json(nullptr)}};
    out["note"] =
        "An observational comparison cannot show cause: patients who keep up their exercises "
        "may differ in other ways.";
  } else {
    out["claimed"] = Number(claim.proportion);
    out["itt"] = RateJson(result.overall.itt);
    out["complete_case"] = RateJson(result.overall.complete_case);
    out["missing"] = result.overall.missing;
  }
  out["verdict"] = result.verdict;
  return out;
}

Json ClaimsJson(const outcomes::ClaimsReport& claims) {
  Json out = Json::array();
  for (const outcomes::ClaimResult& result : claims.claims) out.push_back(ClaimJson(result));
  return out;
}

Json Share(std::int64_t count, std::int64_t due) {
  if (due == 0) return nullptr;
  return RoundTo4(static_cast<double>(count) / static_cast<double>(due));
}

Json BandsJson(const std::vector<outcomes::BandCounts>& bands) {
  Json out = Json::object();
  for (const outcomes::BandCounts& band : bands) {
    out[band.phase_id] = {
        {"checkpoint", band.checkpoint_id},
        {"expected",
         {{"min_percent", band.band.min_percent}, {"max_percent", band.band.max_percent}}},
        {"due", band.due},
        {"below", band.below},
        {"within", band.within},
        {"above", band.above},
        {"missing", band.missing},
        {"shares",
         {{"below", Share(band.below, band.due)},
          {"within", Share(band.within, band.due)},
          {"above", Share(band.above, band.due)},
          {"missing", Share(band.missing, band.due)}}}};
  }
  return out;
}

Json SurvivalJson(const stats::KaplanMeier& curve) {
  Json steps = Json::array();
  for (const stats::SurvivalStep& step : curve.steps) {
    steps.push_back({{"day", step.time},
                     {"at_risk", step.at_risk},
                     {"events", step.events},
                     {"survival", RoundTo4(step.survival)},
                     {"ci_low", RoundTo4(step.interval.low)},
                     {"ci_high", RoundTo4(step.interval.high)}});
  }
  return {{"event", "first NPRS at least 30 % below baseline"},
          {"unit", "days"},
          {"subjects", curve.subjects},
          {"events", curve.events},
          {"censored", curve.subjects - curve.events},
          {"median", Number(curve.median)},
          {"median_ci_low", Number(curve.median_low)},
          {"median_ci_high", Number(curve.median_high)},
          {"steps", steps}};
}

Json PopulationJson(const outcomes::ClaimsReport& claims) {
  return {{"courses", claims.courses}, {"not_evaluable", claims.not_evaluable}};
}

Json GroupsJson(const std::vector<outcomes::GroupReport>& groups, const char* id_key,
                const std::map<std::int64_t, std::string>& names) {
  Json out = Json::array();
  for (const outcomes::GroupReport& group : groups) {
    const auto name = names.find(group.id);
    out.push_back({{id_key, group.id == 0 ? Json(nullptr) : Json(group.id)},
                   {"name", name == names.end() ? Json(nullptr) : Json(name->second)},
                   {"population", PopulationJson(group.claims)},
                   {"claims", ClaimsJson(group.claims)},
                   {"bands", BandsJson(group.bands)}});
  }
  return out;
}

}  // namespace

double RoundTo4(double value) { return std::round(value * 10000.0) / 10000.0; }

std::string OutcomesReportToJson(const protocol::Protocol& protocol,
                                 const outcomes::OutcomesReport& report, const OutcomesNames& names,
                                 int indent) {
  Json population = PopulationJson(report.claims);
  population["dropouts"] = report.dropouts;
  const Json out = {
      {"as_of", clinic::FormatDate(clinic::Date{report.claims.as_of})},
      {"protocol", {{"id", protocol.id}, {"version", protocol.version}}},
      {"population", population},
      {"claims", ClaimsJson(report.claims)},
      {"time_to_response", SurvivalJson(report.time_to_response)},
      {"bands", BandsJson(report.bands)},
      {"by_therapist", GroupsJson(report.by_therapist, "therapist_id", names.therapists)},
      {"by_clinic", GroupsJson(report.by_clinic, "clinic_id", names.clinics)}};
  return out.dump(indent);
}

}  // namespace backcare::exchange
