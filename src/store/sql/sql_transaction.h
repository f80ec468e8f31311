// The ports::Transaction over one SQL Connection (internal to src/store).
#ifndef BACKCARE_STORE_SQL_SQL_TRANSACTION_H_
#define BACKCARE_STORE_SQL_SQL_TRANSACTION_H_

#include <memory>

#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "store/migrations/migrations.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

// `connection` has already begun a transaction in `mode`; the result commits it on Commit and
// rolls it back when destroyed uncommitted. `dialect` decides how a write transaction takes a
// clinic's audit chain before reading its head (LastAuditEvent): SQLite writers are already
// serialized (BEGIN IMMEDIATE); on PostgreSQL a transaction-scoped advisory lock per clinic makes
// a second writer wait for the first to commit, then read the new head, so concurrent writers
// (a use case and the read-audit writer, or two instances) never race for the same seq.
// Each write reads `clock` once and stores that instant as the updated_at of the records it
// writes; `clock` must outlive the transaction.
std::unique_ptr<ports::Transaction> NewSqlTransaction(std::unique_ptr<Connection> connection,
                                                      TxMode mode, SqlDialect dialect,
                                                      const ports::Clock& clock);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_SQL_TRANSACTION_H_
