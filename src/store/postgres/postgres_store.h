// The PostgreSQL ClinicStore (for larger clinics): libpqxx 6.4 connections in a small pool, one
// per transaction, bulk writes through COPY (pqxx::stream_to). pqxx is included only under
// src/store/postgres/. Only APIs that still exist in pqxx 7 are used.
#ifndef BACKCARE_STORE_POSTGRES_POSTGRES_STORE_H_
#define BACKCARE_STORE_POSTGRES_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "core/base/result.h"
#include "store/sql/sql_store.h"

namespace backcare::store {

// Connects to `url` (a libpq URI, e.g. postgresql://user@127.0.0.1:5432/backcare) and checks the
// schema version (sql::SqlStore::Open). kUnavailable when the server cannot be reached (the
// message omits the URL, which may hold a password).
Result<std::unique_ptr<sql::SqlStore>> OpenPostgresStore(const std::string& url);

}  // namespace backcare::store

#endif  // BACKCARE_STORE_POSTGRES_POSTGRES_STORE_H_
