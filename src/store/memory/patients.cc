#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {

Result<PatientId> MemoryTransaction::CreatePatient(ClinicId clinic_id,
                                                   const clinic::Patient& patient) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidatePatient(patient));
  clinic::Patient row = patient;
  row.deletion.reset();
  row.updated_at = WriteTime();
  return Insert(draft(), draft().patients, std::move(row), clinic_id);
}

Result<clinic::Patient> MemoryTransaction::GetPatient(ClinicId clinic_id, PatientId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().patients, "patient", clinic_id, id.value());
}

Result<std::vector<clinic::Patient>> MemoryTransaction::ListPatients(ClinicId clinic_id,
                                                                     ports::PatientFilter filter) {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().patients, [&](const auto& row) {
    return row.clinic_id == clinic_id &&
           (filter == ports::PatientFilter::kIncludeDeleted || !row.deletion);
  });
}

Result<std::vector<clinic::Patient>> MemoryTransaction::ListPatientsAfter(
    ClinicId clinic_id, ports::PatientFilter filter, PatientId after, std::int64_t limit) {
  ASSIGN_OR_RETURN(std::vector<clinic::Patient> rows, ListPatients(clinic_id, filter));
  std::erase_if(rows, [&](const clinic::Patient& row) { return row.id.value() <= after.value(); });
  rows.resize(std::min(rows.size(), static_cast<std::size_t>(std::max<std::int64_t>(limit, 0))));
  return rows;
}

Status MemoryTransaction::UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::Patient * row,
                   Require(draft().patients, "patient", clinic_id, patient.id.value()));
  if (row->deletion) {
    return FailedPrecondition("patient " + std::to_string(patient.id.value()) + " is deleted");
  }
  RETURN_IF_ERROR(ValidatePatient(patient));
  *row = patient;
  row->clinic_id = clinic_id;
  row->deletion.reset();
  row->updated_at = WriteTime();
  return OkStatus();
}

Status MemoryTransaction::SoftDeletePatient(ClinicId clinic_id, PatientId id,
                                            const clinic::RetentionRecord& retention) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::Patient * row,
                   Require(draft().patients, "patient", clinic_id, id.value()));
  if (row->deletion) {
    return FailedPrecondition("patient " + std::to_string(id.value()) + " is deleted");
  }
  RETURN_IF_ERROR(ValidateRetention(retention));
  clinic::RetentionRecord stored = retention;
  stored.deleted_at = Micros(stored.deleted_at);
  row->deletion = stored;
  row->updated_at = WriteTime();
  return OkStatus();
}

Result<clinic::ScreeningId> MemoryTransaction::AddScreeningResult(
    ClinicId clinic_id, const clinic::ScreeningResult& result) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateScreeningResult(result));
  RETURN_IF_ERROR(Require(draft().patients, "patient", clinic_id, result.patient_id.value()));
  RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, result.screened_by.value()));
  clinic::ScreeningResult row = result;
  row.screened_at = Micros(row.screened_at);
  row.updated_at = WriteTime();
  return Insert(draft(), draft().screenings, std::move(row), clinic_id);
}

Result<clinic::ScreeningResult> MemoryTransaction::GetScreeningResult(ClinicId clinic_id,
                                                                      clinic::ScreeningId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().screenings, "screening result", clinic_id, id.value());
}

Result<std::vector<clinic::ScreeningResult>> MemoryTransaction::ListScreeningResults(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto rows = Select(state().screenings, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id == patient_id;
  });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.screened_at, a.id) < std::tie(b.screened_at, b.id);
  });
  return rows;
}

}  // namespace backcare::store::memory
