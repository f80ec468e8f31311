// The rules of clinic closures (core/clinic/closure.h): what a new closure must satisfy, and how
// the planner and the booking checks see the closures. Pure: the caller loads the clinic's
// closures. docs/planning.md describes how the server uses them.
#ifndef BACKCARE_CORE_PLAN_CLOSURE_RULES_H_
#define BACKCARE_CORE_PLAN_CLOSURE_RULES_H_

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/clinic/closure.h"
#include "core/plan/calendar_types.h"

namespace backcare::plan {

// A closure lasts at most this many days (first_day and last_day included).
inline constexpr int kMaxClosureDays = 366;
// A closure's reason has at most this many characters (UTF-8 code points).
inline constexpr std::size_t kMaxClosureReasonChars = 200;

// Checks `closure` (first_day, last_day and reason set) against the clinic's `existing` closures.
//  * kInvalidInput "closure is invalid", one FieldError per bad field, all collected:
//    "first_day" / "last_day" not a calendar date; "last_day" before first_day or more than 366
//    days after it (counting both); "reason" empty or longer than 200 characters.
//  * then kConflict "closure overlaps closure N 'REASON' (FIRST..LAST)" naming the first existing
//    closure (by first_day) that shares a day with it.
Status ValidateClosure(const clinic::ClinicClosure& closure,
                       std::span<const clinic::ClinicClosure> existing);

// The local dates of `closure`.
DateRange ClosureRange(const clinic::ClinicClosure& closure);

// The closures as the planner's whole-day ranges (ClinicCalendar::closures).
std::vector<DateRange> ClosureRanges(std::span<const clinic::ClinicClosure> closures);

// The first closure containing `day`, or null. The pointer points into `closures`.
const clinic::ClinicClosure* ClosureOn(std::span<const clinic::ClinicClosure> closures,
                                       LocalDate day);

// "closure 7 'Christmas' (2026-12-24..2026-12-26)".
std::string DescribeClosure(const clinic::ClinicClosure& closure);

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_CLOSURE_RULES_H_
