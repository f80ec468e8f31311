#include "core/clinic/time.h"

#include <charconv>
#include <cstdio>

namespace backcare::clinic {

std::string FormatDate(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto parse = [&](std::size_t start, std::size_t length, int& out) {
    for (std::size_t i = start; i < start + length; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return false;
      }
    }
    auto [end, error] = std::from_chars(text.data() + start, text.data() + start + length, out);
    return error == std::errc() && end == text.data() + start + length;
  };
  int year = 0;
  int month = 0;
  int day = 0;
  if (!parse(0, 4, year) || !parse(5, 2, month) || !parse(8, 2, day)) {
    return std::nullopt;
  }
  Date date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) {
    return std::nullopt;
  }
  return date;
}

std::optional<Timestamp> StartOfDayUtc(Date date) {
  using std::chrono::days;
  const std::chrono::sys_days day(date);
  const std::chrono::sys_days first = std::chrono::ceil<days>(Timestamp::min());
  const std::chrono::sys_days last = std::chrono::floor<days>(Timestamp::max()) - days(1);
  if (day < first || day > last) return std::nullopt;
  return Timestamp(day);
}

std::int64_t ToUnixMicros(Timestamp at) {
  return std::chrono::floor<std::chrono::microseconds>(at.time_since_epoch()).count();
}

Timestamp FromUnixMicros(std::int64_t micros) {
  return Timestamp{
      std::chrono::duration_cast<Timestamp::duration>(std::chrono::microseconds{micros})};
}

std::string FormatInstant(Timestamp at) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(at);
  auto day = std::chrono::floor<std::chrono::days>(seconds);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss time{seconds - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

}  // namespace backcare::clinic
