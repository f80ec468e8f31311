// The SQL of clinic closures. Each function is the ports::Transaction method of the same name (the
// contract is in core/ports/clinic_store.h), run on `db`'s open transaction; the caller
// (sql_transaction.cc) has checked that the transaction is open, writable for writes, and that
// the clinic of an add exists.
#ifndef BACKCARE_STORE_SQL_CLOSURES_H_
#define BACKCARE_STORE_SQL_CLOSURES_H_

#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/closure.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<ClosureId> AddClosure(Connection& db, ClinicId clinic_id,
                             const clinic::ClinicClosure& closure);
Result<std::vector<clinic::ClinicClosure>> ListClosures(Connection& db, ClinicId clinic_id);
Status DeleteClosure(Connection& db, ClinicId clinic_id, ClosureId id);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_CLOSURES_H_
