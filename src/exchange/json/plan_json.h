// The JSON forms of `backcare plan` (docs/planning.md): the therapists and closures files it
// reads, and the course plan it prints with --json. Reading stops at the first problem, with a
// message that names the file and the field ("t.json: therapists[1].id: duplicate id 1").
#ifndef BACKCARE_EXCHANGE_JSON_PLAN_JSON_H_
#define BACKCARE_EXCHANGE_JSON_PLAN_JSON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/plan/calendar_types.h"
#include "core/plan/course_plan.h"
#include "core/plan/reschedule.h"

namespace backcare::exchange {

// A closures file: {"opening_hours": "mon 08:00-19:00,...", "closures": ["2024-12-25",
// "2024-12-24..2024-12-26"]}, both keys optional.
struct ClosuresFile {
  std::optional<std::vector<plan::WeeklyWindow>> opening_hours;  // nullopt: not given
  std::vector<plan::DateRange> closures;
};

// A therapists file: {"therapists": [{"id": 1, "working_hours": "mon 08:00-19:00,...",
// "techniques": ["..."], "time_off": ["2024-04-01..2024-04-05"]}], "rooms": [1, 2]}.
struct TherapistsFile {
  std::vector<plan::TherapistCalendar> therapists;  // in file order, never empty
  std::vector<plan::Room> rooms;                    // empty when the file lists none
};

// Reads a closures file; `file_name` is only used in messages.
// Errors: kInvalidInput "<file_name>: not valid JSON", "<file_name>: expected a JSON object",
// "<file_name>: unknown key 'K'", "<file_name>: opening_hours: expected a string" or a
// plan::ParseWeeklyWindows error, "<file_name>: closures: expected an array of dates",
// "<file_name>: closures[i]: expected a date string" or a plan::ParseDateRange error.
Result<ClosuresFile> ClosuresFromJson(std::string_view json, std::string_view file_name);

// Reads a therapists file; `file_name` is only used in messages. A therapist without
// working_hours works `opening_hours`; one without techniques delivers `all_techniques`.
// Errors: kInvalidInput naming "<file_name>: ..." as ClosuresFromJson for the document, then
// "therapists: expected a non-empty array", "therapists[i]: expected an object", an unknown key,
// "therapists[i].id: expected a positive integer" or "duplicate id N",
// "therapists[i].working_hours: expected a string" or its parse error,
// "therapists[i].techniques: expected an array" or "expected technique id strings",
// "therapists[i].time_off..." as closures, "rooms: expected an array" or "expected positive
// integer ids".
Result<TherapistsFile> TherapistsFromJson(std::string_view json, std::string_view file_name,
                                          const std::vector<plan::WeeklyWindow>& opening_hours,
                                          const std::vector<std::string>& all_techniques);

// The course plan and the change log of its rescheduling as one JSON object (keys in the order
// of docs/planning.md), `indent` spaces per level. Unset values (no room, no due date) are null.
std::string PlanToJson(const plan::CoursePlan& plan,
                       const std::vector<plan::SessionChange>& changes, int indent = 2);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_JSON_PLAN_JSON_H_
