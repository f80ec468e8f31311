// Home-program use cases: a therapist assigns protocol exercises to a patient's course; the
// patient logs daily adherence; both read the program with the recent log. An "adherence_lapse"
// alert is raised when a patient logs an entry and none of the assigned exercises was done on
// any of the last kAdherenceLapseDays days up to that date.
#ifndef BACKCARE_APP_HOME_PROGRAM_SERVICE_H_
#define BACKCARE_APP_HOME_PROGRAM_SERVICE_H_

#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/home_program.h"
#include "core/clinic/time.h"

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
};

// One assigned exercise with what the protocol says about it.
struct HomeExerciseView {
  std::string id;
  std::string name;
  std::string instructions;
  int days_per_week = 7;
};

struct HomeProgramView {
  std::vector<clinic::HomeProgramAssignment> assignments;  // by start date
  std::vector<HomeExerciseView> exercises;                 // of the latest assignment, in its order
  std::vector<clinic::AdherenceEntry> recent;              // the last 14 days up to today
};

class HomeProgramService {
 public:
  explicit HomeProgramService(AppContext context);

  // Therapists assign. kInvalidInput (field "exercise_ids[i]") for an id the protocol does not
  // have; kNotFound when the course is not the patient's. Audits "home_program.assign".
  Result<clinic::AssignmentId> Assign(const RequestContext& context,
                                      const AssignHomeProgram& request);

  // Patients log their own adherence (kPermissionDenied for staff). kInvalidInput (field
  // "exercise_id") for an exercise not assigned, (field "date") for a date after today or before
  // the program started. Audits "adherence.record"; may raise "adherence_lapse".
  Status Log(const RequestContext& context, const LogAdherence& entry);

  // Patients their own; therapists and admins any patient. Audits "home_program.read".
  Result<HomeProgramView> GetProgram(const RequestContext& context, PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_HOME_PROGRAM_SERVICE_H_
