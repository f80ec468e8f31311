// A test instrument for SQLite's I/O, like SQLite's own fault-injection VFS: a VFS over the
// default one that counts the reads, writes, truncations and syncs of every database, journal and
// WAL file, and fails the Nth with the matching SQLITE_IOERR_* once armed. Installed as the
// process's default VFS, so every connection opened afterwards goes through it; disarmed it only
// counts. Used by tests that loop N over a use case (tests/io_faults/io_faults_test.cc); the server
// never installs it.
#ifndef BACKCARE_STORE_SQLITE_FAULT_VFS_H_
#define BACKCARE_STORE_SQLITE_FAULT_VFS_H_

#include <cstdint>
#include <string>

#include "core/base/result.h"

namespace backcare::store {

// Registers the counting VFS as the default (once per process; later calls do nothing).
void InstallFaultVfs();
// Counts I/O operations from zero again and fails operation `fail_at` (1-based; 0: none).
void ArmFaultVfs(std::int64_t fail_at);
// Stops failing; returns the operations counted since ArmFaultVfs.
std::int64_t DisarmFaultVfs();
// Whether the armed operation was reached (and failed) since ArmFaultVfs.
bool FaultVfsFired();

// "ok", or the problems `PRAGMA integrity_check` reports for the SQLite database at `path`
// (opened read-only, on its own connection). kUnavailable when it cannot be opened.
Result<std::string> SqliteIntegrityCheck(const std::string& path);

}  // namespace backcare::store

#endif  // BACKCARE_STORE_SQLITE_FAULT_VFS_H_
