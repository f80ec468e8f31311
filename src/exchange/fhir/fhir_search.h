// FHIR search (R4 search.html) over the resources fhir_resources.h makes: the parameters each type
// supports, parsing a query string's parameters into a SearchQuery (every unknown parameter,
// modifier or malformed value is an error naming it: a filter silently dropped would return more
// than was asked for), and matching a resource against it. Pure.
//
// Supported: _id (comma = or) on every type; `patient` (one value, "7" or "Patient/7") on the
// patient-compartment types; dates (date, authored, birthdate, _lastUpdated) with the prefixes eq
// (default), ne is not supported, ge, le, gt, lt and values YYYY, YYYY-MM, YYYY-MM-DD or a dateTime
// with a zone, repeatable (and); tokens `system|code`, `code`, `|code` (comma = or); strings
// (name: starts with, case-insensitive, any given or family name); _count (1..; more than 200
// gives 200); _format json; _cursor (the opaque paging position of a `next` link).
#ifndef BACKCARE_EXCHANGE_FHIR_FHIR_SEARCH_H_
#define BACKCARE_EXCHANGE_FHIR_FHIR_SEARCH_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/base/result.h"
#include "exchange/fhir/fhir_resources.h"

namespace backcare::exchange::fhir {

inline constexpr int kDefaultCount = 50;
inline constexpr int kMaxCount = 200;

// A span of time in microseconds since the epoch, [begin, end).
struct TimeRange {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// The range a FHIR date, dateTime or instant covers: "2024" the year, "2024-03" the month,
// "2024-03-18" the (UTC) day, "2024-03-18T09:05Z" the minute, "...:07Z" the second,
// "...:07.25Z" the fraction given; zones "Z" or "+hh:mm"/"-hh:mm". Nullopt for anything else.
std::optional<TimeRange> ParseFhirDate(std::string_view text);

enum class ParamKind { kToken, kDate, kString, kReference };

struct SearchParamDefinition {
  std::string_view name;
  ParamKind kind;
  std::string_view documentation;
};

// The search parameters of `type`, _id and _lastUpdated first (the result parameters _count,
// _format and _cursor are not listed).
std::span<const SearchParamDefinition> SearchParams(ResourceType type);

enum class DatePrefix { kEq, kGe, kLe, kGt, kLt };
struct DateValue {
  DatePrefix prefix = DatePrefix::kEq;
  TimeRange range;
};
struct TokenValue {
  std::optional<std::string> system;  // nullopt: any system; "": no system
  std::string code;
};

// One parameter occurrence: a match needs one of its values (or, for dates, all of them).
struct Criterion {
  std::string name;
  ParamKind kind = ParamKind::kToken;
  std::vector<TokenValue> tokens;    // kToken (and _id: code only)
  std::vector<DateValue> dates;      // kDate: each must hold
  std::vector<std::string> strings;  // kString, lower-case
};

struct SearchQuery {
  ResourceType type = ResourceType::kPatient;
  std::vector<Criterion> criteria;      // all must match
  std::optional<std::int64_t> patient;  // the `patient` parameter
  int count = kDefaultCount;
  std::string cursor;  // empty: the first page
  // The parameters as understood, re-encoded (without _cursor), for the Bundle's links.
  std::string canonical_query;
};

// Errors: kInvalidInput naming the parameter ("unknown search parameter 'foo'", "date: expected
// [prefix]YYYY[-MM[-DD[Thh:mm[:ss]zone]]], ...") and never echoing a value.
Result<SearchQuery> ParseSearch(ResourceType type,
                                std::span<const std::pair<std::string, std::string>> params);

// Whether `resource` (of query.type) meets every criterion and the patient parameter.
bool Matches(const SearchQuery& query, const nlohmann::json& resource);

// "a%7Cb": percent-encodes everything but unreserved characters (for links).
std::string PercentEncode(std::string_view text);

}  // namespace backcare::exchange::fhir

#endif  // BACKCARE_EXCHANGE_FHIR_FHIR_SEARCH_H_
