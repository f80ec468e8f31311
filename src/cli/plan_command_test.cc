// `backcare plan ...` run in-process through RunCli with string streams.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/cli_testing.h"

namespace backcare::cli {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + "backcare_plan_cli_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<std::string> Base() {
  return {"plan",
          "--start",
          "2024-03-04",
          "--tz",
          "Europe/London",
          "--availability",
          "mon 09:00-12:00,thu 14:00-18:00"};
}

// Replaces the value after `option` in `args` (or appends both).
std::vector<std::string> With(std::vector<std::string> args, const std::string& option,
                              const std::string& value) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == option) {
      args[i + 1] = value;
      return args;
    }
  }
  args.push_back(option);
  args.push_back(value);
  return args;
}

TEST(PlanCommandTest, ReportsEveryBadInputLiterally) {
  const std::string bad_hours =
      WriteFile("bad_hours.json", R"({"therapists":[{"id":1,"working_hours":"mon 25:00-26:00"}]})");
  const std::string unknown_key =
      WriteFile("unknown_key.json", R"({"therapists":[{"id":1,"name":"x"}]})");
  const std::string duplicate =
      WriteFile("duplicate.json", R"({"therapists":[{"id":1},{"id":1}]})");
  const std::string bad_closure = WriteFile("bad_closure.json", R"({"closures":["2024-02-30"]})");
  const std::string not_json = WriteFile("not_json.json", "{");
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string err;
  };
  const std::vector<Case> cases = {
      {With(Base(), "--start", "2024-13-01"), 2,
       "backcare plan: --start: '2024-13-01' is not a calendar date\n"},
      {With(Base(), "--start", "March 4"), 2,
       "backcare plan: --start: expected a date YYYY-MM-DD, got 'March 4'\n"},
      {With(With(Base(), "--start", "2024-01-01"), "--today", "2024-03-01"), 2,
       "backcare plan: --start: 2024-01-01 is before --today 2024-03-01\n"},
      {With(Base(), "--tz", "Mars/Olympus"), 2,
       "backcare plan: --tz: unknown time zone 'Mars/Olympus'\n"},
      {With(Base(), "--availability", "mon 25:00-26:00"), 2,
       "backcare plan: --availability: 'mon 25:00-26:00': hour must be 00-23, got 25\n"},
      {With(Base(), "--availability", "monday 09:00-12:00"), 2,
       "backcare plan: --availability: 'monday 09:00-12:00': unknown day 'monday', expected one "
       "of mon tue wed thu fri sat sun\n"},
      {With(Base(), "--availability", "mon 09:00-12:00,tue 09:00-12:00"), 2,
       "backcare plan: --availability: phase 'initial_relief' needs 2 sessions a week at least 2 "
       "days apart, but the available days allow only 1\n"},
      {With(Base(), "--availability", "sat 09:00-12:00"), 2,
       "backcare plan: --availability: no window overlaps the clinic's opening hours for a "
       "60-minute session\n"},
      {With(Base(), "--cancel", "3"), 2,
       "backcare plan: --cancel: needs --today (sessions before today cannot be cancelled)\n"},
      {With(With(Base(), "--today", "2024-03-01"), "--time-off", "x"), 2,
       "backcare plan: --time-off: expected THERAPIST:DATE[..DATE], got 'x'\n"},
      {With(With(Base(), "--today", "2024-03-01"), "--cancel", "99"), 3,
       "backcare plan: session 99 is not in course 1\n"},
      {With(Base(), "--decision", "maybe"), 2,
       "backcare plan: --decision: unknown decision 'maybe', expected one of clear avoid_area "
       "modify medical_review refer_urgent refer_emergency\n"},
      {With(Base(), "--decision", "refer_urgent"), 4,
       "backcare plan: course cannot be planned: screening decision is 'refer_urgent'; treatment "
       "waits until the referral is resolved\n"},
      {With(Base(), "--therapists", bad_hours), 2,
       "backcare plan: " + bad_hours +
           ": therapists[0].working_hours: 'mon 25:00-26:00': hour must be 00-23, got 25\n"},
      {With(Base(), "--therapists", unknown_key), 2,
       "backcare plan: " + unknown_key + ": therapists[0]: unknown key 'name'\n"},
      {With(Base(), "--therapists", duplicate), 2,
       "backcare plan: " + duplicate + ": therapists[1].id: duplicate id 1\n"},
      {With(Base(), "--therapists", not_json), 2,
       "backcare plan: " + not_json + ": not valid JSON\n"},
      {With(Base(), "--therapists", "/nonexistent/t.json"), 2,
       "backcare plan: cannot read file '/nonexistent/t.json'\n"},
      {With(Base(), "--closures", bad_closure), 2,
       "backcare plan: " + bad_closure + ": closures[0]: '2024-02-30' is not a calendar date\n"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const std::string& arg : c.args) joined += arg + " ";
    SCOPED_TRACE(joined);
    CliRun run = RunBackcare(c.args);
    EXPECT_EQ(run.exit_code, c.exit_code);
    EXPECT_EQ(run.err, c.err);
    EXPECT_EQ(run.out, "");
  }
}

TEST(PlanCommandTest, PrintsATableByPhase) {
  CliRun run = RunBackcare(Base());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Course 1: protocol deep-tissue-chronic-low-back-pain v"),
            std::string::npos);
  EXPECT_NE(run.out.find("start 2024-03-04 (mon), Europe/London, 60-minute sessions"),
            std::string::npos);
  for (const char* line : {"[initial_relief], weeks 0-4", "[structural_change], weeks 4-12",
                           "[maintenance], weeks 12-26",
                           "  1    2024-03-04 mon 09:00-10:00 1         -    planned   baseline",
                           "  2    2024-03-07 thu 14:00-15:00 1         -    planned"}) {
    EXPECT_NE(run.out.find(line), std::string::npos) << line << "\n" << run.out;
  }
  EXPECT_EQ(run.out.find("Unplaced"), std::string::npos);
}

TEST(PlanCommandTest, ListsUnplacedSessionsInsteadOfAThinnerCourse) {
  const std::string closures =
      WriteFile("closures.json", R"({"closures":["2024-03-04..2024-03-10"]})");
  CliRun run = RunBackcare(With(Base(), "--closures", closures));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Unplaced (2 sessions could not be placed)\n"
                         "  #1 initial_relief closed_or_blocked: week 0 (2024-03-04..2024-03-08): "
                         "every allowed day is a clinic closure, a blocked date or therapist time "
                         "off\n"),
            std::string::npos)
      << run.out;
}

TEST(PlanCommandTest, JsonHasEverySessionAndTheChangeLog) {
  std::vector<std::string> args = With(With(Base(), "--today", "2024-03-01"), "--cancel", "3");
  args.push_back("--json");
  CliRun run = RunBackcare(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  nlohmann::json plan = nlohmann::json::parse(run.out);
  EXPECT_EQ(plan["time_zone"], "Europe/London");
  EXPECT_EQ(plan["sessions"].size(), 22u);
  EXPECT_EQ(plan["sessions"][0]["uid"], "session-1-1@backcare");
  EXPECT_EQ(plan["sessions"][0]["local_start"], "2024-03-04T09:00");
  EXPECT_EQ(plan["sessions"][0]["utc_start"], "2024-03-04T09:00Z");
  EXPECT_EQ(plan["changes"][0], "session 3 cancelled: 2024-03-11T09:00 therapist 1 (cancelled)");
  EXPECT_EQ(plan["unplaced"].size(), 0u);
}

TEST(PlanCommandTest, IcsFeedIsCalendarText) {
  std::vector<std::string> args = With(Base(), "--today", "2024-03-01");
  args.push_back("--ics");
  CliRun run = RunBackcare(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("BEGIN:VCALENDAR", 0), 0u);
  EXPECT_NE(run.out.find("UID:session-1-1@backcare"), std::string::npos);
  EXPECT_NE(run.out.find("DTSTART;TZID=Europe/London:20240304T090000"), std::string::npos);
  EXPECT_NE(run.out.find("SUMMARY:Massage session"), std::string::npos);
}

}  // namespace
}  // namespace backcare::cli
