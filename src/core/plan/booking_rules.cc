#include "core/plan/booking_rules.h"

#include <algorithm>
#include <cstdlib>

#include "core/plan/closure_rules.h"

namespace backcare::plan {
namespace {

using clinic::SessionStatus;

UtcMinutes Minutes(clinic::Timestamp at) { return std::chrono::floor<std::chrono::minutes>(at); }

bool TakesADay(SessionStatus status) {
  return status == SessionStatus::kBooked || status == SessionStatus::kAttended;
}

std::string Hours(std::span<const WeeklyWindow> windows) {
  std::string text;
  for (const WeeklyWindow& window : windows) {
    text += (text.empty() ? "" : ", ") + FormatTimeOfDay(window.start) + "-" +
            FormatTimeOfDay(window.end);
  }
  return text;
}

}  // namespace

Status CheckBookable(const BookingContext& context, const clinic::Session& candidate,
                     clinic::Timestamp now) {
  const auto phase =
      std::find_if(context.protocol.phases.begin(), context.protocol.phases.end(),
                   [&](const protocol::Phase& p) { return p.id == candidate.phase_id; });
  if (phase == context.protocol.phases.end()) {
    std::string known;
    for (const protocol::Phase& p : context.protocol.phases) {
      known += (known.empty() ? "" : ", ") + p.id;
    }
    return InvalidInput("session is invalid",
                        {{"", "phase_id",
                          "'" + candidate.phase_id + "' is not a phase of protocol '" +
                              context.protocol.id + "' (" + known + ")"}});
  }
  if (candidate.start < now) {
    return FailedPrecondition("the start " + FormatUtc(Minutes(candidate.start)) +
                              " is in the past (now " + FormatUtc(Minutes(now)) + ")");
  }

  const LocalMinutes local_start = context.zone.ToLocal(Minutes(candidate.start));
  const LocalDate day = std::chrono::floor<std::chrono::days>(local_start);
  if (const clinic::ClinicClosure* closure = ClosureOn(context.closures, day)) {
    return FailedPrecondition("the clinic is closed on " + FormatDate(day) + ": " +
                              DescribeClosure(*closure));
  }
  const std::chrono::weekday weekday{day};
  const std::chrono::minutes from = local_start - day;
  const std::chrono::minutes to = from + Minutes(candidate.end) - Minutes(candidate.start);
  const std::vector<WeeklyWindow> windows = WindowsOn(context.opening_hours, weekday);
  const bool inside = std::any_of(windows.begin(), windows.end(), [&](const WeeklyWindow& w) {
    return w.start <= from && to <= w.end;
  });
  if (!inside) {
    const std::string when = FormatLocalDateTime(local_start) + " (" +
                             std::string(WeekdayName(weekday)) + ", " + context.zone.Name() + ")";
    if (windows.empty()) {
      return FailedPrecondition("the clinic is closed at " + when + ": closed on " +
                                std::string(WeekdayName(weekday)));
    }
    return FailedPrecondition("the clinic is closed at " + when + " for a " +
                              std::to_string((to - from).count()) + "-minute session: open " +
                              Hours(windows));
  }

  for (const clinic::Session& other : context.patient_sessions) {
    if (other.id == candidate.id || !TakesADay(other.status)) {
      continue;
    }
    const LocalDate other_day =
        std::chrono::floor<std::chrono::days>(context.zone.ToLocal(Minutes(other.start)));
    const auto apart = std::abs((day - other_day).count());
    if (apart == 0) {
      return FailedPrecondition("patient " + std::to_string(candidate.patient_id.value()) +
                                " already has session " + std::to_string(other.id.value()) +
                                " on " + FormatDate(day) + ": one session a day");
    }
    const int min_days = phase->cadence.min_days_between_sessions;
    if (other.course_id == candidate.course_id && other.phase_id == candidate.phase_id &&
        apart < min_days) {
      return FailedPrecondition("session " + std::to_string(other.id.value()) + " on " +
                                FormatDate(other_day) + " is " + std::to_string(apart) +
                                " day(s) away: phase '" + phase->id + "' keeps sessions " +
                                std::to_string(min_days) + " days apart");
    }
  }
  return OkStatus();
}

}  // namespace backcare::plan
