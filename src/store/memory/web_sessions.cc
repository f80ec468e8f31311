#include <algorithm>
#include <string>
#include <utility>

#include "store/common/validation.h"
#include "store/memory/transaction.h"

namespace backcare::store::memory {

Status MemoryTransaction::CreateWebSession(const clinic::WebSession& session) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateWebSession(session));
  RETURN_IF_ERROR(Require(draft().users, "user", session.clinic_id, session.user_id.value()));
  if (draft().web_sessions.contains(session.id_hash)) {
    return ConflictError("web_sessions", "id_hash");
  }
  clinic::WebSession row = session;
  row.created_at = Micros(row.created_at);
  row.last_seen_at = Micros(row.last_seen_at);
  draft().web_sessions.emplace(row.id_hash, std::move(row));
  return OkStatus();
}

Result<clinic::WebSession> MemoryTransaction::FindWebSession(std::string_view id_hash) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().web_sessions.find(id_hash);
  if (it == state().web_sessions.end()) {
    return NotFound("session not found");
  }
  return it->second;
}

Status MemoryTransaction::TouchWebSession(std::string_view id_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  auto it = draft().web_sessions.find(id_hash);
  if (it != draft().web_sessions.end()) {
    it->second.last_seen_at = Micros(at);
  }
  return OkStatus();
}

Status MemoryTransaction::DeleteWebSession(std::string_view id_hash) {
  RETURN_IF_ERROR(CheckWrite());
  auto it = draft().web_sessions.find(id_hash);
  if (it != draft().web_sessions.end()) {
    draft().web_sessions.erase(it);
  }
  return OkStatus();
}

Status MemoryTransaction::DeleteUserWebSessions(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(CheckWrite());
  std::erase_if(draft().web_sessions, [&](const auto& item) {
    return item.second.clinic_id == clinic_id && item.second.user_id == user_id;
  });
  return OkStatus();
}

Result<std::vector<clinic::WebSession>> MemoryTransaction::ListUserWebSessions(ClinicId clinic_id,
                                                                               UserId user_id) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::WebSession> sessions;
  for (const auto& [hash, session] : state().web_sessions) {
    if (session.clinic_id == clinic_id && session.user_id == user_id) {
      sessions.push_back(session);
    }
  }
  std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id_hash < b.id_hash;
  });
  return sessions;
}

Status MemoryTransaction::ReplaceRecoveryCodes(ClinicId clinic_id, UserId user_id,
                                               const std::vector<std::string>& code_hashes) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateRecoveryCodeHashes(code_hashes));
  RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, user_id.value()));
  auto& codes = draft().recovery_codes[{clinic_id.value(), user_id.value()}];
  codes.clear();
  for (const std::string& hash : code_hashes) {
    codes.emplace(hash, std::nullopt);
  }
  return OkStatus();
}

Status MemoryTransaction::UseRecoveryCode(ClinicId clinic_id, UserId user_id,
                                          std::string_view code_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  auto user = draft().recovery_codes.find({clinic_id.value(), user_id.value()});
  if (user != draft().recovery_codes.end()) {
    auto code = user->second.find(code_hash);
    if (code != user->second.end() && !code->second) {
      code->second = Micros(at);
      return OkStatus();
    }
  }
  return NotFound("recovery code not found");
}

Result<int> MemoryTransaction::CountRecoveryCodes(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto user = state().recovery_codes.find({clinic_id.value(), user_id.value()});
  if (user == state().recovery_codes.end()) {
    return 0;
  }
  return static_cast<int>(std::count_if(user->second.begin(), user->second.end(),
                                        [](const auto& code) { return !code.second; }));
}

Status MemoryTransaction::ClaimTotpStep(ClinicId clinic_id, UserId user_id, std::int64_t step) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::User * row, Require(draft().users, "user", clinic_id, user_id.value()));
  if (row->totp_last_step >= step) {
    return Conflict("the code was used already");
  }
  row->totp_last_step = step;
  return OkStatus();
}

Status MemoryTransaction::AddLoginFailure(std::string_view key, clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateLoginFailureKey(key));
  draft().login_failures.emplace(std::string(key), Micros(at));
  return OkStatus();
}

Result<std::vector<clinic::Timestamp>> MemoryTransaction::ListLoginFailures(
    std::string_view key, clinic::Timestamp since) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::Timestamp> failures;
  auto [first, last] = state().login_failures.equal_range(key);
  for (auto it = first; it != last; ++it) {
    if (it->second >= since) {
      failures.push_back(it->second);
    }
  }
  std::sort(failures.begin(), failures.end());
  return failures;
}

Status MemoryTransaction::ClearLoginFailures(std::string_view key) {
  RETURN_IF_ERROR(CheckWrite());
  auto [first, last] = draft().login_failures.equal_range(key);
  draft().login_failures.erase(first, last);
  return OkStatus();
}

Status MemoryTransaction::PruneLogins(clinic::Timestamp sessions_seen_before,
                                      clinic::Timestamp failures_before) {
  RETURN_IF_ERROR(CheckWrite());
  std::erase_if(draft().web_sessions,
                [&](const auto& item) { return item.second.last_seen_at < sessions_seen_before; });
  std::erase_if(draft().login_failures,
                [&](const auto& item) { return item.second < failures_before; });
  return OkStatus();
}

Status MemoryTransaction::CreateAccessLink(const clinic::AccessLink& link) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateAccessLink(link));
  RETURN_IF_ERROR(Require(draft().users, "user", link.clinic_id, link.user_id.value()));
  if (link.created_by) {
    RETURN_IF_ERROR(Require(draft().users, "user", link.clinic_id, link.created_by->value()));
  }
  if (draft().access_links.contains(link.token_hash)) {
    return ConflictError("access_links", "token_hash");
  }
  clinic::AccessLink row = link;
  row.created_at = Micros(row.created_at);
  row.expires_at = Micros(row.expires_at);
  row.used_at.reset();
  draft().access_links.emplace(row.token_hash, std::move(row));
  return OkStatus();
}

Result<clinic::AccessLink> MemoryTransaction::FindAccessLink(std::string_view token_hash) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().access_links.find(token_hash);
  if (it == state().access_links.end()) {
    return NotFound("link not found");
  }
  return it->second;
}

Status MemoryTransaction::UseAccessLink(std::string_view token_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(CheckWrite());
  auto it = draft().access_links.find(token_hash);
  if (it == draft().access_links.end()) {
    return NotFound("link not found");
  }
  if (it->second.used_at) {
    return Gone("link was used already");
  }
  it->second.used_at = Micros(at);
  return OkStatus();
}

Status MemoryTransaction::DeleteUnusedAccessLinks(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(CheckWrite());
  std::erase_if(draft().access_links, [&](const auto& item) {
    const clinic::AccessLink& link = item.second;
    return link.clinic_id == clinic_id && link.user_id == user_id && !link.used_at;
  });
  return OkStatus();
}

Status MemoryTransaction::ReplaceCalendarFeed(const clinic::CalendarFeed& feed) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateCalendarFeed(feed));
  RETURN_IF_ERROR(Require(draft().users, "user", feed.clinic_id, feed.user_id.value()));
  if (auto it = draft().calendar_feeds.find(feed.token_hash);
      it != draft().calendar_feeds.end() &&
      (it->second.clinic_id != feed.clinic_id || it->second.user_id != feed.user_id)) {
    return ConflictError("calendar_feeds", "token_hash");
  }
  std::erase_if(draft().calendar_feeds, [&](const auto& item) {
    return item.second.clinic_id == feed.clinic_id && item.second.user_id == feed.user_id;
  });
  clinic::CalendarFeed row = feed;
  row.created_at = Micros(row.created_at);
  draft().calendar_feeds.emplace(row.token_hash, std::move(row));
  return OkStatus();
}

Result<clinic::CalendarFeed> MemoryTransaction::FindCalendarFeed(std::string_view token_hash) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().calendar_feeds.find(token_hash);
  if (it == state().calendar_feeds.end()) {
    return NotFound("feed not found");
  }
  return it->second;
}

Status MemoryTransaction::DeleteCalendarFeed(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(CheckWrite());
  std::erase_if(draft().calendar_feeds, [&](const auto& item) {
    return item.second.clinic_id == clinic_id && item.second.user_id == user_id;
  });
  return OkStatus();
}

}  // namespace backcare::store::memory
