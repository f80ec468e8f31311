// The SQL of reminders: patients' reminder settings, the record of sent reminders and the
// unsubscribe tokens. Each function is the ports::Transaction method of the same name (the
// contract is in core/ports/clinic_store.h), run on `db`'s open transaction; the caller
// (sql_transaction.cc) has checked that the transaction is open, and writable for writes.
#ifndef BACKCARE_STORE_SQL_REMINDERS_H_
#define BACKCARE_STORE_SQL_REMINDERS_H_

#include <string_view>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/reminders.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<clinic::PatientReminders> GetPatientReminders(Connection& db, ClinicId clinic_id,
                                                     PatientId patient_id);
Status PutPatientReminders(Connection& db, ClinicId clinic_id,
                           const clinic::PatientReminders& reminders);
Result<bool> RecordSentReminder(Connection& db, ClinicId clinic_id, PatientId patient_id,
                                clinic::ReminderKind kind, std::string_view key,
                                clinic::Timestamp at);
Status CreateUnsubscribeToken(Connection& db, const clinic::UnsubscribeToken& token);
Result<clinic::UnsubscribeToken> FindUnsubscribeToken(Connection& db, std::string_view token_hash);
Status UseUnsubscribeToken(Connection& db, std::string_view token_hash, clinic::Timestamp at);
Status DeleteUnsubscribeTokens(Connection& db, ClinicId clinic_id, PatientId patient_id,
                               clinic::ReminderKind kind);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_REMINDERS_H_
