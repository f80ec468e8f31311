#include "http/api/json_io.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/status_matchers.h"

namespace backcare::http::api {
namespace {

using Json = nlohmann::json;
using Presence = ObjectReader::Presence;

std::vector<std::string> Describe(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const FieldError& error : errors) out.push_back(error.ToString());
  return out;
}

TEST(ParseJsonObjectTest, Errors) {
  struct Case {
    const char* body;
    const char* message;
  };
  const Case cases[] = {
      {"", "request body is not valid JSON (byte 1)"},
      {"{\"a\":", "request body is not valid JSON (byte 6)"},
      {"{\"secret name\" 1}", "request body is not valid JSON (byte 16)"},
      {"[1,2]", "request body must be a JSON object"},
      {"\"text\"", "request body must be a JSON object"},
      {"{\"n\":1e400}", "request body is not valid JSON (a number is out of range)"},
      {"{\"n\":-1e400}", "request body is not valid JSON (a number is out of range)"},
      // Found by fuzz/screening_fuzzer.cc: nlohmann throws out_of_range, not parse_error, for a
      // number beyond double's range; it escaped as an exception (a 500 through the server).
      {"{\"findings\":1e400}", "request body is not valid JSON (a number is out of range)"},
      {"{\"a\":[-66666666e666]}", "request body is not valid JSON (a number is out of range)"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.body);
    ASSERT_ERROR_AND_ASSIGN(Error parsed, ParseJsonObject(test.body), ErrorCode::kInvalidInput);
    EXPECT_EQ(parsed.message, test.message) << test.body;
  }
}

TEST(ParseJsonObjectTest, RefusesADuplicatedKeyNamingItsPath) {
  struct Case {
    const char* body;
    const char* path;
  };
  const Case cases[] = {
      {R"({"a":1,"a":2})", "a"},
      {R"({"a":{"b":1,"c":{},"b":2}})", "a.b"},
      {R"({"x":[{"k":1},{"k":1,"k":2}]})", "x[1].k"},
      {R"({"x":[1,[2,3],{"k":1,"m":[],"k":2}]})", "x[2].k"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.body);
    ASSERT_ERROR_AND_ASSIGN(Error parsed, ParseJsonObject(test.body), ErrorCode::kInvalidInput);
    EXPECT_EQ(parsed.message, "request body has a duplicated key");
    ASSERT_EQ(parsed.fields.size(), 1U);
    EXPECT_EQ(parsed.fields[0].path, test.path);
  }
  // The same key in different objects is not a duplicate.
  EXPECT_TRUE(ParseJsonObject(R"({"k":{"k":1},"x":[{"k":1},{"k":2}]})").has_value());
}

TEST(ObjectReaderTest, OneLineFieldsRefuseLineBreaksAndControlsFreeTextOnlyControls) {
  Json body = Json::parse(
      "{\"name\":\"A\\nB\",\"note\":\"line 1\\nline 2\",\"bad\":\"x\\u0000\","
      "\"rlo\":\"a\\u202eb\",\"tags\":[\"ok\",\"t\\tab\"],"
      "\"password\":\"  \\u0007 any\"}");
  std::vector<FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_EQ(reader.String("name", Presence::kRequired), std::nullopt);
  EXPECT_EQ(reader.Text("note", Presence::kRequired), "line 1\nline 2");
  EXPECT_EQ(reader.Text("bad", Presence::kRequired), std::nullopt);
  EXPECT_EQ(reader.Text("rlo", Presence::kRequired), std::nullopt);
  EXPECT_EQ(reader.StringArray("tags", Presence::kRequired), std::nullopt);
  EXPECT_EQ(reader.Secret("password", Presence::kRequired, 100), "  \a any");
  EXPECT_EQ(Describe(errors), (std::vector<std::string>{
                                  "name: expected a single line (no line break or tab)",
                                  "bad: expected text without control characters",
                                  "rlo: expected text without bidirectional override characters",
                                  "tags[1]: expected a single line (no line break or tab)"}));
}

TEST(ObjectReaderTest, ReadsTypedFields) {
  Json body = Json::parse(R"({"name":"x","count":3,"ratio":0.5,"flag":true,"day":"2024-03-18",)"
                          R"("at":"2024-03-18T09:30:00Z","kind":"b","tags":["p","q"]})");
  std::vector<FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_EQ(reader.String("name", Presence::kRequired), "x");
  EXPECT_EQ(reader.Integer("count", Presence::kRequired, 0, 10), 3);
  EXPECT_EQ(reader.Number("ratio", Presence::kRequired), 0.5);
  EXPECT_EQ(reader.Boolean("flag", Presence::kRequired), true);
  EXPECT_EQ(reader.Date("day", Presence::kRequired),
            std::chrono::year_month_day(std::chrono::year{2024} / 3 / 18));
  EXPECT_EQ(reader.Instant("at", Presence::kRequired),
            std::chrono::sys_days(std::chrono::year{2024} / 3 / 18) + std::chrono::hours(9) +
                std::chrono::minutes(30));
  static constexpr EnumName<int> kKinds[] = {{1, "a"}, {2, "b"}};
  EXPECT_EQ(reader.OneOf<int>("kind", Presence::kRequired, kKinds), 2);
  EXPECT_EQ(reader.StringArray("tags", Presence::kRequired), (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(reader.String("absent", Presence::kOptional), std::nullopt);
  reader.RejectUnknownFields();
  EXPECT_TRUE(errors.empty()) << Describe(errors)[0];
}

TEST(ObjectReaderTest, CollectsEveryErrorWithItsPath) {
  Json body =
      Json::parse(R"({"name":5,"count":"3","big":11,"flag":null,"day":"2024-02-30","kind":"z",)"
                  R"("extra":1,"nested":{"inner":true,"stray":0},"items":[{"n":1},2,{"n":"x"}],)"
                  R"("tags":[1,"ok"]})");
  std::vector<FieldError> errors;
  ObjectReader reader(body, "", errors);
  reader.String("name", Presence::kRequired);
  reader.Integer("count", Presence::kRequired);
  reader.Integer("big", Presence::kRequired, 0, 10);
  reader.Boolean("flag", Presence::kRequired);
  reader.Date("day", Presence::kRequired);
  static constexpr EnumName<int> kKinds[] = {{1, "a"}, {2, "b"}};
  reader.OneOf<int>("kind", Presence::kRequired, kKinds);
  reader.String("missing", Presence::kRequired);
  reader.Object("nested", Presence::kRequired,
                [](ObjectReader& nested) { nested.Boolean("inner", Presence::kRequired); });
  reader.ObjectArray("items", Presence::kRequired, [](ObjectReader& item, std::size_t) {
    item.Integer("n", Presence::kRequired);
  });
  reader.StringArray("tags", Presence::kRequired);
  reader.RejectUnknownFields();
  EXPECT_EQ(Describe(errors), (std::vector<std::string>{
                                  "name: expected a string, got integer",
                                  "count: expected an integer, got string",
                                  "big: expected an integer in [0, 10], got 11",
                                  "flag: required",
                                  "day: expected a date YYYY-MM-DD",
                                  "kind: expected one of: a, b",
                                  "missing: required",
                                  "nested.stray: unknown field",
                                  "items[1]: expected an object, got integer",
                                  "items[2].n: expected an integer, got string",
                                  "tags[0]: expected a string, got integer",
                                  "extra: unknown field",
                              }));
}

TEST(ObjectReaderTest, StringLengthLimit) {
  Json body = {{"note", std::string(11, 'a')}};
  std::vector<FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_EQ(reader.Text("note", Presence::kRequired, 10), std::nullopt);
  EXPECT_EQ(Describe(errors),
            (std::vector<std::string>{"note: expected at most 10 bytes, got 11"}));
}

TEST(FieldErrorsToStatusTest, EmptyIsOk) {
  EXPECT_OK(FieldErrorsToStatus({}));
  ASSERT_ERROR_AND_ASSIGN(Error error, FieldErrorsToStatus({{"", "a", "required"}}),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "request body has invalid fields");
}

TEST(ErrorResponseTest, RendersTheErrorShape) {
  HttpResponse response =
      ErrorResponse(InvalidInput("request body has invalid fields", {{"", "email", "required"}}));
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body,
            R"({"error":{"code":"invalid_input","fields":[{"message":"required","path":"email"}],)"
            R"("message":"request body has invalid fields"}})");
  EXPECT_EQ(ErrorResponse(NotFound("patient 3 not found")).status, 404);
  EXPECT_EQ(ErrorResponse(NotFound("x"), 400).status, 400);
}

TEST(JsonResponseTest, ReplacesInvalidUtf8InsteadOfThrowing) {
  HttpResponse response = JsonResponse(200, Json{{"text", std::string("a\xff")}});
  EXPECT_EQ(response.body, "{\"text\":\"a\xEF\xBF\xBD\"}");
}

TEST(InstantTest, FormatAndParse) {
  auto at = std::chrono::sys_days(std::chrono::year{2024} / 3 / 18) + std::chrono::hours(9) +
            std::chrono::minutes(5) + std::chrono::seconds(7);
  EXPECT_EQ(FormatInstant(at), "2024-03-18T09:05:07Z");
  EXPECT_EQ(ParseInstant("2024-03-18T09:05:07Z"), at);
  EXPECT_EQ(ParseInstant("2024-03-18T09:05Z"), at - std::chrono::seconds(7));
  for (const char* bad : {"2024-03-18", "2024-03-18T24:00Z", "2024-03-18T09:05:07",
                          "2024-13-01T00:00Z", "2024-03-18T09:5:07Z",
                          // Beyond a Timestamp's range: the conversion overflowed (fuzzing).
                          "4048-03-25T00:00:00Z", "9999-12-31T23:59Z", "1000-01-01T00:00Z"}) {
    EXPECT_EQ(ParseInstant(bad), std::nullopt) << bad;
  }
  EXPECT_TRUE(ParseInstant("2262-04-10T23:59:59Z").has_value());
}

}  // namespace
}  // namespace backcare::http::api
