// The SQL of stored protocol versions (the table protocols). Each function but
// RequireProtocolVersion is the ports::Transaction method of the same name (the contract is in
// core/ports/clinic_store.h), run on `db`'s open transaction; the caller (sql_transaction.cc) has
// checked that the transaction is open, and writable for writes.
#ifndef BACKCARE_STORE_SQL_PROTOCOLS_H_
#define BACKCARE_STORE_SQL_PROTOCOLS_H_

#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/clinic/protocol_version.h"
#include "store/migrations/migrations.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Status AddProtocolVersion(Connection& db, const clinic::ProtocolVersion& version);
Result<clinic::ProtocolVersion> GetProtocolVersion(Connection& db, std::string_view protocol_id,
                                                   int version);
// Ordered by protocol id compared bytewise on every backend (`dialect` says how to ask for that),
// then version.
Result<std::vector<clinic::ProtocolVersion>> ListProtocolVersions(Connection& db,
                                                                  SqlDialect dialect);

// kNotFound "protocol '<id>' version <v> not found" unless the version is stored.
Status RequireProtocolVersion(Connection& db, std::string_view protocol_id, int version);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_PROTOCOLS_H_
