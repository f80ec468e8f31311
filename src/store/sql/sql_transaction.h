// The ports::Transaction over one SQL Connection (internal to src/store).
#ifndef BACKCARE_STORE_SQL_SQL_TRANSACTION_H_
#define BACKCARE_STORE_SQL_SQL_TRANSACTION_H_

#include <memory>

#include "core/ports/clinic_store.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

// `connection` has already begun a transaction in `mode`; the result commits it on Commit and
// rolls it back when destroyed uncommitted.
std::unique_ptr<ports::Transaction> NewSqlTransaction(std::unique_ptr<Connection> connection,
                                                      TxMode mode);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_SQL_TRANSACTION_H_
