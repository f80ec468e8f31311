#include "app/account_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/web_session_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::kTestPassword;
using testing::TestClinic;

constexpr const char* kTooEasy =
    "is too easy to guess (a keyboard pattern, repeats, a sequence or common words)";

TEST(PasswordPolicyTest, RefusesShortCommonAndSelfNamedPasswords) {
  struct Case {
    std::string password;
    std::string problem;  // empty = accepted
  };
  const std::vector<Case> cases = {
      {"short-pass", "expected at least 12 characters, got 10"},
      {"", "expected at least 12 characters, got 0"},
      {"password1234", "is a commonly used password"},
      {"QWERTYUIOP123", "is a commonly used password"},
      {"111111111111", "is a commonly used password"},
      {"sunshine2024!", "is a commonly used password"},
      {"my-jdoe-is-long", "must not contain the email address's name"},
      // Not on the list, but guessed within a million tries (zxcvbn): a keyboard walk, one
      // repeated character, a sequence, the email's words and a year.
      {"qwertyuiopasdf", kTooEasy},
      {"            ", kTooEasy},
      {"abcdefghijklmn", kTooEasy},
      {"ExampleOrg2024", kTooEasy},
      {"violet harbour lamp", ""},
      {"fixture-Passw0rd-2024", ""},
      {std::string(5000, 'x') + "Zq7!", kTooEasy},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.password);
    const Status status = CheckPasswordPolicy(c.password, "jdoe@example.org");
    if (c.problem.empty()) {
      EXPECT_OK(status);
      continue;
    }
    ASSERT_ERROR_AND_ASSIGN(Error error, status, ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, "password is too weak");
    ASSERT_EQ(error.fields.size(), 1u);
    EXPECT_EQ(error.fields[0].path, "password");
    EXPECT_EQ(error.fields[0].message, c.problem);
  }
}

TEST(PasswordPolicyTest, TheListIsSortedLowerCaseAndLarge) {
  const auto list = CommonPasswordList();
  EXPECT_GE(list.size(), 300u);
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  for (std::string_view entry : list) {
    EXPECT_TRUE(std::none_of(entry.begin(), entry.end(), [](char c) {
      return c >= 'A' && c <= 'Z';
    })) << entry;
  }
}

TEST(AccountServiceTest, LoginFailuresAreUniformAndUnknownEmailsStillVerify) {
  TestClinic t;
  const int before = t.hasher.verifications;
  ASSERT_ERROR_AND_ASSIGN(
      Error unknown, t.accounts.Login({"nobody@example.org", kTestPassword, std::nullopt}, "x"),
      ErrorCode::kUnauthenticated);
  ASSERT_ERROR_AND_ASSIGN(
      Error wrong, t.accounts.Login({"ada@example.org", "wrong password!!", std::nullopt}, "x"),
      ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.message, "invalid email or password");
  EXPECT_EQ(wrong.message, unknown.message);
  EXPECT_EQ(t.hasher.verifications - before, 2);  // the unknown email cost a verification too

  auto ok = t.accounts.Login({"ada@example.org", kTestPassword, std::nullopt}, "x");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->role, clinic::Role::kTherapist);
  EXPECT_EQ(ok->therapist_id, t.therapist_a);

  auto users = t.accounts.ListUsers(t.admin);
  ASSERT_TRUE(users);
  const auto ada = std::find_if(users->begin(), users->end(),
                                [](const UserView& u) { return u.email == "ada@example.org"; });
  ASSERT_NE(ada, users->end());
  ASSERT_TRUE(t.accounts.SetUserState(t.admin, ada->id, clinic::AccountState::kDisabled));
  ASSERT_ERROR_AND_ASSIGN(Error disabled,
                          t.accounts.Login({"ada@example.org", kTestPassword, std::nullopt}, "x"),
                          ErrorCode::kUnauthenticated);
  EXPECT_EQ(disabled.message, "invalid email or password");
}

TEST(AccountServiceTest, CreateUserListsEveryBadField) {
  TestClinic t;
  ASSERT_ERROR_AND_ASSIGN(
      Error result,
      t.accounts.CreateUser(t.admin, {"not-an-email", "X", clinic::Role::kTherapist, "short",
                                      std::nullopt, std::nullopt}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(result.fields.size(), 3u);
  EXPECT_EQ(result.fields[0].path, "email");
  EXPECT_EQ(result.fields[1].path, "password");
  EXPECT_EQ(result.fields[2].path, "therapist_id");
  ASSERT_ERROR(
      t.accounts.CreateUser(
          t.admin, {"ada@example.org", "X", clinic::Role::kFrontDesk, kTestPassword, {}, {}}),
      ErrorCode::kConflict);
}

TEST(AccountServiceTest, ApiTokensActAsTheirCreatorUntilRevoked) {
  TestClinic t;
  auto issued = t.accounts.CreateApiToken(t.therapist, "lab import");
  ASSERT_OK(issued);
  EXPECT_TRUE(issued->token.starts_with("bct_" + std::to_string(t.clinic_id.value()) + "_"));
  EXPECT_EQ(issued->token.size(), 4 + std::to_string(t.clinic_id.value()).size() + 1 + 43);
  auto actor = t.accounts.AuthenticateToken(issued->token);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->role, clinic::Role::kTherapist);
  EXPECT_EQ(actor->therapist_id, t.therapist_a);
  EXPECT_EQ(actor->user_id, issued->token_user_id);

  // Only the digest is stored.
  auto transaction = t.store->BeginReadOnly().value();
  auto stored = transaction->GetUser(t.clinic_id, issued->token_user_id).value();
  EXPECT_EQ(stored.email, "api-token:" + crypto::Sha256Hex(issued->token));
  EXPECT_TRUE(stored.password_hash.empty());
  transaction.reset();

  for (const std::string& bad : {std::string("nonsense"), std::string("bct_x_abc"),
                                 issued->token + "x", std::string("bct_99_") + "a"}) {
    SCOPED_TRACE(bad);
    ASSERT_ERROR_AND_ASSIGN(Error refused, t.accounts.AuthenticateToken(bad),
                            ErrorCode::kUnauthenticated);
    EXPECT_EQ(refused.message, "invalid API token");
  }
  // Admins list the clinic's tokens by name, never with the secret; a therapist their own.
  ASSERT_OK_AND_ASSIGN(IssuedToken admins, t.accounts.CreateApiToken(t.admin, "billing"));
  ASSERT_OK_AND_ASSIGN(std::vector<ApiTokenView> tokens, t.accounts.ListApiTokens(t.admin));
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].id, issued->token_user_id);
  EXPECT_EQ(tokens[0].name, "lab import");
  EXPECT_EQ(tokens[0].role, clinic::Role::kTherapist);
  EXPECT_EQ(tokens[0].state, clinic::AccountState::kActive);
  EXPECT_EQ(tokens[0].expires_at, t.clock.Now() + std::chrono::days(90));
  ASSERT_OK_AND_ASSIGN(std::vector<ApiTokenView> own, t.accounts.ListApiTokens(t.therapist));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].id, issued->token_user_id);
  EXPECT_ERROR(t.accounts.ListApiTokens(t.front_desk), ErrorCode::kPermissionDenied);
  // A therapist cannot revoke the admin's token (it is not theirs to see).
  EXPECT_ERROR(t.accounts.RevokeApiToken(t.therapist, admins.token_user_id), ErrorCode::kNotFound);
  EXPECT_OK(t.accounts.AuthenticateToken(admins.token));
  ASSERT_TRUE(t.accounts.RevokeApiToken(t.admin, issued->token_user_id));
  EXPECT_FALSE(t.accounts.AuthenticateToken(issued->token));
  EXPECT_EQ(t.accounts.ListApiTokens(t.admin)->at(0).state, clinic::AccountState::kDisabled);
  // Token users cannot log in with a password and are not listed.
  auto users = t.accounts.ListUsers(t.admin).value();
  EXPECT_TRUE(std::none_of(users.begin(), users.end(),
                           [](const UserView& u) { return u.email.starts_with("api-token:"); }));
}

TEST(AccountServiceTest, TokensExpireAndNeverMintTokens) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(IssuedToken week, t.accounts.CreateApiToken(t.therapist, "week", 7));
  EXPECT_EQ(week.expires_at, t.clock.Now() + std::chrono::days(7));
  ASSERT_OK_AND_ASSIGN(IssuedToken usual, t.accounts.CreateApiToken(t.therapist, "usual"));
  EXPECT_EQ(usual.expires_at, t.clock.Now() + std::chrono::days(90));
  for (int days : {0, -1, 366}) {
    ASSERT_ERROR_AND_ASSIGN(Error error, t.accounts.CreateApiToken(t.therapist, "x", days),
                            ErrorCode::kInvalidInput);
    ASSERT_EQ(error.fields.size(), 1u);
    EXPECT_EQ(error.fields[0].path, "expires_in_days");
  }
  // A request authenticated by a token cannot issue another.
  ASSERT_OK_AND_ASSIGN(Actor bot, t.accounts.AuthenticateToken(usual.token));
  ASSERT_ERROR_AND_ASSIGN(Error minted, t.accounts.CreateApiToken({bot, "test"}, "child"),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(minted.message, "an API token cannot issue API tokens; log in to issue one");
  // Works until the instant it expires.
  t.clock.Advance(std::chrono::days(7) - std::chrono::seconds(1));
  EXPECT_OK(t.accounts.AuthenticateToken(week.token));
  t.clock.Advance(std::chrono::seconds(1));
  EXPECT_ERROR(t.accounts.AuthenticateToken(week.token), ErrorCode::kUnauthenticated);
  EXPECT_OK(t.accounts.AuthenticateToken(usual.token));
}

TEST(AccountServiceTest, ATokenMadeByATokenDiesWithItsParent) {
  // Before tokens were refused the right to mint, a token could make a token; such a child, still
  // in a database, stops when its parent is revoked (it kept working before).
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(IssuedToken parent, t.accounts.CreateApiToken(t.therapist, "parent"));
  ASSERT_OK_AND_ASSIGN(IssuedToken child, t.accounts.CreateApiToken(t.therapist, "child"));
  {
    auto transaction = t.store->Begin().value();
    clinic::User user = transaction->GetUser(t.clinic_id, child.token_user_id).value();
    user.owner_id = parent.token_user_id;
    ASSERT_OK(transaction->UpdateUser(t.clinic_id, user));
    ASSERT_OK(transaction->Commit());
  }
  ASSERT_OK(t.accounts.AuthenticateToken(child.token));
  ASSERT_OK(t.accounts.RevokeApiToken(t.admin, parent.token_user_id));
  ASSERT_ERROR_AND_ASSIGN(Error refused, t.accounts.AuthenticateToken(child.token),
                          ErrorCode::kUnauthenticated);
  EXPECT_EQ(refused.message, "invalid API token");
}

TEST(CryptoTest, Argon2idHashesVerifyAndTokensAreUrlSafe) {
  auto hasher = crypto::NewArgon2idHasher();
  auto hash = hasher->Hash("violet harbour lamp");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(hasher->Verify(*hash, "violet harbour lamp"));
  EXPECT_FALSE(hasher->Verify(*hash, "violet harbour lamb"));
  EXPECT_FALSE(hasher->Verify("garbage", "violet harbour lamp"));
  auto caching = crypto::NewCachingHasher(crypto::NewArgon2idHasher());
  EXPECT_EQ(caching->Hash("same password here").value(),
            caching->Hash("same password here").value());
  const std::string token = crypto::RandomUrlSafeToken(32);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_NE(token, crypto::RandomUrlSafeToken(32));
  EXPECT_EQ(crypto::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AccountServiceTest, ATokenStopsWhenTheLoginThatMadeItIsDisabled) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(IssuedToken issued, t.accounts.CreateApiToken(t.therapist, "lab import"));
  ASSERT_OK(t.accounts.AuthenticateToken(issued.token));
  ASSERT_OK(
      t.accounts.SetUserState(t.admin, t.therapist.actor.user_id, clinic::AccountState::kDisabled));
  ASSERT_ERROR_AND_ASSIGN(Error refused, t.accounts.AuthenticateToken(issued.token),
                          ErrorCode::kUnauthenticated);
  EXPECT_EQ(refused.message, "invalid API token");
  ASSERT_OK(
      t.accounts.SetUserState(t.admin, t.therapist.actor.user_id, clinic::AccountState::kActive));
  EXPECT_OK(t.accounts.AuthenticateToken(issued.token));
}

// --- First install: a clinic with its first admin -------------------------------------------

std::vector<clinic::Clinic> Clinics(TestClinic& t) {
  auto transaction = t.store->BeginReadOnly().value();
  return transaction->ListClinics().value();
}

TEST(CreateClinicWithAdminTest, CreatesBothInOneStepAndTheAdminLogsIn) {
  TestClinic t;
  const std::size_t before = Clinics(t).size();
  ASSERT_OK_AND_ASSIGN(CreatedClinic created,
                       t.accounts.CreateClinicWithAdmin(
                           {"Harbour Physio", "Europe/London"},
                           {"lead@harbour.example", "Lead Admin", kTestPassword}, "cli"));
  EXPECT_NE(created.clinic_id, t.clinic_id);
  const std::vector<clinic::Clinic> clinics = Clinics(t);
  ASSERT_EQ(clinics.size(), before + 1);
  EXPECT_EQ(clinics.back().name, "Harbour Physio");
  EXPECT_FALSE(clinics.back().demo);

  ASSERT_OK_AND_ASSIGN(
      Actor admin, t.accounts.Login({"lead@harbour.example", kTestPassword, {}}, "198.51.100.1"));
  EXPECT_EQ(admin.clinic_id, created.clinic_id);
  EXPECT_EQ(admin.user_id, created.admin_id);
  EXPECT_EQ(admin.role, clinic::Role::kAdmin);

  // The new clinic's chain starts with the system's two events, then the login.
  auto transaction = t.store->BeginReadOnly().value();
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::AuditEvent> events,
                       transaction->ListAuditEvents(created.clinic_id, 0, 10));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].action, "clinic.create");
  EXPECT_EQ(events[0].role, "system");
  EXPECT_EQ(events[0].from_address, "cli");
  EXPECT_EQ(events[1].action, "user.create");
  EXPECT_EQ(events[1].record_id, created.admin_id.value());
  EXPECT_EQ(events[1].role, "system");
  EXPECT_EQ(events[2].action, "user.login");
}

TEST(CreateClinicWithAdminTest, NamesEveryBadFieldAndWritesNothing) {
  TestClinic t;
  const std::size_t before = Clinics(t).size();
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      t.accounts.CreateClinicWithAdmin({"", "Mars/Olympus_Mons"}, {"lead", "", "short"}, "cli"),
      ErrorCode::kInvalidInput);
  std::vector<std::string> fields;
  for (const FieldError& field : error.fields) fields.push_back(field.path + ": " + field.message);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "name: expected a non-empty name",
                        "time_zone: unknown time zone; expected an IANA name like Europe/London",
                        "admin_email: expected an email address like name@example.org",
                        "admin_password: expected at least 12 characters, got 5",
                    }));
  ASSERT_ERROR_AND_ASSIGN(
      error,
      t.accounts.CreateClinicWithAdmin({"Harbour Physio", "Europe/London"},
                                       {"lead@harbour.example", "", "password1234"}, "cli"),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].ToString(), "admin_password: is a commonly used password");
  // A name on two lines, an email with a control character (the CLI has no JSON edge to stop them).
  ASSERT_ERROR_AND_ASSIGN(
      error,
      t.accounts.CreateClinicWithAdmin({"Harbour\nPhysio", "Europe/London"},
                                       {"lead@harbour.example\x1b", "", kTestPassword}, "cli"),
      ErrorCode::kInvalidInput);
  fields.clear();
  for (const FieldError& field : error.fields) fields.push_back(field.path + ": " + field.message);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "name: expected a single line (no line break or tab)",
                        "admin_email: expected an email address like name@example.org",
                    }));
  EXPECT_EQ(Clinics(t).size(), before);
}

TEST(CreateClinicWithAdminTest, ATakenNameOrEmailIsAConflictAndWritesNothing) {
  TestClinic t;
  const std::size_t before = Clinics(t).size();
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      t.accounts.CreateClinicWithAdmin({"Synthetic Clinic", "Europe/London"},
                                       {"lead@harbour.example", "", kTestPassword}, "cli"),
      ErrorCode::kConflict);
  EXPECT_EQ(error.message, "another clinic has this name");
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].path, "name");

  // admin@example.org is the first clinic's admin: logins are found by email alone.
  ASSERT_ERROR_AND_ASSIGN(
      error,
      t.accounts.CreateClinicWithAdmin({"Harbour Physio", "Europe/London"},
                                       {"admin@example.org", "", kTestPassword}, "cli"),
      ErrorCode::kConflict);
  EXPECT_EQ(error.message,
            "the email already has a login (one login per email in the installation)");
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].path, "admin_email");
  EXPECT_EQ(Clinics(t).size(), before);
}

// The audit actions of the clinic's chain, oldest first.
std::vector<std::string> AuditActions(TestClinic& t, ClinicId clinic_id) {
  auto transaction = t.store->BeginReadOnly().value();
  const std::vector<clinic::AuditEvent> events =
      transaction->ListAuditEvents(clinic_id, 0, 1000).value();
  std::vector<std::string> actions;
  actions.reserve(events.size());
  for (const clinic::AuditEvent& event : events) {
    actions.push_back(event.action);
  }
  return actions;
}

TEST(AccountServiceTest, ALoginChangesItsPasswordWithTheCurrentOneAndItsSessionsEnd) {
  TestClinic t;
  WebSessionService sessions(t.context, WebSessionOptions{});
  ASSERT_OK_AND_ASSIGN(StartedSession open, sessions.Start(t.therapist.actor));
  const std::string replacement = "meadow lantern quarry 45";
  ASSERT_ERROR_AND_ASSIGN(Error wrong,
                          t.accounts.ChangePassword(t.therapist, "not it at all!", replacement),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(wrong.fields.size(), 1u);
  EXPECT_EQ(wrong.fields[0].ToString(), "current_password: is not your current password");
  ASSERT_ERROR_AND_ASSIGN(Error weak,
                          t.accounts.ChangePassword(t.therapist, kTestPassword, "qwertyuiopasdf"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(weak.fields[0].path, "new_password");
  ASSERT_ERROR_AND_ASSIGN(Error same,
                          t.accounts.ChangePassword(t.therapist, kTestPassword, kTestPassword),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(same.fields[0].ToString(),
            "new_password: expected a password other than the current one");
  EXPECT_OK(sessions.Resume(open.id));  // nothing changed so far

  ASSERT_OK(t.accounts.ChangePassword(t.therapist, kTestPassword, replacement));
  t.clock.Advance(std::chrono::seconds(1));  // past the sessions' half-second cache
  EXPECT_ERROR(sessions.Resume(open.id), ErrorCode::kUnauthenticated);
  EXPECT_ERROR(t.accounts.Login({"ada@example.org", kTestPassword, {}}, "x"),
               ErrorCode::kUnauthenticated);
  EXPECT_OK(t.accounts.Login({"ada@example.org", replacement, {}}, "x"));
  const std::vector<std::string> actions = AuditActions(t, t.clinic_id);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "user.password_change"), actions.end());

  // An API token and the system have no password to change.
  ASSERT_OK_AND_ASSIGN(IssuedToken issued, t.accounts.CreateApiToken(t.therapist, "lab"));
  ASSERT_OK_AND_ASSIGN(Actor bot, t.accounts.AuthenticateToken(issued.token));
  EXPECT_ERROR(t.accounts.ChangePassword({bot, "x"}, "", replacement),
               ErrorCode::kPermissionDenied);
  EXPECT_ERROR(t.accounts.ChangePassword({SystemActor(t.clinic_id), "cli"}, "", replacement),
               ErrorCode::kPermissionDenied);
}

TEST(InvitationTest, AnInviteeSetsAPasswordOnceAndThenLogsIn) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(
      IssuedLink link,
      t.accounts.InviteUser(t.admin, {"cleo@example.org", "Cleo", clinic::Role::kTherapist,
                                      t.therapist_b, std::nullopt}));
  EXPECT_EQ(link.token.size(), 43u);
  EXPECT_EQ(link.expires_at, t.clock.Now() + std::chrono::hours(72));
  // No password yet: a login with any password fails like a wrong one.
  EXPECT_ERROR(t.accounts.Login({"cleo@example.org", "", {}}, "x"), ErrorCode::kUnauthenticated);
  // The refusal is audited through the group-committed audit log: committed before going on, so
  // the trail's order does not depend on when its writer runs.
  ASSERT_OK(t.audit_log.Flush());

  ASSERT_OK_AND_ASSIGN(AccessLinkView view, t.accounts.CheckAccessLink(link.token));
  EXPECT_EQ(view.email, "cleo@example.org");
  EXPECT_EQ(view.display_name, "Cleo");
  EXPECT_EQ(view.purpose, clinic::AccessPurpose::kInvite);
  EXPECT_EQ(view.user_id, link.user_id);

  // The password rules apply, and a refused password does not use the link up.
  ASSERT_ERROR_AND_ASSIGN(Error weak, t.accounts.SetPasswordWithLink(link.token, "short", "x"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(weak.fields.at(0).ToString(), "password: expected at least 12 characters, got 5");
  ASSERT_OK(t.accounts.SetPasswordWithLink(link.token, "violet harbour lamp", "203.0.113.9"));
  ASSERT_OK_AND_ASSIGN(Actor cleo,
                       t.accounts.Login({"cleo@example.org", "violet harbour lamp", {}}, "x"));
  EXPECT_EQ(cleo.therapist_id, t.therapist_b);

  ASSERT_ERROR_AND_ASSIGN(
      Error used, t.accounts.SetPasswordWithLink(link.token, kTestPassword, "x"), ErrorCode::kGone);
  EXPECT_EQ(used.message, "link was used already");
  EXPECT_ERROR(t.accounts.CheckAccessLink("forged-token"), ErrorCode::kNotFound);

  const std::vector<std::string> actions = AuditActions(t, t.clinic_id);
  ASSERT_GE(actions.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(actions.end() - 4, actions.end()),
            (std::vector<std::string>{"user.invite", "user.login_failed", "user.set_password",
                                      "user.login"}));
}

TEST(AccountServiceTest, AnEmailWithALoginInAnotherClinicIsAConflict) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(CreatedClinic other,
                       t.accounts.CreateClinicWithAdmin(
                           {"Harbour Physio", "Europe/London"},
                           {"lead@harbour.example", "Lead Admin", kTestPassword}, "cli"));
  const RequestContext lead{SystemActor(other.clinic_id), "test"};
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      t.accounts.CreateUser(lead, {"ada@example.org", "Ada", clinic::Role::kFrontDesk,
                                   kTestPassword, std::nullopt, std::nullopt}),
      ErrorCode::kConflict);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].path, "email");
  // Neither the other clinic nor the email shows in the message.
  EXPECT_EQ(error.message.find("Synthetic"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("ada@"), std::string::npos) << error.message;
  // A variant in case or with spaces around is the same email.
  for (const char* variant : {"ADA@Example.org", " ada@example.org ", "Ada@EXAMPLE.ORG"}) {
    SCOPED_TRACE(variant);
    EXPECT_ERROR(t.accounts.CreateUser(lead, {variant, "Ada", clinic::Role::kFrontDesk,
                                              kTestPassword, std::nullopt, std::nullopt}),
                 ErrorCode::kConflict);
    EXPECT_ERROR(t.accounts.InviteUser(
                     lead, {variant, "Ada", clinic::Role::kFrontDesk, std::nullopt, std::nullopt}),
                 ErrorCode::kConflict);
  }
  // The email still logs in to its one clinic, typed in any case.
  EXPECT_OK(t.accounts.Login({"ada@example.org", kTestPassword, {}}, "x"));
  EXPECT_OK(t.accounts.Login({" Ada@Example.ORG", kTestPassword, {}}, "x"));
}

TEST(AccountServiceTest, EmailsAreStoredNormalised) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(
      UserId id,
      t.accounts.CreateUser(t.admin, {" Bea.Smith@Example.ORG ", "Bea", clinic::Role::kFrontDesk,
                                      kTestPassword, std::nullopt, std::nullopt}));
  auto users = t.accounts.ListUsers(t.admin).value();
  const auto bea =
      std::find_if(users.begin(), users.end(), [&](const UserView& u) { return u.id == id; });
  ASSERT_NE(bea, users.end());
  EXPECT_EQ(bea->email, "bea.smith@example.org");
  EXPECT_EQ(NormalisedEmail("  Ünïcode@Example.org"), "Ünïcode@example.org");  // ASCII only
  EXPECT_EQ(NormalisedEmail("   "), "");
}

TEST(AccountServiceTest, TheLastActiveAdminCannotBeDisabled) {
  TestClinic t;
  const UserId self = t.admin.actor.user_id;
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          t.accounts.SetUserState(t.admin, self, clinic::AccountState::kDisabled),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "the clinic's last active admin cannot be disabled; enable or add another admin first");
  EXPECT_OK(t.accounts.Login({"admin@example.org", kTestPassword, {}}, "x"));
  // With a second admin, the first may be disabled; then the second is the last.
  ASSERT_OK_AND_ASSIGN(
      UserId second,
      t.accounts.CreateUser(t.admin, {"second@example.org", "Second", clinic::Role::kAdmin,
                                      kTestPassword, std::nullopt, std::nullopt}));
  ASSERT_OK(t.accounts.SetUserState(t.admin, self, clinic::AccountState::kDisabled));
  EXPECT_ERROR(t.accounts.SetUserState(t.admin, second, clinic::AccountState::kDisabled),
               ErrorCode::kFailedPrecondition);
}

TEST(InvitationTest, OnlyAdminsInviteStaffAndStaffInvitePatients) {
  TestClinic t;
  EXPECT_ERROR(t.accounts.InviteUser(t.therapist, {"x@example.org", "X", clinic::Role::kFrontDesk,
                                                   std::nullopt, std::nullopt}),
               ErrorCode::kPermissionDenied);
  EXPECT_ERROR(t.accounts.InviteUser(t.patient, {"x@example.org", "X", clinic::Role::kPatient,
                                                 std::nullopt, t.patient_1}),
               ErrorCode::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(
      IssuedLink link,
      t.accounts.InviteUser(t.front_desk, {"pam2@example.org", "Pam", clinic::Role::kPatient,
                                           std::nullopt, t.patient_2}));
  ASSERT_OK(t.accounts.SetPasswordWithLink(link.token, "violet harbour lamp", "x"));
  ASSERT_OK_AND_ASSIGN(Actor pam,
                       t.accounts.Login({"pam2@example.org", "violet harbour lamp", {}}, "x"));
  EXPECT_EQ(pam.patient_id, t.patient_2);

  ASSERT_ERROR_AND_ASSIGN(Error error,
                          t.accounts.InviteUser(t.admin, {"no-at-sign", "", clinic::Role::kPatient,
                                                          std::nullopt, std::nullopt}),
                          ErrorCode::kInvalidInput);
  std::vector<std::string> fields;
  for (const FieldError& field : error.fields) fields.push_back(field.path);
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "patient_id"}));
  ASSERT_ERROR_AND_ASSIGN(
      error,
      t.accounts.InviteUser(
          t.admin, {"ada@example.org", "", clinic::Role::kAdmin, std::nullopt, std::nullopt}),
      ErrorCode::kConflict);
  EXPECT_EQ(error.fields.at(0).path, "email");
}

TEST(InvitationTest, ALinkExpiresAfter72HoursAndDiesWithADisabledLogin) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(
      IssuedLink first,
      t.accounts.InviteUser(t.admin, {"dora@example.org", "Dora", clinic::Role::kFrontDesk,
                                      std::nullopt, std::nullopt}));
  t.clock.Advance(std::chrono::hours(72));
  ASSERT_ERROR_AND_ASSIGN(Error expired,
                          t.accounts.SetPasswordWithLink(first.token, "violet harbour lamp", "x"),
                          ErrorCode::kGone);
  EXPECT_EQ(expired.message, "link has expired; ask for a new one");

  // A reset link for the same login; disabling the login kills it.
  ASSERT_OK_AND_ASSIGN(IssuedLink reset, t.accounts.CreatePasswordReset(t.admin, first.user_id));
  ASSERT_OK_AND_ASSIGN(AccessLinkView view, t.accounts.CheckAccessLink(reset.token));
  EXPECT_EQ(view.purpose, clinic::AccessPurpose::kReset);
  ASSERT_OK(t.accounts.SetUserState(t.admin, first.user_id, clinic::AccountState::kDisabled));
  EXPECT_ERROR(t.accounts.SetPasswordWithLink(reset.token, "violet harbour lamp", "x"),
               ErrorCode::kNotFound);
  EXPECT_ERROR(t.accounts.CreatePasswordReset(t.admin, first.user_id),
               ErrorCode::kFailedPrecondition);
  EXPECT_ERROR(t.accounts.CreatePasswordReset(t.therapist, first.user_id),
               ErrorCode::kPermissionDenied);
}

TEST(InvitationTest, AResetEndsSessionsAndTheOtherLinksOfTheLogin) {
  TestClinic t;
  const UserId ada = t.therapist.actor.user_id;
  ASSERT_OK_AND_ASSIGN(IssuedLink first, t.accounts.CreatePasswordReset(t.admin, ada));
  ASSERT_OK_AND_ASSIGN(IssuedLink second, t.accounts.CreatePasswordReset(t.admin, ada));
  {
    auto transaction = t.store->Begin().value();
    clinic::WebSession session{std::string(64, 'a'),
                               t.clinic_id,
                               ada,
                               t.clock.Now(),
                               t.clock.Now(),
                               clinic::SessionStage::kSignedIn,
                               "",
                               ""};
    ASSERT_OK(transaction->CreateWebSession(session));
    ASSERT_OK(transaction->Commit());
  }
  ASSERT_OK(t.accounts.SetPasswordWithLink(second.token, "violet harbour lamp", "x"));
  EXPECT_ERROR(t.accounts.CheckAccessLink(first.token), ErrorCode::kNotFound);
  EXPECT_ERROR(t.accounts.Login({"ada@example.org", kTestPassword, {}}, "x"),
               ErrorCode::kUnauthenticated);
  EXPECT_OK(t.accounts.Login({"ada@example.org", "violet harbour lamp", {}}, "x"));
  auto transaction = t.store->BeginReadOnly().value();
  EXPECT_ERROR(transaction->FindWebSession(std::string(64, 'a')), ErrorCode::kNotFound);
}

TEST(CreateClinicWithAdminTest, AnInvitedAdminGetsALinkInsteadOfAPassword) {
  TestClinic t;
  NewAdmin admin{"lead@harbour.example", "Lead", "", true};
  ASSERT_OK_AND_ASSIGN(
      CreatedClinic created,
      t.accounts.CreateClinicWithAdmin({"Harbour Physio", "Europe/London"}, admin, "cli"));
  ASSERT_TRUE(created.invitation);
  EXPECT_EQ(created.invitation->user_id, created.admin_id);
  EXPECT_ERROR(t.accounts.Login({"lead@harbour.example", "", {}}, "x"),
               ErrorCode::kUnauthenticated);
  // The refusal is audited through the group-committed audit log: committed before going on, so
  // the trail's order does not depend on when its writer runs.
  ASSERT_OK(t.audit_log.Flush());
  ASSERT_OK(t.accounts.SetPasswordWithLink(created.invitation->token, "violet harbour lamp", "x"));
  ASSERT_OK_AND_ASSIGN(Actor lead,
                       t.accounts.Login({"lead@harbour.example", "violet harbour lamp", {}}, "x"));
  EXPECT_EQ(lead.clinic_id, created.clinic_id);
  EXPECT_EQ(AuditActions(t, created.clinic_id),
            (std::vector<std::string>{"clinic.create", "user.invite", "user.login_failed",
                                      "user.set_password", "user.login"}));
}

TEST(ClinicServiceTest, RenamingToAnotherClinicsNameIsAConflict) {
  TestClinic t;
  ASSERT_OK(t.clinics.CreateClinic({"Harbour Physio", "Europe/London"}, "cli"));
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          t.clinics.UpdateClinic(t.admin, {"Harbour Physio", "Europe/London"}),
                          ErrorCode::kConflict);
  EXPECT_EQ(error.fields.at(0).path, "name");
  EXPECT_OK(t.clinics.UpdateClinic(t.admin, {"Synthetic Clinic", "Europe/London"}));  // its own
}

}  // namespace
}  // namespace backcare::app
