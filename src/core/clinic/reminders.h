// Reminders by email: a patient's reminder settings, and the pure decisions of when an
// appointment reminder or a daily home-program nudge is due. The sweep that loads sessions and
// patients, decides with these functions and enqueues the emails is app/reminder_service.h; it
// records each reminder under a key (ReminderKey) that the store keeps unique, so a reminder is
// sent at most once even across restarts and several servers on one database.
#ifndef BACKCARE_CORE_CLINIC_REMINDERS_H_
#define BACKCARE_CORE_CLINIC_REMINDERS_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/session.h"
#include "core/clinic/time.h"
#include "core/ports/time_zone.h"

namespace backcare::clinic {

enum class ReminderKind {
  kAppointment,  // an upcoming session
  kNudge,        // the daily home-program nudge
};

inline constexpr EnumNames<ReminderKind, 2> kReminderKindNames = {{
    {ReminderKind::kAppointment, "appointment"},
    {ReminderKind::kNudge, "nudge"},
}};

// The clinic setting Clinic::appointment_reminder_hours lies in [0, kMaxAppointmentReminderHours];
// 0 means the clinic sends no appointment reminders.
inline constexpr int kMaxAppointmentReminderHours = 168;
inline constexpr int kDefaultAppointmentReminderHours = 24;
// A nudge whose time passed longer ago than this is not sent that day (a server that was down
// does not send the evening's nudges at night).
inline constexpr std::chrono::minutes kNudgeLateCutoff{120};
inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kDefaultNudgeMinutes = 18 * 60;  // 18:00 clinic-local

// One patient's choices. A patient who never chose has the defaults (PatientReminders{} with the
// patient's id): appointment reminders by email on, the nudge off at 18:00, no push
// notifications. The *_push choices send a Web Push notification to each of the patient's push
// subscriptions (core/clinic/push.h) beside or instead of the email.
struct PatientReminders {
  PatientId patient_id;
  bool appointment_email = true;
  bool nudge_email = false;
  bool appointment_push = false;
  bool nudge_push = false;
  int nudge_minutes = kDefaultNudgeMinutes;  // after midnight, clinic-local, [0, 1440)
  friend bool operator==(const PatientReminders&, const PatientReminders&) = default;
};

// A one-click unsubscribe link of a reminder email: the link carries a random token; the store
// keeps only its hash (hex SHA-256). Using it switches `kind` off for the patient; it stays
// usable (answering "already done") until the patient switches that kind on again, which
// deletes the patient's tokens of that kind.
struct UnsubscribeToken {
  std::string token_hash;
  ClinicId clinic_id;
  PatientId patient_id;
  ReminderKind kind = ReminderKind::kAppointment;
  Timestamp created_at;
  std::optional<Timestamp> used_at;
  friend bool operator==(const UnsubscribeToken&, const UnsubscribeToken&) = default;
};

// kInvalidInput (field "nudge_time") unless nudge_minutes lies in [0, 1440).
Status ValidatePatientReminders(const PatientReminders& reminders);

// "18:00" for 1080. Requires minutes in [0, 1440).
std::string FormatClockTime(int minutes_after_midnight);
// Exactly "HH:MM" with HH in 00..23 and MM in 00..59; nullopt otherwise.
std::optional<int> ParseClockTime(std::string_view text);

// True when `session` should get its appointment reminder at `now`: it is booked, the clinic
// sends reminders (reminder_hours > 0) and it starts within (now, now + reminder_hours]. A
// session that starts at `now` or earlier gets none (too late), one that starts later is not yet
// due. Whether it was already reminded is the store's record (ReminderKey).
bool AppointmentReminderDue(const Session& session, int reminder_hours, Timestamp now);

// The clinic-local day whose nudge is due at `now` for a patient nudged at `nudge_minutes`, or
// nullopt: due from the instant that local time occurs on that day until kNudgeLateCutoff after
// it (exclusive). A nudge time that does not exist that day (spring-forward gap) is due from the
// transition; one that occurs twice (fall-back) from its first occurrence.
std::optional<Date> NudgeDay(const ports::TimeZone& zone, int nudge_minutes, Timestamp now);

// What the sweep knows about a patient on the nudge day.
struct NudgeFacts {
  bool nudge_chosen = false;       // the patient's setting (by email or push)
  bool reachable = false;          // somewhere to send it (an address, or a push subscription)
  bool course_active = false;      // the patient has an active course
  int exercises_due = 0;           // home-program exercises due that day
  bool any_exercise_done = false;  // the patient ticked an exercise done that day
};

// True when the facts call for a nudge: the setting is on, the patient is reachable, an active
// course with exercises due that day, and none has been ticked done yet.
bool NudgeWanted(const NudgeFacts& facts);

// The unique key under which a sent reminder is recorded (with its kind and patient): for an
// appointment the session and its start ("session:12@1765180800000000"), so a rescheduled session
// is reminded again for its new time; for a nudge the clinic-local day ("2026-12-08").
std::string AppointmentReminderKey(SessionId session_id, Timestamp start);
std::string NudgeReminderKey(Date day);

// "Tue 8 Dec 2026 at 10:00": how a reminder email names a session's clinic-local start.
std::string FormatReminderTime(const ports::TimeZone& zone, Timestamp at);

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_REMINDERS_H_
