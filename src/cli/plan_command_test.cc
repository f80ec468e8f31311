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
  std::string path = testing::TempDir() + "backcare_plan_cli_" + name;
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
  // The files' own messages are asserted in exchange/json/plan_json_test.cc; these show that the
  // command reads each kind of file and reports its errors under the file's path.
  const std::string duplicate =
      WriteFile("duplicate.json", R"({"therapists":[{"id":1},{"id":1}]})");
  const std::string bad_closure = WriteFile("bad_closure.json", R"({"closures":["2024-02-30"]})");
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
      {With(Base(), "--therapists", duplicate), 2,
       "backcare plan: " + duplicate + ": therapists[1].id: duplicate id 1\n"},
      {With(Base(), "--therapists", "/nonexistent/t.json"), 2,
       "backcare plan: cannot read file '/nonexistent/t.json'\n"},
      {With(Base(), "--closures", bad_closure), 2,
       "backcare plan: " + bad_closure + ": closures[0]: '2024-02-30' is not a calendar date\n"},
      {With(Base(), "--decision", "modify"), 2,
       "backcare plan: --decision: 'modify' needs --conditions: the conditions found at "
       "screening decide which techniques are disabled\n"},
      {With(Base(), "--conditions", "anticoagulants,xyz"), 2,
       "backcare plan: --conditions: unknown condition 'xyz' (the screening catalogue: backcare "
       "screen --help, docs/instruments.md)\n"},
      {With(Base(), "--conditions", "anticoagulants,,pregnancy"), 2,
       "backcare plan: --conditions: expected condition ids separated by commas, got an empty "
       "one\n"},
      {With(Base(), "--conditions", "anticoagulants,"), 2,
       "backcare plan: --conditions: expected condition ids separated by commas, got an empty "
       "one\n"},
      {With(With(Base(), "--conditions", "anticoagulants"), "--decision", "clear"), 2,
       "backcare plan: --decision: 'clear' contradicts --conditions, which give 'modify'\n"},
      {With(Base(), "--conditions", "leg_numbness,saddle_anaesthesia"), 4,
       "backcare plan: course cannot be planned: screening decision is 'refer_emergency'; "
       "treatment waits until the referral is resolved\n"},
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

// A 'modify' screening (anticoagulants): the deep-pressure techniques are disabled and the gentle
// one modified, on every session row.
TEST(PlanCommandTest, TableShowsEachSessionsDisabledAndModifiedTechniques) {
  CliRun run = RunBackcare(With(Base(), "--conditions", "anticoagulants"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const std::string header =
      "  #    date       day time        therapist room status    disabled                       "
      "modified           checkpoints\n";
  auto row = [](const std::string& number_date_day_time, const std::string& checkpoints) {
    return "  " + number_date_day_time +
           " 1         -    planned   muscle_stripping,trigger_point myofascial_release " +
           checkpoints + "\n";
  };
  std::string expected =
      "Course 1: protocol deep-tissue-chronic-low-back-pain v1, start 2024-03-04 (mon), "
      "Europe/London, 60-minute sessions\n"
      "Primary therapist: 1; techniques: myofascial_release\n"
      "Restriction: muscle_stripping disabled (anticoagulants)\n"
      "Restriction: trigger_point disabled (anticoagulants)\n"
      "Restriction: myofascial_release modified (anticoagulants)\n"
      "\nInitial relief [initial_relief], weeks 0-4\n" +
      header + row("1    2024-03-04 mon 09:00-10:00", "baseline") +
      row("2    2024-03-07 thu 14:00-15:00", "") + row("3    2024-03-11 mon 09:00-10:00", "") +
      row("4    2024-03-14 thu 14:00-15:00", "") + row("5    2024-03-18 mon 09:00-10:00", "") +
      row("6    2024-03-21 thu 14:00-15:00", "session_6") +
      row("7    2024-03-25 mon 09:00-10:00", "") + row("8    2024-03-28 thu 14:00-15:00", "") +
      "\nStructural change [structural_change], weeks 4-12\n" + header +
      row("9    2024-04-01 mon 09:00-10:00", "week_4") +
      row("10   2024-04-08 mon 09:00-10:00", "") + row("11   2024-04-15 mon 09:00-10:00", "") +
      row("12   2024-04-22 mon 09:00-10:00", "") + row("13   2024-04-29 mon 09:00-10:00", "") +
      row("14   2024-05-06 mon 09:00-10:00", "") + row("15   2024-05-13 mon 09:00-10:00", "") +
      row("16   2024-05-20 mon 09:00-10:00", "") + "\nMaintenance [maintenance], weeks 12-26\n" +
      header + row("17   2024-05-27 mon 09:00-10:00", "week_12") +
      row("18   2024-06-10 mon 09:00-10:00", "") + row("19   2024-06-24 mon 09:00-10:00", "") +
      row("20   2024-07-08 mon 09:00-10:00", "") + row("21   2024-08-05 mon 09:00-10:00", "") +
      "\nCheckpoints\n"
      "  baseline     2024-03-04 session 1\n"
      "  session_6    2024-03-21 session 6\n"
      "  week_4       2024-04-01 session 9\n"
      "  week_12      2024-05-27 session 17\n"
      "  followup_3m  2024-08-26 no session: send the questionnaire\n";
  EXPECT_EQ(run.out, expected);
}

// A technique one condition disables is listed as disabled only, even if another modifies it;
// conditions without restrictions on a technique leave it out of both columns.
TEST(PlanCommandTest, TableListsADisabledTechniqueOnlyAsDisabled) {
  CliRun run = RunBackcare(With(Base(), "--conditions", "open_wound,osteoporosis"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string expected_start =
      "Course 1: protocol deep-tissue-chronic-low-back-pain v1, start 2024-03-04 (mon), "
      "Europe/London, 60-minute sessions\n"
      "Primary therapist: 1; techniques: myofascial_release\n"
      "Restriction: muscle_stripping modified (open_wound)\n"
      "Restriction: muscle_stripping disabled (osteoporosis)\n"
      "Restriction: trigger_point disabled (osteoporosis)\n"
      "Restriction: myofascial_release modified (open_wound)\n"
      "\nInitial relief [initial_relief], weeks 0-4\n"
      "  #    date       day time        therapist room status    disabled                       "
      "modified           checkpoints\n"
      "  1    2024-03-04 mon 09:00-10:00 1         -    planned   muscle_stripping,trigger_point "
      "myofascial_release baseline\n";
  EXPECT_EQ(run.out.substr(0, expected_start.size()), expected_start);

  // avoid_area alone: nothing disabled, two techniques modified.
  run = RunBackcare(With(Base(), "--conditions", "open_wound"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  #    date       day time        therapist room status    disabled "
                         "modified                            checkpoints\n"
                         "  1    2024-03-04 mon 09:00-10:00 1         -    planned   -        "
                         "muscle_stripping,myofascial_release baseline\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Primary therapist: 1; techniques: "
                         "muscle_stripping,trigger_point,myofascial_release\n"),
            std::string::npos);
}

TEST(PlanCommandTest, JsonCarriesTheRestrictionsOntoEverySessionIncludingMakeUps) {
  std::vector<std::string> args =
      With(With(With(Base(), "--conditions", "anticoagulants"), "--today", "2024-03-01"),
           "--cancel", "3");
  args.push_back("--json");
  CliRun run = RunBackcare(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  nlohmann::json plan = nlohmann::json::parse(run.out);
  const nlohmann::json expected_restrictions = nlohmann::json::parse(R"([
    {"technique": "muscle_stripping", "action": "disable", "condition": "anticoagulants",
     "note": "deep pressure is disabled under a 'modify' decision: Takes anticoagulants"},
    {"technique": "trigger_point", "action": "disable", "condition": "anticoagulants",
     "note": "deep pressure is disabled under a 'modify' decision: Takes anticoagulants"},
    {"technique": "myofascial_release", "action": "modify", "condition": "anticoagulants",
     "note": "light pressure only"}])");
  EXPECT_EQ(plan["decision"], "modify");
  EXPECT_EQ(plan["techniques"], nlohmann::json::parse(R"(["myofascial_release"])"));
  EXPECT_EQ(plan["restrictions"], expected_restrictions);
  ASSERT_EQ(plan["sessions"].size(), 22u);
  int make_ups = 0;
  for (const nlohmann::json& session : plan["sessions"]) {
    SCOPED_TRACE(session["number"].dump());
    EXPECT_EQ(session["techniques"], nlohmann::json::parse(R"(["myofascial_release"])"));
    EXPECT_EQ(session["restrictions"], expected_restrictions);
    if (session["make_up"] == true) ++make_ups;
  }
  EXPECT_EQ(make_ups, 1);

  // Without screening conditions: every technique, no restrictions, decision clear.
  std::vector<std::string> clear_args = Base();
  clear_args.push_back("--json");
  CliRun clear = RunBackcare(clear_args);
  ASSERT_EQ(clear.exit_code, 0) << clear.err;
  nlohmann::json clear_plan = nlohmann::json::parse(clear.out);
  EXPECT_EQ(clear_plan["decision"], "clear");
  EXPECT_EQ(clear_plan["restrictions"], nlohmann::json::array());
  EXPECT_EQ(clear_plan["sessions"][0]["techniques"],
            nlohmann::json::parse(R"(["muscle_stripping","trigger_point","myofascial_release"])"));
  EXPECT_EQ(clear_plan["sessions"][0]["restrictions"], nlohmann::json::array());
}

// The iCalendar feeds are read outside the clinic: restrictions never reach them. The feed of a
// restricted course is byte for byte the feed of the same schedule without restrictions.
TEST(PlanCommandTest, IcsFeedsCarryNoClinicalDetail) {
  for (const std::string feed : {"--ics", "--ics-therapist"}) {
    SCOPED_TRACE(feed);
    std::vector<std::string> plain = With(Base(), "--today", "2024-03-01");
    plain.push_back(feed);
    if (feed == "--ics-therapist") plain.push_back("1");
    std::vector<std::string> restricted = plain;
    restricted.push_back("--conditions");
    restricted.push_back("anticoagulants,open_wound");
    CliRun expected = RunBackcare(plain);
    CliRun run = RunBackcare(restricted);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, expected.out);
    for (const char* clinical :
         {"anticoagulants", "open_wound", "muscle_stripping", "trigger_point", "myofascial_release",
          "modify", "disable", "DESCRIPTION"}) {
      EXPECT_EQ(run.out.find(clinical), std::string::npos) << clinical;
    }
    EXPECT_NE(run.out.find("SUMMARY:Massage session\r\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace backcare::cli
