#include "store/memory/transaction.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {

Result<CourseId> MemoryTransaction::CreateCourse(ClinicId clinic_id, const clinic::Course& course) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateNewCourse(course));
  RETURN_IF_ERROR(Require(draft().patients, "patient", clinic_id, course.patient_id.value()));
  if (course.therapist_id && !Find(draft().therapists, clinic_id, course.therapist_id->value())) {
    return NotFoundError("therapist", course.therapist_id->value());
  }
  clinic::Course row = course;
  row.updated_at = WriteTime();
  return Insert(draft(), draft().courses, std::move(row), clinic_id);
}

Result<clinic::Course> MemoryTransaction::GetCourse(ClinicId clinic_id, CourseId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().courses, "course", clinic_id, id.value());
}

Result<std::vector<clinic::Course>> MemoryTransaction::ListCourses(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().courses, [&](const auto& row) { return row.clinic_id == clinic_id; });
}

Result<std::vector<clinic::Course>> MemoryTransaction::ListCoursesForPatient(ClinicId clinic_id,
                                                                             PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().courses, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id == patient_id;
  });
}

Status MemoryTransaction::UpdateCourse(ClinicId clinic_id, const clinic::Course& course) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateCourse(course));
  ASSIGN_OR_RETURN(clinic::Course * row,
                   Require(draft().courses, "course", clinic_id, course.id.value()));
  if (row->patient_id != course.patient_id || row->protocol_id != course.protocol_id ||
      row->protocol_version != course.protocol_version || row->start_date != course.start_date) {
    return FailedPrecondition("course " + std::to_string(course.id.value()) +
                              ": patient_id, protocol_id, protocol_version and start_date are "
                              "pinned");
  }
  if (row->discharge && row->discharge != course.discharge) {
    return DischargedAlreadyError(course.id);
  }
  if (course.therapist_id && !Find(draft().therapists, clinic_id, course.therapist_id->value())) {
    return NotFoundError("therapist", course.therapist_id->value());
  }
  if (course.discharge) {
    RETURN_IF_ERROR(
        Require(draft().users, "user", clinic_id, course.discharge->discharged_by.value()));
  }
  row->therapist_id = course.therapist_id;
  row->status = course.status;
  row->discharge = course.discharge;
  row->updated_at = WriteTime();
  return OkStatus();
}

Result<clinic::AssignmentId> MemoryTransaction::AddHomeProgramAssignment(
    ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateAssignment(assignment));
  RETURN_IF_ERROR(Require(draft().patients, "patient", clinic_id, assignment.patient_id.value()));
  const clinic::Course* course = Find(draft().courses, clinic_id, assignment.course_id.value());
  if (!course || course->patient_id != assignment.patient_id) {
    return NotFoundError("course", assignment.course_id.value());
  }
  clinic::HomeProgramAssignment row = assignment;
  row.updated_at = WriteTime();
  return Insert(draft(), draft().assignments, std::move(row), clinic_id);
}

Result<std::vector<clinic::HomeProgramAssignment>> MemoryTransaction::ListHomeProgramAssignments(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto rows = Select(state().assignments, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id == patient_id;
  });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::chrono::sys_days(a.start_date) < std::chrono::sys_days(b.start_date);
  });
  return rows;
}

Status MemoryTransaction::RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateAdherence(entry));
  RETURN_IF_ERROR(Require(draft().patients, "patient", clinic_id, entry.patient_id.value()));
  clinic::AdherenceEntry row = entry;
  row.clinic_id = clinic_id;
  row.updated_at = WriteTime();
  AdherenceKey key{clinic_id.value(), entry.patient_id.value(),
                   std::chrono::sys_days(entry.date).time_since_epoch().count(), entry.exercise_id};
  draft().adherence[key] = row;
  return OkStatus();
}

Result<std::vector<clinic::AdherenceEntry>> MemoryTransaction::ListAdherence(ClinicId clinic_id,
                                                                             PatientId patient_id,
                                                                             clinic::Date from,
                                                                             clinic::Date to) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::AdherenceEntry> out;
  const std::int64_t from_days = std::chrono::sys_days(from).time_since_epoch().count();
  const std::int64_t to_days = std::chrono::sys_days(to).time_since_epoch().count();
  for (const auto& [key, entry] : state().adherence) {
    if (key.clinic_id == clinic_id.value() && key.patient_id == patient_id.value() &&
        key.days >= from_days && key.days <= to_days) {
      out.push_back(entry);
    }
  }
  return out;  // the key orders by date, then exercise_id
}

}  // namespace backcare::store::memory
