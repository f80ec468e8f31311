#include "http/server/api_dispatcher.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "exchange/toml/protocol_toml.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::http {
namespace {

using app::testing::Day;
using std::chrono::minutes;

// Fast and transparent: tests do not need Argon2id's cost.
class PlainHasher final : public app::crypto::PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override {
    return "plain:" + std::string(password);
  }
  bool Verify(std::string_view hash, std::string_view password) override {
    return hash == "plain:" + std::string(password);
  }
};

constexpr std::string_view kAdminEmail = "admin@a.test";
constexpr std::string_view kPassword = "correct horse battery";

class ApiDispatcherTest : public ::testing::Test {
 protected:
  ApiDispatcherTest() {
    clinic_id_ = *app::ClinicService(context_).CreateClinic({"Clinic A", "Europe/London"}, "test");
    app::NewUser admin{std::string(kAdminEmail), "Admin",      clinic::Role::kAdmin,
                       std::string(kPassword),   std::nullopt, std::nullopt};
    app::RequestContext system{app::SystemActor(clinic_id_), "test"};
    admin_id_ = *services_.accounts.CreateUser(system, admin);
  }

  static protocol::Protocol LoadProtocol() {
    Result<protocol::Protocol> loaded = exchange::LoadDefaultProtocol();
    BACKCARE_CHECK(loaded.has_value());
    return *loaded;
  }

  HttpResponse Send(HttpMethod method, std::string path, std::string body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    HttpRequest request;
    request.method = method;
    std::size_t question = path.find('?');
    if (question != std::string::npos) {
      std::string query = path.substr(question + 1);
      path = path.substr(0, question);
      std::size_t start = 0;
      while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        std::string pair = query.substr(start, end - start);
        std::size_t equals = pair.find('=');
        request.query.emplace(pair.substr(0, equals),
                              equals == std::string::npos ? "" : pair.substr(equals + 1));
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
    request.path = path;
    request.body = std::move(body);
    request.remote_address = "10.0.0.1";
    if (!request.body.empty()) request.SetHeader("Content-Type", "application/json");
    for (const auto& [name, value] : headers) request.SetHeader(name, value);
    return dispatcher_.Handle(request);
  }

  struct Login {
    std::string cookie;  // "backcare_session=..."
    std::string csrf;
  };
  Login LogIn(std::string_view email = kAdminEmail, std::string_view password = kPassword) {
    HttpResponse response = Send(HttpMethod::kPost, "/api/v1/login",
                                 R"({"email":")" + std::string(email) + R"(","password":")" +
                                     std::string(password) + R"("})");
    EXPECT_EQ(response.status, 200) << response.body;
    std::string set_cookie(response.Header("Set-Cookie").value_or(""));
    const std::size_t start = response.body.find(R"("csrf_token":")") + 14;
    std::string csrf = response.body.substr(start, response.body.find('"', start) - start);
    return {set_cookie.substr(0, set_cookie.find(';')), csrf};
  }

  std::unique_ptr<store::Database> store_ = app::testing::NewTestStore();
  ports::FakeClock clock_{std::chrono::sys_days(std::chrono::year{2024} / 3 / 18)};
  // Only the built-in protocol: nothing is imported here.
  app::ProtocolCatalog protocols_{&exchange::ParseProtocolToml, {LoadProtocol(), "", ""}};
  app::AuditLog audit_log_{*store_};
  app::AppContext context_{
      *store_, clock_, protocols_,
      [](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
        return std::make_shared<ports::FakeTimeZone>(std::string(name), minutes(0));
      },
      audit_log_};
  PlainHasher hasher_;
  api::ApiServices services_{context_, hasher_};
  std::ostringstream log_stream_;
  RequestLog log_{&log_stream_, &log_stream_};
  ApiDispatcher dispatcher_{services_, log_, DispatcherOptions{}};
  ClinicId clinic_id_;
  UserId admin_id_;
};

TEST_F(ApiDispatcherTest, HealthzAnswersWithSecurityHeaders) {
  HttpResponse response = Send(HttpMethod::kGet, "/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"audit_pending":0,"outbox_pending":0,"status":"ok"})");
  EXPECT_EQ(response.Header("Cache-Control"), "no-store");
  EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(response.Header("X-Request-Id").has_value());
}

TEST_F(ApiDispatcherTest, KeepsAPlainClientRequestIdAndReplacesOthers) {
  EXPECT_EQ(
      Send(HttpMethod::kGet, "/healthz", "", {{"X-Request-Id", "abc-123"}}).Header("X-Request-Id"),
      "abc-123");
  EXPECT_NE(
      Send(HttpMethod::kGet, "/healthz", "", {{"X-Request-Id", "a b\nc"}}).Header("X-Request-Id"),
      "a b\nc");
}

// Found by fuzz/api_fuzzer.cc: the date's midnight overflowed a Timestamp (undefined behaviour).
TEST_F(ApiDispatcherTest, ScheduleRefusesDatesATimestampCannotHold) {
  const Login login = LogIn();
  HttpResponse response = Send(HttpMethod::kGet, "/api/v1/schedule?from=4048-03-25&to=2024-03-25",
                               "", {{"Cookie", login.cookie}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"j({"error":{"code":"invalid_input","fields":[{"message":"date out of range (years )j"
            R"j(1678 to 2261)","path":"from"}],"message":"invalid query parameters"}})j");
}

// An If-Match version beyond a Timestamp's range overflowed FromUnixMicros (found by
// fuzz/headers_fuzzer.cc); it is refused like any tag that is not a note's ETag.
TEST_F(ApiDispatcherTest, IfMatchBeyondATimestampIsRefused) {
  const Login admin = LogIn();
  const std::vector<std::pair<std::string, std::string>> as_admin = {{"Cookie", admin.cookie},
                                                                     {"X-CSRF-Token", admin.csrf}};
  HttpResponse therapist =
      Send(HttpMethod::kPost, "/api/v1/therapists", R"({"family_name":"Lee"})", as_admin);
  ASSERT_EQ(therapist.status, 201) << therapist.body;
  const std::size_t id_at = therapist.body.find(R"("id":)") + 5;
  const std::string therapist_id =
      therapist.body.substr(id_at, therapist.body.find_first_not_of("0123456789", id_at) - id_at);
  HttpResponse user = Send(HttpMethod::kPost, "/api/v1/users",
                           R"({"email":"t@a.test","role":"therapist","password":")" +
                               std::string(kPassword) + R"(","therapist_id":)" + therapist_id + "}",
                           as_admin);
  ASSERT_EQ(user.status, 201) << user.body;
  const Login login = LogIn("t@a.test");
  HttpResponse response = Send(HttpMethod::kPut, "/api/v1/notes/999", "{}",
                               {{"Cookie", login.cookie},
                                {"X-CSRF-Token", login.csrf},
                                {"If-Match", "\"9223372036854775807\""}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"({"error":{"code":"invalid_input","fields":[{"message":"expected a quoted number, )"
            R"(e.g. \"1733472000000000\"","path":"If-Match"}],"message":"If-Match must be the )"
            R"(ETag of the note as it was read"}})");
}

TEST_F(ApiDispatcherTest, UnknownRouteAndWrongMethod) {
  HttpResponse missing = Send(HttpMethod::kGet, "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body,
            R"({"error":{"code":"not_found","fields":[],"message":"no such route"}})");
  HttpResponse wrong = Send(HttpMethod::kDelete, "/api/v1/patients");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("Allow"), "GET, POST");
}

TEST_F(ApiDispatcherTest, SignedInRoutesNeedCredentials) {
  HttpResponse response = Send(HttpMethod::kGet, "/api/v1/me");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body,
            R"({"error":{"code":"unauthenticated","fields":[],"message":"not logged in"}})");
  EXPECT_EQ(
      Send(HttpMethod::kGet, "/api/v1/me", "", {{"Cookie", "backcare_session=forged"}}).status,
      401);
  EXPECT_EQ(Send(HttpMethod::kGet, "/api/v1/me", "", {{"Authorization", "Basic eDp5"}}).status,
            401);
  EXPECT_EQ(
      Send(HttpMethod::kGet, "/api/v1/me", "", {{"Authorization", "Bearer bct_1_nope"}}).status,
      401);
}

TEST_F(ApiDispatcherTest, LoginSetsAStrictHttpOnlyCookieAndReturnsTheCsrfToken) {
  HttpResponse response = Send(HttpMethod::kPost, "/api/v1/login",
                               R"({"email":"admin@a.test","password":"correct horse battery"})");
  ASSERT_EQ(response.status, 200) << response.body;
  std::string cookie(response.Header("Set-Cookie").value_or(""));
  EXPECT_EQ(cookie.substr(0, 17), "backcare_session=");
  EXPECT_NE(cookie.find("; Path=/; HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(response.body.find("\"csrf_token\":"), std::string::npos);
  EXPECT_NE(response.body.find("\"role\":\"admin\""), std::string::npos);
}

TEST_F(ApiDispatcherTest, EachLoginGetsANewSessionId) {
  Login first = LogIn();
  Login second = LogIn();
  EXPECT_NE(first.cookie, second.cookie);
  EXPECT_NE(first.csrf, second.csrf);
}

TEST_F(ApiDispatcherTest, SessionCookieIdentifiesTheCaller) {
  Login login = LogIn();
  HttpResponse me = Send(HttpMethod::kGet, "/api/v1/me", "", {{"Cookie", login.cookie}});
  EXPECT_EQ(me.status, 200);
  // The session's CSRF token comes back, so a reloaded page can go on making changes.
  EXPECT_EQ(
      me.body,
      R"({"clinic_id":)" + std::to_string(clinic_id_.value()) + R"(,"csrf_token":")" + login.csrf +
          R"(","patient_id":null,"restriction":null,"role":"admin","therapist_id":null,"user_id":)" +
          std::to_string(admin_id_.value()) + "}");
}

TEST_F(ApiDispatcherTest, SessionExpiresAfterThirtyIdleMinutes) {
  Login login = LogIn();
  clock_.Advance(minutes(29));
  EXPECT_EQ(Send(HttpMethod::kGet, "/api/v1/me", "", {{"Cookie", login.cookie}}).status, 200);
  clock_.Advance(minutes(31));
  HttpResponse expired = Send(HttpMethod::kGet, "/api/v1/me", "", {{"Cookie", login.cookie}});
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(expired.body.find("session expired or unknown"), std::string::npos);
}

TEST_F(ApiDispatcherTest, StateChangingCookieRequestsNeedTheCsrfToken) {
  Login login = LogIn();
  const std::string body = R"({"family_name":"Doe","date_of_birth":"1980-01-02"})";
  HttpResponse missing =
      Send(HttpMethod::kPost, "/api/v1/patients", body, {{"Cookie", login.cookie}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_NE(missing.body.find("missing or invalid CSRF token"), std::string::npos);
  EXPECT_EQ(Send(HttpMethod::kPost, "/api/v1/patients", body,
                 {{"Cookie", login.cookie}, {"X-CSRF-Token", std::string(43, 'x')}})
                .status,
            403);
  EXPECT_EQ(Send(HttpMethod::kPost, "/api/v1/patients", body,
                 {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}})
                .status,
            201);
}

TEST_F(ApiDispatcherTest, LogoutNeedsCsrfAndEndsTheSession) {
  Login login = LogIn();
  EXPECT_EQ(Send(HttpMethod::kPost, "/api/v1/logout", "", {{"Cookie", login.cookie}}).status, 403);
  HttpResponse out = Send(HttpMethod::kPost, "/api/v1/logout", "",
                          {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("Set-Cookie").value_or("").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Send(HttpMethod::kGet, "/api/v1/me", "", {{"Cookie", login.cookie}}).status, 401);
}

TEST_F(ApiDispatcherTest, WrongPasswordIsUnauthenticatedAndFifthFailureThrottles) {
  for (int i = 0; i < 5; ++i) {
    HttpResponse response = Send(HttpMethod::kPost, "/api/v1/login",
                                 R"({"email":"admin@a.test","password":"wrong password!"})");
    EXPECT_EQ(response.status, 401) << i;
  }
  HttpResponse throttled = Send(HttpMethod::kPost, "/api/v1/login",
                                R"({"email":"admin@a.test","password":"correct horse battery"})");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.Header("Retry-After"), "900");
  clock_.Advance(minutes(15));
  EXPECT_EQ(Send(HttpMethod::kPost, "/api/v1/login",
                 R"({"email":"admin@a.test","password":"correct horse battery"})")
                .status,
            200);
}

TEST_F(ApiDispatcherTest, RouteTableRolesAreEnforcedBeforeTheHandler) {
  Login login = LogIn();
  HttpResponse response = Send(HttpMethod::kPost, "/api/v1/sessions/1/attend", "",
                               {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("role 'admin' may not call POST /api/v1/sessions/{id}/attend"),
            std::string::npos);
}

TEST_F(ApiDispatcherTest, BadBodiesNameEveryFieldAndWriteNothing) {
  Login login = LogIn();
  auto post = [&](std::string body) {
    return Send(HttpMethod::kPost, "/api/v1/patients", std::move(body),
                {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  };
  HttpResponse malformed = post("{\"family_name\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("request body is not valid JSON"), std::string::npos);
  HttpResponse shape = post(R"({"family_name":7,"date_of_birth":"yesterday","nickname":"x"})");
  EXPECT_EQ(shape.status, 400);
  EXPECT_EQ(shape.body, R"({"error":{"code":"invalid_input","fields":[)"
                        R"({"message":"expected a string, got integer","path":"family_name"},)"
                        R"({"message":"expected a date YYYY-MM-DD","path":"date_of_birth"},)"
                        R"({"message":"unknown field","path":"nickname"}],)"
                        R"("message":"request body has invalid fields"}})");
  HttpResponse list = Send(HttpMethod::kGet, "/api/v1/patients", "", {{"Cookie", login.cookie}});
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(list.body, "[]");
}

TEST_F(ApiDispatcherTest, BodiesMustBeJson) {
  Login login = LogIn();
  HttpResponse response = Send(HttpMethod::kPost, "/api/v1/patients", "family_name=Doe",
                               {{"Cookie", login.cookie},
                                {"X-CSRF-Token", login.csrf},
                                {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(response.status, 415);
}

TEST_F(ApiDispatcherTest, ApiTokensNeedNoCsrf) {
  Login login = LogIn();
  HttpResponse issued = Send(HttpMethod::kPost, "/api/v1/api-tokens", R"({"name":"lab"})",
                             {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  std::size_t at = issued.body.find(R"("token":")") + 9;
  std::string token = issued.body.substr(at, issued.body.find('"', at) - at);
  std::string bearer = "Bearer " + token;
  EXPECT_EQ(
      Send(HttpMethod::kPost, "/api/v1/patients",
           R"({"family_name":"Doe","date_of_birth":"1980-01-02"})", {{"Authorization", bearer}})
          .status,
      201);
  EXPECT_EQ(Send(HttpMethod::kGet, "/api/v1/me", "", {{"Authorization", bearer}}).status, 200);
}

TEST_F(ApiDispatcherTest, AccessLogNamesTheRoutePatternNeverPatientData) {
  Login login = LogIn();
  HttpResponse created = Send(HttpMethod::kPost, "/api/v1/patients",
                              R"({"family_name":"Zzcanaryfamily","date_of_birth":"1980-01-02"})",
                              {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  ASSERT_EQ(created.status, 201);
  std::string id = created.body.substr(6, created.body.size() - 7);  // {"id":N}
  EXPECT_EQ(Send(HttpMethod::kGet, "/api/v1/patients/" + id, "", {{"Cookie", login.cookie}}).status,
            200);
  std::string log = log_stream_.str();
  EXPECT_NE(log.find("method=GET route=/api/v1/patients/{id} status=200"), std::string::npos)
      << log;
  EXPECT_EQ(log.find("Zzcanaryfamily"), std::string::npos);
  EXPECT_EQ(log.find("correct horse"), std::string::npos);
  EXPECT_EQ(log.find("/api/v1/patients/" + id), std::string::npos);
}

// GET /api/v1/patients/{id}/access-log: a therapist's read of the chart shows in the patient's
// log with the therapist's role and name; another patient's log is "not found" exactly like an
// absent patient's; front desk is refused by the route table; pages run on `before`/`next`.
TEST_F(ApiDispatcherTest, APatientSeesWhoReadTheirChart) {
  const app::RequestContext system{app::SystemActor(clinic_id_), "test"};
  ASSERT_OK_AND_ASSIGN(TherapistId dana, app::ClinicService(context_).CreateTherapist(
                                             system, {"Dana", "Okafor", "T-1"}));
  ASSERT_OK_AND_ASSIGN(PatientId mine, services_.patients.RegisterPatient(
                                           system, {"Pat", "One", Day(1980, 1, 2), "", ""}));
  ASSERT_OK_AND_ASSIGN(PatientId theirs, services_.patients.RegisterPatient(
                                             system, {"Pam", "Two", Day(1975, 6, 7), "", ""}));
  auto add = [&](const char* email, std::string name, clinic::Role role,
                 std::optional<TherapistId> therapist, std::optional<PatientId> patient) {
    ASSERT_OK(services_.accounts.CreateUser(
        system, {email, std::move(name), role, std::string(kPassword), therapist, patient}));
  };
  add("dana@a.test", "Dana Okafor", clinic::Role::kTherapist, dana, std::nullopt);
  add("desk@a.test", "Desk", clinic::Role::kFrontDesk, std::nullopt, std::nullopt);
  add("pat@a.test", "Pat One", clinic::Role::kPatient, std::nullopt, mine);
  add("pam@a.test", "Pam Two", clinic::Role::kPatient, std::nullopt, theirs);
  const Login therapist = LogIn("dana@a.test");
  const Login patient = LogIn("pat@a.test");
  const Login desk = LogIn("desk@a.test");
  const std::string log_of = "/api/v1/patients/" + std::to_string(mine.value()) + "/access-log";
  auto get = [&](const Login& as, const std::string& path) {
    return Send(HttpMethod::kGet, path, "", {{"Cookie", as.cookie}});
  };

  ASSERT_EQ(get(therapist, "/api/v1/patients/" + std::to_string(mine.value())).status, 200);
  ASSERT_EQ(get(patient, "/api/v1/patients/" + std::to_string(mine.value())).status, 200);
  ASSERT_OK(audit_log_.Flush());
  HttpResponse listed = get(patient, log_of);
  ASSERT_EQ(listed.status, 200) << listed.body;
  // The two event ids (the read, then the registration): the first two "id"s of the body.
  std::vector<std::string> ids;
  for (std::size_t at = listed.body.find(R"("id":)"); at != std::string::npos && ids.size() < 2;
       at = listed.body.find(R"("id":)", at + 1)) {
    ids.push_back(listed.body.substr(at + 5, listed.body.find(',', at) - at - 5));
  }
  ASSERT_EQ(ids.size(), 2u) << listed.body;
  const std::string read_entry =
      R"({"action":"patient.read","at":"2024-03-18T00:00:00Z","id":)" + ids[0] +
      R"(,"kind":"read","name":"Dana Okafor","record":"chart","role":"therapist"})";
  const std::string registered_entry =
      R"({"action":"patient.create","at":"2024-03-18T00:00:00Z","id":)" + ids[1] +
      R"(,"kind":"change","name":"backcare","record":"contact","role":"system"})";
  EXPECT_EQ(listed.body,
            R"({"entries":[)" + read_entry + "," + registered_entry + R"(],"next":null})");
  EXPECT_LT(std::stoll(ids[1]), std::stoll(ids[0]));

  // Another patient's log is indistinguishable from an absent patient's.
  const std::string other_id = std::to_string(theirs.value());
  HttpResponse other = get(patient, "/api/v1/patients/" + other_id + "/access-log");
  EXPECT_EQ(other.status, 404);
  HttpResponse absent = get(patient, "/api/v1/patients/999/access-log");
  EXPECT_EQ(absent.status, 404);
  EXPECT_NE(absent.body.find("patient 999 not found"), std::string::npos) << absent.body;
  std::string absent_as_other = absent.body;
  absent_as_other.replace(absent_as_other.find("999"), 3, other_id);
  EXPECT_EQ(other.body, absent_as_other);
  EXPECT_EQ(get(desk, log_of).status, 403);
  EXPECT_EQ(get(therapist, log_of).status, 403);

  // Pages of one, backwards from the cursor; the last page has no next.
  HttpResponse first = get(patient, log_of + "?limit=1");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, R"({"entries":[)" + read_entry + R"(],"next":")" + ids[0] + R"("})");
  HttpResponse second = get(patient, log_of + "?limit=1&before=" + ids[0]);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, R"({"entries":[)" + registered_entry + R"(],"next":null})");

  // Bad queries name the field.
  for (const char* query : {"?limit=0", "?limit=201", "?limit=ten", "?limit=", "?limit=-3"}) {
    HttpResponse bad = get(patient, log_of + query);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_NE(bad.body.find(R"("path":"limit")"), std::string::npos) << query << bad.body;
  }
  for (const char* query : {"?before=0", "?before=-1", "?before=x"}) {
    HttpResponse bad = get(patient, log_of + query);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_NE(bad.body.find(R"("path":"before")"), std::string::npos) << query << bad.body;
  }
  EXPECT_EQ(get(patient, log_of + "?page=2").status, 400);
}

// The patient portal's contract (issue #16): pain ratings on adherence, the exercise_pain alert,
// the home program's dates and doses, the portal summary and the clinic's threshold.
TEST_F(ApiDispatcherTest, ThePortalsRoutesKeepTheirJsonContract) {
  const app::RequestContext system{app::SystemActor(clinic_id_), "test"};
  ASSERT_OK_AND_ASSIGN(TherapistId dana, app::ClinicService(context_).CreateTherapist(
                                             system, {"Dana", "Okafor", "T-1"}));
  ASSERT_OK_AND_ASSIGN(PatientId mine, services_.patients.RegisterPatient(
                                           system, {"Pat", "One", Day(1980, 1, 2), "", ""}));
  ASSERT_OK(
      services_.accounts.CreateUser(system, {"dana@a.test", "Dana Okafor", clinic::Role::kTherapist,
                                             std::string(kPassword), dana, std::nullopt}));
  ASSERT_OK(services_.accounts.CreateUser(system, {"pat@a.test", "Pat One", clinic::Role::kPatient,
                                                   std::string(kPassword), std::nullopt, mine}));
  ASSERT_OK_AND_ASSIGN(
      app::Actor dana_actor,
      services_.accounts.Login({"dana@a.test", std::string(kPassword), clinic_id_}, "test"));
  const app::RequestContext therapist_context{dana_actor, "10.0.0.1"};
  app::IntakeRequest intake;
  intake.patient_id = mine;
  intake.baseline.push_back({"nprs", {8}, "baseline"});
  ASSERT_OK(services_.patients.Intake(therapist_context, intake));
  ASSERT_OK_AND_ASSIGN(
      app::StartedCourse course,
      services_.schedule.StartCourse(therapist_context, {mine, Day(2024, 3, 18), {}, {}}));
  ASSERT_OK(services_.home_programs.Assign(
      therapist_context,
      {mine, course.course_id, {"sitting_posture", "dead_bug"}, Day(2024, 3, 18)}));
  const Login patient = LogIn("pat@a.test");
  const Login therapist = LogIn("dana@a.test");
  const Login admin = LogIn();
  const std::string base = "/api/v1/patients/" + std::to_string(mine.value());
  auto send = [&](HttpMethod method, const Login& as, const std::string& path,
                  std::string body = "") {
    return Send(method, path, std::move(body), {{"Cookie", as.cookie}, {"X-CSRF-Token", as.csrf}});
  };
  auto log = [&](const std::string& exercise, const std::string& rating) {
    return send(HttpMethod::kPost, patient, base + "/adherence",
                R"({"date":"2024-03-18","exercise_id":")" + exercise +
                    R"(","completion":"done","pain_rating":)" + rating + "}");
  };

  // Anything but null or a whole number 0..10 is a 422 naming pain_rating.
  for (const char* bad : {"7.5", R"("8")", "true", "11", "-1", "4294967303", "{}"}) {
    HttpResponse refused = log("sitting_posture", bad);
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_NE(refused.body.find(
                  R"({"message":"expected a whole number from 0 to 10","path":"pain_rating"})"),
              std::string::npos)
        << bad << refused.body;
  }
  HttpResponse not_yet = log("dead_bug", "3");
  EXPECT_EQ(not_yet.status, 422);
  EXPECT_NE(not_yet.body.find(R"({"message":"this exercise starts on 2024-04-01","path":"date"})"),
            std::string::npos)
      << not_yet.body;
  ASSERT_EQ(log("sitting_posture", "8").status, 204);
  ASSERT_EQ(log("sitting_posture", "8").status, 204);  // an offline replay

  // JSON objects are written with their keys sorted and no spaces.
  auto has = [](const std::string& body, const std::string& part) {
    return body.find(part) != std::string::npos;
  };
  HttpResponse alerts = send(HttpMethod::kGet, therapist, "/api/v1/alerts");
  ASSERT_EQ(alerts.status, 200);
  const std::string pain_alert =
      R"x("detail":"Rated Sitting posture correction 8/10 on 2024-03-18 (clinic threshold 7)",)x"
      R"("id":)";
  EXPECT_TRUE(has(alerts.body, pain_alert)) << alerts.body;
  EXPECT_EQ(alerts.body.find(pain_alert), alerts.body.rfind(pain_alert)) << "one alert, not two";
  EXPECT_TRUE(
      has(alerts.body, R"("kind":"exercise_pain","patient_id":)" + std::to_string(mine.value())))
      << alerts.body;

  HttpResponse program = send(HttpMethod::kGet, patient, base + "/home-program");
  ASSERT_EQ(program.status, 200);
  EXPECT_TRUE(has(program.body, R"("course_week":1,)")) << program.body;
  EXPECT_TRUE(has(program.body, R"("today":"2024-03-18"})")) << program.body;
  EXPECT_TRUE(has(program.body,
                  R"({"action":"","context":"","days_per_week":5,"dose":{"days_per_week":5,)"
                  R"("hold_seconds":null,"is_default":true,"minutes":null,"reps":10,"sets":2},)"
                  R"("due_today":false,"id":"dead_bug","instructions":")"))
      << program.body;
  EXPECT_TRUE(has(program.body,
                  R"(","kind":"core","name":"Dead bug","start_week":2,"starts_on":"2024-04-01"})"))
      << program.body;
  EXPECT_TRUE(has(program.body, R"({"action":"","context":"sitting","days_per_week":7,)"))
      << program.body;
  EXPECT_TRUE(has(program.body, R"("due_today":true,"id":"sitting_posture",)")) << program.body;
  EXPECT_TRUE(has(program.body, R"("kind":"posture",)")) << program.body;
  EXPECT_TRUE(has(program.body, R"("note":"","pain_rating":8})")) << program.body;
  ASSERT_EQ(log("sitting_posture", "null").status, 204);  // a replay without a rating clears it
  EXPECT_TRUE(has(send(HttpMethod::kGet, patient, base + "/home-program").body,
                  R"("note":"","pain_rating":null})"));

  const std::string portal_body =
      R"({"check_in":{"due":null,"weekly":{"due":false,"instrument":"nprs",)"
      R"("last_taken_at":"2024-03-18T00:00:00Z"}},"clinic":{"exercise_pain_alert_threshold":7,)"
      R"("name":"Clinic A","patient_cancel_notice_hours":24,"time_zone":"Europe/London"},)"
      R"("today":"2024-03-18"})";
  HttpResponse portal = send(HttpMethod::kGet, patient, base + "/portal");
  EXPECT_EQ(portal.status, 200);
  EXPECT_EQ(portal.body, portal_body);
  EXPECT_EQ(send(HttpMethod::kGet, therapist, base + "/portal").body, portal_body);
  EXPECT_EQ(send(HttpMethod::kGet, patient, "/api/v1/patients/999/portal").status, 404);

  // The threshold is a clinic setting: read, set (1..10), kept when unset.
  HttpResponse clinic = send(HttpMethod::kGet, admin, "/api/v1/clinic");
  EXPECT_TRUE(has(clinic.body, R"("exercise_pain_alert_threshold":7,)")) << clinic.body;
  for (const char* bad : {"0", "11", "7.5"}) {
    EXPECT_EQ(send(HttpMethod::kPut, admin, "/api/v1/clinic",
                   std::string(R"({"name":"Clinic A","time_zone":"Europe/London",)") +
                       R"("exercise_pain_alert_threshold":)" + bad + "}")
                  .status,
              400)
        << bad;
  }
  ASSERT_EQ(
      send(HttpMethod::kPut, admin, "/api/v1/clinic",
           R"({"name":"Clinic A","time_zone":"Europe/London","exercise_pain_alert_threshold":9})")
          .status,
      204);
  ASSERT_EQ(send(HttpMethod::kPut, admin, "/api/v1/clinic",
                 R"({"name":"Clinic A","time_zone":"Europe/London"})")
                .status,
            204);
  clinic = send(HttpMethod::kGet, admin, "/api/v1/clinic");
  EXPECT_TRUE(has(clinic.body, R"("exercise_pain_alert_threshold":9,)")) << clinic.body;
  EXPECT_NE(send(HttpMethod::kGet, patient, base + "/portal")
                .body.find(R"("exercise_pain_alert_threshold":9)"),
            std::string::npos);
}

TEST_F(ApiDispatcherTest, NonNumericIdsAreNotFound) {
  Login login = LogIn();
  HttpResponse response =
      Send(HttpMethod::kGet, "/api/v1/patients/abc", "", {{"Cookie", login.cookie}});
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("patient not found"), std::string::npos);
}

HttpResponse Throwing(api::HandlerContext&) { throw std::runtime_error("secret detail"); }

TEST_F(ApiDispatcherTest, AThrowingHandlerBecomesA500WithoutDetail) {
  static const api::Route kRoutes[] = {{HttpMethod::kGet,
                                        "/boom",
                                        Throwing,
                                        {},
                                        api::Access::kPublic,
                                        api::Csrf::kRequired,
                                        api::Audit::kNone,
                                        "boom"}};
  ApiDispatcher dispatcher(services_, log_, DispatcherOptions{}, kRoutes);
  HttpRequest request;
  request.path = "/boom";
  HttpResponse response = dispatcher.Handle(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace backcare::http
