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

const std::string& PatientAccessEventsSql() {
  // One branch per kind of record, each an index lookup: the patient's rows of the record's
  // table (by its patient index), then their events by audit_events_record (clinic_id,
  // record_type, record_id, seq). The sort keeps at most `limit` rows (SQLite's sorter limit,
  // PostgreSQL's top-N heapsort). "+seq", an expression, so that neither planner orders by
  // walking the primary key (clinic_id, seq) backwards through the whole chain, filtering each
  // event against the patient's records (SQLite did, merging the branches in seq order; the
  // expression also keeps SQLite from flattening the union into the outer query).
  struct Owned {
    std::string_view record_type;
    std::string_view rows;  // SELECT of the patient's record ids
  };
  static constexpr Owned kOwned[] = {
      {"session", "SELECT id FROM sessions WHERE clinic_id = $1 AND patient_id = $2"},
      {"session_note",
       "SELECT n.id FROM session_notes AS n JOIN sessions AS s ON s.clinic_id = n.clinic_id "
       "AND s.id = n.session_id WHERE s.clinic_id = $1 AND s.patient_id = $2"},
      {"response",
       "SELECT id FROM questionnaire_responses WHERE clinic_id = $1 AND patient_id = $2"},
      {"course", "SELECT id FROM courses WHERE clinic_id = $1 AND patient_id = $2"},
      {"screening", "SELECT id FROM screening_results WHERE clinic_id = $1 AND patient_id = $2"},
      {"home_program",
       "SELECT id FROM home_program_assignments WHERE clinic_id = $1 AND patient_id = $2"},
      {"alert", "SELECT id FROM alerts WHERE clinic_id = $1 AND patient_id = $2"},
  };
  static const std::string kSql = [] {
    std::string sql = Cat({"SELECT ", kAuditEvents.columns, " FROM (SELECT ", kAuditEvents.columns,
                           " FROM audit_events WHERE clinic_id = $1 AND record_type = 'patient' "
                           "AND record_id = $2 AND seq < $3"});
    for (const Owned& owned : kOwned) {
      sql += Cat({" UNION ALL SELECT ", kAuditEvents.columns,
                  " FROM audit_events WHERE clinic_id = $1 AND record_type = '", owned.record_type,
                  "' AND record_id IN (", owned.rows, ") AND seq < $3"});
    }
    sql +=
        ") AS about WHERE actor IS NULL OR actor NOT IN (SELECT id FROM users WHERE clinic_id = $1 "
        "AND patient_id = $2) ORDER BY +seq DESC LIMIT $4";
    return sql;
  }();
  return kSql;
}

Result<std::vector<clinic::AuditEvent>> ListPatientAccessEvents(Connection& db, ClinicId clinic_id,
                                                                PatientId patient_id,
                                                                std::int64_t before_seq,
                                                                int limit) {
  return QueryAll(db, PatientAccessEventsSql(),
                  {V(clinic_id), V(patient_id), V(before_seq), V(std::max(limit, 0))},
                  kAuditEvents.read);
}

}  // namespace backcare::store::sql
