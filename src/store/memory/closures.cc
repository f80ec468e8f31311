#include <algorithm>
#include <tuple>
#include <utility>

#include "store/common/validation.h"
#include "store/memory/transaction.h"

namespace backcare::store::memory {

Result<ClosureId> MemoryTransaction::AddClosure(ClinicId clinic_id,
                                                const clinic::ClinicClosure& closure) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateClinicClosure(closure));
  if (closure.created_by) {
    RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, closure.created_by->value()));
  }
  clinic::ClinicClosure row = closure;
  row.created_at = Micros(row.created_at);
  return Insert(draft(), draft().closures, std::move(row), clinic_id);
}

Result<std::vector<clinic::ClinicClosure>> MemoryTransaction::ListClosures(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto rows = Select(state().closures, [&](const auto& row) { return row.clinic_id == clinic_id; });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first_day, a.id) < std::tie(b.first_day, b.id);
  });
  return rows;
}

Status MemoryTransaction::DeleteClosure(ClinicId clinic_id, ClosureId id) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(Require(draft().closures, "closure", clinic_id, id.value()));
  draft().closures.erase(id.value());
  return OkStatus();
}

}  // namespace backcare::store::memory
