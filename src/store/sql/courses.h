// The SQL of courses and the home program that goes with them: home program assignments and
// adherence entries. Each function is the ports::Transaction method of the same name (the
// contract is in core/ports/clinic_store.h), run on `db`'s open transaction; the caller
// (sql_transaction.cc) has checked that the transaction is open, writable for writes, and that
// the clinic of a create exists. `now` is the write's instant, stored as the record's updated_at.
#ifndef BACKCARE_STORE_SQL_COURSES_H_
#define BACKCARE_STORE_SQL_COURSES_H_

#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/course.h"
#include "core/clinic/home_program.h"
#include "core/clinic/time.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<CourseId> CreateCourse(Connection& db, ClinicId clinic_id, const clinic::Course& course,
                              clinic::Timestamp now);
Result<clinic::Course> GetCourse(Connection& db, ClinicId clinic_id, CourseId id);
Result<std::vector<clinic::Course>> ListCourses(Connection& db, ClinicId clinic_id);
Result<std::vector<clinic::Course>> ListCoursesForPatient(Connection& db, ClinicId clinic_id,
                                                          PatientId patient_id);
Status UpdateCourse(Connection& db, ClinicId clinic_id, const clinic::Course& course,
                    clinic::Timestamp now);

Result<clinic::AssignmentId> AddHomeProgramAssignment(
    Connection& db, ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment,
    clinic::Timestamp now);
Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(Connection& db,
                                                                              ClinicId clinic_id,
                                                                              PatientId patient_id);
Status RecordAdherence(Connection& db, ClinicId clinic_id, const clinic::AdherenceEntry& entry,
                       clinic::Timestamp now);
// Courses (by patient, id) and adherence entries (by patient, date, exercise) of the patients
// with first <= id <= last.
Result<std::vector<clinic::Course>> ListCoursesOfPatients(Connection& db, ClinicId clinic_id,
                                                          PatientId first, PatientId last);
Result<std::vector<clinic::AdherenceEntry>> ListAdherenceOfPatients(Connection& db,
                                                                    ClinicId clinic_id,
                                                                    PatientId first,
                                                                    PatientId last);
Result<std::vector<clinic::AdherenceEntry>> ListAdherence(Connection& db, ClinicId clinic_id,
                                                          PatientId patient_id, clinic::Date from,
                                                          clinic::Date to);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_COURSES_H_
