#include "core/plan/calendar_types.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace backcare::plan {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"sun", "mon", "tue", "wed",
                                                       "thu", "fri", "sat"};

Error FieldInvalid(std::string_view field, std::string detail) {
  std::string message = std::string(field) + ": " + detail;
  return InvalidInput(std::move(message), {FieldError{"", std::string(field), std::move(detail)}});
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "HH:MM" -> minutes after midnight. `entry` is quoted in errors.
Result<std::chrono::minutes> ParseTime(std::string_view text, std::string_view entry,
                                       std::string_view field, bool allow_24) {
  if (text.size() != 5 || text[2] != ':' || !AllDigits(text.substr(0, 2)) ||
      !AllDigits(text.substr(3, 2))) {
    return FieldInvalid(field, "'" + std::string(entry) + "': expected time HH:MM, got '" +
                                   std::string(text) + "'");
  }
  int hour = ToInt(text.substr(0, 2));
  int minute = ToInt(text.substr(3, 2));
  if (allow_24 && hour == 24 && minute == 0) return std::chrono::minutes(24 * 60);
  if (hour > 23) {
    return FieldInvalid(
        field, "'" + std::string(entry) + "': hour must be 00-23, got " + std::to_string(hour));
  }
  if (minute > 59) {
    return FieldInvalid(
        field, "'" + std::string(entry) + "': minute must be 00-59, got " + std::to_string(minute));
  }
  return std::chrono::minutes(hour * 60 + minute);
}

}  // namespace

bool AnyContains(std::span<const DateRange> ranges, LocalDate date) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [date](const DateRange& range) { return range.Contains(date); });
}

std::vector<WeeklyWindow> WindowsOn(std::span<const WeeklyWindow> windows,
                                    std::chrono::weekday weekday) {
  std::vector<WeeklyWindow> out;
  for (const WeeklyWindow& window : windows) {
    if (window.weekday == weekday) out.push_back(window);
  }
  std::sort(out.begin(), out.end(),
            [](const WeeklyWindow& a, const WeeklyWindow& b) { return a.start < b.start; });
  return out;
}

Result<std::vector<WeeklyWindow>> ParseWeeklyWindows(std::string_view text,
                                                     std::string_view field) {
  std::vector<WeeklyWindow> windows;
  std::vector<std::string> entries_text;
  if (Trim(text).empty()) {
    return FieldInvalid(field, "expected at least one window like 'mon 09:00-12:00', got ''");
  }
  while (true) {
    size_t comma = text.find(',');
    std::string_view entry = Trim(text.substr(0, comma));
    size_t space = entry.find(' ');
    size_t dash = entry.find('-', space == std::string_view::npos ? 0 : space);
    if (entry.empty() || space == std::string_view::npos || dash == std::string_view::npos) {
      return FieldInvalid(field, "'" + std::string(entry) +
                                     "': expected 'DAY HH:MM-HH:MM' with DAY one of mon tue wed "
                                     "thu fri sat sun");
    }
    std::string day_text(entry.substr(0, space));
    for (char& c : day_text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    auto day = std::find(kDayNames.begin(), kDayNames.end(), day_text);
    if (day == kDayNames.end()) {
      return FieldInvalid(field, "'" + std::string(entry) + "': unknown day '" +
                                     std::string(entry.substr(0, space)) +
                                     "', expected one of mon tue wed thu fri sat sun");
    }
    std::string_view times = Trim(entry.substr(space + 1));
    size_t times_dash = times.find('-');
    ASSIGN_OR_RETURN(std::chrono::minutes start,
                     ParseTime(Trim(times.substr(0, times_dash)), entry, field, false));
    ASSIGN_OR_RETURN(std::chrono::minutes end,
                     ParseTime(Trim(times.substr(times_dash + 1)), entry, field, true));
    if (end <= start) {
      return FieldInvalid(field, "'" + std::string(entry) + "': end " + FormatTimeOfDay(end) +
                                     " is not after start " + FormatTimeOfDay(start));
    }
    WeeklyWindow window{std::chrono::weekday{static_cast<unsigned>(day - kDayNames.begin())}, start,
                        end};
    for (size_t i = 0; i < windows.size(); ++i) {
      if (windows[i].weekday == window.weekday && windows[i].start < window.end &&
          window.start < windows[i].end) {
        return FieldInvalid(field,
                            "'" + std::string(entry) + "' overlaps '" + entries_text[i] + "'");
      }
    }
    windows.push_back(window);
    entries_text.emplace_back(entry);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  std::sort(windows.begin(), windows.end(), [](const WeeklyWindow& a, const WeeklyWindow& b) {
    unsigned a_day = a.weekday.iso_encoding();
    unsigned b_day = b.weekday.iso_encoding();
    return a_day != b_day ? a_day < b_day : a.start < b.start;
  });
  return windows;
}

std::string FormatWeeklyWindows(std::span<const WeeklyWindow> windows) {
  std::string out;
  for (const WeeklyWindow& window : windows) {
    if (!out.empty()) out += ',';
    out += std::string(WeekdayName(window.weekday)) + " " + FormatTimeOfDay(window.start) + "-" +
           FormatTimeOfDay(window.end);
  }
  return out;
}

Result<LocalDate> ParseDate(std::string_view text, std::string_view field) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !AllDigits(text.substr(0, 4)) ||
      !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2))) {
    return FieldInvalid(field, "expected a date YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  std::chrono::year_month_day date{
      std::chrono::year{ToInt(text.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(ToInt(text.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(ToInt(text.substr(8, 2)))}};
  if (!date.ok()) {
    return FieldInvalid(field, "'" + std::string(text) + "' is not a calendar date");
  }
  return LocalDate{date};
}

Result<DateRange> ParseDateRange(std::string_view text, std::string_view field) {
  text = Trim(text);
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    ASSIGN_OR_RETURN(LocalDate date, ParseDate(text, field));
    return DateRange{date, date};
  }
  ASSIGN_OR_RETURN(LocalDate first, ParseDate(text.substr(0, dots), field));
  ASSIGN_OR_RETURN(LocalDate last, ParseDate(text.substr(dots + 2), field));
  if (last < first) {
    return FieldInvalid(field, "'" + std::string(text) + "': last date is before first date");
  }
  return DateRange{first, last};
}

std::string FormatDate(LocalDate date) {
  std::chrono::year_month_day ymd{date};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string FormatTimeOfDay(std::chrono::minutes t) {
  char buffer[48];
  long long total = t.count();
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", total / 60, total % 60);
  return buffer;
}

std::string FormatLocalDateTime(LocalMinutes local) {
  LocalDate date = std::chrono::floor<std::chrono::days>(local);
  return FormatDate(date) + "T" + FormatTimeOfDay(local - date);
}

std::string FormatUtc(UtcMinutes utc) {
  LocalMinutes as_local{utc.time_since_epoch()};
  return FormatLocalDateTime(as_local) + "Z";
}

std::string_view WeekdayName(std::chrono::weekday day) { return kDayNames[day.c_encoding()]; }

}  // namespace backcare::plan
