#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {

Result<AlertId> MemoryTransaction::AddAlert(ClinicId clinic_id, const clinic::Alert& alert) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateAlert(alert));
  if (alert.patient_id && !Find(draft().patients, clinic_id, alert.patient_id->value())) {
    return NotFoundError("patient", alert.patient_id->value());
  }
  clinic::Alert row = alert;
  row.created_at = Micros(row.created_at);
  row.acknowledged_at.reset();
  row.acknowledged_by.reset();
  row.updated_at = WriteTime();
  return Insert(draft(), draft().alerts, std::move(row), clinic_id);
}

Result<clinic::Alert> MemoryTransaction::GetAlert(ClinicId clinic_id, AlertId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().alerts, "alert", clinic_id, id.value());
}

Result<std::vector<clinic::Alert>> MemoryTransaction::ListAlerts(ClinicId clinic_id,
                                                                 ports::AlertFilter filter) {
  RETURN_IF_ERROR(CheckOpen());
  auto rows = Select(state().alerts, [&](const auto& row) {
    return row.clinic_id == clinic_id &&
           (filter == ports::AlertFilter::kAll || !row.acknowledged_at);
  });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return rows;
}

Result<std::vector<clinic::Alert>> MemoryTransaction::ListPatientAlerts(ClinicId clinic_id,
                                                                        PatientId first,
                                                                        PatientId last) {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().alerts, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id && first <= *row.patient_id &&
           *row.patient_id <= last;
  });
}

Status MemoryTransaction::AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                                           clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::Alert * row, Require(draft().alerts, "alert", clinic_id, id.value()));
  if (row->acknowledged_at) {
    return FailedPrecondition("alert " + std::to_string(id.value()) + " is already acknowledged");
  }
  RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, by.value()));
  row->acknowledged_at = Micros(at);
  row->acknowledged_by = by;
  row->updated_at = WriteTime();
  return OkStatus();
}

}  // namespace backcare::store::memory
