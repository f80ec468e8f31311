// Home-program use cases: a therapist assigns protocol exercises to a patient's course; the
// patient logs daily adherence, optionally with a 0..10 pain rating of the exercise; both read the
// program with the recent log. "Today" is the clinic's calendar day (its time zone). An
// "adherence_lapse" alert is raised when a patient logs an entry and none of the assigned
// exercises was done on any of the last kAdherenceLapseDays days up to that date; an
// "exercise_pain" alert when the entry's pain rating is at or above the clinic's
// exercise_pain_alert_threshold.
#ifndef BACKCARE_APP_HOME_PROGRAM_SERVICE_H_
#define BACKCARE_APP_HOME_PROGRAM_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/home_program.h"
#include "core/clinic/time.h"
#include "core/protocol/protocol.h"

namespace backcare::app {

inline constexpr int kAdherenceLapseDays = 3;

struct AssignHomeProgram {
  PatientId patient_id;
  CourseId course_id;
  // Protocol home-program exercise ids; empty = every exercise of the protocol.
  std::vector<std::string> exercise_ids;
  clinic::Date start_date;
};

struct LogAdherence {
  PatientId patient_id;
  clinic::Date date;
  std::string exercise_id;  // an exercise of the patient's program
  clinic::Completion completion = clinic::Completion::kDone;
  std::string note;
  std::optional<int> pain_rating{};  // 0..10; nullopt = not rated
};

// One assigned exercise with what the protocol says about it.
struct HomeExerciseView {
  std::string id;
  std::string name;
  std::string instructions;
  int days_per_week = 7;  // dose.days_per_week
  protocol::HomeExerciseKind kind = protocol::HomeExerciseKind::kPosture;
  std::string context;  // may be empty
  std::string action;   // may be empty
  protocol::Dose dose;
  int start_week = 0;  // the protocol's, 0-based
  // The assignment's start_date + 7 * start_week days: the first day the patient may log it.
  clinic::Date starts_on;
  bool due_today = false;  // starts_on <= today
};

struct HomeProgramView {
  clinic::Date today;  // the clinic's calendar day the view was built for
  // The 1-based week of the patient's active course containing `today` (week 1 = the course's
  // first 7 days); nullopt without an active course or before it starts.
  std::optional<int> course_week;
  std::vector<clinic::HomeProgramAssignment> assignments;  // by start date
  std::vector<HomeExerciseView> exercises;                 // of the latest assignment, in its order
  std::vector<clinic::AdherenceEntry> recent;              // the last 14 days up to today
};

// The words of an "exercise_pain" alert: "Rated Dead bug 8/10 on 2026-12-07 (clinic threshold 7)".
std::string ExercisePainDetail(std::string_view exercise_name, int pain_rating, clinic::Date date,
                               int threshold);

class HomeProgramService {
 public:
  explicit HomeProgramService(AppContext context);

  // Therapists assign. kInvalidInput (field "exercise_ids[i]") for an id the protocol does not
  // have; kNotFound when the course is not the patient's. Audits "home_program.assign".
  Result<clinic::AssignmentId> Assign(const RequestContext& context,
                                      const AssignHomeProgram& request);

  // Patients log their own adherence (kPermissionDenied for staff). Logging the same (date,
  // exercise) again replaces the entry, rating included, so a replayed offline tick is harmless.
  // kInvalidInput with every field error: "exercise_id" for an exercise not in the latest
  // assignment; "pain_rating" ("expected a whole number from 0 to 10"); "date" for a date after
  // today, before the course's start, before the program's start, or before the exercise's
  // starts_on ("this exercise starts on YYYY-MM-DD"). Audits "adherence.record"; may raise
  // "adherence_lapse" and "exercise_pain" (rating >= the clinic's threshold; not repeated while
  // one is open for the same patient, exercise and date).
  Status Log(const RequestContext& context, const LogAdherence& entry);

  // Patients their own; therapists and admins any patient. Audits "home_program.read".
  Result<HomeProgramView> GetProgram(const RequestContext& context, PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_HOME_PROGRAM_SERVICE_H_
