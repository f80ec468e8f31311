#include "exchange/json/plan_json.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

using std::chrono::March;
using std::chrono::year;
using std::chrono::year_month_day;

plan::LocalDate Date(int day) { return plan::LocalDate{year_month_day{year{2024} / March / day}}; }

std::vector<plan::WeeklyWindow> Hours(const std::string& text) {
  Result<std::vector<plan::WeeklyWindow>> windows = plan::ParseWeeklyWindows(text, "test");
  EXPECT_OK(windows);
  return windows.has_value() ? *windows : std::vector<plan::WeeklyWindow>{};
}

const std::vector<std::string> kAllTechniques = {"muscle_stripping", "trigger_point"};

Result<TherapistsFile> Therapists(const std::string& json) {
  return TherapistsFromJson(json, "t.json", Hours("mon 08:00-19:00"), kAllTechniques);
}

TEST(PlanJsonTest, ReadsTherapistsWithDefaultsFromTheClinic) {
  ASSERT_OK_AND_ASSIGN(
      TherapistsFile file,
      Therapists(R"({"therapists":[{"id":2},{"id":5,"working_hours":"tue 09:00-12:00",)"
                 R"("techniques":["trigger_point"],"time_off":["2024-03-04..2024-03-08"]}],)"
                 R"("rooms":[1,3]})"));
  ASSERT_EQ(file.therapists.size(), 2u);
  EXPECT_EQ(file.therapists[0].id, TherapistId(2));
  EXPECT_EQ(file.therapists[0].working_hours, Hours("mon 08:00-19:00"));
  EXPECT_EQ(file.therapists[0].techniques, kAllTechniques);
  EXPECT_TRUE(file.therapists[0].time_off.empty());
  EXPECT_EQ(file.therapists[1].id, TherapistId(5));
  EXPECT_EQ(file.therapists[1].working_hours, Hours("tue 09:00-12:00"));
  EXPECT_EQ(file.therapists[1].techniques, std::vector<std::string>{"trigger_point"});
  ASSERT_EQ(file.therapists[1].time_off.size(), 1u);
  EXPECT_EQ(file.therapists[1].time_off[0].first, Date(4));
  EXPECT_EQ(file.therapists[1].time_off[0].last, Date(8));
  ASSERT_EQ(file.rooms.size(), 2u);
  EXPECT_EQ(file.rooms[1].id, RoomId(3));
}

TEST(PlanJsonTest, ReportsTheFirstProblemOfATherapistsFileLiterally) {
  struct Case {
    std::string json;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"{", "t.json: not valid JSON"},
      {"[]", "t.json: expected a JSON object"},
      {R"({"therapists":[{"id":1}],"beds":[]})", "t.json: unknown key 'beds'"},
      {R"({"rooms":[1]})", "t.json: therapists: expected a non-empty array"},
      {R"({"therapists":[]})", "t.json: therapists: expected a non-empty array"},
      {R"({"therapists":[1]})", "t.json: therapists[0]: expected an object"},
      {R"({"therapists":[{"id":1,"name":"x"}]})", "t.json: therapists[0]: unknown key 'name'"},
      {R"({"therapists":[{"id":0}]})", "t.json: therapists[0].id: expected a positive integer"},
      {R"({"therapists":[{"id":"1"}]})", "t.json: therapists[0].id: expected a positive integer"},
      {R"({"therapists":[{"id":1},{"id":1,"working_hours":3}]})",
       "t.json: therapists[1].id: duplicate id 1"},
      {R"({"therapists":[{"id":1,"working_hours":3}]})",
       "t.json: therapists[0].working_hours: expected a string"},
      {R"({"therapists":[{"id":1,"working_hours":"mon 25:00-26:00"}]})",
       "t.json: therapists[0].working_hours: 'mon 25:00-26:00': hour must be 00-23, got 25"},
      {R"({"therapists":[{"id":1,"techniques":"all"}]})",
       "t.json: therapists[0].techniques: expected an array"},
      {R"({"therapists":[{"id":1,"techniques":[1]}]})",
       "t.json: therapists[0].techniques: expected technique id strings"},
      {R"({"therapists":[{"id":1,"time_off":"2024-03-04"}]})",
       "t.json: therapists[0].time_off: expected an array of dates"},
      {R"({"therapists":[{"id":1,"time_off":[4]}]})",
       "t.json: therapists[0].time_off[0]: expected a date string"},
      {R"({"therapists":[{"id":1}],"rooms":1})", "t.json: rooms: expected an array"},
      {R"({"therapists":[{"id":1}],"rooms":[1,-2]})",
       "t.json: rooms: expected positive integer ids"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    ASSERT_ERROR_AND_ASSIGN(Error error, Therapists(c.json), ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message);
  }
}

TEST(PlanJsonTest, ReadsAClosuresFile) {
  ASSERT_OK_AND_ASSIGN(
      ClosuresFile file,
      ClosuresFromJson(R"({"opening_hours":"sat 10:00-14:00","closures":["2024-03-25",)"
                       R"("2024-03-28..2024-03-29"]})",
                       "c.json"));
  EXPECT_EQ(file.opening_hours, Hours("sat 10:00-14:00"));
  ASSERT_EQ(file.closures.size(), 2u);
  EXPECT_EQ(file.closures[0].first, Date(25));
  EXPECT_EQ(file.closures[0].last, Date(25));
  EXPECT_EQ(file.closures[1].last, Date(29));

  ASSERT_OK_AND_ASSIGN(ClosuresFile empty, ClosuresFromJson("{}", "c.json"));
  EXPECT_FALSE(empty.opening_hours.has_value());
  EXPECT_TRUE(empty.closures.empty());
}

TEST(PlanJsonTest, ReportsTheFirstProblemOfAClosuresFileLiterally) {
  struct Case {
    std::string json;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"nope", "c.json: not valid JSON"},
      {"3", "c.json: expected a JSON object"},
      {R"({"holidays":[]})", "c.json: unknown key 'holidays'"},
      {R"({"opening_hours":[]})", "c.json: opening_hours: expected a string"},
      {R"({"opening_hours":"mon 09:00"})",
       "c.json: opening_hours: 'mon 09:00': expected 'DAY HH:MM-HH:MM' with DAY one of mon tue "
       "wed thu fri sat sun"},
      {R"({"closures":"2024-03-25"})", "c.json: closures: expected an array of dates"},
      {R"({"closures":[null]})", "c.json: closures[0]: expected a date string"},
      {R"({"closures":["2024-02-30"]})",
       "c.json: closures[0]: '2024-02-30' is not a calendar date"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    ASSERT_ERROR_AND_ASSIGN(Error error, ClosuresFromJson(c.json, "c.json"),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message);
  }
}

// A hand-made plan of one placed session, one unplaced one and a checkpoint without a date.
plan::CoursePlan SmallPlan() {
  plan::CoursePlan p;
  p.course_id = CourseId(7);
  p.protocol_id = "p";
  p.protocol_version = 2;
  p.start_date = Date(4);
  p.time_zone = "Europe/London";
  p.session_minutes = 60;
  p.primary_therapist = TherapistId(1);
  p.techniques = {"myofascial_release"};
  p.decision = screening::Decision::kModify;
  p.restrictions = {{"trigger_point", protocol::PrecautionAction::kDisable, "anticoagulants", "n"}};
  p.phases = {{"a", 0, 4, 4, 1}};
  plan::PlannedSession session;
  session.number = 1;
  session.phase_id = "a";
  session.local_start = plan::LocalMinutes{Date(4)} + std::chrono::hours{9};
  session.local_end = session.local_start + std::chrono::minutes{60};
  session.utc_start = plan::UtcMinutes{Date(4).time_since_epoch()} + std::chrono::hours{9};
  session.utc_end = session.utc_start + std::chrono::minutes{60};
  session.therapist = TherapistId(1);
  session.room = RoomId(3);
  session.checkpoints = {"baseline"};
  session.techniques = p.techniques;
  session.restrictions = p.restrictions;
  session.released_therapists = {TherapistId(2)};
  p.sessions = {session};
  p.unplaced = {{2, "a", 0, 0, Date(7), Date(8), plan::UnplacedReason::kFullyBooked, "full"}};
  p.checkpoints = {{"baseline", Date(4), 1}, {"week_4", std::nullopt, std::nullopt}};
  return p;
}

TEST(PlanJsonTest, WritesThePlanWithKeysInOrderAndUnsetValuesAsNull) {
  EXPECT_EQ(PlanToJson(SmallPlan(), {}, -1),
            R"({"course_id":7,"protocol":{"id":"p","version":2},"start_date":"2024-03-04",)"
            R"("time_zone":"Europe/London","session_minutes":60,"primary_therapist":1,)"
            R"("techniques":["myofascial_release"],"decision":"modify",)"
            R"("restrictions":[{"technique":"trigger_point","action":"disable",)"
            R"("condition":"anticoagulants","note":"n"}],)"
            R"("phases":[{"id":"a","start_week":0,"end_week":4,"lost_sessions":1}],)"
            R"("sessions":[{"number":1,"uid":"session-7-1@backcare","phase":"a","week":0,)"
            R"("date":"2024-03-04","weekday":"mon","local_start":"2024-03-04T09:00",)"
            R"("local_end":"2024-03-04T10:00","utc_start":"2024-03-04T09:00Z",)"
            R"("utc_end":"2024-03-04T10:00Z","therapist":1,"room":3,"status":"planned",)"
            R"("sequence":0,"make_up":false,"checkpoints":["baseline"],)"
            R"("techniques":["myofascial_release"],"restrictions":[{"technique":"trigger_point",)"
            R"("action":"disable","condition":"anticoagulants","note":"n"}],)"
            R"("released_therapists":[2]}],)"
            R"("unplaced":[{"number":2,"phase":"a","week":0,"window_first":"2024-03-07",)"
            R"("window_last":"2024-03-08","reason":"fully_booked","detail":"full"}],)"
            R"("checkpoints":[{"id":"baseline","due_date":"2024-03-04","session":1},)"
            R"({"id":"week_4","due_date":null,"session":null}],"changes":[]})");
}

TEST(PlanJsonTest, IndentsByTheGivenWidth) {
  const std::string json = PlanToJson(SmallPlan(), {});
  EXPECT_EQ(json.rfind("{\n  \"course_id\": 7,\n  \"protocol\": {\n    \"id\": \"p\",", 0), 0u)
      << json.substr(0, 80);
}

}  // namespace
}  // namespace backcare::exchange
