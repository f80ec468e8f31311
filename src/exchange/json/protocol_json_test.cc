#include "exchange/json/protocol_json.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/toml/protocol_toml.h"
#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

protocol::Protocol DefaultProtocol() {
  Result<protocol::Protocol> result = LoadDefaultProtocol();
  EXPECT_OK(result);
  return result.has_value() ? *result : protocol::Protocol{};
}

TEST(ProtocolJsonTest, DefaultProtocolRoundTrips) {
  const protocol::Protocol original = DefaultProtocol();
  const std::string json = ProtocolToJson(original);
  Result<protocol::Protocol> read = ProtocolFromJson(json);
  ASSERT_OK(read);
  EXPECT_TRUE(*read == original);
  // And the compact form says the same.
  Result<protocol::Protocol> compact = ProtocolFromJson(ProtocolToJson(original, -1));
  ASSERT_OK(compact);
  EXPECT_TRUE(*compact == original);
}

TEST(ProtocolJsonTest, WritesKeysInFileOrderAndUnsetOptionalsAsNull) {
  const std::string json = ProtocolToJson(DefaultProtocol(), -1);
  EXPECT_EQ(json.rfind("{\"id\":\"deep-tissue-chronic-low-back-pain\",\"version\":1,", 0), 0u)
      << json.substr(0, 80);
  // Maintenance has no numeric band; its last interval step runs to the phase's end.
  EXPECT_NE(json.find("\"interval_steps\":[{\"interval_weeks\":2,\"until_week\":18},"
                      "{\"interval_weeks\":4,\"until_week\":null}]},\"expected_reduction\":null"),
            std::string::npos);
  EXPECT_NE(json.find("\"hold_seconds\":{\"min\":60,\"max\":90}"), std::string::npos);
  EXPECT_NE(json.find("\"proportion\":0.8,"), std::string::npos);
  EXPECT_EQ(json.find('\n'), std::string::npos);
}

TEST(ProtocolJsonTest, IndentsByTheGivenWidth) {
  const std::string json = ProtocolToJson(DefaultProtocol(), 4);
  EXPECT_EQ(json.rfind("{\n    \"id\": \"deep-tissue-chronic-low-back-pain\",\n", 0), 0u);
}

// The smallest valid protocol as JSON; cases below replace one piece of it.
constexpr std::string_view kMinimal =
    R"({"id":"p","version":1,"title":"T","condition":"C","source":"S","session_minutes":60,)"
    R"("phases":[{"id":"a","name":"A","start_week":0,"end_week":4,)"
    R"("cadence":{"sessions_per_week":2}}],)"
    R"("techniques":[{"id":"t","name":"T","targets":["x"],"pressure":"deep","deep_pressure":true}]})";

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ProtocolJsonTest, ReadsTheMinimalProtocol) {
  Result<protocol::Protocol> result = ProtocolFromJson(kMinimal);
  ASSERT_OK(result);
  EXPECT_EQ(result->phases[0].cadence.sessions_per_week, 2);
}

struct BadJsonCase {
  const char* name;
  std::string json;
  std::string expected;
};

void PrintTo(const BadJsonCase& test_case, std::ostream* out) { *out << test_case.name; }

class ProtocolJsonErrorTest : public ::testing::TestWithParam<BadJsonCase> {};

TEST_P(ProtocolJsonErrorTest, ReportsExactProblems) {
  SCOPED_TRACE("input: " + GetParam().json);
  ASSERT_ERROR_AND_ASSIGN(Error error, ProtocolFromJson(GetParam().json), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.ToString(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    BadJson, ProtocolJsonErrorTest,
    ::testing::Values(
        BadJsonCase{"syntax_error", R"({"id": )",
                    "invalid protocol JSON (1 problem)\n"
                    "parse error at line 1, column 8: syntax error while parsing value - "
                    "unexpected end of input; expected '[', '{', or a literal"},
        // An out-of-range number threw nlohmann's out_of_range past the parse_error handler
        // (found by fuzzing the JSON readers, fuzz/screening_fuzzer.cc).
        BadJsonCase{"number_out_of_range", R"({"id": 1e400})",
                    "invalid protocol JSON (1 problem)\na number out of range"},
        BadJsonCase{"not_an_object", "[1]",
                    "invalid protocol JSON (1 problem)\nexpected an object, got an array"},
        BadJsonCase{"unknown_key",
                    Replace(std::string(kMinimal), R"("id":"p")", R"("id":"p","colour":"red")"),
                    "invalid protocol JSON (1 problem)\ncolour: unknown key 'colour'"},
        BadJsonCase{"null_counts_as_missing",
                    Replace(std::string(kMinimal), R"("end_week":4)", R"("end_week":null)"),
                    "invalid protocol JSON (1 problem)\n"
                    "phases[0].end_week: missing required key 'end_week' (an integer)"},
        BadJsonCase{"wrong_types",
                    Replace(Replace(std::string(kMinimal), R"("version":1)", R"("version":1.5)"),
                            R"("targets":["x"])", R"("targets":["x",2])"),
                    "invalid protocol JSON (2 problems)\n"
                    "version: expected an integer, got a float\n"
                    "techniques[0].targets[1]: expected a string, got an integer"},
        BadJsonCase{
            "integer_out_of_range",
            Replace(std::string(kMinimal), R"("start_week":0)", R"("start_week":4294967296)"),
            "invalid protocol JSON (1 problem)\n"
            "phases[0].start_week: expected an integer between -2147483648 and "
            "2147483647, got 4294967296"},
        BadJsonCase{
            "semantic_rules_apply",
            Replace(std::string(kMinimal), R"("sessions_per_week":2)", R"("sessions_per_week":8)"),
            "invalid protocol JSON (1 problem)\n"
            "phases[0].cadence.sessions_per_week: expected between 1 and 7, got 8"}),
    [](const ::testing::TestParamInfo<BadJsonCase>& param_info) {
      return std::string(param_info.param.name);
    });

}  // namespace
}  // namespace backcare::exchange
