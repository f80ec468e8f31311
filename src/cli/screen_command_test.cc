// `backcare screen ...` run in-process through RunCli.
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
  std::string path = testing::TempDir() + "backcare_screen_cli_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Two techniques: one with deep pressure, one light with two precautions.
constexpr char kProtocol[] =
    "id = \"p\"\nversion = 1\ntitle = \"T\"\ncondition = \"C\"\nsource = \"S\"\n"
    "session_minutes = 45\n"
    "[[phases]]\nid = \"a\"\nname = \"A\"\nstart_week = 0\nend_week = 4\n"
    "expected_reduction = { min_percent = 30, max_percent = 50 }\n"
    "cadence = { sessions_per_week = 2 }\n"
    "[[techniques]]\nid = \"deep\"\nname = \"Deep\"\ntargets = [\"x\"]\npressure = \"deep\"\n"
    "deep_pressure = true\n"
    "[[techniques]]\nid = \"light\"\nname = \"Light\"\ntargets = [\"x\"]\n"
    "pressure = \"gentle_traction\"\ndeep_pressure = false\n"
    "[[techniques.precautions]]\ncondition = \"anticoagulants\"\naction = \"modify\"\n"
    "note = \"light pressure only\"\n"
    "[[techniques.precautions]]\ncondition = \"open_wound\"\naction = \"disable\"\n"
    "note = \"not near the wound\"\n";

TEST(ScreenCommandTest, DecisionReasonsAreasAndRestrictionsAsJson) {
  const std::string protocol = WriteFile("protocol.toml", kProtocol);
  const std::string findings = WriteFile(
      "findings.json",
      R"j({"findings":[{"condition":"anticoagulants"},{"condition":"open_wound","area":"left calf"},)j"
      R"j({"condition":"radiating_leg_pain"}]})j");
  const CliRun run = RunBackcare({"screen", findings, "--protocol", protocol, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(
      run.out,
      R"j({"decision":"modify","allows_treatment":true,"reasons":[)j"
      R"j({"condition":"anticoagulants","label":"Takes anticoagulants","decision":"modify"},)j"
      R"j({"condition":"open_wound","label":"Open wound","decision":"avoid_area","area":"left calf"},)j"
      R"j({"condition":"radiating_leg_pain","label":"Radiating leg pain (sciatica)","decision":"clear"}],)j"
      R"j("tracked_signs":["radiating_leg_pain"],"areas_to_avoid":["left calf"],"restrictions":[)j"
      R"j({"technique":"deep","action":"disable","condition":"anticoagulants",)j"
      R"j("note":"deep pressure is disabled under a 'modify' decision: Takes anticoagulants"},)j"
      R"j({"technique":"light","action":"modify","condition":"anticoagulants","note":"light pressure only"},)j"
      R"j({"technique":"light","action":"disable","condition":"open_wound","note":"not near the wound"}]})j"
      "\n");
}

TEST(ScreenCommandTest, EmergencyAndEmptyFindings) {
  const std::string protocol = WriteFile("protocol2.toml", kProtocol);
  const std::string emergency =
      WriteFile("emergency.json", R"j({"findings":[{"condition":"saddle_anaesthesia"}]})j");
  CliRun run = RunBackcare({"screen", emergency, "--protocol", protocol, "--json"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(
      run.out,
      R"j({"decision":"refer_emergency","allows_treatment":false,"reasons":[)j"
      R"j({"condition":"saddle_anaesthesia","label":"Saddle anaesthesia","decision":"refer_emergency"}],)j"
      R"j("tracked_signs":[],"areas_to_avoid":[],"restrictions":[]})j"
      "\n");
  const std::string empty = WriteFile("empty.json", R"j({"findings":[]})j");
  run = RunBackcare({"screen", empty, "--protocol", protocol, "--json"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            R"j({"decision":"clear","allows_treatment":true,"reasons":[],"tracked_signs":[],)j"
            R"j("areas_to_avoid":[],"restrictions":[]})j"
            "\n");
}

TEST(ScreenCommandTest, HumanText) {
  const std::string protocol = WriteFile("protocol3.toml", kProtocol);
  const std::string findings = WriteFile(
      "text.json",
      R"j({"findings":[{"condition":"anticoagulants"},{"condition":"open_wound","area":"left calf"},)j"
      R"j({"condition":"leg_numbness"}]})j");
  const CliRun run = RunBackcare({"screen", findings, "--protocol", protocol});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            "decision: modify (treatment may go ahead)\n"
            "  modify: Takes anticoagulants [anticoagulants]\n"
            "  avoid_area: Open wound [open_wound] at left calf\n"
            "  clear: Numbness or tingling in the leg [leg_numbness]\n"
            "tracked signs: leg_numbness\n"
            "areas to avoid: left calf\n"
            "  deep: disabled (anticoagulants): deep pressure is disabled under a 'modify' "
            "decision: Takes anticoagulants\n"
            "  light: modified (anticoagulants): light pressure only\n"
            "  light: disabled (open_wound): not near the wound\n");
}

TEST(ScreenCommandTest, DefaultProtocolDisablesDeepPressureUnderModify) {
  const std::string findings =
      WriteFile("default.json", R"j({"findings":[{"condition":"anticoagulants"}]})j");
  const CliRun run = RunBackcare({"screen", findings, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(
      run.out.find(
          R"j({"technique":"muscle_stripping","action":"disable","condition":"anticoagulants")j"),
      std::string::npos)
      << run.out;
  EXPECT_NE(
      run.out.find(
          R"j({"technique":"trigger_point","action":"disable","condition":"anticoagulants")j"),
      std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find(R"j({"technique":"myofascial_release","action":"disable")j"),
            std::string::npos)
      << run.out;
}

TEST(ScreenCommandTest, InvalidInputListsEveryProblemAndExits2) {
  struct Case {
    const char* name;
    std::string input;
    std::string message;
    std::string errors;  // the "errors" array, or empty when there is none
  };
  const std::vector<Case> cases = {
      {"unknown fields",
       R"j({"findings":[{"condition":"anticoagulants","severity":3},{"conditon":"open_wound"}],"patient":"x"})j",
       "invalid screening input (4 problems)",
       R"j([{"location":"F","path":"patient","message":"unknown field; expected findings"},)j"
       R"j({"location":"F","path":"findings[0].severity","message":"unknown field; expected condition, area"},)j"
       R"j({"location":"F","path":"findings[1].conditon","message":"unknown field; expected condition, area"},)j"
       R"j({"location":"F","path":"findings[1].condition","message":"required field is missing"}])j"},
      {"wrong types",
       R"j({"findings":[{"condition":7},"open_wound",{"condition":"open_wound","area":null}]})j",
       "invalid screening input (3 problems)",
       R"j([{"location":"F","path":"findings[0].condition","message":"expected a string, got number"},)j"
       R"j({"location":"F","path":"findings[1]","message":"expected an object, got string"},)j"
       R"j({"location":"F","path":"findings[2].area","message":"expected a string, got null"}])j"},
      {"missing findings", R"j({})j", "invalid screening input (1 problem)",
       R"j([{"location":"F","path":"findings","message":"required field is missing"}])j"},
      {"findings not an array", R"j({"findings":{}})j", "invalid screening input (1 problem)",
       R"j([{"location":"F","path":"findings","message":"expected an array, got object"}])j"},
      {"not an object", R"j([1])j", "invalid screening input (1 problem)",
       R"j([{"location":"F","path":"","message":"expected an object, got array"}])j"},
      {"unknown condition and a misplaced area",
       R"j({"findings":[{"condition":"gout"},{"condition":"pregnancy","area":"abdomen"}]})j",
       "invalid screening input (2 problems)",
       R"j([{"location":"F","path":"findings[0].condition","message":"unknown condition 'gout'"},)j"
       R"j({"location":"F","path":"findings[1].area","message":"only avoid_area conditions take an area; 'pregnancy' is modify"}])j"},
      {"not JSON", R"j({"findings": [secret text)j", "invalid JSON at byte 15", ""},
      // Found by fuzzing (fuzz/screening_fuzzer.cc): an out-of-range number threw past the
      // parse_error handler and ended the process.
      {"number out of range", R"j({"findings": 1e400})j", "invalid JSON: a number out of range",
       ""},
  };
  for (const Case& c : cases) {
    const std::string path = WriteFile("invalid.json", c.input);
    const CliRun run = RunBackcare({"screen", path, "--json"});
    EXPECT_EQ(run.exit_code, 2) << c.name;
    std::string errors = c.errors;
    for (std::size_t at = errors.find("\"F\""); at != std::string::npos;
         at = errors.find("\"F\"", at)) {
      errors.replace(at, 3, "\"" + path + "\"");
      at += path.size() + 2;
    }
    std::string expected =
        R"j({"status":"invalid_input","message":")j" + path + ": " + c.message + "\"";
    if (!errors.empty()) expected += R"j(,"errors":)j" + errors;
    EXPECT_EQ(run.out, expected + "}\n") << c.name;
    EXPECT_EQ(run.out.find("secret"), std::string::npos) << c.name;
    EXPECT_EQ(run.out.find("abdomen"), std::string::npos) << c.name;
  }
}

TEST(ScreenCommandTest, UnreadableFileAndTextErrors) {
  CliRun run = RunBackcare({"screen", "/nonexistent/findings.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "backcare screen: cannot read screening file '/nonexistent/findings.json': No such "
            "file or directory\n");
  const std::string path = WriteFile("text_error.json", R"j({"findings":[{"condition":"gout"}]})j");
  run = RunBackcare({"screen", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "backcare screen: " + path + ": invalid screening input (1 problem)\n" + path +
                         ": findings[0].condition: unknown condition 'gout'\n");
}

}  // namespace
}  // namespace backcare::cli
