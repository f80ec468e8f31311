#include "store/sql/audit.h"

#include <algorithm>
#include <string>
#include <vector>

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::AuditEvent> ReadAudit(const Row& row) {
  RowReader r(row, "audit_events");
  clinic::AuditEvent event;
  event.clinic_id = ClinicId(r.Int("clinic_id"));
  event.seq = r.Int("seq");
  event.at = r.Time("at_us");
  event.actor = r.OptionalId<UserId>("actor");
  event.role = r.Text("role");
  event.action = r.Text("action");
  event.record_type = r.Text("record_type");
  event.record_id = r.Int("record_id");
  event.from_address = r.Text("from_address");
  event.prev_hash = r.Text("prev_hash");
  event.hash = r.Text("hash");
  RETURN_IF_ERROR(r.status());
  return event;
}

// Also the column list of the INSERT, in the same order.
constexpr Mapping<clinic::AuditEvent> kAuditEvents{
    "clinic_id, seq, at_us, actor, role, action, record_type, record_id, from_address, "
    "prev_hash, hash",
    "audit_events", "audit event", &ReadAudit};

// kConflict "audit_events.seq: already exists" unless the events continue the clinic's chain
// (seq = last + 1, each); kNotFound for an actor not in the clinic (each checked once).
Status CheckAuditEvents(Connection& db, ClinicId clinic_id,
                        std::span<const clinic::AuditEvent> events) {
  ASSIGN_OR_RETURN(auto rows, db.Query("SELECT max(seq) FROM audit_events WHERE clinic_id = $1",
                                       Params{V(clinic_id)}));
  RowReader r(rows.at(0), "audit_events");
  std::int64_t expected = r.OptionalInt("seq").value_or(0) + 1;
  RETURN_IF_ERROR(r.status());
  std::vector<std::int64_t> actors;  // each checked once per call
  for (const clinic::AuditEvent& event : events) {
    RETURN_IF_ERROR(ValidateAuditEvent(event));
    if (event.seq != expected++) {
      return ConflictError("audit_events", "seq");
    }
    if (event.actor &&
        std::find(actors.begin(), actors.end(), event.actor->value()) == actors.end()) {
      RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, event.actor->value()));
      actors.push_back(event.actor->value());
    }
  }
  return OkStatus();
}

}  // namespace

Status AppendAuditEvents(Connection& db, ClinicId clinic_id,
                         std::span<const clinic::AuditEvent> events) {
  if (events.empty()) {
    return OkStatus();
  }
  RETURN_IF_ERROR(CheckAuditEvents(db, clinic_id, events));
  static const std::string kInsert =
      Cat({"INSERT INTO audit_events (", kAuditEvents.columns,
           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"});
  for (const clinic::AuditEvent& event : events) {
    RETURN_IF_ERROR(Write(db, kInsert,
                          {V(clinic_id), V(event.seq), V(event.at), V(event.actor), V(event.role),
                           V(event.action), V(event.record_type), V(event.record_id),
                           V(event.from_address), V(event.prev_hash), V(event.hash)}));
  }
  return OkStatus();
}

Result<std::optional<clinic::AuditEvent>> LastAuditEvent(Connection& db, ClinicId clinic_id) {
  return SelectFirst(db, kAuditEvents, "WHERE clinic_id = $1 ORDER BY seq DESC LIMIT 1",
                     {V(clinic_id)});
}

Status LockAuditChain(Connection& db, ClinicId clinic_id) {
  // Key space: a fixed class id ("bcad") and the clinic id folded into int4; two clinics that
  // share a fold only wait for each other, never corrupt a chain.
  RETURN_IF_ERROR(
      db.Query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(1650680164, "
               "($1::bigint % 2147483647)::int)) AS locked",
               Params{V(clinic_id)}));
  return OkStatus();
}

Result<std::vector<clinic::AuditEvent>> ListAuditEvents(Connection& db, ClinicId clinic_id,
                                                        std::int64_t after_seq, int limit) {
  return SelectAll(db, kAuditEvents, "WHERE clinic_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                   {V(clinic_id), V(after_seq), V(std::max(limit, 0))});
}

}  // namespace backcare::store::sql
