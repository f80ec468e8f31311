// SQLite database files on disk: which URLs name one, and how to start one afresh. SQLite keeps a
// database in PATH plus, while it is open or after a crash, the siblings PATH-wal, PATH-shm
// (write-ahead log) and PATH-journal (rollback journal); replacing a database means removing all
// of them, or SQLite would replay an old log into the new file.
#ifndef BACKCARE_STORE_SQLITE_SQLITE_FILE_H_
#define BACKCARE_STORE_SQLITE_SQLITE_FILE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::store {

// PATH of a "sqlite:PATH" database URL; nullopt for "sqlite::memory:" and every other URL.
std::optional<std::string> SqliteFilePath(std::string_view url);

// For a "sqlite:PATH" URL: creates PATH's folder and deletes PATH with its -wal, -shm and
// -journal siblings (missing files are fine), so that the next open starts an empty database;
// returns PATH. For any other URL does nothing and returns nullopt.
// kUnavailable "cannot create folder 'DIR': REASON" or "cannot replace 'FILE': REASON".
Result<std::optional<std::string>> DeleteSqliteDatabase(std::string_view url);

}  // namespace backcare::store

#endif  // BACKCARE_STORE_SQLITE_SQLITE_FILE_H_
