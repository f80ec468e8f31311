// MemoryTransaction::ReadPatientRecords: a block of patients' records, in the orders the port
// states.
#include <algorithm>
#include <tuple>

#include "store/memory/transaction.h"

namespace backcare::store::memory {

Result<ports::PatientRecords> MemoryTransaction::ReadPatientRecords(ClinicId clinic_id,
                                                                    PatientId first,
                                                                    PatientId last) {
  RETURN_IF_ERROR(CheckOpen());
  const auto in_block = [&](const auto& row) {
    return row.clinic_id == clinic_id && first <= row.patient_id && row.patient_id <= last;
  };
  ports::PatientRecords records;
  records.courses = Select(state().courses, in_block);
  std::stable_sort(records.courses.begin(), records.courses.end(),
                   [](const auto& a, const auto& b) { return a.patient_id < b.patient_id; });
  records.sessions = Select(state().sessions, in_block);
  std::stable_sort(
      records.sessions.begin(), records.sessions.end(), [](const auto& a, const auto& b) {
        return std::tie(a.patient_id, a.start, a.id) < std::tie(b.patient_id, b.start, b.id);
      });
  records.responses = Select(state().responses, in_block);
  std::stable_sort(
      records.responses.begin(), records.responses.end(), [](const auto& a, const auto& b) {
        return std::tie(a.patient_id, a.taken_at, a.id) < std::tie(b.patient_id, b.taken_at, b.id);
      });
  records.screenings = Select(state().screenings, in_block);
  std::stable_sort(records.screenings.begin(), records.screenings.end(),
                   [](const auto& a, const auto& b) {
                     return std::tie(a.patient_id, a.screened_at, a.id) <
                            std::tie(b.patient_id, b.screened_at, b.id);
                   });
  for (const auto& [key, entry] : state().adherence) {
    if (in_block(entry)) records.adherence.push_back(entry);  // keys order by patient, date, id
  }
  return records;
}

}  // namespace backcare::store::memory
