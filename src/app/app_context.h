// What every use-case service needs from the composition root: the store, the clock, the
// protocol new courses follow, a way to get a clinic's time zone and the audit log of reads.
// src/app includes only core headers, so the caller (main.cc, the CLI, the HTTP server, tests)
// loads the protocol (e.g. exchange::LoadDefaultProtocol()) and the time-zone adapter
// (src/exchange/tz) and hands them in.
#ifndef BACKCARE_APP_APP_CONTEXT_H_
#define BACKCARE_APP_APP_CONTEXT_H_

#include <functional>
#include <memory>
#include <string_view>

#include "core/base/result.h"
#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "core/ports/time_zone.h"
#include "core/protocol/protocol.h"

namespace backcare::app {

class AuditLog;

// The time zone named `iana_name` (e.g. "Europe/Berlin"); kInvalidInput when unknown.
// Must be thread-safe.
using TimeZoneLookup =
    std::function<Result<std::shared_ptr<const ports::TimeZone>>(std::string_view iana_name)>;

// Borrowed references: everything must outlive every service built from it. Services copy the
// AppContext, keep no other mutable state (AccountService's dummy hash is set once, thread-safely)
// and may be shared by threads; each call runs in its own store transaction. The protocol must be
// valid (protocol::ValidateProtocol); courses record its id and version, and a use case on a course
// pinned to another protocol id or version fails with kFailedPrecondition.
struct AppContext {
  ports::ClinicStore& store;
  const ports::Clock& clock;
  const protocol::Protocol& protocol;
  TimeZoneLookup time_zones;
  // Records the audit events of reads (group commit over `store`; app/audit_log.h).
  AuditLog& audit_log;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_APP_CONTEXT_H_
