#include "core/clinic/reminders.h"

#include <array>

namespace backcare::clinic {
namespace {

using std::chrono::minutes;

ports::UtcMinutes FloorMinutes(Timestamp at) {
  return std::chrono::floor<minutes>(std::chrono::time_point_cast<std::chrono::microseconds>(at));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Status ValidatePatientReminders(const PatientReminders& reminders) {
  if (reminders.nudge_minutes < 0 || reminders.nudge_minutes >= kMinutesPerDay) {
    return InvalidInput("reminders: 1 invalid field(s)",
                        {{"", "nudge_time", "expected a time of day from 00:00 to 23:59"}});
  }
  return OkStatus();
}

std::string FormatClockTime(int minutes_after_midnight) {
  const int hour = minutes_after_midnight / 60;
  const int minute = minutes_after_midnight % 60;
  std::string text = "00:00";
  text[0] = static_cast<char>('0' + hour / 10);
  text[1] = static_cast<char>('0' + hour % 10);
  text[3] = static_cast<char>('0' + minute / 10);
  text[4] = static_cast<char>('0' + minute % 10);
  return text;
}

std::optional<int> ParseClockTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':' || !IsDigit(text[0]) || !IsDigit(text[1]) ||
      !IsDigit(text[3]) || !IsDigit(text[4])) {
    return std::nullopt;
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  if (hour > 23 || minute > 59) {
    return std::nullopt;
  }
  return hour * 60 + minute;
}

bool AppointmentReminderDue(const Session& session, int reminder_hours, Timestamp now) {
  if (session.status != SessionStatus::kBooked || reminder_hours <= 0) {
    return false;
  }
  return session.start > now && session.start <= now + std::chrono::hours(reminder_hours);
}

std::optional<Date> NudgeDay(const ports::TimeZone& zone, int nudge_minutes, Timestamp now) {
  const ports::UtcMinutes now_minutes = FloorMinutes(now);
  const std::chrono::local_days today =
      std::chrono::floor<std::chrono::days>(zone.ToLocal(now_minutes));
  // The nudge of today or, shortly after midnight, of yesterday may be the one in its window.
  for (const std::chrono::local_days day : {today, today - std::chrono::days(1)}) {
    const ports::LocalMinutes local = day + minutes(nudge_minutes);
    // A gap maps both ends to the transition; an overlap's earliest is its first occurrence.
    const ports::UtcMinutes due_at = zone.MapLocal(local).earliest;
    if (due_at <= now_minutes && now_minutes < due_at + kNudgeLateCutoff) {
      return Date{std::chrono::sys_days{day.time_since_epoch()}};
    }
  }
  return std::nullopt;
}

bool NudgeWanted(const NudgeFacts& facts) {
  return facts.nudge_chosen && facts.reachable && facts.course_active && facts.exercises_due > 0 &&
         !facts.any_exercise_done;
}

std::string AppointmentReminderKey(SessionId session_id, Timestamp start) {
  return "session:" + std::to_string(session_id.value()) + "@" +
         std::to_string(ToUnixMicros(start));
}

std::string NudgeReminderKey(Date day) { return FormatDate(day); }

std::string FormatReminderTime(const ports::TimeZone& zone, Timestamp at) {
  static constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                           "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const ports::LocalMinutes local = zone.ToLocal(FloorMinutes(at));
  const std::chrono::local_days day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day date{day};
  const std::chrono::weekday weekday{day};
  const int minute_of_day = static_cast<int>((local - day).count());
  return std::string(kWeekdays[weekday.c_encoding()]) + " " +
         std::to_string(static_cast<unsigned>(date.day())) + " " +
         kMonths[static_cast<unsigned>(date.month()) - 1] + " " +
         std::to_string(static_cast<int>(date.year())) + " at " + FormatClockTime(minute_of_day);
}

}  // namespace backcare::clinic
