// ScheduleService::ReplanCourse: a cancelled or missed session is made up through the core
// rescheduler (core/plan/reschedule.h). The course's stored sessions become the rescheduler's
// plan, the clinic's other sessions its booking book, and its changes are applied to the store.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/schedule_service.h"
#include "app/service_support.h"
#include "core/plan/booking_book.h"
#include "core/plan/closure_rules.h"
#include "core/plan/planner.h"
#include "core/plan/reschedule.h"
#include "core/screening/screen.h"

namespace backcare::app {
namespace {

using clinic::SessionStatus;

// The course weeks each phase spans once the sessions already lost (cancelled or missed, except
// `event_session`) extended it, as the rescheduler extends them (reschedule.h).
std::vector<plan::PhaseSpan> ReplayedSpans(const protocol::Protocol& protocol,
                                           const std::vector<clinic::Session>& sessions,
                                           SessionId event_session) {
  std::vector<plan::PhaseSpan> spans;
  int shift = 0;
  for (const protocol::Phase& phase : protocol.phases) {
    plan::PhaseSpan span;
    span.phase_id = phase.id;
    span.start_week = phase.start_week + shift;
    span.base_end_week = phase.end_week + shift;
    for (const clinic::Session& session : sessions) {
      if (session.id != event_session && session.phase_id == phase.id &&
          (session.status == SessionStatus::kCancelled ||
           session.status == SessionStatus::kMissed)) {
        ++span.lost_sessions;
      }
    }
    const int per_week = phase.cadence.sessions_per_week;
    int added_weeks = 0;
    if (per_week > 0) {
      added_weeks = (span.lost_sessions + per_week - 1) / per_week;
    } else {
      int interval = 1;
      for (const protocol::IntervalStep& step : phase.cadence.interval_steps) {
        if (step.interval_weeks > 0) interval = step.interval_weeks;
      }
      added_weeks = span.lost_sessions * interval;
    }
    span.end_week = span.base_end_week + added_weeks;
    shift += added_weeks;
    spans.push_back(span);
  }
  return spans;
}

int PhaseIndexOf(const protocol::Protocol& protocol, const std::string& phase_id) {
  for (std::size_t i = 0; i < protocol.phases.size(); ++i) {
    if (protocol.phases[i].id == phase_id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Result<Replan> ScheduleService::ReplanCourse(const RequestContext& context,
                                             ports::Transaction& transaction,
                                             const clinic::Session& lost, bool missed,
                                             clinic::Timestamp now) {
  Replan out;
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(clinic::Course course, transaction.GetCourse(clinic_id, lost.course_id));
  if (course.status != clinic::CourseStatus::kActive) {
    return out;
  }
  // The version the course started on, whatever the clinic follows now.
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> course_protocol,
                   context_.protocols.ForCourse(transaction, course));
  const protocol::Protocol& protocol = *course_protocol;
  if (protocol.phases.empty()) {
    return out;
  }
  // A patient waiting on a referral is not booked: the course is re-planned after clearance.
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   internal::LatestScreening(transaction, clinic_id, course.patient_id));
  if (!latest || !screening::AllowsTreatment(latest->decision)) {
    return out;
  }
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction.GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   internal::ClinicZone(context_, clinic));
  const plan::LocalDate today = internal::LocalDay(*zone, now);

  // The clinic calendar, as StartCourse builds it.
  plan::ClinicCalendar calendar;
  calendar.time_zone = zone.get();
  calendar.opening_hours = plan::DefaultOpeningHours();
  ASSIGN_OR_RETURN(std::vector<clinic::ClinicClosure> closures,
                   transaction.ListClosures(clinic_id));
  calendar.closures = plan::ClosureRanges(closures);
  ASSIGN_OR_RETURN(std::vector<clinic::Therapist> therapists,
                   transaction.ListTherapists(clinic_id));
  std::vector<std::string> all_techniques;
  for (const protocol::Technique& technique : protocol.techniques) {
    all_techniques.push_back(technique.id);
  }
  for (const clinic::Therapist& therapist : therapists) {
    if (therapist.state == clinic::TherapistState::kActive) {
      calendar.therapists.push_back({therapist.id, calendar.opening_hours, {}, all_techniques});
    }
  }

  plan::CourseRequest request;
  request.course_id = course.id;
  request.patient_id = course.patient_id;
  request.start_date = plan::LocalDate{std::chrono::sys_days{course.start_date}.time_since_epoch()};
  request.decision = latest->decision;
  request.restrictions = internal::RestrictionsFor(protocol, latest);
  request.availability.windows = calendar.opening_hours;

  // The course's stored sessions as the rescheduler's plan; a session's number is its id.
  ASSIGN_OR_RETURN(std::vector<clinic::Session> stored,
                   transaction.ListSessionsForCourse(clinic_id, course.id));
  std::sort(stored.begin(), stored.end(),
            [](const clinic::Session& a, const clinic::Session& b) { return a.start < b.start; });
  plan::CoursePlan course_plan;
  course_plan.course_id = course.id;
  course_plan.patient_id = course.patient_id;
  course_plan.protocol_id = protocol.id;
  course_plan.protocol_version = protocol.version;
  course_plan.start_date = request.start_date;
  course_plan.time_zone = zone->Name();
  course_plan.session_minutes = protocol.session_minutes;
  course_plan.primary_therapist = course.therapist_id.value_or(TherapistId());
  course_plan.techniques = plan::SessionTechniques(protocol, request.restrictions);
  course_plan.decision = request.decision;
  course_plan.restrictions = request.restrictions;
  course_plan.phases = ReplayedSpans(protocol, stored, lost.id);
  std::map<int, int> in_week;  // sessions so far in each course week
  for (const clinic::Session& session : stored) {
    plan::PlannedSession planned;
    planned.number = static_cast<int>(session.id.value());
    planned.phase_index = PhaseIndexOf(protocol, session.phase_id);
    if (planned.phase_index < 0) continue;  // not a phase of this protocol: left alone
    planned.phase_id = session.phase_id;
    planned.local_start = zone->ToLocal(internal::ToUtcMinutes(session.start));
    planned.local_end = zone->ToLocal(internal::ToUtcMinutes(session.end));
    planned.utc_start = internal::ToUtcMinutes(session.start);
    planned.utc_end = internal::ToUtcMinutes(session.end);
    planned.week = static_cast<int>(
        std::chrono::floor<std::chrono::weeks>(planned.Date() - request.start_date).count());
    planned.slot_in_week = in_week[planned.week]++;
    planned.window_first = request.start_date + std::chrono::days{7 * planned.week};
    planned.window_last = planned.window_first + std::chrono::days{6};
    planned.therapist = session.therapist_id;
    if (session.id != lost.id && session.status == SessionStatus::kCancelled) {
      planned.status = plan::PlannedSessionStatus::kCancelled;
    } else if (session.id != lost.id && session.status == SessionStatus::kMissed) {
      planned.status = plan::PlannedSessionStatus::kMissed;
    }
    planned.make_up = false;
    planned.techniques = course_plan.techniques;
    planned.restrictions = course_plan.restrictions;
    course_plan.sessions.push_back(std::move(planned));
  }

  // Every occupying session of the clinic around the course, so no one is double booked (the
  // course's own sessions are ignored by the rescheduler).
  plan::BookingBook book;
  int max_weeks = 0;
  for (const plan::PhaseSpan& span : course_plan.phases) {
    max_weeks = std::max(max_weeks, span.end_week);
  }
  const clinic::Timestamp from = internal::StartOfDay(course.start_date) - std::chrono::days{1};
  const clinic::Timestamp to = from + std::chrono::weeks{max_weeks + 26};
  ASSIGN_OR_RETURN(std::vector<clinic::Session> booked,
                   transaction.ListSessionsInRange(clinic_id, {from, to}));
  for (const clinic::Session& session : booked) {
    if (session.status == SessionStatus::kCancelled) continue;
    const int number = static_cast<int>(session.id.value());
    book.Add({plan::TherapistResource(session.therapist_id), internal::ToUtcMinutes(session.start),
              internal::ToUtcMinutes(session.end), session.course_id, number});
    book.Add({plan::PatientResource(session.patient_id), internal::ToUtcMinutes(session.start),
              internal::ToUtcMinutes(session.end), session.course_id, number});
  }

  const int lost_number = static_cast<int>(lost.id.value());
  const plan::RescheduleEvent event = missed ? plan::RescheduleEvent::Missed(lost_number)
                                             : plan::RescheduleEvent::Cancelled(lost_number);
  ASSIGN_OR_RETURN(plan::RescheduleResult result,
                   plan::Reschedule(protocol, request, calendar, book, course_plan, event, today));

  auto stored_session = [&](int number) -> clinic::Session* {
    for (clinic::Session& session : stored) {
      if (session.id.value() == number) return &session;
    }
    return nullptr;
  };
  // Only future booked sessions change.
  auto changeable = [&](const clinic::Session* session) {
    return session != nullptr && session->status == SessionStatus::kBooked && now < session->start;
  };
  for (const plan::SessionChange& change : result.changes) {
    if (change.session_number == lost_number) continue;
    clinic::Session* session = stored_session(change.session_number);
    const plan::PlannedSession* planned = result.plan.FindSession(change.session_number);
    switch (change.kind) {
      case plan::SessionChange::Kind::kAdded: {
        if (planned == nullptr) break;
        if (internal::FromUtcMinutes(planned->utc_start) <= now) {  // never booked in the past
          out.unplaced.push_back({planned->number, planned->phase_id, planned->phase_index,
                                  planned->week, planned->window_first, planned->window_last,
                                  plan::UnplacedReason::kWindowPassed,
                                  "the slot " + plan::FormatLocalDateTime(planned->local_start) +
                                      " was already past"});
          break;
        }
        clinic::Session make_up;
        make_up.course_id = course.id;
        make_up.patient_id = course.patient_id;
        make_up.therapist_id = planned->therapist;
        make_up.start = internal::FromUtcMinutes(planned->utc_start);
        make_up.end = internal::FromUtcMinutes(planned->utc_end);
        make_up.status = SessionStatus::kBooked;
        make_up.phase_id = planned->phase_id;
        ASSIGN_OR_RETURN(SessionId id, transaction.CreateSession(clinic_id, make_up));
        RETURN_IF_ERROR(
            AppendAudit(transaction, context, now, "session.create", "session", id.value()));
        out.added.push_back(id);
        out.changes.push_back(
            {ReplanChange::Kind::kAdded, id, ReplanChange::Slot{lost.start, lost.therapist_id},
             ReplanChange::Slot{make_up.start, make_up.therapist_id}, change.reason});
        break;
      }
      case plan::SessionChange::Kind::kMoved: {
        if (!changeable(session) || planned == nullptr ||
            internal::FromUtcMinutes(planned->utc_start) <= now) {
          break;
        }
        const ReplanChange::Slot old_slot{session->start, session->therapist_id};
        session->start = internal::FromUtcMinutes(planned->utc_start);
        session->end = internal::FromUtcMinutes(planned->utc_end);
        session->therapist_id = planned->therapist;
        out.changes.push_back({ReplanChange::Kind::kMoved, session->id, old_slot,
                               ReplanChange::Slot{session->start, session->therapist_id},
                               change.reason});
        RETURN_IF_ERROR(transaction.UpdateSession(clinic_id, *session));
        RETURN_IF_ERROR(AppendAudit(transaction, context, now, "session.reschedule", "session",
                                    session->id.value()));
        out.moved.push_back(session->id);
        break;
      }
      case plan::SessionChange::Kind::kCancelled: {
        if (!changeable(session)) break;
        session->status = SessionStatus::kCancelled;
        out.changes.push_back({ReplanChange::Kind::kCancelled, session->id,
                               ReplanChange::Slot{session->start, session->therapist_id},
                               std::nullopt, change.reason});
        RETURN_IF_ERROR(transaction.UpdateSession(clinic_id, *session));
        RETURN_IF_ERROR(AppendAudit(transaction, context, now, "session.cancel", "session",
                                    session->id.value()));
        out.cancelled.push_back(session->id);
        break;
      }
      case plan::SessionChange::Kind::kMissed:
      case plan::SessionChange::Kind::kUnplaced:
        break;
    }
  }
  // course_plan.unplaced started empty: every entry is new.
  out.unplaced.insert(out.unplaced.end(), result.plan.unplaced.begin(), result.plan.unplaced.end());
  return out;
}

}  // namespace backcare::app
