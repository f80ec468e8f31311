#include "exchange/fhir/fhir_search.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace backcare::exchange::fhir {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// 2026-03-18T00:00:00Z in microseconds: 20530 days after the epoch.
constexpr std::int64_t kMarch18 = 20530LL * 86400 * 1'000'000;
constexpr std::int64_t kSecond = 1'000'000;

TEST(FhirSearchTest, DatesCoverTheirPrecision) {
  EXPECT_EQ(ParseFhirDate("2026-03-18"), (TimeRange{kMarch18, kMarch18 + 86400 * kSecond}));
  EXPECT_EQ(ParseFhirDate("2026-03-18T09:05:07Z"),
            (TimeRange{kMarch18 + 32707 * kSecond, kMarch18 + 32708 * kSecond}));
  EXPECT_EQ(ParseFhirDate("2026-03-18T09:05Z"),
            (TimeRange{kMarch18 + 32700 * kSecond, kMarch18 + 32760 * kSecond}));
  // 10:05:07+01:00 is 09:05:07Z; .25 covers a hundredth of a second.
  EXPECT_EQ(ParseFhirDate("2026-03-18T10:05:07.25+01:00"),
            (TimeRange{kMarch18 + 32707 * kSecond + 250000, kMarch18 + 32707 * kSecond + 260000}));
  // March has 31 days; 2026 has 365.
  EXPECT_EQ(ParseFhirDate("2026-03")->end - ParseFhirDate("2026-03")->begin, 31 * 86400 * kSecond);
  EXPECT_EQ(ParseFhirDate("2026")->end - ParseFhirDate("2026")->begin, 365 * 86400 * kSecond);
  EXPECT_EQ(ParseFhirDate("2024-02")->end - ParseFhirDate("2024-02")->begin, 29 * 86400 * kSecond);
  for (const char* bad : {"", "26", "2026-13", "2026-02-30", "2026-03-18T25:00Z",
                          "2026-03-18T09:05:07", "2026-03-18 09:05Z", "2026-03-18T09:05:07.Z",
                          "2026-03-18T09:05:07.1234567Z", "2026-3-18", "abcd", "2026-03-18Tx"}) {
    EXPECT_FALSE(ParseFhirDate(bad).has_value()) << bad;
  }
}

nlohmann::json Observation(const std::string& id, const std::string& code, const std::string& when,
                           int patient = 7) {
  return {{"resourceType", "Observation"},
          {"id", id},
          {"category",
           {{{"coding",
              {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                {"code", "survey"}}}}}}},
          {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", code}}}}}},
          {"subject", {{"reference", "Patient/" + std::to_string(patient)}}},
          {"effectiveDateTime", when}};
}

SearchQuery Parse(ResourceType type, const Params& params) {
  Result<SearchQuery> query = ParseSearch(type, params);
  EXPECT_TRUE(query.has_value()) << (query.has_value() ? "" : query.error().message);
  return query.has_value() ? *query : SearchQuery{};
}

TEST(FhirSearchTest, CodesDatesAndPatient) {
  nlohmann::json nprs = Observation("score-1", "72514-3", "2026-03-18T09:05:00Z");
  nlohmann::json odi = Observation("score-2", "97909-6", "2026-04-01T09:05:00Z", 8);

  SearchQuery by_code = Parse(ResourceType::kObservation, {{"code", "http://loinc.org|72514-3"}});
  EXPECT_TRUE(Matches(by_code, nprs));
  EXPECT_FALSE(Matches(by_code, odi));
  EXPECT_TRUE(Matches(Parse(ResourceType::kObservation, {{"code", "97909-6,72514-3"}}), odi));
  EXPECT_FALSE(Matches(Parse(ResourceType::kObservation, {{"code", "|72514-3"}}), nprs));
  EXPECT_FALSE(Matches(Parse(ResourceType::kObservation, {{"code", "urn:x|72514-3"}}), nprs));
  EXPECT_TRUE(Matches(Parse(ResourceType::kObservation, {{"category", "survey"}}), nprs));
  EXPECT_FALSE(Matches(Parse(ResourceType::kObservation, {{"category", "activity"}}), nprs));

  SearchQuery march =
      Parse(ResourceType::kObservation, {{"date", "ge2026-03-01"}, {"date", "lt2026-04-01"}});
  EXPECT_TRUE(Matches(march, nprs));
  EXPECT_FALSE(Matches(march, odi));
  EXPECT_TRUE(Matches(Parse(ResourceType::kObservation, {{"date", "2026-03-18"}}), nprs));
  EXPECT_FALSE(Matches(Parse(ResourceType::kObservation, {{"date", "gt2026-03-18"}}), nprs));
  EXPECT_TRUE(Matches(Parse(ResourceType::kObservation, {{"date", "le2026-03-18"}}), nprs));
  EXPECT_FALSE(Matches(Parse(ResourceType::kObservation, {{"date", "lt2026-03-18"}}), nprs));

  SearchQuery seven = Parse(ResourceType::kObservation, {{"patient", "Patient/7"}});
  EXPECT_EQ(seven.patient, 7);
  EXPECT_TRUE(Matches(seven, nprs));
  EXPECT_FALSE(Matches(seven, odi));
  EXPECT_TRUE(Matches(Parse(ResourceType::kObservation, {{"_id", "score-9,score-2"}}), odi));
}

TEST(FhirSearchTest, NamesStartWithAnyPartCaseInsensitively) {
  nlohmann::json patient = {{"resourceType", "Patient"},
                            {"id", "7"},
                            {"name", {{{"family", "Okafor"}, {"given", {"Ada"}}}}}};
  EXPECT_TRUE(Matches(Parse(ResourceType::kPatient, {{"name", "oka"}}), patient));
  EXPECT_TRUE(Matches(Parse(ResourceType::kPatient, {{"name", "AD"}}), patient));
  EXPECT_FALSE(Matches(Parse(ResourceType::kPatient, {{"name", "kafor"}}), patient));
}

TEST(FhirSearchTest, RefusesWhatItDoesNotSupport) {
  const std::pair<Params, const char*> cases[] = {
      {{{"foo", "1"}}, "unknown search parameter 'foo' for Observation"},
      {{{"code:text", "pain"}}, "search parameter 'code': modifiers are not supported"},
      {{{"_include", "Observation:patient"}}, "unknown search parameter '_include'"},
      {{{"_sort", "date"}}, "unknown search parameter '_sort'"},
      {{{"date", "notadate"}}, "search parameter 'date': expected"},
      {{{"date", "ne2026"}}, "search parameter 'date': expected a prefix"},
      {{{"_count", "abc"}}, "search parameter '_count'"},
      {{{"_count", "0"}}, "search parameter '_count'"},
      {{{"_count", "5"}, {"_count", "6"}}, "search parameter '_count'"},
      {{{"patient", "Practitioner/5"}}, "search parameter 'patient'"},
      {{{"patient", "7"}, {"patient", "8"}}, "search parameter 'patient': expected one patient"},
      {{{"code", ""}}, "search parameter 'code': expected a value"},
      {{{"code", "a|b|c"}}, "search parameter 'code'"},
      {{{"_id", "x_y"}}, "search parameter '_id'"},
      {{{"_format", "xml"}}, "search parameter '_format'"},
      {{{"\x01<b>", "1"}}, "unknown search parameter (name not shown)"},
  };
  for (const auto& [params, expected] : cases) {
    Result<SearchQuery> query = ParseSearch(ResourceType::kObservation, params);
    ASSERT_FALSE(query.has_value()) << params.front().first;
    EXPECT_EQ(query.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(query.error().message.find(expected), std::string::npos) << query.error().message;
  }
  // `status` belongs to Appointment, not Observation; Patient has no `patient`.
  EXPECT_FALSE(ParseSearch(ResourceType::kObservation, Params{{"status", "final"}}).has_value());
  EXPECT_FALSE(ParseSearch(ResourceType::kPatient, Params{{"patient", "7"}}).has_value());
  EXPECT_TRUE(ParseSearch(ResourceType::kAppointment, Params{{"status", "booked"}}).has_value());
}

TEST(FhirSearchTest, CountIsCappedAndQueryReencoded) {
  SearchQuery query =
      Parse(ResourceType::kObservation,
            {{"code", "http://loinc.org|72514-3"}, {"_count", "100000"}, {"_cursor", "7.score-1"}});
  EXPECT_EQ(query.count, kMaxCount);
  EXPECT_EQ(query.cursor, "7.score-1");
  EXPECT_EQ(query.canonical_query, "code=http%3A%2F%2Floinc.org%7C72514-3&_count=100000");
  EXPECT_EQ(Parse(ResourceType::kPatient, {}).count, kDefaultCount);
}

}  // namespace
}  // namespace backcare::exchange::fhir
