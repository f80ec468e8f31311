// The SQL of the audit trail: one hash-chained sequence of events per clinic, append-only. Each
// function is the ports::Transaction method of the same name (the contract is in
// core/ports/clinic_store.h), run on `db`'s open transaction; the caller (sql_transaction.cc) has
// checked that the transaction is open, writable for an append, and that its clinic exists.
#ifndef BACKCARE_STORE_SQL_AUDIT_H_
#define BACKCARE_STORE_SQL_AUDIT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/audit_event.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Status AppendAuditEvents(Connection& db, ClinicId clinic_id,
                         std::span<const clinic::AuditEvent> events);
Result<std::optional<clinic::AuditEvent>> LastAuditEvent(Connection& db, ClinicId clinic_id);
// PostgreSQL only: waits for, then holds until the transaction ends, the clinic's audit-chain
// lock (pg_advisory_xact_lock; see NewSqlTransaction).
Status LockAuditChain(Connection& db, ClinicId clinic_id);
Result<std::vector<clinic::AuditEvent>> ListAuditEvents(Connection& db, ClinicId clinic_id,
                                                        std::int64_t after_seq, int limit);
// The query of ListPatientAccessEvents; parameters $1 clinic, $2 patient, $3 before_seq,
// $4 limit (exposed for the query-plan test).
const std::string& PatientAccessEventsSql();
Result<std::vector<clinic::AuditEvent>> ListPatientAccessEvents(Connection& db, ClinicId clinic_id,
                                                                PatientId patient_id,
                                                                std::int64_t before_seq, int limit);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_AUDIT_H_
