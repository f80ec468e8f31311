#include "store/sql/alerts.h"

#include <string>

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::Alert> ReadAlert(const Row& row) {
  RowReader r(row, "alerts");
  clinic::Alert alert;
  alert.id = AlertId(r.Int("id"));
  alert.clinic_id = ClinicId(r.Int("clinic_id"));
  alert.patient_id = r.OptionalId<PatientId>("patient_id");
  alert.kind = r.Text("kind");
  alert.severity = r.Enum("severity", clinic::ParseAlertSeverity);
  alert.record_type = r.Text("record_type");
  alert.record_id = r.Int("record_id");
  alert.detail = r.Text("detail");
  alert.created_at = r.Time("created_at_us");
  alert.acknowledged_at = r.OptionalTime("acknowledged_at_us");
  alert.acknowledged_by = r.OptionalId<UserId>("acknowledged_by");
  alert.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return alert;
}

constexpr Mapping<clinic::Alert> kAlerts{
    "id, clinic_id, patient_id, kind, severity, record_type, record_id, detail, created_at_us, "
    "acknowledged_at_us, acknowledged_by, updated_at_us",
    "alerts", "alert", &ReadAlert};

}  // namespace

Result<AlertId> AddAlert(Connection& db, ClinicId clinic_id, const clinic::Alert& alert,
                         clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateAlert(alert));
  if (alert.patient_id) {
    RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, alert.patient_id->value()));
  }
  return Insert<AlertId>(db, "alerts",
                         "INSERT INTO alerts (clinic_id, patient_id, kind, severity, "
                         "record_type, record_id, detail, created_at_us, updated_at_us) VALUES "
                         "($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                         {V(clinic_id), V(alert.patient_id), V(alert.kind),
                          V(clinic::AlertSeverityName(alert.severity)), V(alert.record_type),
                          V(alert.record_id), V(alert.detail), V(alert.created_at), V(now)});
}

Result<clinic::Alert> GetAlert(Connection& db, ClinicId clinic_id, AlertId id) {
  return SelectOne(db, kAlerts, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Result<std::vector<clinic::Alert>> ListAlerts(Connection& db, ClinicId clinic_id,
                                              ports::AlertFilter filter) {
  const std::string_view tail =
      filter == ports::AlertFilter::kAll
          ? "WHERE clinic_id = $1 ORDER BY created_at_us, id"
          : "WHERE clinic_id = $1 AND acknowledged_at_us IS NULL ORDER BY created_at_us, id";
  return SelectAll(db, kAlerts, tail, {V(clinic_id)});
}

Result<std::vector<clinic::Alert>> ListPatientAlerts(Connection& db, ClinicId clinic_id,
                                                     PatientId first, PatientId last) {
  return SelectAll(db, kAlerts,
                   "WHERE clinic_id = $1 AND patient_id >= $2 AND patient_id <= $3 ORDER BY id",
                   {V(clinic_id), V(first), V(last)});
}

Status AcknowledgeAlert(Connection& db, ClinicId clinic_id, AlertId id, UserId by,
                        clinic::Timestamp at, clinic::Timestamp now) {
  ASSIGN_OR_RETURN(clinic::Alert alert, GetAlert(db, clinic_id, id));
  if (alert.acknowledged_at) {
    return FailedPrecondition("alert " + std::to_string(id.value()) + " is already acknowledged");
  }
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, by.value()));
  return Write(
      db,
      "UPDATE alerts SET acknowledged_at_us = $3, acknowledged_by = $4, updated_at_us = $5 "
      "WHERE clinic_id = $1 AND id = $2",
      {V(clinic_id), V(id), V(at), V(by), V(now)});
}

}  // namespace backcare::store::sql
