// Scheduling use cases: starting a course from the protocol (the core planner places every
// session), booking an extra session, cancelling, rescheduling, marking a session attended or
// missed, a patient's own plan, and the schedule view across therapists. Sessions are stored in
// UTC; the clinic's time zone (AppContext::time_zones) maps local clinic times.
//
// Clinical rules: a patient whose latest screening does not allow treatment (medical_review,
// refer_urgent, refer_emergency) or who was never screened cannot start a course or be booked
// (kFailedPrecondition); no therapist or patient is double booked (kConflict naming the other
// session); only booked sessions can be cancelled, rescheduled, attended or missed.
// Time rules (core/session/session_rules.h, core/plan/booking_rules.h): attended and missed are
// recorded only from a session's start; a session is cancelled or moved only before it; a
// patient cancels only with the clinic's notice (Clinic::patient_cancel_notice_hours); a booked
// or moved session passes the planner's checks (a real phase, not in the past, inside opening
// hours, one a day, the phase's spacing); a course starts today or later unless back-entered.
#ifndef BACKCARE_APP_SCHEDULE_SERVICE_H_
#define BACKCARE_APP_SCHEDULE_SERVICE_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/enum_names.h"
#include "core/base/result.h"
#include "core/clinic/course.h"
#include "core/clinic/session.h"
#include "core/clinic/therapist.h"
#include "core/clinic/time.h"
#include "core/plan/availability.h"
#include "core/plan/calendar_types.h"
#include "core/plan/course_plan.h"
#include "core/progress/progress_report.h"
#include "core/screening/precautions.h"

namespace backcare::app {

// A session that already took place (or was missed) before a back-entered course was recorded.
struct PastSession {
  clinic::Timestamp start;  // UTC, before now; the session lasts the protocol's session_minutes
  TherapistId therapist_id;
  clinic::SessionStatus status = clinic::SessionStatus::kAttended;  // attended or missed only
};

struct StartCourseRequest {
  PatientId patient_id;
  clinic::Date start_date;                  // day 0 of course week 0 (clinic calendar)
  std::optional<TherapistId> therapist_id;  // preferred primary therapist
  // When the patient can come, clinic local time; empty = the clinic's opening hours.
  std::vector<plan::WeeklyWindow> availability;
  // A course starts today or later. A clinician records a course that began earlier (on paper,
  // at another system) by setting back_entry and stating what happened to each past session;
  // the planner's slots before now are then replaced by these, never booked.
  bool back_entry = false;
  std::vector<PastSession> past_sessions{};
};

struct StartedCourse {
  CourseId course_id;
  std::vector<SessionId> sessions;  // created (booked, and back-entered past ones), by start
  int unplaced_sessions = 0;        // sessions the planner could not place (= unplaced.size())
  // Each session the planner could not place, with its phase, target week, the dates it could
  // have taken and why not (plan::UnplacedReason: no common window, fully booked, closure,
  // spacing, or window_passed for a slot already past when the course was entered).
  std::vector<plan::UnplacedSession> unplaced{};
};

struct BookRequest {
  CourseId course_id;
  TherapistId therapist_id;
  clinic::Timestamp start;  // UTC; the session lasts the protocol's session_minutes
  std::string phase_id;     // empty = the phase the date falls in
};

struct RescheduleRequest {
  SessionId session_id;
  clinic::Timestamp new_start;              // UTC
  std::optional<TherapistId> therapist_id;  // unset = keep
};

// One change a re-plan made, old -> new: a make-up booked in place of the lost session
// (kAdded: `from` is the lost session's slot), a session moved (kMoved: from its old slot) or a
// session cancelled because it found no slot (kCancelled: `to` unset).
struct ReplanChange {
  struct Slot {
    clinic::Timestamp start;
    TherapistId therapist;
    friend bool operator==(const Slot&, const Slot&) = default;
  };
  enum class Kind { kAdded, kMoved, kCancelled };
  Kind kind = Kind::kAdded;
  SessionId session_id;
  std::optional<Slot> from{};
  std::optional<Slot> to{};
  std::string reason{};
};

// What cancelling or missing a session changed in its course (docs/planning.md, "Rescheduling"):
// the core rescheduler extends the session's phase with a make-up session and moves every later
// phase's future booked sessions later by the weeks added.
struct Replan {
  std::vector<SessionId> added;      // make-up sessions booked, by start
  std::vector<SessionId> moved;      // future booked sessions moved (later phases)
  std::vector<SessionId> cancelled;  // future booked sessions that had to move and found no slot
  // Make-ups (and sessions that had to move) that found no slot, with the core's reason. Their
  // number is the rescheduler's, not a session id: nothing is booked for them.
  std::vector<plan::UnplacedSession> unplaced{};
  std::vector<ReplanChange> changes{};  // every change above, old -> new, in the order made
};

// One appointment as the schedule shows it. Clinical fields are not included; the patient's name
// is (front desk books by name), except in a patient's own plan.
// Where a session's note stands, for the day view's "notes due": no note yet, a draft, signed.
enum class NoteState { kNone, kDraft, kSigned };
inline constexpr EnumNames<NoteState, 3> kNoteStateNames = {{
    {NoteState::kNone, "none"},
    {NoteState::kDraft, "draft"},
    {NoteState::kSigned, "signed"},
}};

struct DischargeRequest {
  CourseId course_id;
  clinic::DischargeOutcome outcome = clinic::DischargeOutcome::kGoalsMet;
  std::string note;  // may be empty; at most 4,000 characters
};

// What a discharge did, and the course's final scores against baseline.
struct DischargeSummary {
  CourseId course_id;
  clinic::CourseStatus status = clinic::CourseStatus::kCompleted;
  clinic::Discharge discharge;
  std::vector<SessionId> cancelled_sessions;  // the future bookings it cancelled
  std::vector<progress::ProgressReport::FunctionChange> changes;  // progress::CourseChanges
};

// A course as its reader sees it. Therapists and admins (kClinicalRoles) get an ended course's
// final scores against baseline (progress::CourseChanges, as the discharge answered them) and
// the discharge note; front desk and patients get neither (`clinical` false, note emptied).
struct CourseView {
  clinic::Course course;
  bool clinical = false;
  std::vector<progress::ProgressReport::FunctionChange> changes{};  // discharged courses only
};

struct ScheduleEntry {
  SessionId session_id;
  CourseId course_id;
  PatientId patient_id;
  std::string patient_name;  // "Given Family"; empty in MyPlan
  TherapistId therapist_id;
  clinic::Timestamp start;
  clinic::Timestamp end;
  clinic::SessionStatus status = clinic::SessionStatus::kBooked;
  std::string phase_id;
  // The patient's precautions from the latest screening, for therapists and admins
  // (role_policy.h kClinicalRoles); nullopt for front desk and patients.
  std::optional<screening::Precautions> precautions{};
  // The session's note state for staff (not its content); nullopt for patients.
  std::optional<NoteState> note{};
  friend bool operator==(const ScheduleEntry&, const ScheduleEntry&) = default;
};

// One therapist's working hours and free time, date by date (plan::DailyAvailability).
struct TherapistAvailability {
  clinic::Therapist therapist;
  std::vector<plan::DayAvailability> days;
  friend bool operator==(const TherapistAvailability&, const TherapistAvailability&) = default;
};

// At most this many dates in one availability query.
inline constexpr int kMaxAvailabilityDays = 31;

class ScheduleService {
 public:
  explicit ScheduleService(AppContext context);

  // Therapists and front desk start a course: the planner places the protocol's sessions from
  // start_date avoiding every booked session of the clinic, then the course and its sessions are
  // stored in one transaction. kFailedPrecondition "patient N cannot start a course: screening
  // decision 'refer_urgent' does not allow treatment" (or "... has not been screened"), or when
  // the patient already has an active course, or when start_date is before the clinic's today
  // and back_entry is not set; kInvalidInput for a past session that is not attended/missed, not
  // in the past or before start_date (field "past_sessions[i].start"/".status"); kNotFound for a
  // therapist or patient not in the clinic. Planner slots before now are never booked: with
  // back_entry the past sessions stand for them, otherwise they count as unplaced.
  // Audits "course.create" and "session.create" per session.
  Result<StartedCourse> StartCourse(const RequestContext& context,
                                    const StartCourseRequest& request);

  // Books one extra session on an active course (therapists, front desk). Same screening rule;
  // the booking rules above (kFailedPrecondition naming the rule, kInvalidInput for an unknown
  // phase); kConflict when the therapist or patient is already booked then.
  // Audits "session.create".
  Result<SessionId> Book(const RequestContext& context, const BookRequest& request);

  // Cancels a booked session before its start (therapists, front desk; a patient their own, with
  // the clinic's notice). Audits "session.cancel". On an active course of a patient who may be
  // treated, the course is then re-planned in the same transaction (Replan): make-ups are booked
  // ("session.create"), later sessions moved ("session.reschedule"); nothing is booked in the past.
  Result<Replan> Cancel(const RequestContext& context, SessionId session_id);

  // Moves a booked session that has not begun to a time that passes the booking rules
  // (therapists, front desk). Audits "session.reschedule".
  Status Reschedule(const RequestContext& context, const RescheduleRequest& request);

  // Marks a booked session attended, from its start on (therapists, front desk).
  // Audits "session.attend".
  Status MarkAttended(const RequestContext& context, SessionId session_id);

  // Marks a booked session missed, from its start on (therapists, front desk). Raises
  // "missed_sessions" when the course now has 2 missed sessions in a row (and no open such alert
  // for the course). Audits "session.miss". Re-plans the course like Cancel.
  Result<Replan> MarkMissed(const RequestContext& context, SessionId session_id);

  // Every session whose start lies in [from, to), across therapists (or one therapist), by start.
  // Staff only; therapists and admins also get each session's patient precautions (computed once
  // per patient). Audits "schedule.read" (record: the clinic).
  Result<std::vector<ScheduleEntry>> ScheduleView(const RequestContext& context,
                                                  clinic::Timestamp from, clinic::Timestamp to,
                                                  std::optional<TherapistId> therapist_id);

  // Each active therapist's (or one therapist's) working hours and free time on the clinic's
  // dates `dates` (both included, at most kMaxAvailabilityDays): the opening hours, no hours on a
  // closure (its reason given), and free time at least one session (the clinic's protocol's
  // session_minutes) long between the therapist's sessions that are not cancelled. No patient is
  // named. Staff only (kReadSchedule); kInvalidInput on "to" for a reversed or too long range;
  // kNotFound for a therapist not in the clinic.
  Result<std::vector<TherapistAvailability>> Availability(const RequestContext& context,
                                                          plan::DateRange dates,
                                                          std::optional<TherapistId> therapist_id);

  // A patient's sessions by start: patients their own (no name), staff any patient. Therapists
  // and admins also get the patient's precautions on each session.
  // Audits "plan.read".
  Result<std::vector<ScheduleEntry>> PatientPlan(const RequestContext& context,
                                                 PatientId patient_id);

  // Ends an active or paused course (therapists and admins): the outcome (goals met and plateau
  // complete it; referred on, patient's choice and lost to follow-up discontinue it), the clinic's
  // date and who; every future booked session of the course is cancelled. kFailedPrecondition for a
  // course already ended; kInvalidInput on "note" over 4,000 characters. Audits "course.discharge"
  // and each "session.cancel".
  Result<DischargeSummary> DischargeCourse(const RequestContext& context,
                                           const DischargeRequest& request);

  // A patient's courses by id (staff; a patient their own). Audits "course.list".
  Result<std::vector<CourseView>> ListCourses(const RequestContext& context, PatientId patient_id);

 private:
  // Re-plans the course of `lost` (just cancelled or missed, already updated in `transaction`)
  // through plan::Reschedule and applies the changes; an empty Replan when the course is not
  // active or the patient's screening does not allow treatment. schedule_replan.cc.
  Result<Replan> ReplanCourse(const RequestContext& context, ports::Transaction& transaction,
                              const clinic::Session& lost, bool missed, clinic::Timestamp now);

  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_SCHEDULE_SERVICE_H_
