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
  session.stage = r.Enum(
      "stage", [](std::string_view name) { return ValueOf(clinic::kSessionStageNames, name); });
  session.user_agent = r.Text("user_agent");
  session.address = r.Text("address");
  RETURN_IF_ERROR(r.status());
  return session;
}

Result<clinic::Timestamp> ReadFailure(const Row& row) {
  RowReader r(row, "login_failures");
  clinic::Timestamp at = r.Time("at_us");
  RETURN_IF_ERROR(r.status());
  return at;
}

Result<std::int64_t> ReadCount(const Row& row) {
  RowReader r(row, "recovery_codes");
  const std::int64_t count = r.Int("n");
  RETURN_IF_ERROR(r.status());
  return count;
}

Result<clinic::AccessLink> ReadAccessLink(const Row& row) {
  RowReader r(row, "access_links");
  clinic::AccessLink link;
  link.token_hash = r.Text("token_hash");
  link.clinic_id = ClinicId(r.Int("clinic_id"));
  link.user_id = UserId(r.Int("user_id"));
  link.purpose = r.Enum(
      "purpose", [](std::string_view name) { return ValueOf(clinic::kAccessPurposeNames, name); });
  link.created_by = r.OptionalId<UserId>("created_by");
  link.created_at = r.Time("created_at_us");
  link.expires_at = r.Time("expires_at_us");
  link.used_at = r.OptionalTime("used_at_us");
  RETURN_IF_ERROR(r.status());
  return link;
}

constexpr Mapping<clinic::AccessLink> kAccessLinks{
    "token_hash, clinic_id, user_id, purpose, created_by, created_at_us, expires_at_us, used_at_us",
    "access_links", "link", &ReadAccessLink};

Result<clinic::CalendarFeed> ReadCalendarFeed(const Row& row) {
  RowReader r(row, "calendar_feeds");
  clinic::CalendarFeed feed;
  feed.token_hash = r.Text("token_hash");
  feed.clinic_id = ClinicId(r.Int("clinic_id"));
  feed.user_id = UserId(r.Int("user_id"));
  feed.created_at = r.Time("created_at_us");
  RETURN_IF_ERROR(r.status());
  return feed;
}

constexpr Mapping<clinic::CalendarFeed> kCalendarFeeds{
    "token_hash, clinic_id, user_id, created_at_us", "calendar_feeds", "feed", &ReadCalendarFeed};

constexpr Mapping<clinic::WebSession> kWebSessions{
    "id_hash, clinic_id, user_id, created_at_us, last_seen_at_us, stage, user_agent, address",
    "web_sessions", "session", &ReadWebSession};

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
               "last_seen_at_us, stage, user_agent, address) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
               {V(session.id_hash), V(session.clinic_id), V(session.user_id), V(session.created_at),
                V(session.last_seen_at), V(NameOf(clinic::kSessionStageNames, session.stage)),
                V(session.user_agent), V(session.address)});
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

Result<std::vector<clinic::WebSession>> ListUserWebSessions(Connection& db, ClinicId clinic_id,
                                                            UserId user_id) {
  return SelectAll(db, kWebSessions,
                   "WHERE clinic_id = $1 AND user_id = $2 ORDER BY created_at_us DESC, id_hash",
                   {V(clinic_id), V(user_id)});
}

Status ReplaceRecoveryCodes(Connection& db, ClinicId clinic_id, UserId user_id,
                            const std::vector<std::string>& code_hashes) {
  RETURN_IF_ERROR(ValidateRecoveryCodeHashes(code_hashes));
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, user_id.value()));
  RETURN_IF_ERROR(Write(db, "DELETE FROM recovery_codes WHERE clinic_id = $1 AND user_id = $2",
                        {V(clinic_id), V(user_id)}));
  for (const std::string& hash : code_hashes) {
    RETURN_IF_ERROR(Write(db,
                          "INSERT INTO recovery_codes (clinic_id, user_id, code_hash) "
                          "VALUES ($1, $2, $3)",
                          {V(clinic_id), V(user_id), V(hash)}));
  }
  return OkStatus();
}

Status UseRecoveryCode(Connection& db, ClinicId clinic_id, UserId user_id,
                       std::string_view code_hash, clinic::Timestamp at) {
  // One statement decides, so two requests with the same code cannot both succeed.
  const Params params = {V(clinic_id), V(user_id), V(code_hash), V(at)};
  ASSIGN_OR_RETURN(std::int64_t changed,
                   db.Execute("UPDATE recovery_codes SET used_at_us = $4 WHERE clinic_id = $1 "
                              "AND user_id = $2 AND code_hash = $3 AND used_at_us IS NULL",
                              params));
  if (changed == 1) {
    return OkStatus();
  }
  return NotFound("recovery code not found");
}

Result<int> CountRecoveryCodes(Connection& db, ClinicId clinic_id, UserId user_id) {
  ASSIGN_OR_RETURN(std::vector<std::int64_t> counts,
                   QueryAll(db,
                            "SELECT count(*) AS n FROM recovery_codes WHERE clinic_id = $1 "
                            "AND user_id = $2 AND used_at_us IS NULL",
                            {V(clinic_id), V(user_id)}, &ReadCount));
  return counts.empty() ? 0 : static_cast<int>(counts.front());
}

Status ClaimTotpStep(Connection& db, ClinicId clinic_id, UserId user_id, std::int64_t step) {
  // One statement decides: of two requests with the same code, the second updates no row.
  const Params params = {V(clinic_id), V(user_id), V(step)};
  ASSIGN_OR_RETURN(std::int64_t changed,
                   db.Execute("UPDATE users SET totp_last_step = $3 WHERE clinic_id = $1 "
                              "AND id = $2 AND totp_last_step < $3",
                              params));
  if (changed == 1) {
    return OkStatus();
  }
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, user_id.value()));
  return Conflict("the code was used already");
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

Status CreateAccessLink(Connection& db, const clinic::AccessLink& link) {
  RETURN_IF_ERROR(ValidateAccessLink(link));
  RETURN_IF_ERROR(Require(db, "users", "user", link.clinic_id, link.user_id.value()));
  if (link.created_by) {
    RETURN_IF_ERROR(Require(db, "users", "user", link.clinic_id, link.created_by->value()));
  }
  ASSIGN_OR_RETURN(auto existing,
                   SelectFirst(db, kAccessLinks, "WHERE token_hash = $1", {V(link.token_hash)}));
  if (existing) {
    return ConflictError("access_links", "token_hash");
  }
  return Write(db,
               "INSERT INTO access_links (token_hash, clinic_id, user_id, purpose, created_by, "
               "created_at_us, expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7)",
               {V(link.token_hash), V(link.clinic_id), V(link.user_id),
                V(NameOf(clinic::kAccessPurposeNames, link.purpose)), V(link.created_by),
                V(link.created_at), V(link.expires_at)});
}

Result<clinic::AccessLink> FindAccessLink(Connection& db, std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto link,
                   SelectFirst(db, kAccessLinks, "WHERE token_hash = $1", {V(token_hash)}));
  if (!link) {
    return NotFound("link not found");
  }
  return std::move(*link);
}

Status UseAccessLink(Connection& db, std::string_view token_hash, clinic::Timestamp at) {
  // One statement decides: of two transactions using the same link, the second updates no row.
  const Params params = {V(token_hash), V(at)};
  ASSIGN_OR_RETURN(std::int64_t changed, db.Execute("UPDATE access_links SET used_at_us = $2 "
                                                    "WHERE token_hash = $1 AND used_at_us IS NULL",
                                                    params));
  if (changed == 1) {
    return OkStatus();
  }
  auto link = FindAccessLink(db, token_hash);
  if (!link) {
    return std::move(link).error();  // kNotFound
  }
  return Gone("link was used already");
}

Status DeleteUnusedAccessLinks(Connection& db, ClinicId clinic_id, UserId user_id) {
  return Write(db,
               "DELETE FROM access_links WHERE clinic_id = $1 AND user_id = $2 "
               "AND used_at_us IS NULL",
               {V(clinic_id), V(user_id)});
}

Status ReplaceCalendarFeed(Connection& db, const clinic::CalendarFeed& feed) {
  RETURN_IF_ERROR(ValidateCalendarFeed(feed));
  RETURN_IF_ERROR(Require(db, "users", "user", feed.clinic_id, feed.user_id.value()));
  ASSIGN_OR_RETURN(auto existing,
                   SelectFirst(db, kCalendarFeeds, "WHERE token_hash = $1", {V(feed.token_hash)}));
  if (existing && (existing->clinic_id != feed.clinic_id || existing->user_id != feed.user_id)) {
    return ConflictError("calendar_feeds", "token_hash");
  }
  RETURN_IF_ERROR(DeleteCalendarFeed(db, feed.clinic_id, feed.user_id));
  return Write(db,
               "INSERT INTO calendar_feeds (token_hash, clinic_id, user_id, created_at_us) "
               "VALUES ($1, $2, $3, $4)",
               {V(feed.token_hash), V(feed.clinic_id), V(feed.user_id), V(feed.created_at)});
}

Result<clinic::CalendarFeed> FindCalendarFeed(Connection& db, std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto feed,
                   SelectFirst(db, kCalendarFeeds, "WHERE token_hash = $1", {V(token_hash)}));
  if (!feed) {
    return NotFound("feed not found");
  }
  return std::move(*feed);
}

Status DeleteCalendarFeed(Connection& db, ClinicId clinic_id, UserId user_id) {
  return Write(db, "DELETE FROM calendar_feeds WHERE clinic_id = $1 AND user_id = $2",
               {V(clinic_id), V(user_id)});
}

}  // namespace backcare::store::sql
