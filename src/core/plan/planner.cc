#include "core/plan/planner.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "core/plan/slot_search.h"

namespace backcare::plan {
namespace {

struct Anchor {
  std::chrono::weekday weekday;
  std::chrono::minutes time;
};

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    if (!out.empty()) out += ", ";
    out += id;
  }
  return out;
}

bool Delivers(const TherapistCalendar& therapist, const std::vector<std::string>& techniques) {
  return std::all_of(techniques.begin(), techniques.end(), [&](const std::string& id) {
    return std::find(therapist.techniques.begin(), therapist.techniques.end(), id) !=
           therapist.techniques.end();
  });
}

// The largest number of weekdays (from `available`, indexed by c_encoding) that can be used every
// week with at least `gap` days between consecutive sessions, counting around the week.
int MaxSpacedDays(const std::array<bool, 7>& available, int gap) {
  int best = 0;
  for (unsigned mask = 1; mask < 128; ++mask) {
    std::vector<int> days;
    bool usable = true;
    for (int day = 0; day < 7; ++day) {
      if ((mask >> day) & 1u) {
        if (!available[static_cast<std::size_t>(day)]) usable = false;
        days.push_back(day);
      }
    }
    if (!usable) continue;
    bool spaced = true;
    for (std::size_t i = 0; i < days.size(); ++i) {
      int next = i + 1 < days.size() ? days[i + 1] : days[0] + 7;
      if (days.size() > 1 && next - days[i] < gap) spaced = false;
    }
    if (spaced) best = std::max(best, static_cast<int>(days.size()));
  }
  return best;
}

}  // namespace

namespace internal {

std::vector<const TherapistCalendar*> QualifiedTherapists(
    const ClinicCalendar& clinic, const std::vector<std::string>& techniques,
    const BookingBook& book) {
  struct Candidate {
    int load;
    TherapistId id;
    const TherapistCalendar* therapist;
  };
  std::vector<Candidate> candidates;
  candidates.reserve(clinic.therapists.size());
  for (const TherapistCalendar& therapist : clinic.therapists) {
    if (Delivers(therapist, techniques)) {
      candidates.push_back(
          {book.CountFor(TherapistResource(therapist.id)), therapist.id, &therapist});
    }
  }
  // Spread new courses: least-booked therapist first, ties by id (deterministic).
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.load != b.load ? a.load < b.load : a.id < b.id;
  });
  std::vector<const TherapistCalendar*> out;
  out.reserve(candidates.size());
  for (const Candidate& candidate : candidates) out.push_back(candidate.therapist);
  return out;
}

int MinGapDays(const protocol::Phase& phase) {
  return std::max(1, phase.cadence.min_days_between_sessions);
}

std::vector<std::pair<int, int>> ExpandPhase(const protocol::Phase& phase) {
  std::vector<std::pair<int, int>> slots;
  if (phase.cadence.sessions_per_week > 0) {
    for (int week = phase.start_week; week < phase.end_week; ++week) {
      for (int slot = 0; slot < phase.cadence.sessions_per_week; ++slot) {
        slots.emplace_back(week, slot);
      }
    }
    return slots;
  }
  int week = phase.start_week;
  for (const protocol::IntervalStep& step : phase.cadence.interval_steps) {
    int until = std::min(step.until_week.value_or(phase.end_week), phase.end_week);
    if (step.interval_weeks <= 0) continue;
    for (; week < until; week += step.interval_weeks) slots.emplace_back(week, 0);
  }
  return slots;
}

}  // namespace internal

std::vector<WeeklyWindow> DefaultOpeningHours() {
  std::vector<WeeklyWindow> hours;
  for (unsigned day = 1; day <= 5; ++day) {
    hours.push_back({std::chrono::weekday{day}, std::chrono::hours(8), std::chrono::hours(19)});
  }
  return hours;
}

std::string_view PlannedSessionStatusName(PlannedSessionStatus status) {
  return NameOf(kPlannedSessionStatusNames, status);
}

std::string_view UnplacedReasonName(UnplacedReason reason) {
  switch (reason) {
    case UnplacedReason::kClosedOrBlocked:
      return "closed_or_blocked";
    case UnplacedReason::kNoCommonWindow:
      return "no_common_window";
    case UnplacedReason::kFullyBooked:
      return "fully_booked";
    case UnplacedReason::kSpacing:
      return "spacing";
    case UnplacedReason::kWindowPassed:
      return "window_passed";
  }
  return "fully_booked";
}

const PlannedSession* CoursePlan::FindSession(int number) const {
  for (const PlannedSession& session : sessions) {
    if (session.number == number) return &session;
  }
  return nullptr;
}

bool IsReferral(screening::Decision decision) {
  return decision == screening::Decision::kMedicalReview ||
         decision == screening::Decision::kReferUrgent ||
         decision == screening::Decision::kReferEmergency;
}

std::vector<std::string> SessionTechniques(const protocol::Protocol& protocol,
                                           std::span<const screening::TechniqueRestriction> rules) {
  std::vector<std::string> out;
  for (const protocol::Technique& technique : protocol.techniques) {
    bool disabled = std::any_of(rules.begin(), rules.end(), [&](const auto& rule) {
      return rule.technique_id == technique.id &&
             rule.action == protocol::PrecautionAction::kDisable;
    });
    if (!disabled) out.push_back(technique.id);
  }
  return out;
}

std::vector<BookedInterval> IntervalsOf(const CoursePlan& plan) {
  std::vector<BookedInterval> out;
  for (const PlannedSession& session : plan.sessions) {
    if (session.status != PlannedSessionStatus::kPlanned) continue;
    out.push_back({TherapistResource(session.therapist), session.utc_start, session.utc_end,
                   plan.course_id, session.number});
    out.push_back({PatientResource(plan.patient_id), session.utc_start, session.utc_end,
                   plan.course_id, session.number});
    if (session.room) {
      out.push_back({RoomResource(*session.room), session.utc_start, session.utc_end,
                     plan.course_id, session.number});
    }
  }
  return out;
}

void AddToBook(const CoursePlan& plan, BookingBook& book) {
  for (const BookedInterval& interval : IntervalsOf(plan)) book.Add(interval);
}

void RemoveFromBook(const CoursePlan& plan, BookingBook& book) {
  for (const BookedInterval& interval : IntervalsOf(plan)) book.Remove(interval);
}

void AttachCheckpoints(const protocol::Protocol& protocol, CoursePlan& plan) {
  std::sort(plan.sessions.begin(), plan.sessions.end(),
            [](const PlannedSession& a, const PlannedSession& b) {
              return a.local_start != b.local_start ? a.local_start < b.local_start
                                                    : a.number < b.number;
            });
  std::vector<PlannedSession*> planned;
  for (PlannedSession& session : plan.sessions) {
    session.checkpoints.clear();
    if (session.status == PlannedSessionStatus::kPlanned) planned.push_back(&session);
  }
  plan.checkpoints.clear();
  for (const protocol::Checkpoint& checkpoint : protocol.checkpoints) {
    CheckpointDue due{checkpoint.id, std::nullopt, std::nullopt};
    PlannedSession* at = nullptr;
    if (checkpoint.at_baseline) {
      due.due_date = plan.start_date;
      if (!planned.empty()) at = planned.front();
    } else if (checkpoint.after_session) {
      std::size_t n = static_cast<std::size_t>(std::max(1, *checkpoint.after_session));
      if (n <= planned.size()) at = planned[n - 1];
    } else if (checkpoint.week) {
      LocalDate date = plan.start_date + std::chrono::days(7 * *checkpoint.week);
      due.due_date = date;
      for (PlannedSession* session : planned) {
        if (session->Date() >= date) {
          at = session;
          break;
        }
      }
    }
    if (at != nullptr) {
      due.session_number = at->number;
      if (!checkpoint.week) due.due_date = at->Date();
      at->checkpoints.push_back(checkpoint.id);
    }
    plan.checkpoints.push_back(std::move(due));
  }
}

Status CheckCadenceFeasible(const protocol::Protocol& protocol, const CourseRequest& request,
                            const ClinicCalendar& clinic, std::string_view field) {
  int minutes = request.session_minutes > 0 ? request.session_minutes : protocol.session_minutes;
  std::array<bool, 7> available{};
  bool any = false;
  for (unsigned day = 0; day < 7; ++day) {
    std::chrono::weekday weekday{day};
    for (const WeeklyWindow& open : WindowsOn(clinic.opening_hours, weekday)) {
      for (const WeeklyWindow& free : WindowsOn(request.availability.windows, weekday)) {
        auto overlap = std::min(open.end, free.end) - std::max(open.start, free.start);
        if (overlap >= std::chrono::minutes(minutes)) available[day] = true;
      }
    }
    any = any || available[day];
  }
  std::string name(field);
  if (!any) {
    std::string detail = "no window overlaps the clinic's opening hours for a " +
                         std::to_string(minutes) + "-minute session";
    return InvalidInput(name + ": " + detail, {FieldError{"", name, detail}});
  }
  for (const protocol::Phase& phase : protocol.phases) {
    int needed = std::max(1, phase.cadence.sessions_per_week);
    int gap = internal::MinGapDays(phase);
    int possible = MaxSpacedDays(available, gap);
    if (possible < needed) {
      std::string detail = "phase '" + phase.id + "' needs " + std::to_string(needed) +
                           " sessions a week at least " + std::to_string(gap) + " day" +
                           (gap == 1 ? "" : "s") + " apart, but the available days allow only " +
                           std::to_string(possible);
      return InvalidInput(name + ": " + detail, {FieldError{"", name, detail}});
    }
  }
  return OkStatus();
}

Result<CoursePlan> PlanCourse(const protocol::Protocol& protocol, const CourseRequest& request,
                              const ClinicCalendar& clinic, const BookingBook& book) {
  if (IsReferral(request.decision)) {
    return FailedPrecondition("course cannot be planned: screening decision is '" +
                              std::string(screening::DecisionName(request.decision)) +
                              "'; treatment waits until the referral is resolved");
  }
  if (protocol.phases.empty()) {
    return InvalidInput("protocol: expected at least one phase, got none");
  }
  int minutes = request.session_minutes != 0 ? request.session_minutes : protocol.session_minutes;
  if (minutes <= 0) {
    return InvalidInput("session_minutes: expected > 0, got " + std::to_string(minutes));
  }
  std::vector<std::string> techniques = SessionTechniques(protocol, request.restrictions);
  std::vector<const TherapistCalendar*> qualified =
      internal::QualifiedTherapists(clinic, techniques, book);
  if (qualified.empty()) {
    return FailedPrecondition("no therapist delivers every technique the sessions use: " +
                              JoinIds(techniques));
  }

  CoursePlan plan;
  plan.course_id = request.course_id;
  plan.patient_id = request.patient_id;
  plan.protocol_id = protocol.id;
  plan.protocol_version = protocol.version;
  plan.start_date = request.start_date;
  plan.time_zone = clinic.time_zone->Name();
  plan.session_minutes = minutes;
  plan.techniques = techniques;
  plan.decision = request.decision;
  plan.restrictions = request.restrictions;

  internal::SlotFinder finder(clinic, request, book, qualified, std::chrono::minutes(minutes),
                              request.start_date);
  std::vector<LocalDate> dates;
  std::optional<Anchor> previous_phase_anchor;
  std::optional<RoomId> last_room;
  int number = 0;
  for (std::size_t p = 0; p < protocol.phases.size(); ++p) {
    const protocol::Phase& phase = protocol.phases[p];
    plan.phases.push_back({phase.id, phase.start_week, phase.end_week, phase.end_week, 0});
    int per_week = std::max(1, phase.cadence.sessions_per_week);
    int gap = internal::MinGapDays(phase);
    std::vector<std::optional<Anchor>> anchors(static_cast<std::size_t>(per_week));
    for (auto [week, slot] : internal::ExpandPhase(phase)) {
      ++number;
      LocalDate week_first = request.start_date + std::chrono::days(7 * week);
      internal::SlotTarget target;
      target.window_first = week_first;
      target.window_last = week_first + std::chrono::days(6 - (per_week - 1 - slot) * gap);
      target.min_gap_days = gap;
      std::optional<Anchor> anchor = anchors[static_cast<std::size_t>(slot)];
      if (!anchor) anchor = anchors[0] ? anchors[0] : previous_phase_anchor;
      if (anchor && (slot == 0 || anchors[static_cast<std::size_t>(slot)])) {
        target.preferred_weekday = anchor->weekday;
      }
      if (anchor) target.preferred_time = anchor->time;
      if (plan.primary_therapist.is_assigned()) target.preferred_therapist = plan.primary_therapist;
      target.preferred_room = last_room;
      auto found = finder.Find(target, dates);
      if (auto* placement = std::get_if<internal::Placement>(&found)) {
        PlannedSession session;
        session.number = number;
        session.phase_id = phase.id;
        session.phase_index = static_cast<int>(p);
        session.week = week;
        session.slot_in_week = slot;
        session.window_first = target.window_first;
        session.window_last = target.window_last;
        session.local_start = placement->local_start;
        session.local_end = placement->local_end;
        session.utc_start = placement->utc_start;
        session.utc_end = placement->utc_end;
        session.therapist = placement->therapist;
        session.room = placement->room;
        session.techniques = techniques;
        session.restrictions = request.restrictions;
        dates.push_back(session.Date());
        if (!anchors[static_cast<std::size_t>(slot)]) {
          anchors[static_cast<std::size_t>(slot)] =
              Anchor{std::chrono::weekday{session.Date()},
                     session.local_start - LocalMinutes{session.Date()}};
        }
        if (!plan.primary_therapist.is_assigned()) plan.primary_therapist = session.therapist;
        last_room = session.room;
        plan.sessions.push_back(std::move(session));
      } else {
        const auto& failure = std::get<internal::NoPlacement>(found);
        plan.unplaced.push_back({number, phase.id, static_cast<int>(p), week, target.window_first,
                                 target.window_last, failure.reason,
                                 "week " + std::to_string(week) + " (" +
                                     FormatDate(target.window_first) + ".." +
                                     FormatDate(target.window_last) + "): " + failure.detail});
      }
    }
    if (anchors[0]) previous_phase_anchor = anchors[0];
  }
  AttachCheckpoints(protocol, plan);
  return plan;
}

}  // namespace backcare::plan
