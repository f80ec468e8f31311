// A course: one patient's run through a protocol, pinned to the protocol's id and version so a
// later edit of the protocol file never changes a running course.
#ifndef BACKCARE_CORE_CLINIC_COURSE_H_
#define BACKCARE_CORE_CLINIC_COURSE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class CourseStatus { kActive, kPaused, kCompleted, kDiscontinued };

inline constexpr EnumNames<CourseStatus, 4> kCourseStatusNames = {{
    {CourseStatus::kActive, "active"},
    {CourseStatus::kPaused, "paused"},
    {CourseStatus::kCompleted, "completed"},
    {CourseStatus::kDiscontinued, "discontinued"},
}};

std::string_view CourseStatusName(CourseStatus status);
std::optional<CourseStatus> ParseCourseStatus(std::string_view name);

// Why a course ended (discharge). goals_met and plateau complete it; the others discontinue it.
enum class DischargeOutcome { kGoalsMet, kPlateau, kReferredOn, kPatientChoice, kLostToFollowUp };

inline constexpr EnumNames<DischargeOutcome, 5> kDischargeOutcomeNames = {{
    {DischargeOutcome::kGoalsMet, "goals_met"},
    {DischargeOutcome::kPlateau, "plateau"},
    {DischargeOutcome::kReferredOn, "referred_on"},
    {DischargeOutcome::kPatientChoice, "patient_choice"},
    {DischargeOutcome::kLostToFollowUp, "lost_to_follow_up"},
}};

// The status a discharge with `outcome` leaves the course in.
inline CourseStatus StatusAfterDischarge(DischargeOutcome outcome) {
  return outcome == DischargeOutcome::kGoalsMet || outcome == DischargeOutcome::kPlateau
             ? CourseStatus::kCompleted
             : CourseStatus::kDiscontinued;
}

// A course's end: set once, when it is discharged; never changed after.
struct Discharge {
  DischargeOutcome outcome = DischargeOutcome::kGoalsMet;
  Date discharged_on;  // the clinic's civil date
  UserId discharged_by;
  std::string note;  // free text, may be empty
  friend bool operator==(const Discharge&, const Discharge&) = default;
};

struct Course {
  CourseId id;  // assigned by the store
  ClinicId clinic_id;
  PatientId patient_id;
  std::optional<TherapistId> therapist_id;  // the primary therapist, if assigned
  std::string protocol_id;                  // non-empty, e.g. "deep-tissue-chronic-low-back-pain"
  int protocol_version = 0;                 // > 0
  Date start_date;
  CourseStatus status = CourseStatus::kActive;
  // Set when the course was discharged (status completed or discontinued); nullopt otherwise.
  std::optional<Discharge> discharge{};
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const Course&, const Course&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_COURSE_H_
