#include "store/sql/courses.h"

#include <optional>
#include <string>
#include <string_view>

#include "store/common/validation.h"
#include "store/sql/codec.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

std::optional<clinic::DischargeOutcome> ParseDischargeOutcome(std::string_view name) {
  return ValueOf(clinic::kDischargeOutcomeNames, name);
}

Result<clinic::Course> ReadCourse(const Row& row) {
  RowReader r(row, "courses");
  clinic::Course course;
  course.id = CourseId(r.Int("id"));
  course.clinic_id = ClinicId(r.Int("clinic_id"));
  course.patient_id = PatientId(r.Int("patient_id"));
  course.therapist_id = r.OptionalId<TherapistId>("therapist_id");
  course.protocol_id = r.Text("protocol_id");
  course.protocol_version = static_cast<int>(r.Int("protocol_version"));
  course.start_date = r.DateValue("start_date");
  course.status = r.Enum("status", clinic::ParseCourseStatus);
  std::optional<clinic::DischargeOutcome> outcome =
      r.OptionalEnum("discharge_outcome", ParseDischargeOutcome);
  std::optional<clinic::Date> discharged_on = r.OptionalDate("discharged_on");
  std::optional<UserId> discharged_by = r.OptionalId<UserId>("discharged_by");
  std::optional<std::string> note = r.OptionalText("discharge_note");
  course.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  if (outcome && discharged_on && discharged_by) {
    course.discharge =
        clinic::Discharge{*outcome, *discharged_on, *discharged_by, note.value_or(std::string())};
  }
  return course;
}

Result<clinic::HomeProgramAssignment> ReadAssignment(const Row& row) {
  RowReader r(row, "home_program_assignments");
  clinic::HomeProgramAssignment assignment;
  assignment.id = clinic::AssignmentId(r.Int("id"));
  assignment.clinic_id = ClinicId(r.Int("clinic_id"));
  assignment.patient_id = PatientId(r.Int("patient_id"));
  assignment.course_id = CourseId(r.Int("course_id"));
  assignment.exercise_ids = DecodeIdentifiers(r.Text("exercise_ids"));
  assignment.start_date = r.DateValue("start_date");
  assignment.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return assignment;
}

Result<clinic::AdherenceEntry> ReadAdherence(const Row& row) {
  RowReader r(row, "adherence_entries");
  clinic::AdherenceEntry entry;
  entry.clinic_id = ClinicId(r.Int("clinic_id"));
  entry.patient_id = PatientId(r.Int("patient_id"));
  entry.date = r.DateValue("date");
  entry.exercise_id = r.Text("exercise_id");
  entry.completion = r.Int("done") ? clinic::Completion::kDone : clinic::Completion::kNotDone;
  entry.note = r.Text("note");
  if (std::optional<std::int64_t> rating = r.OptionalInt("pain_rating")) {
    entry.pain_rating = static_cast<int>(*rating);
  }
  entry.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return entry;
}

constexpr Mapping<clinic::Course> kCourses{
    "id, clinic_id, patient_id, therapist_id, protocol_id, protocol_version, start_date, status, "
    "discharge_outcome, discharged_on, discharged_by, discharge_note, updated_at_us",
    "courses", "course", &ReadCourse};
constexpr Mapping<clinic::HomeProgramAssignment> kAssignments{
    "id, clinic_id, patient_id, course_id, exercise_ids, start_date, updated_at_us",
    "home_program_assignments", "home program assignment", &ReadAssignment};
constexpr Mapping<clinic::AdherenceEntry> kAdherence{
    "clinic_id, patient_id, date, exercise_id, done, note, pain_rating, updated_at_us",
    "adherence_entries", "adherence entry", &ReadAdherence};

// kNotFound unless the course's therapist (when set) is in the clinic.
Status RequireTherapistOf(Connection& db, ClinicId clinic_id, const clinic::Course& course) {
  if (course.therapist_id) {
    return Require(db, "therapists", "therapist", clinic_id, course.therapist_id->value());
  }
  return OkStatus();
}

}  // namespace

// --- Courses

Result<CourseId> CreateCourse(Connection& db, ClinicId clinic_id, const clinic::Course& course,
                              clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateNewCourse(course));
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, course.patient_id.value()));
  RETURN_IF_ERROR(RequireTherapistOf(db, clinic_id, course));
  return Insert<CourseId>(
      db, "courses",
      "INSERT INTO courses (clinic_id, patient_id, therapist_id, protocol_id, "
      "protocol_version, start_date, status, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8) RETURNING id",
      {V(clinic_id), V(course.patient_id), V(course.therapist_id), V(course.protocol_id),
       V(course.protocol_version), V(course.start_date), V(clinic::CourseStatusName(course.status)),
       V(now)});
}

Result<clinic::Course> GetCourse(Connection& db, ClinicId clinic_id, CourseId id) {
  return SelectOne(db, kCourses, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Result<std::vector<clinic::Course>> ListCourses(Connection& db, ClinicId clinic_id) {
  return SelectAll(db, kCourses, "WHERE clinic_id = $1 ORDER BY id", {V(clinic_id)});
}

Result<std::vector<clinic::Course>> ListCoursesForPatient(Connection& db, ClinicId clinic_id,
                                                          PatientId patient_id) {
  return SelectAll(db, kCourses, "WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id",
                   {V(clinic_id), V(patient_id)});
}

Status UpdateCourse(Connection& db, ClinicId clinic_id, const clinic::Course& course,
                    clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateCourse(course));
  ASSIGN_OR_RETURN(clinic::Course stored, GetCourse(db, clinic_id, course.id));
  if (stored.patient_id != course.patient_id || stored.protocol_id != course.protocol_id ||
      stored.protocol_version != course.protocol_version ||
      stored.start_date != course.start_date) {
    return FailedPrecondition("course " + std::to_string(course.id.value()) +
                              ": patient_id, protocol_id, protocol_version and start_date are "
                              "pinned");
  }
  if (stored.discharge && stored.discharge != course.discharge) {
    return DischargedAlreadyError(course.id);
  }
  RETURN_IF_ERROR(RequireTherapistOf(db, clinic_id, course));
  const std::optional<clinic::Discharge>& discharge = course.discharge;
  if (discharge) {
    RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, discharge->discharged_by.value()));
  }
  return Write(db,
               "UPDATE courses SET therapist_id = $3, status = $4, discharge_outcome = $5, "
               "discharged_on = $6, discharged_by = $7, discharge_note = $8, updated_at_us = $9 "
               "WHERE clinic_id = $1 AND id = $2",
               {V(clinic_id), V(course.id), V(course.therapist_id),
                V(clinic::CourseStatusName(course.status)),
                discharge ? V(NameOf(clinic::kDischargeOutcomeNames, discharge->outcome)) : Value(),
                discharge ? V(discharge->discharged_on) : Value(),
                discharge ? V(discharge->discharged_by) : Value(),
                discharge ? V(discharge->note) : Value(), V(now)});
}

// --- Home program

Result<clinic::AssignmentId> AddHomeProgramAssignment(
    Connection& db, ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment,
    clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateAssignment(assignment));
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, assignment.patient_id.value()));
  RETURN_IF_ERROR(RequireCourseOf(db, clinic_id, assignment.course_id, assignment.patient_id));
  return Insert<clinic::AssignmentId>(
      db, "home_program_assignments",
      "INSERT INTO home_program_assignments (clinic_id, patient_id, "
      "course_id, exercise_ids, start_date, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6) "
      "RETURNING id",
      {V(clinic_id), V(assignment.patient_id), V(assignment.course_id),
       V(EncodeIdentifiers(assignment.exercise_ids)), V(assignment.start_date), V(now)});
}

Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
    Connection& db, ClinicId clinic_id, PatientId patient_id) {
  return SelectAll(db, kAssignments,
                   "WHERE clinic_id = $1 AND patient_id = $2 ORDER BY start_date, id",
                   {V(clinic_id), V(patient_id)});
}

Status RecordAdherence(Connection& db, ClinicId clinic_id, const clinic::AdherenceEntry& entry,
                       clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateAdherence(entry));
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, entry.patient_id.value()));
  return Write(
      db,
      "INSERT INTO adherence_entries (clinic_id, patient_id, date, exercise_id, done, note, "
      "pain_rating, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (clinic_id, patient_id, date, exercise_id) "
      "DO UPDATE SET done = excluded.done, note = excluded.note, "
      "pain_rating = excluded.pain_rating, updated_at_us = excluded.updated_at_us",
      {V(clinic_id), V(entry.patient_id), V(entry.date), V(entry.exercise_id),
       V(entry.completion == clinic::Completion::kDone), V(entry.note), V(entry.pain_rating),
       V(now)});
}

Result<std::vector<clinic::Course>> ListCoursesOfPatients(Connection& db, ClinicId clinic_id,
                                                          PatientId first, PatientId last) {
  return SelectAll(db, kCourses,
                   "WHERE clinic_id = $1 AND patient_id >= $2 AND patient_id <= $3 "
                   "ORDER BY patient_id, id",
                   {V(clinic_id), V(first), V(last)});
}

Result<std::vector<clinic::AdherenceEntry>> ListAdherenceOfPatients(Connection& db,
                                                                    ClinicId clinic_id,
                                                                    PatientId first,
                                                                    PatientId last) {
  return SelectAll(db, kAdherence,
                   "WHERE clinic_id = $1 AND patient_id >= $2 AND patient_id <= $3 "
                   "ORDER BY patient_id, date, exercise_id",
                   {V(clinic_id), V(first), V(last)});
}

Result<std::vector<clinic::AdherenceEntry>> ListAdherence(Connection& db, ClinicId clinic_id,
                                                          PatientId patient_id, clinic::Date from,
                                                          clinic::Date to) {
  return SelectAll(db, kAdherence,
                   "WHERE clinic_id = $1 AND patient_id = $2 AND date >= $3 AND date <= $4 "
                   "ORDER BY date, exercise_id",
                   {V(clinic_id), V(patient_id), V(from), V(to)});
}

}  // namespace backcare::store::sql
