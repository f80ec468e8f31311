#include "core/plan/closure_rules.h"

#include <algorithm>
#include <utility>

namespace backcare::plan {
namespace {

std::size_t CodePoints(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

DateRange ClosureRange(const clinic::ClinicClosure& closure) {
  return {LocalDate{std::chrono::sys_days{closure.first_day}.time_since_epoch()},
          LocalDate{std::chrono::sys_days{closure.last_day}.time_since_epoch()}};
}

std::vector<DateRange> ClosureRanges(std::span<const clinic::ClinicClosure> closures) {
  std::vector<DateRange> ranges;
  ranges.reserve(closures.size());
  for (const clinic::ClinicClosure& closure : closures) {
    ranges.push_back(ClosureRange(closure));
  }
  return ranges;
}

const clinic::ClinicClosure* ClosureOn(std::span<const clinic::ClinicClosure> closures,
                                       LocalDate day) {
  for (const clinic::ClinicClosure& closure : closures) {
    if (ClosureRange(closure).Contains(day)) {
      return &closure;
    }
  }
  return nullptr;
}

std::string DescribeClosure(const clinic::ClinicClosure& closure) {
  const DateRange range = ClosureRange(closure);
  return "closure " + std::to_string(closure.id.value()) + " '" + closure.reason + "' (" +
         FormatDate(range.first) + ".." + FormatDate(range.last) + ")";
}

Status ValidateClosure(const clinic::ClinicClosure& closure,
                       std::span<const clinic::ClinicClosure> existing) {
  std::vector<FieldError> errors;
  const bool first_ok = closure.first_day.ok();
  const bool last_ok = closure.last_day.ok();
  if (!first_ok) {
    errors.push_back({"", "first_day", "expected a calendar date YYYY-MM-DD"});
  }
  if (!last_ok) {
    errors.push_back({"", "last_day", "expected a calendar date YYYY-MM-DD"});
  }
  if (first_ok && last_ok) {
    const DateRange range = ClosureRange(closure);
    const auto days = (range.last - range.first).count() + 1;
    if (days < 1) {
      errors.push_back({"", "last_day",
                        "expected a day on or after first_day " + FormatDate(range.first) +
                            ", got " + FormatDate(range.last)});
    } else if (days > kMaxClosureDays) {
      errors.push_back({"", "last_day",
                        "a closure lasts at most " + std::to_string(kMaxClosureDays) +
                            " days, got " + std::to_string(days)});
    }
  }
  if (closure.reason.empty()) {
    errors.push_back({"", "reason", "expected a non-empty reason"});
  } else if (CodePoints(closure.reason) > kMaxClosureReasonChars) {
    errors.push_back({"", "reason",
                      "expected at most " + std::to_string(kMaxClosureReasonChars) +
                          " characters, got " + std::to_string(CodePoints(closure.reason))});
  }
  if (!errors.empty()) {
    return InvalidInput("closure is invalid", std::move(errors));
  }
  const DateRange range = ClosureRange(closure);
  const clinic::ClinicClosure* clash = nullptr;
  for (const clinic::ClinicClosure& other : existing) {
    const DateRange other_range = ClosureRange(other);
    if (other_range.first <= range.last && range.first <= other_range.last &&
        (clash == nullptr || other_range.first < ClosureRange(*clash).first)) {
      clash = &other;
    }
  }
  if (clash != nullptr) {
    return Conflict("closure overlaps " + DescribeClosure(*clash));
  }
  return OkStatus();
}

}  // namespace backcare::plan
