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
