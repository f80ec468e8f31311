// What every use-case service needs from the composition root: the store, the clock, the
// protocol catalog (which version a course or clinic follows), a way to get a clinic's time zone
// and the audit log of reads. src/app includes only core headers, so the caller (main.cc, the
// CLI, the HTTP server, tests) builds the catalog with its protocol parser and built-in protocol
// (e.g. exchange::ParseProtocolToml and exchange::LoadDefaultProtocol()) and the time-zone adapter
// (src/exchange/tz) and hands them in.
#ifndef BACKCARE_APP_APP_CONTEXT_H_
#define BACKCARE_APP_APP_CONTEXT_H_

#include <functional>
#include <memory>
#include <string_view>

#include "app/protocol_catalog.h"
#include "core/base/result.h"
#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "core/ports/time_zone.h"

namespace backcare::app {

class AuditLog;

// The time zone named `iana_name` (e.g. "Europe/Berlin"); kInvalidInput when unknown.
// Must be thread-safe.
using TimeZoneLookup =
    std::function<Result<std::shared_ptr<const ports::TimeZone>>(std::string_view iana_name)>;

// Borrowed references: everything must outlive every service built from it. Services copy the
// AppContext, keep no other mutable state (AccountService's dummy hash is set once, thread-safely)
// and may be shared by threads; each call runs in its own store transaction. A course records the
// protocol id and version it started on and is planned, banded and checked against exactly that
// version; a new course follows its clinic's active version.
struct AppContext {
  ports::ClinicStore& store;
  const ports::Clock& clock;
  const ProtocolCatalog& protocols;
  TimeZoneLookup time_zones;
  // Records the audit events of reads (group commit over `store`; app/audit_log.h).
  AuditLog& audit_log;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_APP_CONTEXT_H_
