#include "store/sql/web_sessions.h"

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::WebSession> ReadWebSession(const Row& row) {
  RowReader r(row, "web_sessions");
  clinic::WebSession session;
  session.id_hash = r.Text("id_hash");
  session.clinic_id = ClinicId(r.Int("clinic_id"));
  session.user_id = UserId(r.Int("user_id"));
  session.created_at = r.Time("created_at_us");
  session.last_seen_at = r.Time("last_seen_at_us");
  RETURN_IF_ERROR(r.status());
  return session;
}

Result<clinic::Timestamp> ReadFailure(const Row& row) {
  RowReader r(row, "login_failures");
  clinic::Timestamp at = r.Time("at_us");
  RETURN_IF_ERROR(r.status());
  return at;
}

constexpr Mapping<clinic::WebSession> kWebSessions{
    "id_hash, clinic_id, user_id, created_at_us, last_seen_at_us", "web_sessions", "session",
    &ReadWebSession};

}  // namespace

Status CreateWebSession(Connection& db, const clinic::WebSession& session) {
  RETURN_IF_ERROR(ValidateWebSession(session));
  RETURN_IF_ERROR(Require(db, "users", "user", session.clinic_id, session.user_id.value()));
  ASSIGN_OR_RETURN(auto existing,
                   SelectFirst(db, kWebSessions, "WHERE id_hash = $1", {V(session.id_hash)}));
  if (existing) {
    return ConflictError("web_sessions", "id_hash");
  }
  return Write(db,
               "INSERT INTO web_sessions (id_hash, clinic_id, user_id, created_at_us, "
               "last_seen_at_us) VALUES ($1, $2, $3, $4, $5)",
               {V(session.id_hash), V(session.clinic_id), V(session.user_id), V(session.created_at),
                V(session.last_seen_at)});
}

Result<clinic::WebSession> FindWebSession(Connection& db, std::string_view id_hash) {
  ASSIGN_OR_RETURN(auto session, SelectFirst(db, kWebSessions, "WHERE id_hash = $1", {V(id_hash)}));
  if (!session) {
    return NotFound("session not found");
  }
  return std::move(*session);
}

Status TouchWebSession(Connection& db, std::string_view id_hash, clinic::Timestamp at) {
  return Write(db, "UPDATE web_sessions SET last_seen_at_us = $2 WHERE id_hash = $1",
               {V(id_hash), V(at)});
}

Status DeleteWebSession(Connection& db, std::string_view id_hash) {
  return Write(db, "DELETE FROM web_sessions WHERE id_hash = $1", {V(id_hash)});
}

Status DeleteUserWebSessions(Connection& db, ClinicId clinic_id, UserId user_id) {
  return Write(db, "DELETE FROM web_sessions WHERE clinic_id = $1 AND user_id = $2",
               {V(clinic_id), V(user_id)});
}

Status AddLoginFailure(Connection& db, std::string_view key, clinic::Timestamp at) {
  RETURN_IF_ERROR(ValidateLoginFailureKey(key));
  return Write(db, "INSERT INTO login_failures (throttle_key, at_us) VALUES ($1, $2)",
               {V(key), V(at)});
}

Result<std::vector<clinic::Timestamp>> ListLoginFailures(Connection& db, std::string_view key,
                                                         clinic::Timestamp since) {
  return QueryAll(db,
                  "SELECT at_us FROM login_failures WHERE throttle_key = $1 AND at_us >= $2 "
                  "ORDER BY at_us",
                  {V(key), V(since)}, &ReadFailure);
}

Status ClearLoginFailures(Connection& db, std::string_view key) {
  return Write(db, "DELETE FROM login_failures WHERE throttle_key = $1", {V(key)});
}

Status PruneLogins(Connection& db, clinic::Timestamp sessions_seen_before,
                   clinic::Timestamp failures_before) {
  RETURN_IF_ERROR(
      Write(db, "DELETE FROM web_sessions WHERE last_seen_at_us < $1", {V(sessions_seen_before)}));
  return Write(db, "DELETE FROM login_failures WHERE at_us < $1", {V(failures_before)});
}

}  // namespace backcare::store::sql
