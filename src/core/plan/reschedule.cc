#include "core/plan/reschedule.h"

#include <algorithm>
#include <utility>

#include "core/plan/planner.h"
#include "core/plan/slot_search.h"

namespace backcare::plan {
namespace {

SessionSlot SlotOf(const PlannedSession& session) {
  return {session.local_start, session.utc_start, session.therapist, session.room};
}

std::string DescribeSlot(const SessionSlot& slot) {
  std::string out = FormatLocalDateTime(slot.local_start) + " therapist " +
                    std::to_string(slot.therapist.value());
  if (slot.room) out += " room " + std::to_string(slot.room->value());
  return out;
}

std::string_view ChangeKindName(SessionChange::Kind kind) {
  switch (kind) {
    case SessionChange::Kind::kMissed:
      return "missed";
    case SessionChange::Kind::kCancelled:
      return "cancelled";
    case SessionChange::Kind::kMoved:
      return "moved";
    case SessionChange::Kind::kAdded:
      return "added";
    case SessionChange::Kind::kUnplaced:
      return "unplaced";
  }
  return "moved";
}

// A session lost in this reschedule (missed, cancelled, or unmovable), in the order lost.
struct LostSession {
  int number = 0;
  SessionSlot slot;
};

// One session to (re)place in the extension step: an existing session shifted by whole weeks,
// or a new make-up session.
struct Pending {
  PlannedSession* existing = nullptr;  // null for a make-up
  int phase_index = 0;
  int week = 0;
  int slot_in_week = 0;
  internal::SlotTarget target;
  // Make-ups only: the lost session replaced, and for a late make-up (its extension week began
  // before today) why it is late; a late make-up moves on week by week until it finds a slot.
  std::optional<LostSession> replaces;
  std::string late;
};

}  // namespace

std::string SessionChange::ToString() const {
  std::string out =
      "session " + std::to_string(session_number) + " " + std::string(ChangeKindName(kind)) + ":";
  if (before) out += " " + DescribeSlot(*before);
  if (after) out += std::string(before ? " ->" : "") + " " + DescribeSlot(*after);
  if (!reason.empty()) out += " (" + reason + ")";
  return out;
}

Result<RescheduleResult> Reschedule(const protocol::Protocol& protocol,
                                    const CourseRequest& request, const ClinicCalendar& clinic,
                                    const BookingBook& book, const CoursePlan& plan,
                                    const RescheduleEvent& event, LocalDate today) {
  RescheduleResult out{plan, {}};
  CoursePlan& p = out.plan;
  ClinicCalendar clinic_now = clinic;
  CourseRequest request_now = request;
  std::vector<std::vector<LostSession>> lost(p.phases.size());
  std::string why;

  auto find_session = [&](int number) -> PlannedSession* {
    for (PlannedSession& session : p.sessions) {
      if (session.number == number) return &session;
    }
    return nullptr;
  };
  auto lose = [&](PlannedSession& session, PlannedSessionStatus status, SessionChange::Kind kind,
                  std::string reason) {
    SessionSlot before = SlotOf(session);
    session.status = status;
    ++session.sequence;
    lost[static_cast<std::size_t>(session.phase_index)].push_back({session.number, before});
    out.changes.push_back({session.number, kind, before, std::nullopt, std::move(reason)});
  };

  switch (event.kind) {
    case RescheduleEvent::Kind::kSessionMissed:
    case RescheduleEvent::Kind::kSessionCancelled: {
      bool missed = event.kind == RescheduleEvent::Kind::kSessionMissed;
      PlannedSession* session = find_session(event.session_number);
      if (session == nullptr) {
        return NotFound("session " + std::to_string(event.session_number) + " is not in course " +
                        std::to_string(p.course_id.value()));
      }
      if (session->status != PlannedSessionStatus::kPlanned) {
        return FailedPrecondition("session " + std::to_string(session->number) + " is already " +
                                  std::string(PlannedSessionStatusName(session->status)));
      }
      std::string when =
          "session " + std::to_string(session->number) + " on " + FormatDate(session->Date());
      if (!missed && session->Date() < today) {
        return FailedPrecondition(when + " is before today (" + FormatDate(today) +
                                  "): record it as missed");
      }
      if (missed && session->Date() > today) {
        return FailedPrecondition(when + " is after today (" + FormatDate(today) +
                                  "): cancel it instead");
      }
      lose(*session, missed ? PlannedSessionStatus::kMissed : PlannedSessionStatus::kCancelled,
           missed ? SessionChange::Kind::kMissed : SessionChange::Kind::kCancelled,
           missed ? "missed" : "cancelled");
      break;
    }
    case RescheduleEvent::Kind::kTherapistTimeOff: {
      auto therapist =
          std::find_if(clinic_now.therapists.begin(), clinic_now.therapists.end(),
                       [&](const TherapistCalendar& t) { return t.id == event.therapist; });
      if (therapist == clinic_now.therapists.end()) {
        return NotFound("therapist " + std::to_string(event.therapist.value()) +
                        " is not in the clinic");
      }
      therapist->time_off.push_back(event.dates);
      why = "therapist " + std::to_string(event.therapist.value()) + " time off " +
            FormatDate(event.dates.first) + ".." + FormatDate(event.dates.last);
      break;
    }
    case RescheduleEvent::Kind::kPatientBlocked:
      request_now.availability.blocked.push_back(event.dates);
      why =
          "patient blocked " + FormatDate(event.dates.first) + ".." + FormatDate(event.dates.last);
      break;
  }

  std::vector<const TherapistCalendar*> qualified =
      internal::QualifiedTherapists(clinic_now, p.techniques, book);
  internal::SlotFinder finder(clinic_now, request_now, book, qualified,
                              std::chrono::minutes(p.session_minutes), today);
  // Dates of the course's planned sessions, except the ones `skip` says are being placed.
  auto other_dates = [&](auto skip) {
    std::vector<LocalDate> dates;
    for (const PlannedSession& session : p.sessions) {
      if (session.status == PlannedSessionStatus::kPlanned && !skip(session)) {
        dates.push_back(session.Date());
      }
    }
    return dates;
  };
  auto apply = [&](PlannedSession& session, const internal::Placement& placement) {
    if (placement.therapist != session.therapist &&
        std::find(session.released_therapists.begin(), session.released_therapists.end(),
                  session.therapist) == session.released_therapists.end()) {
      session.released_therapists.push_back(session.therapist);
    }
    session.local_start = placement.local_start;
    session.local_end = placement.local_end;
    session.utc_start = placement.utc_start;
    session.utc_end = placement.utc_end;
    session.therapist = placement.therapist;
    session.room = placement.room;
    ++session.sequence;
  };
  auto same_slot_target = [&](const PlannedSession& session) {
    internal::SlotTarget target;
    target.window_first = session.window_first;
    target.window_last = session.window_last;
    target.preferred_weekday = std::chrono::weekday{session.Date()};
    target.preferred_time = session.local_start - LocalMinutes{session.Date()};
    target.preferred_therapist = session.therapist;
    target.preferred_room = session.room;
    target.min_gap_days =
        internal::MinGapDays(protocol.phases[static_cast<std::size_t>(session.phase_index)]);
    return target;
  };

  // 1. Future sessions that no longer fit move inside their own window, or are lost.
  std::sort(p.sessions.begin(), p.sessions.end(),
            [](const PlannedSession& a, const PlannedSession& b) {
              return a.local_start < b.local_start;
            });
  for (PlannedSession& session : p.sessions) {
    if (session.status != PlannedSessionStatus::kPlanned || session.Date() < today) continue;
    if (finder.StillValid(session)) continue;
    internal::SlotTarget target = same_slot_target(session);
    auto found = finder.Find(
        target, other_dates([&](const PlannedSession& s) { return s.number == session.number; }));
    if (auto* placement = std::get_if<internal::Placement>(&found)) {
      SessionSlot before = SlotOf(session);
      apply(session, *placement);
      out.changes.push_back(
          {session.number, SessionChange::Kind::kMoved, before, SlotOf(session), why});
    } else {
      const auto& failure = std::get<internal::NoPlacement>(found);
      lose(session, PlannedSessionStatus::kCancelled, SessionChange::Kind::kCancelled,
           why + "; no slot in week " + std::to_string(session.week) + ": " + failure.detail);
    }
  }

  // 2. Lost sessions extend their phase; later phases move later by the weeks added.
  int next_number = 0;
  for (const PlannedSession& session : p.sessions)
    next_number = std::max(next_number, session.number);
  for (const UnplacedSession& unplaced : p.unplaced) {
    next_number = std::max(next_number, unplaced.number);
  }
  std::vector<Pending> pending;
  int shift_weeks = 0;
  auto course_week = [&](LocalDate date) {
    return static_cast<int>(std::chrono::floor<std::chrono::weeks>(date - p.start_date).count());
  };
  for (std::size_t i = 0; i < p.phases.size(); ++i) {
    PhaseSpan& span = p.phases[i];
    const protocol::Phase& phase = protocol.phases[i];
    int gap = internal::MinGapDays(phase);
    if (shift_weeks > 0) {
      span.start_week += shift_weeks;
      span.end_week += shift_weeks;
      span.base_end_week += shift_weeks;
      for (PlannedSession& session : p.sessions) {
        if (session.phase_index != static_cast<int>(i) ||
            session.status != PlannedSessionStatus::kPlanned || session.Date() < today) {
          continue;
        }
        Pending move{&session,
                     session.phase_index,
                     session.week + shift_weeks,
                     session.slot_in_week,
                     same_slot_target(session),
                     std::nullopt,
                     {}};
        move.target.window_first += std::chrono::days(7 * shift_weeks);
        move.target.window_last += std::chrono::days(7 * shift_weeks);
        pending.push_back(move);
      }
    }
    int new_lost = static_cast<int>(lost[i].size());
    if (new_lost == 0) continue;
    int before_total = span.lost_sessions;
    span.lost_sessions += new_lost;
    int per_week = phase.cadence.sessions_per_week;
    int added_weeks = 0;
    int interval = 1;
    if (per_week > 0) {
      added_weeks =
          (span.lost_sessions + per_week - 1) / per_week - (before_total + per_week - 1) / per_week;
    } else {
      for (const protocol::IntervalStep& step : phase.cadence.interval_steps) {
        if (step.interval_weeks > 0) interval = step.interval_weeks;
      }
      added_weeks = new_lost * interval;
    }
    // The phase's own anchor: its first planned session's weekday and time.
    const PlannedSession* anchor = nullptr;
    for (const PlannedSession& session : p.sessions) {
      if (session.phase_index == static_cast<int>(i) &&
          session.status == PlannedSessionStatus::kPlanned &&
          (anchor == nullptr || session.local_start < anchor->local_start)) {
        anchor = &session;
      }
    }
    for (int index = before_total; index < span.lost_sessions; ++index) {
      int week = per_week > 0 ? span.base_end_week + index / per_week
                              : span.base_end_week + index * interval;
      int slot = per_week > 0 ? index % per_week : 0;
      int in_this_week = per_week > 0 ? std::min(per_week, span.lost_sessions - (index - slot)) : 1;
      Pending make_up{nullptr, static_cast<int>(i), week, slot, {}, std::nullopt, {}};
      make_up.replaces = lost[i][static_cast<std::size_t>(index - before_total)];
      const std::chrono::days last_day(6 - (in_this_week - 1 - slot) * gap);
      make_up.target.window_first = p.start_date + std::chrono::days(7 * week);
      make_up.target.window_last = make_up.target.window_first + last_day;
      if (make_up.target.window_first < today) {
        bool passed = make_up.target.window_last < today;
        make_up.late = "its extension week " + std::to_string(week) + " (" +
                       FormatDate(make_up.target.window_first) + ".." +
                       FormatDate(make_up.target.window_last) + ") " +
                       (passed ? "had passed" : "began before today");
        if (passed) {
          // The extension is the week from today instead.
          make_up.target.window_first = today;
          make_up.target.window_last = today + last_day;
          make_up.week = course_week(today);
        }
      }
      if (anchor != nullptr) {
        if (slot == 0) make_up.target.preferred_weekday = std::chrono::weekday{anchor->Date()};
        make_up.target.preferred_time = anchor->local_start - LocalMinutes{anchor->Date()};
      }
      if (p.primary_therapist.is_assigned()) {
        make_up.target.preferred_therapist = p.primary_therapist;
      }
      make_up.target.min_gap_days = gap;
      pending.push_back(make_up);
    }
    span.end_week += added_weeks;
    shift_weeks += added_weeks;
  }

  // Place the pending sessions in week order, with none of them holding a date meanwhile.
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return a.week != b.week ? a.week < b.week : a.slot_in_week < b.slot_in_week;
  });
  std::vector<int> moving;
  for (const Pending& item : pending) {
    if (item.existing != nullptr) moving.push_back(item.existing->number);
  }
  std::vector<LocalDate> placed_dates;
  std::vector<PlannedSession> added;
  // A late make-up tries week after week up to the end of the (extended) course.
  const LocalDate course_end = p.start_date + std::chrono::days(7 * p.phases.back().end_week);
  for (Pending& item : pending) {
    std::vector<LocalDate> dates = other_dates([&](const PlannedSession& s) {
      return std::find(moving.begin(), moving.end(), s.number) != moving.end();
    });
    dates.insert(dates.end(), placed_dates.begin(), placed_dates.end());
    auto found = finder.Find(item.target, dates);
    const LocalDate first_tried = item.target.window_first;
    while (item.existing == nullptr && !item.late.empty() &&
           std::holds_alternative<internal::NoPlacement>(found) &&
           item.target.window_first + std::chrono::days(7) < course_end) {
      item.target.window_first += std::chrono::days(7);
      item.target.window_last += std::chrono::days(7);
      found = finder.Find(item.target, dates);
    }
    const protocol::Phase& phase = protocol.phases[static_cast<std::size_t>(item.phase_index)];
    std::string make_up_reason;
    if (item.replaces) {
      make_up_reason = "make-up for session " + std::to_string(item.replaces->number) +
                       ", a lost " + phase.id + " session";
    }
    if (!item.late.empty()) make_up_reason += "; " + item.late;
    if (item.existing != nullptr) {
      PlannedSession& session = *item.existing;
      moving.erase(std::find(moving.begin(), moving.end(), session.number));
      SessionSlot before = SlotOf(session);
      session.week = item.week;
      session.window_first = item.target.window_first;
      session.window_last = item.target.window_last;
      std::string reason = "phase '" + phase.id + "' starts later after lost sessions";
      if (auto* placement = std::get_if<internal::Placement>(&found)) {
        apply(session, *placement);
        out.changes.push_back(
            {session.number, SessionChange::Kind::kMoved, before, SlotOf(session), reason});
      } else {
        const auto& failure = std::get<internal::NoPlacement>(found);
        session.status = PlannedSessionStatus::kCancelled;
        ++session.sequence;
        out.changes.push_back(
            {session.number, SessionChange::Kind::kCancelled, before, std::nullopt,
             reason + "; no slot in week " + std::to_string(item.week) + ": " + failure.detail});
        p.unplaced.push_back({session.number, phase.id, item.phase_index, item.week,
                              item.target.window_first, item.target.window_last, failure.reason,
                              "week " + std::to_string(item.week) + " (" +
                                  FormatDate(item.target.window_first) + ".." +
                                  FormatDate(item.target.window_last) + "): " + failure.detail});
      }
      continue;
    }
    int number = ++next_number;
    if (auto* placement = std::get_if<internal::Placement>(&found)) {
      PlannedSession session;
      session.number = number;
      session.phase_id = phase.id;
      session.phase_index = item.phase_index;
      session.week = item.week;
      session.slot_in_week = item.slot_in_week;
      session.window_first = item.target.window_first;
      session.window_last = item.target.window_last;
      session.local_start = placement->local_start;
      session.local_end = placement->local_end;
      session.utc_start = placement->utc_start;
      session.utc_end = placement->utc_end;
      session.therapist = placement->therapist;
      session.room = placement->room;
      if (!item.late.empty()) session.week = course_week(session.Date());
      session.make_up = true;
      session.techniques = p.techniques;
      session.restrictions = p.restrictions;
      placed_dates.push_back(session.Date());
      std::optional<SessionSlot> replaced;
      if (item.replaces) replaced = item.replaces->slot;
      out.changes.push_back(
          {number, SessionChange::Kind::kAdded, replaced, SlotOf(session), make_up_reason});
      added.push_back(std::move(session));
    } else {
      const auto& failure = std::get<internal::NoPlacement>(found);
      std::string weeks = "week " + std::to_string(item.week);
      if (first_tried != item.target.window_first) {  // a late make-up tried several weeks
        weeks = "weeks " + std::to_string(item.week) + "-" +
                std::to_string(course_week(item.target.window_first));
      }
      std::string detail = weeks + " (" + FormatDate(first_tried) + ".." +
                           FormatDate(item.target.window_last) + "): " + failure.detail;
      out.changes.push_back({number, SessionChange::Kind::kUnplaced, std::nullopt, std::nullopt,
                             make_up_reason + "; " + detail});
      p.unplaced.push_back({number, phase.id, item.phase_index, item.week, first_tried,
                            item.target.window_last, failure.reason, detail});
    }
  }
  for (PlannedSession& session : added) p.sessions.push_back(std::move(session));
  std::sort(p.unplaced.begin(), p.unplaced.end(),
            [](const UnplacedSession& a, const UnplacedSession& b) { return a.number < b.number; });
  AttachCheckpoints(protocol, p);
  return out;
}

}  // namespace backcare::plan
