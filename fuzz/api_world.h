// A whole API in memory for the fuzz targets that drive http::ApiDispatcher::Handle: the memory
// store, a fake clock and time zone, the built-in protocol, the use-case services and the
// dispatcher, with one clinic, its admin and a therapist logged in (session cookies and CSRF
// tokens) and one patient. Built the way src/http/server/api_dispatcher_test.cc builds its fixture.
//
// A World is cheap enough (well under a millisecond) to build for every input, which keeps each
// run independent of the inputs before it: the memory store would otherwise keep every patient an
// earlier input registered, and each write would copy an ever larger state.
#ifndef BACKCARE_FUZZ_API_WORLD_H_
#define BACKCARE_FUZZ_API_WORLD_H_

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "app/account_service.h"
#include "app/actor.h"
#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "app/protocol_catalog.h"
#include "core/ports/clock.h"
#include "core/ports/time_zone.h"
#include "exchange/toml/protocol_toml.h"
#include "fuzz_support.h"
#include "http/api/api_services.h"
#include "http/server/api_dispatcher.h"
#include "http/server/request_log.h"
#include "store/memory/memory_store.h"

namespace backcare::fuzz {

// Passwords stored as "plain:<password>": Argon2id's cost would dominate every run.
class PlainHasher final : public app::crypto::PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override {
    return "plain:" + std::string(password);
  }
  bool Verify(std::string_view hash, std::string_view password) override {
    return hash == "plain:" + std::string(password);
  }
};

class World {
 public:
  static constexpr std::string_view kAdminEmail = "admin@a.test";
  static constexpr std::string_view kTherapistEmail = "therapist@a.test";
  static constexpr std::string_view kPassword = "correct horse battery";

  World() {
    Result<ClinicId> clinic =
        app::ClinicService(context_).CreateClinic({"Clinic A", "Europe/London"}, "fuzz");
    Require(clinic.has_value(), "the clinic is created");
    app::NewUser admin{std::string(kAdminEmail), "Admin",      clinic::Role::kAdmin,
                       std::string(kPassword),   std::nullopt, std::nullopt};
    app::RequestContext system{app::SystemActor(*clinic), "fuzz"};
    Require(services_.accounts.CreateUser(system, admin).has_value(), "the admin is created");

    std::tie(cookie_, csrf_) = LogIn(kAdminEmail);

    http::HttpResponse patient =
        Send(http::HttpMethod::kPost, "/api/v1/patients",
             R"({"family_name":"Doe","given_name":"Sam","date_of_birth":"1970-01-01"})", Signed());
    Require(patient.status == 201, "a patient is registered");

    // A therapist with a login of their own, for the requests a therapist's session makes.
    Result<TherapistId> therapist =
        app::ClinicService(context_).CreateTherapist(system, {"Tess", "Ther", "T-1"});
    Require(therapist.has_value(), "the therapist is created");
    app::NewUser login{std::string(kTherapistEmail), "Tess",     clinic::Role::kTherapist,
                       std::string(kPassword),       *therapist, std::nullopt};
    Require(services_.accounts.CreateUser(system, login).has_value(), "the therapist's login");
    std::tie(therapist_cookie_, therapist_csrf_) = LogIn(kTherapistEmail);
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // How a request is signed in.
  enum class Credentials { kNone, kCookie, kCookieWithoutCsrf, kTherapistCookie };

  http::HttpRequest Request(http::HttpMethod method, std::string path, std::string body,
                            Credentials credentials = Credentials::kCookie) const {
    http::HttpRequest request;
    request.method = method;
    request.path = std::move(path);
    request.body = std::move(body);
    request.remote_address = "10.0.0.1";
    if (!request.body.empty()) request.SetHeader("Content-Type", "application/json");
    if (credentials == Credentials::kTherapistCookie) {
      request.SetHeader("Cookie", therapist_cookie_);
      request.SetHeader(std::string(http::kCsrfHeader), therapist_csrf_);
      return request;
    }
    if (credentials != Credentials::kNone) request.SetHeader("Cookie", cookie_);
    if (credentials == Credentials::kCookie) {
      request.SetHeader(std::string(http::kCsrfHeader), csrf_);
    }
    return request;
  }

  http::HttpResponse Send(http::HttpMethod method, std::string path, std::string body,
                          Credentials credentials = Credentials::kNone) {
    return dispatcher_.Handle(Request(method, std::move(path), std::move(body), credentials));
  }
  http::HttpResponse Handle(const http::HttpRequest& request) {
    return dispatcher_.Handle(request);
  }

 private:
  static Credentials Signed() { return Credentials::kCookie; }

  // Logs `email` in with kPassword: its session cookie ("backcare_session=...") and CSRF token.
  std::pair<std::string, std::string> LogIn(std::string_view email) {
    http::HttpResponse login = Send(http::HttpMethod::kPost, "/api/v1/login",
                                    R"({"email":")" + std::string(email) + R"(","password":")" +
                                        std::string(kPassword) + R"("})");
    Require(login.status == 200, "a login of the world logs in");
    const std::string set_cookie(login.Header("Set-Cookie").value_or(""));
    const std::size_t start = login.body.find(R"("csrf_token":")") + 14;
    return {set_cookie.substr(0, set_cookie.find(';')),
            login.body.substr(start, login.body.find('"', start) - start)};
  }

  std::unique_ptr<store::Database> store_ = store::NewMemoryStore();
  ports::FakeClock clock_{std::chrono::sys_days(std::chrono::year{2024} / 3 / 18)};
  app::ProtocolCatalog protocols_{&exchange::ParseProtocolToml, {BuiltInProtocol(), "", ""}};
  app::AuditLog audit_log_{*store_};
  app::AppContext context_{
      *store_, clock_, protocols_,
      [](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
        return std::make_shared<ports::FakeTimeZone>(std::string(name), std::chrono::minutes(0));
      },
      audit_log_};
  PlainHasher hasher_;
  http::api::ApiServices services_{context_, hasher_};
  http::RequestLog log_{nullptr, nullptr};
  http::ApiDispatcher dispatcher_{services_, log_, http::DispatcherOptions{}};
  std::string cookie_;  // the admin's "backcare_session=..."
  std::string csrf_;
  std::string therapist_cookie_;
  std::string therapist_csrf_;
};

// Every response the dispatcher gives: a status from 200 to 599, and for an error a JSON error
// body with a code and a message (under /fhir/, an OperationOutcome with an issue code and
// diagnostics). A 500 is a bug (a failed check or an exception), never the answer to bad input.
inline void RequireGoodResponse(const http::HttpResponse& response, std::string_view path = {}) {
  Require(response.status >= 200 && response.status <= 599, "a status is 200 to 599");
  Require(response.status != 500, "bad input is never a 500");
  if (response.status < 400) return;
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (path.starts_with("/fhir/")) {
    Require(body.is_object() && body.value("resourceType", "") == "OperationOutcome" &&
                body.contains("issue") && body["issue"].is_array() && !body["issue"].empty(),
            "a FHIR error answers with an OperationOutcome");
    const nlohmann::json& issue = body["issue"][0];
    Require(issue.value("code", "") != "" && issue.value("diagnostics", "") != "",
            "an OperationOutcome issue has a code and diagnostics");
    return;
  }
  Require(body.is_object() && body.contains("error"), "an error answers with an error body");
  const nlohmann::json& error = body["error"];
  Require(error.is_object() && error.value("code", "") != "" && error.value("message", "") != "",
          "an error body has a code and a message");
}

}  // namespace backcare::fuzz

#endif  // BACKCARE_FUZZ_API_WORLD_H_
