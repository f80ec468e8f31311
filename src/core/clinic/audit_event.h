// An audit event: who did what to which record, when and from where. Events form a hash chain per
// clinic (prev_hash, hash); the server computes the hashes, the store keeps events append-only in
// sequence order (the database refuses UPDATE and DELETE).
#ifndef BACKCARE_CORE_CLINIC_AUDIT_EVENT_H_
#define BACKCARE_CORE_CLINIC_AUDIT_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

struct AuditEvent {
  ClinicId clinic_id;
  // 1, 2, 3, ... per clinic with no gaps: AppendAuditEvent refuses anything but last + 1.
  std::int64_t seq = 0;
  Timestamp at;
  std::optional<UserId> actor;  // nullopt for the system itself
  std::string role;             // the actor's role name at the time, e.g. "therapist"
  std::string action;           // non-empty, e.g. "note.sign"
  std::string record_type;      // e.g. "session_note"
  std::int64_t record_id = 0;
  std::string from_address;  // client address, e.g. "127.0.0.1"; may be empty
  std::string prev_hash;     // hash of event seq - 1 ("" for seq 1)
  std::string hash;          // non-empty
  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_AUDIT_EVENT_H_
