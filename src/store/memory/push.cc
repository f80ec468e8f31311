#include <algorithm>
#include <tuple>
#include <utility>

#include "store/common/validation.h"
#include "store/memory/transaction.h"

namespace backcare::store::memory {

Result<std::optional<clinic::VapidKeys>> MemoryTransaction::GetVapidKeys(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  if (!state().clinics.contains(clinic_id.value())) {
    return NotFoundError("clinic", clinic_id.value());
  }
  auto it = state().vapid_keys.find(clinic_id.value());
  if (it == state().vapid_keys.end()) {
    return std::optional<clinic::VapidKeys>();
  }
  return std::optional<clinic::VapidKeys>(it->second);
}

Status MemoryTransaction::CreateVapidKeys(ClinicId clinic_id, const clinic::VapidKeys& keys) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateVapidKeys(keys));
  if (draft().vapid_keys.contains(clinic_id.value())) {
    return ConflictError("clinic_vapid_keys", "vapid_keys");
  }
  clinic::VapidKeys row = keys;
  row.created_at = Micros(row.created_at);
  draft().vapid_keys.emplace(clinic_id.value(), std::move(row));
  return OkStatus();
}

Result<PushSubscriptionId> MemoryTransaction::PutPushSubscription(
    const clinic::PushSubscription& subscription) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(clinic::ValidatePushSubscription(subscription));
  RETURN_IF_ERROR(Require(draft().patients, "patient", subscription.clinic_id,
                          subscription.patient_id.value()));
  clinic::PushSubscription row = subscription;
  row.created_at = Micros(row.created_at);
  // An endpoint the clinic has already keeps its row and id, and takes the new patient and keys.
  for (auto& [id, existing] : draft().push_subscriptions) {
    if (existing.clinic_id == subscription.clinic_id &&
        existing.endpoint == subscription.endpoint) {
      row.id = existing.id;
      existing = std::move(row);
      return existing.id;
    }
  }
  return Insert(draft(), draft().push_subscriptions, std::move(row), subscription.clinic_id);
}

Result<std::vector<clinic::PushSubscription>> MemoryTransaction::ListPushSubscriptions(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto rows = Select(state().push_subscriptions, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id == patient_id;
  });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return rows;
}

Status MemoryTransaction::DeletePushSubscription(ClinicId clinic_id, PatientId patient_id,
                                                 PushSubscriptionId id) {
  RETURN_IF_ERROR(CheckWrite());
  const clinic::PushSubscription* row = Find(draft().push_subscriptions, clinic_id, id.value());
  if (row == nullptr || row->patient_id != patient_id) {
    return NotFoundError("push subscription", id.value());
  }
  draft().push_subscriptions.erase(id.value());
  return OkStatus();
}

}  // namespace backcare::store::memory
