#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"
#include "store/memory/transaction.h"

namespace backcare::store::memory {

Result<clinic::PatientReminders> MemoryTransaction::GetPatientReminders(ClinicId clinic_id,
                                                                        PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  RETURN_IF_ERROR(Require(state().patients, "patient", clinic_id, patient_id.value()));
  auto it = state().patient_reminders.find({clinic_id.value(), patient_id.value()});
  if (it == state().patient_reminders.end()) {
    clinic::PatientReminders defaults;
    defaults.patient_id = patient_id;
    return defaults;
  }
  return it->second;
}

Status MemoryTransaction::PutPatientReminders(ClinicId clinic_id,
                                              const clinic::PatientReminders& reminders) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(clinic::ValidatePatientReminders(reminders));
  RETURN_IF_ERROR(Require(draft().patients, "patient", clinic_id, reminders.patient_id.value()));
  draft().patient_reminders[{clinic_id.value(), reminders.patient_id.value()}] = reminders;
  return OkStatus();
}

Result<bool> MemoryTransaction::RecordSentReminder(ClinicId clinic_id, PatientId patient_id,
                                                   clinic::ReminderKind kind, std::string_view key,
                                                   clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  if (key.empty()) {
    return InvalidInput("sent reminder: 1 invalid field(s)", {{"", "key", "must not be empty"}});
  }
  RETURN_IF_ERROR(Require(draft().patients, "patient", clinic_id, patient_id.value()));
  const auto [it, inserted] = draft().sent_reminders.emplace(
      std::tuple(clinic_id.value(), std::string(NameOf(clinic::kReminderKindNames, kind)),
                 patient_id.value(), std::string(key)),
      Micros(at));
  return inserted;
}

Status MemoryTransaction::CreateUnsubscribeToken(const clinic::UnsubscribeToken& token) {
  RETURN_IF_ERROR(CheckWrite());
  if (token.token_hash.empty()) {
    return InvalidInput("unsubscribe token: 1 invalid field(s)",
                        {{"", "token_hash", "must not be empty"}});
  }
  RETURN_IF_ERROR(Require(draft().patients, "patient", token.clinic_id, token.patient_id.value()));
  if (draft().unsubscribe_tokens.contains(token.token_hash)) {
    return ConflictError("unsubscribe_tokens", "token_hash");
  }
  clinic::UnsubscribeToken row = token;
  row.created_at = Micros(row.created_at);
  if (row.used_at) row.used_at = Micros(*row.used_at);
  draft().unsubscribe_tokens.emplace(row.token_hash, std::move(row));
  return OkStatus();
}

Result<clinic::UnsubscribeToken> MemoryTransaction::FindUnsubscribeToken(
    std::string_view token_hash) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().unsubscribe_tokens.find(token_hash);
  if (it == state().unsubscribe_tokens.end()) {
    return NotFound("unsubscribe token not found");
  }
  return it->second;
}

Status MemoryTransaction::UseUnsubscribeToken(std::string_view token_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  auto it = draft().unsubscribe_tokens.find(token_hash);
  if (it == draft().unsubscribe_tokens.end()) {
    return NotFound("unsubscribe token not found");
  }
  if (!it->second.used_at) it->second.used_at = Micros(at);
  return OkStatus();
}

Status MemoryTransaction::DeleteUnsubscribeTokens(ClinicId clinic_id, PatientId patient_id,
                                                  clinic::ReminderKind kind) {
  RETURN_IF_ERROR(CheckWrite());
  std::erase_if(draft().unsubscribe_tokens, [&](const auto& item) {
    return item.second.clinic_id == clinic_id && item.second.patient_id == patient_id &&
           item.second.kind == kind;
  });
  return OkStatus();
}

}  // namespace backcare::store::memory
