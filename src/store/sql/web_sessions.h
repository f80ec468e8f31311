// The SQL of browser sessions, failed logins, access links and calendar feeds. Each function is the
// ports::Transaction method of the same name (the contract is in core/ports/clinic_store.h), run on
// `db`'s open transaction; the caller (sql_transaction.cc) has checked that the transaction is
// open, and writable for writes.
#ifndef BACKCARE_STORE_SQL_WEB_SESSIONS_H_
#define BACKCARE_STORE_SQL_WEB_SESSIONS_H_

#include <string_view>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/access_link.h"
#include "core/clinic/calendar_feed.h"
#include "core/clinic/web_session.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Status CreateWebSession(Connection& db, const clinic::WebSession& session);
Result<clinic::WebSession> FindWebSession(Connection& db, std::string_view id_hash);
Status TouchWebSession(Connection& db, std::string_view id_hash, clinic::Timestamp at);
Status DeleteWebSession(Connection& db, std::string_view id_hash);
Status DeleteUserWebSessions(Connection& db, ClinicId clinic_id, UserId user_id);
Result<std::vector<clinic::WebSession>> ListUserWebSessions(Connection& db, ClinicId clinic_id,
                                                            UserId user_id);
Status ReplaceRecoveryCodes(Connection& db, ClinicId clinic_id, UserId user_id,
                            const std::vector<std::string>& code_hashes);
Status UseRecoveryCode(Connection& db, ClinicId clinic_id, UserId user_id,
                       std::string_view code_hash, clinic::Timestamp at);
Result<int> CountRecoveryCodes(Connection& db, ClinicId clinic_id, UserId user_id);
Status ClaimTotpStep(Connection& db, ClinicId clinic_id, UserId user_id, std::int64_t step);
Status AddLoginFailure(Connection& db, std::string_view key, clinic::Timestamp at);
Result<std::vector<clinic::Timestamp>> ListLoginFailures(Connection& db, std::string_view key,
                                                         clinic::Timestamp since);
Status ClearLoginFailures(Connection& db, std::string_view key);
Status PruneLogins(Connection& db, clinic::Timestamp sessions_seen_before,
                   clinic::Timestamp failures_before);
Status CreateAccessLink(Connection& db, const clinic::AccessLink& link);
Result<clinic::AccessLink> FindAccessLink(Connection& db, std::string_view token_hash);
Status UseAccessLink(Connection& db, std::string_view token_hash, clinic::Timestamp at);
Status DeleteUnusedAccessLinks(Connection& db, ClinicId clinic_id, UserId user_id);
Status ReplaceCalendarFeed(Connection& db, const clinic::CalendarFeed& feed);
Result<clinic::CalendarFeed> FindCalendarFeed(Connection& db, std::string_view token_hash);
Status DeleteCalendarFeed(Connection& db, ClinicId clinic_id, UserId user_id);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_WEB_SESSIONS_H_
