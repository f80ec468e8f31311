#include "store/sql/outbox.h"

#include <string>
#include <utility>

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::OutgoingEmail> ReadEmail(const Row& row) {
  RowReader r(row, "email_outbox");
  clinic::OutgoingEmail email;
  email.id = EmailId(r.Int("id"));
  email.clinic_id = ClinicId(r.Int("clinic_id"));
  email.recipient = r.Text("recipient");
  email.subject = r.Text("subject");
  email.body = r.Text("body");
  email.created_at = r.Time("created_at_us");
  email.deliver_by = r.Time("deliver_by_us");
  email.status = r.Enum(
      "status", [](std::string_view name) { return ValueOf(clinic::kEmailStatusNames, name); });
  email.attempts = static_cast<int>(r.Int("attempts"));
  email.next_attempt_at = r.Time("next_attempt_at_us");
  email.sent_at = r.OptionalTime("sent_at_us");
  email.last_error = r.Text("last_error");
  email.list_unsubscribe = r.Text("list_unsubscribe");
  RETURN_IF_ERROR(r.status());
  return email;
}

constexpr Mapping<clinic::OutgoingEmail> kEmails{
    "id, clinic_id, recipient, subject, body, created_at_us, deliver_by_us, status, attempts, "
    "next_attempt_at_us, sent_at_us, last_error, list_unsubscribe",
    "email_outbox", "email", &ReadEmail};

Result<std::int64_t> ReadCount(const Row& row) {
  RowReader r(row, "email_outbox");
  const std::int64_t n = r.Int("n");
  RETURN_IF_ERROR(r.status());
  return n;
}

constexpr std::string_view kPending = "pending";

}  // namespace

Result<EmailId> EnqueueEmail(Connection& db, ClinicId clinic_id,
                             const clinic::OutgoingEmail& email) {
  RETURN_IF_ERROR(ValidateOutgoingEmail(email));
  const Params clinic = {V(clinic_id)};
  ASSIGN_OR_RETURN(std::vector<Row> found, db.Query("SELECT 1 FROM clinics WHERE id = $1", clinic));
  if (found.empty()) {
    return NotFoundError("clinic", clinic_id.value());
  }
  return Insert<EmailId>(
      db, "email_outbox",
      "INSERT INTO email_outbox (clinic_id, recipient, subject, body, created_at_us, "
      "deliver_by_us, status, attempts, next_attempt_at_us, list_unsubscribe) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9) RETURNING id",
      {V(clinic_id), V(email.recipient), V(email.subject), V(email.body), V(email.created_at),
       V(email.deliver_by), V(kPending), V(email.next_attempt_at), V(email.list_unsubscribe)});
}

Result<std::vector<clinic::OutgoingEmail>> ClaimDueEmails(Connection& db, clinic::Timestamp now,
                                                          clinic::Timestamp lease_until,
                                                          int limit) {
  ASSIGN_OR_RETURN(
      std::vector<clinic::OutgoingEmail> due,
      QueryAll(db,
               SelectSql(kEmails,
                         "WHERE status = $1 AND next_attempt_at_us <= $2 "
                         "ORDER BY next_attempt_at_us, id LIMIT $3"),
               {V(kPending), V(now), V(static_cast<std::int64_t>(limit))}, &ReadEmail));
  std::vector<clinic::OutgoingEmail> claimed;
  for (clinic::OutgoingEmail& email : due) {
    // A concurrent sender may have claimed it since the SELECT: the condition makes one win.
    const Params params = {V(email.id), V(lease_until), V(kPending), V(now)};
    ASSIGN_OR_RETURN(std::int64_t changed,
                     db.Execute("UPDATE email_outbox SET next_attempt_at_us = $2 "
                                "WHERE id = $1 AND status = $3 AND next_attempt_at_us <= $4",
                                params));
    if (changed == 1) {
      email.next_attempt_at = clinic::FromUnixMicros(clinic::ToUnixMicros(lease_until));
      claimed.push_back(std::move(email));
    }
  }
  return claimed;
}

Status RecordEmailAttempt(Connection& db, EmailId id, clinic::EmailStatus status,
                          clinic::Timestamp at, clinic::Timestamp next_attempt_at,
                          std::string_view error) {
  const bool sent = status == clinic::EmailStatus::kSent;
  const Params params = {V(id),
                         V(NameOf(clinic::kEmailStatusNames, status)),
                         V(next_attempt_at),
                         V(error),
                         sent ? V(at) : Value(),
                         V(static_cast<std::int64_t>(sent ? 1 : 0))};
  ASSIGN_OR_RETURN(std::int64_t changed,
                   db.Execute("UPDATE email_outbox SET status = $2, attempts = attempts + 1, "
                              "next_attempt_at_us = $3, last_error = $4, sent_at_us = $5, "
                              "body = CASE WHEN $6 = 1 THEN '' ELSE body END WHERE id = $1",
                              params));
  if (changed == 0) {
    return NotFoundError("email", id.value());
  }
  return OkStatus();
}

Result<clinic::OutgoingEmail> GetEmail(Connection& db, EmailId id) {
  return SelectOne(db, kEmails, "WHERE id = $1", {V(id)}, id.value());
}

Result<std::int64_t> CountPendingEmails(Connection& db) {
  ASSIGN_OR_RETURN(std::optional<std::int64_t> count,
                   QueryFirst(db, "SELECT count(*) AS n FROM email_outbox WHERE status = $1",
                              {V(kPending)}, &ReadCount));
  return count.value_or(0);
}

}  // namespace backcare::store::sql
