#include "store/sql/mapping.h"

#include "store/sql/row_reader.h"

namespace backcare::store::sql {

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    out += part;
  }
  return out;
}

Result<std::int64_t> ReadId(const std::vector<Row>& rows, std::string_view table) {
  if (rows.size() != 1) {
    return Internal(std::string(table) + ": INSERT ... RETURNING gave no row");
  }
  RowReader r(rows[0], table);
  std::int64_t id = r.Int("id");
  RETURN_IF_ERROR(r.status());
  return id;
}

Status Write(Connection& db, std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(std::int64_t changed, db.Execute(sql, params));
  static_cast<void>(changed);
  return OkStatus();
}

Result<bool> Exists(Connection& db, std::string_view table, ClinicId clinic_id, std::int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   db.Query(Cat({"SELECT 1 FROM ", table, " WHERE clinic_id = $1 AND id = $2"}),
                            Params{V(clinic_id), V(id)}));
  return !rows.empty();
}

Result<bool> CourseOfPatientExists(Connection& db, ClinicId clinic_id, CourseId course_id,
                                   PatientId patient_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   db.Query("SELECT 1 FROM courses WHERE clinic_id = $1 AND id = $2 AND "
                            "patient_id = $3",
                            Params{V(clinic_id), V(course_id), V(patient_id)}));
  return !rows.empty();
}

Status Require(Connection& db, std::string_view table, std::string_view what, ClinicId clinic_id,
               std::int64_t id) {
  ASSIGN_OR_RETURN(bool exists, Exists(db, table, clinic_id, id));
  if (!exists) {
    return NotFoundError(what, id);
  }
  return OkStatus();
}

Status RequireCourseOf(Connection& db, ClinicId clinic_id, CourseId course_id,
                       PatientId patient_id) {
  ASSIGN_OR_RETURN(bool exists, CourseOfPatientExists(db, clinic_id, course_id, patient_id));
  if (!exists) {
    return NotFoundError("course", course_id.value());
  }
  return OkStatus();
}

Status RequireClinic(Connection& db, ClinicId clinic_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   db.Query("SELECT 1 FROM clinics WHERE id = $1", Params{V(clinic_id)}));
  if (rows.empty()) {
    return NotFoundError("clinic", clinic_id.value());
  }
  return OkStatus();
}

}  // namespace backcare::store::sql
