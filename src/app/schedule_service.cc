#include "app/schedule_service.h"

#include <algorithm>
#include <map>
#include <utility>

#include "app/audit_trail.h"
#include "app/role_policy.h"
#include "app/service_support.h"
#include "core/plan/booking_book.h"
#include "core/plan/booking_rules.h"
#include "core/plan/closure_rules.h"
#include "core/plan/planner.h"
#include "core/screening/catalog.h"
#include "core/screening/screen.h"
#include "core/session/session_rules.h"

namespace backcare::app {
namespace {

using clinic::Role;
using clinic::SessionStatus;

// The patient's screening decision if it allows treatment; kFailedPrecondition otherwise. The
// decision is named only to roles that may see screening results: front desk learns that the
// action is not available, not why.
Result<screening::Decision> RequireTreatable(const Actor& actor, PatientId patient_id,
                                             const std::optional<clinic::ScreeningResult>& latest,
                                             std::string_view what) {
  const std::string prefix =
      "patient " + std::to_string(patient_id.value()) + " cannot " + std::string(what) + ": ";
  if (!latest) {
    return FailedPrecondition(prefix + "the patient has not been screened");
  }
  if (!screening::AllowsTreatment(latest->decision)) {
    if (!kClinicalRoles.Has(actor.role)) {
      return internal::NotAvailableForPatient("patient " + std::to_string(patient_id.value()),
                                              what);
    }
    return FailedPrecondition(prefix + "screening decision '" +
                              std::string(screening::DecisionName(latest->decision)) +
                              "' does not allow treatment");
  }
  return latest->decision;
}

std::string SessionLabel(const clinic::Session& session) {
  return "session " + std::to_string(session.id.value());
}

// A missed session held its therapist's time too; only a cancelled one freed it.
bool Occupies(SessionStatus status) { return status != SessionStatus::kCancelled; }

// kConflict when the therapist or the patient has another occupying session overlapping
// [start, end).
Status CheckFree(ports::Transaction& transaction, ClinicId clinic_id, TherapistId therapist_id,
                 PatientId patient_id, clinic::Timestamp start, clinic::Timestamp end,
                 std::optional<SessionId> ignore) {
  auto overlaps = [&](const clinic::Session& other) {
    return Occupies(other.status) && (!ignore || other.id != *ignore) && other.start < end &&
           start < other.end;
  };
  ASSIGN_OR_RETURN(std::vector<clinic::Session> therapist_sessions,
                   transaction.ListSessionsForTherapist(clinic_id, therapist_id,
                                                        {start - std::chrono::days{1}, end}));
  for (const clinic::Session& other : therapist_sessions) {
    if (overlaps(other)) {
      return Conflict("therapist " + std::to_string(therapist_id.value()) +
                      " is already booked at that time (session " +
                      std::to_string(other.id.value()) + ")");
    }
  }
  ASSIGN_OR_RETURN(std::vector<clinic::Session> patient_sessions,
                   transaction.ListSessionsForPatient(clinic_id, patient_id));
  for (const clinic::Session& other : patient_sessions) {
    if (overlaps(other)) {
      return Conflict("patient " + std::to_string(patient_id.value()) +
                      " is already booked at that time (session " +
                      std::to_string(other.id.value()) + ")");
    }
  }
  return OkStatus();
}

Status RequireBooked(const clinic::Session& session) {
  if (session.status != SessionStatus::kBooked) {
    return FailedPrecondition("session " + std::to_string(session.id.value()) + " is " +
                              std::string(clinic::SessionStatusName(session.status)) +
                              ", not booked");
  }
  return OkStatus();
}

// The phase whose weeks contain `at` (the last phase after the end).
std::string PhaseAt(const protocol::Protocol& protocol, clinic::Date start_date,
                    clinic::Timestamp at) {
  const auto days = std::chrono::floor<std::chrono::days>(at) - std::chrono::sys_days{start_date};
  const auto week = days.count() < 0 ? 0 : days.count() / 7;
  for (const protocol::Phase& phase : protocol.phases) {
    if (week >= phase.start_week && week < phase.end_week) {
      return phase.id;
    }
  }
  return protocol.phases.empty() ? std::string() : protocol.phases.back().id;
}

// The session, if the actor may see it (a patient: only their own).
Result<clinic::Session> LoadVisibleSession(ports::Transaction& transaction, const Actor& actor,
                                           SessionId session_id) {
  ASSIGN_OR_RETURN(clinic::Session session, transaction.GetSession(actor.clinic_id, session_id));
  if (actor.role == Role::kPatient && actor.patient_id != session.patient_id) {
    return NotFound("session " + std::to_string(session_id.value()) + " not found");
  }
  return session;
}

ScheduleEntry EntryOf(const clinic::Session& session, std::string patient_name) {
  return ScheduleEntry{
      session.id,           session.course_id, session.patient_id, std::move(patient_name),
      session.therapist_id, session.start,     session.end,        session.status,
      session.phase_id};
}

// The patient's precautions from their latest screening (none when never screened).
Result<screening::Precautions> PatientPrecautions(ports::Transaction& transaction,
                                                  const AppContext& app, ClinicId clinic_id,
                                                  PatientId patient_id) {
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::PatientProtocol(transaction, app, clinic_id, patient_id));
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   internal::LatestScreening(transaction, clinic_id, patient_id));
  return internal::PrecautionsFor(*protocol, latest);
}

// The note state of each of the patient's sessions (kNone when a session has no note).
Result<std::map<SessionId, NoteState>> NoteStates(ports::Transaction& transaction,
                                                  ClinicId clinic_id, PatientId patient_id) {
  ASSIGN_OR_RETURN(std::vector<session::SessionNote> notes,
                   transaction.ListNotesForPatient(clinic_id, patient_id));
  std::map<SessionId, NoteState> states;
  for (const session::SessionNote& note : notes) {
    states[note.session_id] =
        note.status == session::NoteStatus::kSigned ? NoteState::kSigned : NoteState::kDraft;
  }
  return states;
}

NoteState StateOf(const std::map<SessionId, NoteState>& states, SessionId session) {
  auto found = states.find(session);
  return found == states.end() ? NoteState::kNone : found->second;
}

// The booking rules of core/plan/booking_rules.h for `candidate` (patient_id set).
Status CheckBookingRules(ports::Transaction& transaction, const AppContext& app, ClinicId clinic_id,
                         const clinic::Session& candidate, clinic::Timestamp now) {
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction.GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone, internal::ClinicZone(app, clinic));
  ASSIGN_OR_RETURN(std::vector<clinic::Session> patient_sessions,
                   transaction.ListSessionsForPatient(clinic_id, candidate.patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::ClinicClosure> closures,
                   transaction.ListClosures(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::SessionProtocol(transaction, app, clinic_id, candidate));
  const std::vector<plan::WeeklyWindow> opening_hours = plan::DefaultOpeningHours();
  return plan::CheckBookable({*protocol, *zone, opening_hours, patient_sessions, closures},
                             candidate, now);
}

// Checks a back-entered past session (field errors under "past_sessions[index]").
Status CheckPastSession(const PastSession& past, std::size_t index, const ports::TimeZone& zone,
                        plan::LocalDate start_date, clinic::Timestamp now) {
  const std::string path = "past_sessions[" + std::to_string(index) + "]";
  if (past.status != SessionStatus::kAttended && past.status != SessionStatus::kMissed) {
    return InvalidInput("course is invalid",
                        {{"", path + ".status",
                          "a past session is attended or missed, not " +
                              std::string(clinic::SessionStatusName(past.status))}});
  }
  if (!(past.start < now)) {
    return InvalidInput("course is invalid", {{"", path + ".start",
                                               plan::FormatUtc(internal::ToUtcMinutes(past.start)) +
                                                   " is not in the past"}});
  }
  if (internal::LocalDay(zone, past.start) < start_date) {
    return InvalidInput("course is invalid", {{"", path + ".start",
                                               plan::FormatUtc(internal::ToUtcMinutes(past.start)) +
                                                   " is before the course's start date " +
                                                   plan::FormatDate(start_date)}});
  }
  return OkStatus();
}

}  // namespace

ScheduleService::ScheduleService(AppContext context) : context_(std::move(context)) {}

Result<StartedCourse> ScheduleService::StartCourse(const RequestContext& context,
                                                   const StartCourseRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kStartCourses));
  if (!request.start_date.ok()) {
    return InvalidInput("course is invalid", {{"", "start_date", "expected a valid date"}});
  }
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient, transaction->GetPatient(clinic_id, request.patient_id));
  if (request.therapist_id) {
    RETURN_IF_ERROR(transaction->GetTherapist(clinic_id, *request.therapist_id));
  }
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   internal::LatestScreening(*transaction, clinic_id, patient.id));
  ASSIGN_OR_RETURN(screening::Decision decision,
                   RequireTreatable(context.actor, patient.id, latest, "start a course"));
  ASSIGN_OR_RETURN(std::optional<clinic::Course> active,
                   internal::ActiveCourse(*transaction, clinic_id, patient.id));
  if (active) {
    return FailedPrecondition("patient " + std::to_string(patient.id.value()) +
                              " already has an active course (course " +
                              std::to_string(active->id.value()) + ")");
  }
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   internal::ClinicZone(context_, clinic));
  // A new course follows the clinic's active protocol version and keeps it to the end.
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> active_protocol,
                   context_.protocols.ActiveFor(*transaction, clinic));
  const protocol::Protocol& protocol = *active_protocol;
  const clinic::Timestamp now = internal::Now(context_);
  const plan::LocalDate today = internal::LocalDay(*zone, now);
  const plan::LocalDate start_day{std::chrono::sys_days{request.start_date}.time_since_epoch()};
  if (!request.back_entry && !request.past_sessions.empty()) {
    return InvalidInput("course is invalid",
                        {{"", "past_sessions", "past sessions are given only with back_entry"}});
  }
  if (start_day < today && !request.back_entry) {
    return FailedPrecondition(
        "course start " + plan::FormatDate(start_day) + " is before today (" +
        plan::FormatDate(today) +
        " in the clinic's time zone): a course starts today or later; to record a course that "
        "began earlier, back-enter it with the outcome of each past session");
  }
  for (std::size_t i = 0; i < request.past_sessions.size(); ++i) {
    RETURN_IF_ERROR(CheckPastSession(request.past_sessions[i], i, *zone, start_day, now));
    RETURN_IF_ERROR(transaction->GetTherapist(clinic_id, request.past_sessions[i].therapist_id));
  }

  // The clinic calendar: the clinic's closures, and every active therapist works the opening hours
  // and delivers every technique of the protocol (the store has no per-therapist calendar yet).
  plan::ClinicCalendar calendar;
  calendar.time_zone = zone.get();
  calendar.opening_hours = plan::DefaultOpeningHours();
  ASSIGN_OR_RETURN(std::vector<clinic::ClinicClosure> closures,
                   transaction->ListClosures(clinic_id));
  calendar.closures = plan::ClosureRanges(closures);
  ASSIGN_OR_RETURN(std::vector<clinic::Therapist> therapists,
                   transaction->ListTherapists(clinic_id));
  std::vector<std::string> all_techniques;
  for (const protocol::Technique& technique : protocol.techniques) {
    all_techniques.push_back(technique.id);
  }
  for (const clinic::Therapist& therapist : therapists) {
    if (therapist.state != clinic::TherapistState::kActive) {
      continue;
    }
    // A preferred therapist goes first: the planner takes the least booked qualified therapist
    // as primary, so only the preferred one is offered when there is one.
    if (request.therapist_id && therapist.id != *request.therapist_id) {
      continue;
    }
    calendar.therapists.push_back({therapist.id, calendar.opening_hours, {}, all_techniques});
  }

  // Every occupying session of the clinic from the start date on, as bookings.
  plan::BookingBook book;
  const clinic::Timestamp from = internal::StartOfDay(request.start_date) - std::chrono::days{1};
  int max_weeks = 0;
  for (const protocol::Phase& phase : protocol.phases) {
    max_weeks = std::max(max_weeks, phase.end_week);
  }
  const clinic::Timestamp to = from + std::chrono::weeks{max_weeks + 26};
  ASSIGN_OR_RETURN(std::vector<clinic::Session> booked,
                   transaction->ListSessionsInRange(clinic_id, {from, to}));
  for (const clinic::Session& session : booked) {
    if (!Occupies(session.status)) {
      continue;
    }
    const int number = static_cast<int>(session.id.value());
    book.Add({plan::TherapistResource(session.therapist_id), internal::ToUtcMinutes(session.start),
              internal::ToUtcMinutes(session.end), session.course_id, number});
    book.Add({plan::PatientResource(session.patient_id), internal::ToUtcMinutes(session.start),
              internal::ToUtcMinutes(session.end), session.course_id, number});
  }

  plan::CourseRequest plan_request;
  plan_request.patient_id = patient.id;
  plan_request.start_date =
      plan::LocalDate{std::chrono::sys_days{request.start_date}.time_since_epoch()};
  plan_request.decision = decision;
  plan_request.restrictions = internal::RestrictionsFor(protocol, latest);
  plan_request.availability.windows =
      request.availability.empty() ? calendar.opening_hours : request.availability;
  ASSIGN_OR_RETURN(plan::CoursePlan course_plan,
                   plan::PlanCourse(protocol, plan_request, calendar, book));

  clinic::Course course;
  course.patient_id = patient.id;
  course.therapist_id = course_plan.primary_therapist.is_assigned()
                            ? std::optional<TherapistId>(course_plan.primary_therapist)
                            : request.therapist_id;
  course.protocol_id = protocol.id;
  course.protocol_version = protocol.version;
  course.start_date = request.start_date;
  course.status = clinic::CourseStatus::kActive;
  ASSIGN_OR_RETURN(CourseId course_id, transaction->CreateCourse(clinic_id, course));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "course.create", "course", course_id.value()));
  StartedCourse started;
  started.course_id = course_id;
  started.unplaced = course_plan.unplaced;
  // Back-entered sessions first: as stated, never booked.
  for (const PastSession& past : request.past_sessions) {
    clinic::Session session;
    session.course_id = course_id;
    session.patient_id = patient.id;
    session.therapist_id = past.therapist_id;
    session.start = clinic::FromUnixMicros(clinic::ToUnixMicros(past.start));
    session.end = session.start + std::chrono::minutes{protocol.session_minutes};
    session.status = past.status;
    session.phase_id = PhaseAt(protocol, request.start_date, session.start);
    RETURN_IF_ERROR(CheckFree(*transaction, clinic_id, session.therapist_id, patient.id,
                              session.start, session.end, std::nullopt));
    ASSIGN_OR_RETURN(SessionId session_id, transaction->CreateSession(clinic_id, session));
    RETURN_IF_ERROR(
        AppendAudit(*transaction, context, now, "session.create", "session", session_id.value()));
    started.sessions.push_back(session_id);
  }
  for (const plan::PlannedSession& planned : course_plan.sessions) {
    if (planned.status != plan::PlannedSessionStatus::kPlanned) {
      continue;
    }
    if (internal::FromUtcMinutes(planned.utc_start) < now) {
      // A slot already past is never booked: back-entered sessions stand for it, or it is lost.
      if (!request.back_entry) {
        started.unplaced.push_back(
            {planned.number, planned.phase_id, planned.phase_index, planned.week,
             planned.window_first, planned.window_last, plan::UnplacedReason::kWindowPassed,
             "week " + std::to_string(planned.week) + ": the slot " +
                 plan::FormatLocalDateTime(planned.local_start) + " was already past"});
      }
      continue;
    }
    clinic::Session session;
    session.course_id = course_id;
    session.therapist_id = planned.therapist;
    session.start = internal::FromUtcMinutes(planned.utc_start);
    session.end = internal::FromUtcMinutes(planned.utc_end);
    session.status = SessionStatus::kBooked;
    session.phase_id = planned.phase_id;
    ASSIGN_OR_RETURN(SessionId session_id, transaction->CreateSession(clinic_id, session));
    RETURN_IF_ERROR(
        AppendAudit(*transaction, context, now, "session.create", "session", session_id.value()));
    started.sessions.push_back(session_id);
  }
  started.unplaced_sessions = static_cast<int>(started.unplaced.size());
  RETURN_IF_ERROR(transaction->Commit());
  return started;
}

Result<SessionId> ScheduleService::Book(const RequestContext& context, const BookRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kBookSessions));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Course course, transaction->GetCourse(clinic_id, request.course_id));
  if (course.status != clinic::CourseStatus::kActive) {
    return FailedPrecondition("course " + std::to_string(course.id.value()) + " is " +
                              std::string(clinic::CourseStatusName(course.status)) +
                              ", not active");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   context_.protocols.ForCourse(*transaction, course));
  RETURN_IF_ERROR(transaction->GetTherapist(clinic_id, request.therapist_id));
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   internal::LatestScreening(*transaction, clinic_id, course.patient_id));
  RETURN_IF_ERROR(RequireTreatable(context.actor, course.patient_id, latest, "be booked"));
  clinic::Session session;
  session.course_id = course.id;
  session.therapist_id = request.therapist_id;
  session.start = clinic::FromUnixMicros(clinic::ToUnixMicros(request.start));
  session.end = session.start + std::chrono::minutes{protocol->session_minutes};
  session.status = SessionStatus::kBooked;
  session.phase_id = request.phase_id.empty() ? PhaseAt(*protocol, course.start_date, session.start)
                                              : request.phase_id;
  session.patient_id = course.patient_id;
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(CheckBookingRules(*transaction, context_, clinic_id, session, now));
  RETURN_IF_ERROR(CheckFree(*transaction, clinic_id, session.therapist_id, course.patient_id,
                            session.start, session.end, std::nullopt));
  ASSIGN_OR_RETURN(SessionId id, transaction->CreateSession(clinic_id, session));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, now, "session.create", "session", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Result<Replan> ScheduleService::Cancel(const RequestContext& context, SessionId session_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kCancelSessions));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Session session,
                   LoadVisibleSession(*transaction, context.actor, session_id));
  RETURN_IF_ERROR(RequireBooked(session));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(context.actor.clinic_id));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(
      session::CheckCancellable(session, context.actor.role == Role::kPatient,
                                {std::chrono::hours{clinic.patient_cancel_notice_hours}}, now));
  session.status = SessionStatus::kCancelled;
  RETURN_IF_ERROR(transaction->UpdateSession(context.actor.clinic_id, session));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "session.cancel", "session", session_id.value()));
  ASSIGN_OR_RETURN(Replan replan, ReplanCourse(context, *transaction, session, false, now));
  RETURN_IF_ERROR(transaction->Commit());
  return replan;
}

Status ScheduleService::Reschedule(const RequestContext& context,
                                   const RescheduleRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kRescheduleSessions));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Session session, transaction->GetSession(clinic_id, request.session_id));
  RETURN_IF_ERROR(RequireBooked(session));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(session::CheckMovable(session, now));
  if (request.therapist_id) {
    RETURN_IF_ERROR(transaction->GetTherapist(clinic_id, *request.therapist_id));
    session.therapist_id = *request.therapist_id;
  }
  const auto duration = session.end - session.start;
  session.start = clinic::FromUnixMicros(clinic::ToUnixMicros(request.new_start));
  session.end = session.start + duration;
  RETURN_IF_ERROR(CheckBookingRules(*transaction, context_, clinic_id, session, now));
  RETURN_IF_ERROR(CheckFree(*transaction, clinic_id, session.therapist_id, session.patient_id,
                            session.start, session.end, session.id));
  RETURN_IF_ERROR(transaction->UpdateSession(clinic_id, session));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "session.reschedule", "session", session.id.value()));
  return transaction->Commit();
}

Status ScheduleService::MarkAttended(const RequestContext& context, SessionId session_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kMarkSessionsAttended));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Session session,
                   transaction->GetSession(context.actor.clinic_id, session_id));
  RETURN_IF_ERROR(RequireBooked(session));
  RETURN_IF_ERROR(internal::RequireNotSuspended(context.actor, *transaction,
                                                context.actor.clinic_id, session.patient_id,
                                                SessionLabel(session), "be marked attended"));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(session::CheckOutcomeTime(session, session::Outcome::kAttended, now));
  session.status = SessionStatus::kAttended;
  RETURN_IF_ERROR(transaction->UpdateSession(context.actor.clinic_id, session));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "session.attend", "session", session_id.value()));
  return transaction->Commit();
}

Result<Replan> ScheduleService::MarkMissed(const RequestContext& context, SessionId session_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kMarkSessionsMissed));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Session session, transaction->GetSession(clinic_id, session_id));
  RETURN_IF_ERROR(RequireBooked(session));
  RETURN_IF_ERROR(internal::RequireNotSuspended(context.actor, *transaction, clinic_id,
                                                session.patient_id, SessionLabel(session),
                                                "be marked missed"));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(session::CheckOutcomeTime(session, session::Outcome::kMissed, now));
  session.status = SessionStatus::kMissed;
  RETURN_IF_ERROR(transaction->UpdateSession(clinic_id, session));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "session.miss", "session", session_id.value()));
  // Two missed in a row: count the missed sessions just before (and including) this one among
  // the sessions that took place or were missed.
  ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                   transaction->ListSessionsForCourse(clinic_id, session.course_id));
  int in_a_row = 0;
  for (const clinic::Session& other : sessions) {
    if (other.start > session.start) {
      break;
    }
    if (other.status == SessionStatus::kMissed) {
      ++in_a_row;
    } else if (other.status == SessionStatus::kAttended) {
      in_a_row = 0;
    }
  }
  if (in_a_row >= 2) {
    ASSIGN_OR_RETURN(
        bool open, internal::HasOpenAlert(*transaction, clinic_id, session.patient_id,
                                          "missed_sessions", "course", session.course_id.value()));
    if (!open) {
      RETURN_IF_ERROR(internal::RaiseAlert(*transaction, context, now, session.patient_id,
                                           "missed_sessions", clinic::AlertSeverity::kWarning,
                                           "course", session.course_id.value()));
    }
  }
  ASSIGN_OR_RETURN(Replan replan, ReplanCourse(context, *transaction, session, true, now));
  RETURN_IF_ERROR(transaction->Commit());
  return replan;
}

Result<std::vector<ScheduleEntry>> ScheduleService::ScheduleView(
    const RequestContext& context, clinic::Timestamp from, clinic::Timestamp to,
    std::optional<TherapistId> therapist_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadSchedule));
  if (!(from < to)) {
    return InvalidInput("schedule range is invalid", {{"", "to", "expected a time after 'from'"}});
  }
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  std::vector<clinic::Session> sessions;
  if (therapist_id) {
    ASSIGN_OR_RETURN(sessions,
                     transaction->ListSessionsForTherapist(clinic_id, *therapist_id, {from, to}));
  } else {
    ASSIGN_OR_RETURN(sessions, transaction->ListSessionsInRange(clinic_id, {from, to}));
  }
  const bool clinical = kClinicalRoles.Has(context.actor.role);
  std::map<PatientId, std::string> names;
  std::map<PatientId, screening::Precautions> precautions;
  std::map<PatientId, std::map<SessionId, NoteState>> note_states;
  std::vector<ScheduleEntry> entries;
  entries.reserve(sessions.size());
  for (const clinic::Session& session : sessions) {
    auto found = names.find(session.patient_id);
    if (found == names.end()) {
      ASSIGN_OR_RETURN(clinic::Patient patient,
                       transaction->GetPatient(clinic_id, session.patient_id));
      found = names.emplace(session.patient_id, internal::DisplayName(patient)).first;
      ASSIGN_OR_RETURN(note_states[session.patient_id],
                       NoteStates(*transaction, clinic_id, session.patient_id));
      if (clinical) {
        ASSIGN_OR_RETURN(precautions[session.patient_id],
                         PatientPrecautions(*transaction, context_, clinic_id, session.patient_id));
      }
    }
    entries.push_back(EntryOf(session, found->second));
    entries.back().note = StateOf(note_states[session.patient_id], session.id);
    if (clinical) {
      entries.back().precautions = precautions[session.patient_id];
    }
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "schedule.read", "clinic", clinic_id.value()));
  return entries;
}

Result<std::vector<ScheduleEntry>> ScheduleService::PatientPlan(const RequestContext& context,
                                                                PatientId patient_id) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                   transaction->ListSessionsForPatient(context.actor.clinic_id, patient.id));
  const std::string name =
      context.actor.role == Role::kPatient ? std::string() : internal::DisplayName(patient);
  std::optional<screening::Precautions> precautions;
  if (kClinicalRoles.Has(context.actor.role)) {
    ASSIGN_OR_RETURN(precautions, PatientPrecautions(*transaction, context_,
                                                     context.actor.clinic_id, patient.id));
  }
  std::optional<std::map<SessionId, NoteState>> note_states;
  if (context.actor.role != Role::kPatient) {
    ASSIGN_OR_RETURN(note_states, NoteStates(*transaction, context.actor.clinic_id, patient.id));
  }
  std::vector<ScheduleEntry> entries;
  entries.reserve(sessions.size());
  for (const clinic::Session& session : sessions) {
    entries.push_back(EntryOf(session, name));
    entries.back().precautions = precautions;
    if (note_states) entries.back().note = StateOf(*note_states, session.id);
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "plan.read", "patient", patient.id.value()));
  return entries;
}

Result<DischargeSummary> ScheduleService::DischargeCourse(const RequestContext& context,
                                                          const DischargeRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kDischargeCourses));
  if (request.note.size() > 4000) {
    return InvalidInput("discharge is invalid", {{"", "note", "at most 4,000 characters"}});
  }
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Course course, transaction->GetCourse(clinic_id, request.course_id));
  if (course.status != clinic::CourseStatus::kActive &&
      course.status != clinic::CourseStatus::kPaused) {
    return FailedPrecondition("course " + std::to_string(course.id.value()) + " is " +
                              std::string(clinic::CourseStatusName(course.status)) +
                              ", not active: it has ended");
  }
  const clinic::Timestamp now = internal::Now(context_);
  DischargeSummary summary;
  summary.course_id = course.id;
  ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                   transaction->ListSessionsForCourse(clinic_id, course.id));
  for (clinic::Session& session : sessions) {
    if (session.status != SessionStatus::kBooked || session.start <= now) continue;
    session.status = SessionStatus::kCancelled;
    RETURN_IF_ERROR(transaction->UpdateSession(clinic_id, session));
    RETURN_IF_ERROR(
        AppendAudit(*transaction, context, now, "session.cancel", "session", session.id.value()));
    summary.cancelled_sessions.push_back(session.id);
  }
  ASSIGN_OR_RETURN(summary.discharge.discharged_on,
                   internal::ClinicDate(*transaction, context_, clinic_id, now));
  summary.discharge.outcome = request.outcome;
  summary.discharge.discharged_by = context.actor.user_id;
  summary.discharge.note = request.note;
  course.status = clinic::StatusAfterDischarge(request.outcome);
  course.discharge = summary.discharge;
  summary.status = course.status;
  RETURN_IF_ERROR(transaction->UpdateCourse(clinic_id, course));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "course.discharge", "course", course.id.value()));
  ASSIGN_OR_RETURN(std::vector<clinic::QuestionnaireResponse> responses,
                   transaction->ListResponses(clinic_id, course.patient_id));
  ASSIGN_OR_RETURN(summary.changes, progress::CourseChanges(course, responses));
  RETURN_IF_ERROR(transaction->Commit());
  return summary;
}

Result<std::vector<CourseView>> ScheduleService::ListCourses(const RequestContext& context,
                                                             PatientId patient_id) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::Course> courses,
                   transaction->ListCoursesForPatient(context.actor.clinic_id, patient.id));
  const bool clinical = kClinicalRoles.Has(context.actor.role);
  std::vector<clinic::QuestionnaireResponse> responses;
  std::shared_ptr<const ports::TimeZone> zone;
  const bool any_discharged = std::any_of(courses.begin(), courses.end(),
                                          [](const clinic::Course& c) { return c.discharge; });
  if (clinical && any_discharged) {
    ASSIGN_OR_RETURN(responses, transaction->ListResponses(context.actor.clinic_id, patient.id));
    ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(context.actor.clinic_id));
    ASSIGN_OR_RETURN(zone, internal::ClinicZone(context_, clinic));
  }
  RETURN_IF_ERROR(transaction->Commit());
  std::vector<CourseView> views;
  views.reserve(courses.size());
  for (clinic::Course& course : courses) {
    CourseView view{.course = std::move(course), .clinical = clinical};
    if (view.course.discharge) {
      if (clinical) {
        // The scores as they stood at discharge: answers from the clinic days after it are left
        // out (a later course has its own baseline).
        const plan::LocalDate last_day{
            std::chrono::sys_days{view.course.discharge->discharged_on}.time_since_epoch()};
        std::vector<clinic::QuestionnaireResponse> until_discharge;
        for (const clinic::QuestionnaireResponse& response : responses) {
          if (internal::LocalDay(*zone, response.taken_at) <= last_day) {
            until_discharge.push_back(response);
          }
        }
        ASSIGN_OR_RETURN(view.changes, progress::CourseChanges(view.course, until_discharge));
      } else {
        view.course.discharge->note.clear();
      }
    }
    views.push_back(std::move(view));
  }
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "course.list", "patient", patient.id.value()));
  return views;
}

}  // namespace backcare::app
