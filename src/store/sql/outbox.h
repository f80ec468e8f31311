// The SQL of the email outbox. Each function is the ports::Transaction method of the same name
// (the contract is in core/ports/clinic_store.h), run on `db`'s open transaction; the caller
// (sql_transaction.cc) has checked that the transaction is open, and writable for writes.
#ifndef BACKCARE_STORE_SQL_OUTBOX_H_
#define BACKCARE_STORE_SQL_OUTBOX_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/email.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<EmailId> EnqueueEmail(Connection& db, ClinicId clinic_id,
                             const clinic::OutgoingEmail& email);
Result<std::vector<clinic::OutgoingEmail>> ClaimDueEmails(Connection& db, clinic::Timestamp now,
                                                          clinic::Timestamp lease_until, int limit);
Status RecordEmailAttempt(Connection& db, EmailId id, clinic::EmailStatus status,
                          clinic::Timestamp at, clinic::Timestamp next_attempt_at,
                          std::string_view error);
Result<clinic::OutgoingEmail> GetEmail(Connection& db, EmailId id);
Result<std::int64_t> CountPendingEmails(Connection& db);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_OUTBOX_H_
