#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"
#include "store/memory/transaction.h"

namespace backcare::store::memory {

Result<EmailId> MemoryTransaction::EnqueueEmail(ClinicId clinic_id,
                                                const clinic::OutgoingEmail& email) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateOutgoingEmail(email));
  clinic::OutgoingEmail row = email;
  row.created_at = Micros(row.created_at);
  row.deliver_by = Micros(row.deliver_by);
  row.next_attempt_at = Micros(row.next_attempt_at);
  row.status = clinic::EmailStatus::kPending;
  row.attempts = 0;
  row.sent_at.reset();
  row.last_error.clear();
  return Insert(draft(), draft().emails, std::move(row), clinic_id);
}

Result<std::vector<clinic::OutgoingEmail>> MemoryTransaction::ClaimDueEmails(
    clinic::Timestamp now, clinic::Timestamp lease_until, int limit) {
  RETURN_IF_ERROR(CheckWrite());
  std::vector<clinic::OutgoingEmail*> due;
  for (auto& [id, email] : draft().emails) {
    if (email.status == clinic::EmailStatus::kPending && email.next_attempt_at <= now) {
      due.push_back(&email);
    }
  }
  std::stable_sort(due.begin(), due.end(), [](const auto* a, const auto* b) {
    return std::tie(a->next_attempt_at, a->id) < std::tie(b->next_attempt_at, b->id);
  });
  std::vector<clinic::OutgoingEmail> claimed;
  for (clinic::OutgoingEmail* email : due) {
    if (std::ssize(claimed) >= limit) break;
    email->next_attempt_at = Micros(lease_until);
    claimed.push_back(*email);
  }
  return claimed;
}

Status MemoryTransaction::RecordEmailAttempt(EmailId id, clinic::EmailStatus status,
                                             clinic::Timestamp at,
                                             clinic::Timestamp next_attempt_at,
                                             std::string_view error) {
  RETURN_IF_ERROR(CheckWrite());
  auto it = draft().emails.find(id.value());
  if (it == draft().emails.end()) {
    return NotFoundError("email", id.value());
  }
  clinic::OutgoingEmail& email = it->second;
  email.status = status;
  email.attempts += 1;
  email.next_attempt_at = Micros(next_attempt_at);
  email.last_error = std::string(error);
  if (status == clinic::EmailStatus::kSent) {
    email.sent_at = Micros(at);
    email.body.clear();
  }
  return OkStatus();
}

Result<clinic::OutgoingEmail> MemoryTransaction::GetEmail(EmailId id) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().emails.find(id.value());
  if (it == state().emails.end()) {
    return NotFoundError("email", id.value());
  }
  return it->second;
}

Result<std::int64_t> MemoryTransaction::CountPendingEmails() {
  RETURN_IF_ERROR(CheckOpen());
  return std::count_if(state().emails.begin(), state().emails.end(), [](const auto& item) {
    return item.second.status == clinic::EmailStatus::kPending;
  });
}

}  // namespace backcare::store::memory
