// `backcare protocol ...` run in-process through RunCli with string streams.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/cli_testing.h"
#include "exchange/json/protocol_json.h"
#include "exchange/toml/protocol_toml.h"
#include "testing/status_matchers.h"

namespace backcare::cli {
namespace {

// Writes `text` to a fresh file under the test temp directory and returns its path.
std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "backcare_protocol_cli_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

constexpr char kMinimal[] =
    "id = \"p\"\nversion = 3\ntitle = \"T\"\ncondition = \"C\"\nsource = \"S\"\n"
    "session_minutes = 45\n"
    "[[phases]]\nid = \"a\"\nname = \"A\"\nstart_week = 0\nend_week = 4\n"
    "cadence = { sessions_per_week = 2 }\n"
    "[[techniques]]\nid = \"t\"\nname = \"T\"\ntargets = [\"x\"]\npressure = \"deep\"\n"
    "deep_pressure = true\n";

TEST(ProtocolCommandTest, ValidateAcceptsAValidFile) {
  const std::string path = WriteFile("valid.toml", kMinimal);
  const CliRun run = RunBackcare({"protocol", "validate", path});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, path + ": valid (protocol p version 3)\n");
  EXPECT_EQ(run.err, "");
}

TEST(ProtocolCommandTest, ValidatePrintsEveryProblemOnStderrAndExits2) {
  std::string text = kMinimal;
  text.replace(text.find("version = 3"), 11, "version = 0");
  text.replace(text.find("sessions_per_week = 2"), 21, "sessions_per_week = 8");
  const std::string path = WriteFile("invalid.toml", text);
  const CliRun run = RunBackcare({"protocol", "validate", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, path + ": invalid protocol (2 problems)\n" + path +
                         ":2:11: version: expected >= 1, got 0\n" + path +
                         ":12:33: phases[0].cadence.sessions_per_week: expected between 1 and 7, "
                         "got 8\n");
}

TEST(ProtocolCommandTest, ValidateNamesAnUnreadableFileAndExits2) {
  const CliRun run = RunBackcare({"protocol", "validate", "/nonexistent/backcare.toml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "cannot read protocol file '/nonexistent/backcare.toml': No such file or directory\n");
}

TEST(ProtocolCommandTest, ValidateWithoutFileIsAUsageError) {
  const CliRun run = RunBackcare({"protocol", "validate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("FILE is required"), std::string::npos) << run.err;
}

TEST(ProtocolCommandTest, ProtocolWithoutSubcommandIsAUsageError) {
  const CliRun run = RunBackcare({"protocol"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("subcommand"), std::string::npos) << run.err;
}

TEST(ProtocolCommandTest, ShowPrintsTheDefaultAsATimeline) {
  const CliRun run = RunBackcare({"protocol", "show"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.err, "");
  for (const char* line : {
           "Deep tissue massage for chronic low back pain\n",
           "  protocol deep-tissue-chronic-low-back-pain, version 1\n",
           "  code: ICD-10-CM M54.50 (Low back pain, unspecified)\n",
           "  session length: 60 minutes\n",
           "  weeks 0-4    Initial relief [initial_relief]\n"
           "               2 sessions a week, at least 2 days apart\n"
           "               expected pain reduction: 30-50 %\n"
           "               goals: improved standing tolerance\n",
           "  weeks 4-12   Structural change [structural_change]\n"
           "               1 session a week\n"
           "               expected pain reduction: 60-80 %\n",
           "  weeks 12-26  Maintenance [maintenance]\n"
           "               every 2 weeks until week 18, then every 4 weeks until week 26\n"
           "               expected pain reduction: no figure given\n"
           "               goals: pain-free movement; sustained posture improvement\n",
           "  Trigger point therapy [trigger_point]\n"
           "    targets: quadratus_lumborum\n"
           "    hold: 60-90 seconds per point\n"
           "    pressure: sustained (deep pressure)\n",
           "    precaution: anticoagulants: modify (light pressure only)\n",
           "  Abdominal bracing [abdominal_bracing] (core)\n",
           "    from week 2: 3 sets x 10 reps, hold 10 s, 7 days a week (default dose: the source "
           "gives none)\n",
           "  Hip flexor release [hip_flexor_release] (rebalancing, release)\n",
           "  session_6     after session 6           nprs\n",
           "  followup_3m   at week 25                nprs, odi\n",
           "  [claim to test] considerable_relief_after_6_sessions\n"
           "    source: \"80 percent report considerable pain reduction after 6 sessions.\"\n"
           "    tested as: 80 % of patients reach a reduction of at least 30 % on nprs at "
           "session_6\n",
           "    tested as: more patients reach a reduction of at least 30 % on nprs at week_12 "
           "with core_exercise_adherence than without\n",
       }) {
    EXPECT_NE(run.out.find(line), std::string::npos) << "missing:\n"
                                                     << line << "\nin:\n"
                                                     << run.out;
  }
}

TEST(ProtocolCommandTest, ShowJsonOfTheDefaultIsTheParsedDefault) {
  const CliRun run = RunBackcare({"protocol", "show", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Result<protocol::Protocol> from_json = exchange::ProtocolFromJson(run.out);
  ASSERT_OK(from_json);
  Result<protocol::Protocol> parsed = exchange::LoadDefaultProtocol();
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(*from_json == *parsed);
}

TEST(ProtocolCommandTest, ShowReadsAGivenFile) {
  const std::string path = WriteFile("show.toml", kMinimal);
  const CliRun run = RunBackcare({"protocol", "show", path, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Result<protocol::Protocol> from_json = exchange::ProtocolFromJson(run.out);
  ASSERT_OK(from_json);
  EXPECT_EQ(from_json->id, "p");
  EXPECT_EQ(from_json->session_minutes, 45);
}

TEST(ProtocolCommandTest, ShowReportsAnInvalidFile) {
  const std::string path = WriteFile("show_invalid.toml", "id = \n");
  const CliRun run = RunBackcare({"protocol", "show", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, path + ": invalid protocol (1 problem)\n" + path +
                         ":1:6: Error while parsing key-value pair: expected value, saw '\\n'\n");
}

}  // namespace
}  // namespace backcare::cli
