#include "store/sql/closures.h"

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::ClinicClosure> ReadClosure(const Row& row) {
  RowReader r(row, "clinic_closures");
  clinic::ClinicClosure closure;
  closure.id = ClosureId(r.Int("id"));
  closure.clinic_id = ClinicId(r.Int("clinic_id"));
  closure.first_day = r.DateValue("first_day");
  closure.last_day = r.DateValue("last_day");
  closure.reason = r.Text("reason");
  closure.created_by = r.OptionalId<UserId>("created_by");
  closure.created_at = r.Time("created_at_us");
  RETURN_IF_ERROR(r.status());
  return closure;
}

constexpr Mapping<clinic::ClinicClosure> kClosures{
    "id, clinic_id, first_day, last_day, reason, created_by, created_at_us", "clinic_closures",
    "closure", &ReadClosure};

}  // namespace

Result<ClosureId> AddClosure(Connection& db, ClinicId clinic_id,
                             const clinic::ClinicClosure& closure) {
  RETURN_IF_ERROR(ValidateClinicClosure(closure));
  if (closure.created_by) {
    RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, closure.created_by->value()));
  }
  return Insert<ClosureId>(db, "clinic_closures",
                           "INSERT INTO clinic_closures (clinic_id, first_day, last_day, reason, "
                           "created_by, created_at_us) VALUES ($1, $2, $3, $4, $5, $6) "
                           "RETURNING id",
                           {V(clinic_id), V(closure.first_day), V(closure.last_day),
                            V(closure.reason), V(closure.created_by), V(closure.created_at)});
}

Result<std::vector<clinic::ClinicClosure>> ListClosures(Connection& db, ClinicId clinic_id) {
  return SelectAll(db, kClosures, "WHERE clinic_id = $1 ORDER BY first_day, id", {V(clinic_id)});
}

Status DeleteClosure(Connection& db, ClinicId clinic_id, ClosureId id) {
  RETURN_IF_ERROR(SelectOne(db, kClosures, "WHERE clinic_id = $1 AND id = $2",
                            {V(clinic_id), V(id)}, id.value()));
  return Write(db, "DELETE FROM clinic_closures WHERE clinic_id = $1 AND id = $2",
               {V(clinic_id), V(id)});
}

}  // namespace backcare::store::sql
