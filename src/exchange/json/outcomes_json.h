// The JSON form of the outcomes report (docs/analytics.md), shared by `backcare report outcomes
// --json` and GET /api/v1/reports/outcomes: rates and bounds rounded to 4 decimals, null where
// there is no rate (n = 0).
#ifndef BACKCARE_EXCHANGE_JSON_OUTCOMES_JSON_H_
#define BACKCARE_EXCHANGE_JSON_OUTCOMES_JSON_H_

#include <cstdint>
#include <map>
#include <string>

#include "core/outcomes/report.h"
#include "core/protocol/protocol.h"

namespace backcare::exchange {

struct OutcomesNames {
  std::map<std::int64_t, std::string> therapists;  // by id
  std::map<std::int64_t, std::string> clinics;     // by id
};

// {"as_of", "protocol": {"id", "version"}, "population": {"courses", "not_evaluable",
// "dropouts"}, "claims": [...], "time_to_response": {...}, "bands": {...}, "by_therapist": [...],
// "by_clinic": [...]}; `indent` as nlohmann's dump (-1: one line).
std::string OutcomesReportToJson(const protocol::Protocol& protocol,
                                 const outcomes::OutcomesReport& report, const OutcomesNames& names,
                                 int indent = -1);

// A rate or bound rounded to 4 decimals (half away from zero).
double RoundTo4(double value);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_JSON_OUTCOMES_JSON_H_
