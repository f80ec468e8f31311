// The audit trail: every read and write of patient data appends an event (who, role, action,
// record type and id, when, from where) to the clinic's append-only, hash-chained log:
//   hash_n = hex(SHA-256(hash_{n-1} || CanonicalAuditBytes(event_n)))   (hash_0 = "")
// so editing, deleting, inserting or reordering stored events breaks the chain at the first
// tampered sequence number, which VerifyAuditChain names. Events hold ids only: never patient
// names, contact details or note text.
//
// Limit: the chain has no secret key, so someone who can rewrite the whole tail of the table and
// recompute every later hash, or who truncates the newest events, is not detected by the chain
// alone; compare `head_hash` / `events` with a copy kept elsewhere for that.
#ifndef BACKCARE_APP_AUDIT_TRAIL_H_
#define BACKCARE_APP_AUDIT_TRAIL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "app/actor.h"
#include "core/base/result.h"
#include "core/clinic/audit_event.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"

namespace backcare::app {

// The exact bytes hashed for an event: every field except clinic_id, prev_hash and hash, each as
// "name=<decimal length>:<value>\n" in a fixed order (seq, at as Unix microseconds, actor id or
// empty, role, action, record_type, record_id, from), so no two different events serialise alike.
std::string CanonicalAuditBytes(const clinic::AuditEvent& event);

// hex(SHA-256(prev_hash || CanonicalAuditBytes(event))), lower case, 64 characters.
std::string ComputeAuditHash(std::string_view prev_hash, const clinic::AuditEvent& event);

// Appends one event for `context` to the clinic's chain inside `transaction` (so it commits or
// rolls back with the use case's writes): seq = last + 1, at = `at`, prev_hash = the last hash.
// Errors: those of the store (kConflict when another writer appended the same seq first).
Status AppendAudit(ports::Transaction& transaction, const RequestContext& context,
                   clinic::Timestamp at, std::string_view action, std::string_view record_type,
                   std::int64_t record_id);

// The newest event of one clinic's chain, as a writer appending several events sees it.
struct AuditHead {
  std::int64_t seq = 0;  // 0: the chain is empty
  std::string hash;
};

// The event AppendAudit would append after `head` (seq, prev_hash and hash filled in), for a
// writer that appends several events at once (AuditLog).
clinic::AuditEvent NextAuditEvent(const AuditHead& head, const RequestContext& context,
                                  clinic::Timestamp at, std::string_view action,
                                  std::string_view record_type, std::int64_t record_id);

struct AuditChainReport {
  std::int64_t events = 0;  // events checked
  std::string head_hash;    // hash of the last event ("" when none)
};

// Checks `events` (one clinic's, in stored order): seq must run 1, 2, 3, ... with no gap or
// repeat, each prev_hash must equal the previous event's hash and each hash must match
// ComputeAuditHash. kDataCorruption naming the first bad sequence number:
//   "audit chain broken at event 7: expected seq 7, found seq 8"      (deleted or inserted)
//   "audit chain broken at event 7: prev_hash does not match event 6" (reordered or inserted)
//   "audit chain broken at event 7: hash does not match its contents" (edited)
Result<AuditChainReport> VerifyAuditEvents(std::span<const clinic::AuditEvent> events);

// VerifyAuditEvents over every event of `clinic_id`, read in pages from `transaction`.
// Messages are prefixed with "clinic N: ". Errors of the store pass through.
Result<AuditChainReport> VerifyAuditChain(ports::Transaction& transaction, ClinicId clinic_id);

}  // namespace backcare::app

#endif  // BACKCARE_APP_AUDIT_TRAIL_H_
