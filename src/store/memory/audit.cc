#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {

Status MemoryTransaction::AppendAuditEvents(ClinicId clinic_id,
                                            std::span<const clinic::AuditEvent> events) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  std::vector<clinic::AuditEvent>& chain = draft().audit[clinic_id.value()];
  std::int64_t expected = chain.empty() ? 1 : chain.back().seq + 1;
  for (const clinic::AuditEvent& event : events) {
    RETURN_IF_ERROR(ValidateAuditEvent(event));
    if (event.seq != expected++) {
      return ConflictError("audit_events", "seq");
    }
    if (event.actor && !Find(draft().users, clinic_id, event.actor->value())) {
      return NotFoundError("user", event.actor->value());
    }
  }
  for (const clinic::AuditEvent& event : events) {
    clinic::AuditEvent row = event;
    row.clinic_id = clinic_id;
    row.at = Micros(row.at);
    chain.push_back(std::move(row));
  }
  return OkStatus();
}

Result<std::optional<clinic::AuditEvent>> MemoryTransaction::LastAuditEvent(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().audit.find(clinic_id.value());
  if (it == state().audit.end() || it->second.empty()) {
    return std::optional<clinic::AuditEvent>();
  }
  return std::optional<clinic::AuditEvent>(it->second.back());
}

Result<std::vector<clinic::AuditEvent>> MemoryTransaction::ListAuditEvents(ClinicId clinic_id,
                                                                           std::int64_t after_seq,
                                                                           int limit) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::AuditEvent> out;
  auto it = state().audit.find(clinic_id.value());
  if (it == state().audit.end()) {
    return out;
  }
  for (const auto& event : it->second) {
    if (event.seq > after_seq && static_cast<int>(out.size()) < limit) {
      out.push_back(event);
    }
  }
  return out;
}

}  // namespace backcare::store::memory
