// The PostgreSQL ClinicStore (for larger clinics): libpqxx 6.4 connections in a small pool, one
// per transaction; bulk writes (and restore) send COPY text this adapter writes, and a backup
// reads every table with COPY (SELECT ...) TO STDOUT. pqxx is included only under
// src/store/postgres/. Two uses are specific to pqxx 6.4 and must change with pqxx 7: the
// deprecated pqxx::tablewriter (for its public write_raw_line) and pqxx::stream_from given a
// parenthesised query as its table name (pqxx 7: stream_from::query).
#ifndef BACKCARE_STORE_POSTGRES_POSTGRES_STORE_H_
#define BACKCARE_STORE_POSTGRES_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/ports/clock.h"
#include "store/default_clock.h"
#include "store/sql/sql_store.h"

namespace backcare::store {

// Connects to `url` (a libpq URI, e.g. postgresql://user@127.0.0.1:5432/backcare) and checks the
// schema version (sql::SqlStore::Open). kUnavailable when the server cannot be reached (the
// message omits the URL, which may hold a password). `clock` stamps the records' updated_at
// (sql::SqlStore::Open); it must outlive the store.
Result<std::unique_ptr<sql::SqlStore>> OpenPostgresStore(
    const std::string& url, const ports::Clock& clock = DefaultClock());

}  // namespace backcare::store

#endif  // BACKCARE_STORE_POSTGRES_POSTGRES_STORE_H_
