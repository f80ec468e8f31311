// `backcare progress ...` run in-process through RunCli.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/cli_testing.h"

namespace backcare::cli {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = testing::TempDir() + "backcare_progress_cli_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// One banded phase [0,6) 20-40 %: the checkpoint is week 6 at 20 %.
constexpr char kSlowProtocol[] =
    "id = \"slow\"\nversion = 1\ntitle = \"T\"\ncondition = \"C\"\nsource = \"S\"\n"
    "session_minutes = 45\n"
    "[[phases]]\nid = \"a\"\nname = \"A\"\nstart_week = 0\nend_week = 6\n"
    "expected_reduction = { min_percent = 20, max_percent = 40 }\n"
    "cadence = { sessions_per_week = 2 }\n"
    "[[techniques]]\nid = \"t\"\nname = \"T\"\ntargets = [\"x\"]\npressure = \"deep\"\n"
    "deep_pressure = true\n";

std::string Expected(const std::string& protocol, const std::string& week,
                     const std::string& reduction, const std::string& min, const std::string& max,
                     const std::string& status, const std::string& checkpoint_week,
                     const std::string& checkpoint_min) {
  return R"j({"protocol":")j" + protocol + R"j(","week":)j" + week + R"j(,"reduction_percent":)j" +
         reduction + R"j(,"expected_min_percent":)j" + min + R"j(,"expected_max_percent":)j" + max +
         R"j(,"status":")j" + status + R"j(","checkpoint_week":)j" + checkpoint_week +
         R"j(,"checkpoint_min_percent":)j" + checkpoint_min + "}\n";
}

TEST(ProgressCommandTest, DefaultProtocolAtEveryBoundary) {
  struct Case {
    const char* week;
    const char* reduction;
    std::string json;
    const char* derivation;
  };
  const std::string p = "deep-tissue-chronic-low-back-pain";
  const Case cases[] = {
      {"0", "0", Expected(p, "0.0", "0.0", "0.0", "0.0", "on_track", "4", "30.0"),
       "week 0: band 0-0"},
      {"2", "15", Expected(p, "2.0", "15.0", "15.0", "25.0", "on_track", "4", "30.0"),
       "week 2: half of 30-50; 15 is the min edge"},
      {"2", "14.99", Expected(p, "2.0", "14.99", "15.0", "25.0", "behind", "4", "30.0"),
       "week 2: below the band, before the checkpoint"},
      {"2.5", "31.26", Expected(p, "2.5", "31.26", "18.75", "31.25", "ahead", "4", "30.0"),
       "week 2.5: 30*2.5/4 = 18.75, 50*2.5/4 = 31.25"},
      {"4", "29.99", Expected(p, "4.0", "29.99", "30.0", "50.0", "off_track", "4", "30.0"),
       "week 4 checkpoint: 29.99 < 30"},
      {"4", "30", Expected(p, "4.0", "30.0", "30.0", "50.0", "on_track", "4", "30.0"),
       "week 4: exactly 30"},
      {"4", "50", Expected(p, "4.0", "50.0", "30.0", "50.0", "on_track", "4", "30.0"),
       "week 4: exactly 50"},
      {"8", "40", Expected(p, "8.0", "40.0", "45.0", "65.0", "behind", "4", "30.0"),
       "week 8: halfway from 30-50 to 60-80"},
      {"12", "80.01", Expected(p, "12.0", "80.01", "60.0", "80.0", "ahead", "12", "60.0"),
       "week 12: 80.01 > 80"},
      {"12", "59.99", Expected(p, "12.0", "59.99", "60.0", "80.0", "off_track", "12", "60.0"),
       "week 12 checkpoint: 59.99 < 60 (issue #20: was only behind)"},
      {"20", "60", Expected(p, "20.0", "60.0", "null", "null", "no_band", "12", "60.0"),
       "week 20: maintenance has no band (issue #20: was 60-80)"},
      {"20", "-5", Expected(p, "20.0", "-5.0", "null", "null", "off_track", "12", "60.0"),
       "week 20: below the week-12 threshold still in force"},
  };
  for (const Case& c : cases) {
    const CliRun run =
        RunBackcare({"progress", "--week", c.week, "--reduction", c.reduction, "--json"});
    EXPECT_EQ(run.exit_code, 0) << c.derivation;
    EXPECT_EQ(run.out, c.json) << c.derivation;
    EXPECT_EQ(run.err, "") << c.derivation;
  }
}

TEST(ProgressCommandTest, ProtocolFromFile) {
  const std::string path = WriteFile("slow.toml", kSlowProtocol);
  // Week 5: 20*5/6 = 16.666... -> 16.67, 40*5/6 = 33.333... -> 33.33; before week 6.
  CliRun run =
      RunBackcare({"progress", "--week", "5", "--reduction", "10", "--protocol", path, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, Expected("slow", "5.0", "10.0", "16.67", "33.33", "behind", "6", "20.0"));
  run = RunBackcare(
      {"progress", "--week", "6", "--reduction", "19.99", "--protocol", path, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, Expected("slow", "6.0", "19.99", "20.0", "40.0", "off_track", "6", "20.0"));
}

TEST(ProgressCommandTest, HumanText) {
  CliRun run = RunBackcare({"progress", "--week", "4", "--reduction", "20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            "week 4: expected pain reduction 30.00-50.00 %\n"
            "reduction 20.00 %: off_track\n"
            "off track: less than 30.00 % reduction at or after week 4: re-assess or refer\n");
  run = RunBackcare({"progress", "--week", "2.5", "--reduction", "20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            "week 2.50: expected pain reduction 18.75-31.25 %\n"
            "reduction 20.00 %: on_track\n");
}

TEST(ProgressCommandTest, InvalidInputExits2) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string json;
  };
  const std::vector<Case> cases = {
      {{"--week", "-1", "--reduction", "10"},
       2,
       R"j({"status":"invalid_input","message":"--week: expected >= 0, got -1.00"})j"},
      {{"--week", "four", "--reduction", "10"},
       2,
       R"j({"status":"invalid_input","message":"--week: expected a number with at most 2 decimal places (e.g. 35.56)"})j"},
      {{"--week", "4", "--reduction", "1e2"},
       2,
       R"j({"status":"invalid_input","message":"--reduction: expected a number with at most 2 decimal places (e.g. 35.56)"})j"},
      {{"--week", "4", "--reduction", "10", "--protocol", "/nonexistent/p.toml"},
       2,
       R"j({"status":"invalid_input","message":"cannot read protocol file '/nonexistent/p.toml': No such file or directory"})j"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"progress"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.push_back("--json");
    const CliRun run = RunBackcare(args);
    EXPECT_EQ(run.exit_code, c.exit_code) << c.json;
    EXPECT_EQ(run.out, c.json + "\n");
  }
  const CliRun text = RunBackcare({"progress", "--week", "-1", "--reduction", "10"});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_EQ(text.out, "");
  EXPECT_EQ(text.err, "backcare progress: --week: expected >= 0, got -1.00\n");
}

TEST(ProgressCommandTest, AnInvalidProtocolFileListsItsProblems) {
  std::string text = kSlowProtocol;
  text.replace(text.find("version = 1"), 11, "version = 0");
  const std::string path = WriteFile("invalid.toml", text);
  const CliRun run =
      RunBackcare({"progress", "--week", "1", "--reduction", "10", "--protocol", path, "--json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, R"j({"status":"invalid_input","message":")j" + path +
                         R"j(: invalid protocol (1 problem)","errors":[{"location":")j" + path +
                         R"j(:2:11","path":"version","message":"expected >= 1, got 0"}]})j" + "\n");
}

}  // namespace
}  // namespace backcare::cli
