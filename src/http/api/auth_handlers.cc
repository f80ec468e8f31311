// Handlers for health, login/logout, the caller's identity, clinic settings and closures,
// therapists, users and API tokens.
#include "http/api/handler_support.h"
#include "http/api/handlers.h"

#include "core/clinic/reminders.h"
#include "exchange/qr/qr_svg.h"

namespace backcare::http::api {
namespace {

using Presence = ObjectReader::Presence;

Json IdJson(std::int64_t id) { return {{"id", id}}; }

Json UserJson(const app::Actor& actor, app::SessionRestriction restriction) {
  Json user = ActorJson(actor);
  user["restriction"] = restriction == app::SessionRestriction::kNone
                            ? Json(nullptr)
                            : Json(std::string(NameOf(app::kSessionRestrictionNames, restriction)));
  return user;
}

// 200 with a new session's cookie and CSRF token, and who is signed in.
HttpResponse SignedIn(HandlerContext& context, const app::Actor& actor,
                      std::optional<int> recovery_codes_left = std::nullopt) {
  Result<SessionControl::Started> started = context.sessions.StartSession(actor, context.request);
  if (!started) return ErrorResponse(started.error());
  Json body = {{"csrf_token", started->csrf_token},
               {"user", UserJson(actor, started->restriction)}};
  if (recovery_codes_left) body["recovery_codes_left"] = *recovery_codes_left;
  HttpResponse response = JsonResponse(200, body);
  response.headers.emplace_back("Set-Cookie", started->set_cookie);
  return response;
}

}  // namespace

// Up, and whether reads can be served: while the audit log cannot write (the database is busy or
// down) every read is refused, so a load balancer should send traffic elsewhere (503).
// `audit_pending` is the number of read events not yet committed (no patient data).
HttpResponse Healthz(HandlerContext& context) {
  const app::AuditLog::Health audit = context.services.audit_log.health();
  const std::int64_t outbox = context.services.outbox ? context.services.outbox->pending() : 0;
  // The database first: while it cannot be read (PostgreSQL down, restarting), nothing works.
  const bool store_down = !context.services.clinics.CheckStore();
  const char* status = store_down ? "store_unavailable" : audit.failing ? "audit_failing" : "ok";
  return JsonResponse(
      store_down || audit.failing ? 503 : 200,
      {{"status", status}, {"audit_pending", audit.pending}, {"outbox_pending", outbox}});
}

HttpResponse Login(HandlerContext& context) {
  app::LoginRequest login;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        login.email = reader.String("email", Presence::kRequired, 320).value_or("");
        login.password = reader.Secret("password", Presence::kRequired, 1024).value_or("");
        if (auto clinic = reader.Integer("clinic_id", Presence::kOptional, 1)) {
          login.clinic_id = ClinicId(*clinic);
        }
      })) {
    return *bad;
  }
  const std::string& address = context.request.remote_address;
  Result<std::optional<std::chrono::seconds>> wait =
      context.sessions.LoginRetryAfter(login.email, address);
  if (!wait) {
    return ErrorResponse(wait.error());
  }
  if (*wait) {
    if (Status recorded = context.services.accounts.RecordThrottledLogin(login.email, address);
        !recorded) {
      return ErrorResponse(recorded.error());
    }
    HttpResponse response =
        ErrorResponse(Unavailable("too many failed logins; try again later"), 429);
    response.headers.emplace_back("Retry-After", std::to_string((*wait)->count()));
    return response;
  }
  Result<app::Actor> actor = context.services.accounts.Login(login, address);
  if (!actor) {
    if (actor.error().code == ErrorCode::kUnauthenticated) {
      if (Status recorded = context.sessions.RecordLoginFailure(login.email, address); !recorded) {
        return ErrorResponse(recorded.error());
      }
    }
    return ErrorResponse(actor.error());
  }
  if (Status cleared = context.sessions.RecordLoginSuccess(login.email); !cleared) {
    return ErrorResponse(cleared.error());
  }
  Result<bool> second_step = context.services.mfa.SecondStepDue(*actor);
  if (!second_step) return ErrorResponse(second_step.error());
  if (*second_step) {
    // The password was right; the session starts once the authenticator's code is (LoginMfa).
    Result<std::string> token = context.sessions.StartPendingLogin(*actor, context.request);
    if (!token) return ErrorResponse(token.error());
    return JsonResponse(200, {{"mfa_required", true},
                              {"mfa_token", *token},
                              {"expires_in", std::chrono::seconds(app::kMfaLoginWindow).count()}});
  }
  return SignedIn(context, *actor);
}

HttpResponse LoginMfa(HandlerContext& context) {
  std::string token;
  std::string code;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        token = reader.Secret("mfa_token", Presence::kRequired, 200).value_or("");
        code = reader.String("code", Presence::kRequired, 40).value_or("");
      })) {
    return *bad;
  }
  Result<app::Actor> actor = context.services.web_sessions.ResumePending(token);
  if (!actor) return ErrorResponse(actor.error());
  Result<app::MfaLogin> login =
      context.services.mfa.CompleteLogin(*actor, code, context.request.remote_address);
  if (!login) {
    if (login.error().code == ErrorCode::kUnauthenticated) {
      if (Status recorded = context.services.web_sessions.RecordPendingFailure(token); !recorded) {
        return ErrorResponse(recorded.error());
      }
    }
    return ErrorResponse(login.error());
  }
  if (Status ended = context.services.web_sessions.End(token); !ended) {
    return ErrorResponse(ended.error());
  }
  return SignedIn(context, *actor, login->recovery_codes_left);
}

HttpResponse Logout(HandlerContext& context) {
  Result<std::string> cookie = context.sessions.EndSession(context.request);
  if (!cookie) {
    return ErrorResponse(cookie.error());
  }
  HttpResponse response;
  response.status = 204;
  response.headers.emplace_back("Set-Cookie", *cookie);
  return response;
}

HttpResponse Me(HandlerContext& context) {
  Json me = UserJson(context.caller->actor, context.restriction);
  if (!context.csrf_token.empty()) me["csrf_token"] = std::string(context.csrf_token);
  return JsonResponse(200, me);
}

HttpResponse GetClinic(HandlerContext& context) {
  return Reply(context.services.clinics.GetClinic(*context.caller), ClinicJson);
}

HttpResponse UpdateClinic(HandlerContext& context) {
  app::NewClinic settings;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        settings.name = reader.String("name", Presence::kRequired, 200).value_or("");
        settings.time_zone = reader.String("time_zone", Presence::kRequired, 100).value_or("");
        if (auto hours =
                reader.Integer("patient_cancel_notice_hours", Presence::kOptional, 0, 720)) {
          settings.patient_cancel_notice_hours = static_cast<int>(*hours);
        }
        if (auto threshold =
                reader.Integer("exercise_pain_alert_threshold", Presence::kOptional, 1, 10)) {
          settings.exercise_pain_alert_threshold = static_cast<int>(*threshold);
        }
        if (auto reminder_hours = reader.Integer("appointment_reminder_hours", Presence::kOptional,
                                                 0, clinic::kMaxAppointmentReminderHours)) {
          settings.appointment_reminder_hours = static_cast<int>(*reminder_hours);
        }
        if (auto policy = reader.OneOf<clinic::MfaPolicy>("mfa_policy", Presence::kOptional,
                                                          clinic::kMfaPolicyNames)) {
          settings.mfa_policy = *policy;
        }
        reader.Object("protocol", Presence::kOptional, [&](ObjectReader& protocol) {
          app::ProtocolKey key;
          key.id = protocol.String("id", Presence::kRequired, 200).value_or("");
          key.version = static_cast<int>(
              protocol.Integer("version", Presence::kRequired, 1, 1'000'000).value_or(0));
          settings.protocol = std::move(key);
        });
      })) {
    return *bad;
  }
  return ReplyEmpty(context.services.clinics.UpdateClinic(*context.caller, settings));
}

HttpResponse ListClosures(HandlerContext& context) {
  return Reply(context.services.clinics.ListClosures(*context.caller),
               [](const auto& list) { return JsonArray(list, ClosureJson); });
}

HttpResponse AddClosure(HandlerContext& context) {
  app::NewClosure closure;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        closure.first_day = reader.Date("first_day", Presence::kRequired).value_or(clinic::Date{});
        closure.last_day = reader.Date("last_day", Presence::kRequired).value_or(clinic::Date{});
        closure.reason = reader.Text("reason", Presence::kRequired, 4000).value_or("");
      })) {
    return *bad;
  }
  return Reply(
      context.services.clinics.AddClosure(*context.caller, closure),
      [](ClosureId id) { return IdJson(id.value()); }, 201);
}

HttpResponse DeleteClosure(HandlerContext& context) {
  Result<ClosureId> closure_id = PathId<ClosureId>(context, "id", "closure");
  if (!closure_id) return ErrorResponse(closure_id.error());
  return ReplyEmpty(context.services.clinics.DeleteClosure(*context.caller, *closure_id));
}

HttpResponse ListTherapists(HandlerContext& context) {
  return Reply(context.services.clinics.ListTherapists(*context.caller),
               [](const auto& list) { return JsonArray(list, TherapistJson); });
}

HttpResponse CreateTherapist(HandlerContext& context) {
  app::NewTherapist therapist;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        therapist.given_name = reader.String("given_name", Presence::kOptional, 200).value_or("");
        therapist.family_name = reader.String("family_name", Presence::kRequired, 200).value_or("");
        therapist.license_number =
            reader.String("license_number", Presence::kOptional, 100).value_or("");
      })) {
    return *bad;
  }
  return Reply(
      context.services.clinics.CreateTherapist(*context.caller, therapist),
      [](TherapistId id) { return IdJson(id.value()); }, 201);
}

HttpResponse ListUsers(HandlerContext& context) {
  return Reply(context.services.accounts.ListUsers(*context.caller),
               [](const auto& list) { return JsonArray(list, UserViewJson); });
}

HttpResponse CreateUser(HandlerContext& context) {
  app::NewUser user;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) { user = ReadNewUser(reader); })) {
    return *bad;
  }
  return Reply(
      context.services.accounts.CreateUser(*context.caller, user),
      [](UserId id) { return IdJson(id.value()); }, 201);
}

HttpResponse InviteUser(HandlerContext& context) {
  app::NewInvitation invitation;
  if (auto bad = ReadBody(context,
                          [&](ObjectReader& reader) { invitation = ReadNewInvitation(reader); })) {
    return *bad;
  }
  return Reply(context.services.accounts.InviteUser(*context.caller, invitation), IssuedLinkJson,
               201);
}

HttpResponse CreatePasswordReset(HandlerContext& context) {
  Result<UserId> user_id = PathId<UserId>(context, "id", "user");
  if (!user_id) return ErrorResponse(user_id.error());
  // No body or {}: a reset link. {"temporary_password"}: that password, to pass on in person.
  std::optional<std::string> temporary;
  if (!context.request.body.empty()) {
    if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
          temporary = reader.Secret("temporary_password", Presence::kOptional, 1024);
        })) {
      return *bad;
    }
  }
  if (temporary) {
    return ReplyEmpty(
        context.services.accounts.SetTemporaryPassword(*context.caller, *user_id, *temporary));
  }
  return Reply(context.services.accounts.CreatePasswordReset(*context.caller, *user_id),
               IssuedLinkJson, 201);
}

HttpResponse CheckAccessLink(HandlerContext& context) {
  std::string token;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        token = reader.Secret("token", Presence::kRequired, 200).value_or("");
      })) {
    return *bad;
  }
  return Reply(context.services.accounts.CheckAccessLink(token), AccessLinkViewJson);
}

HttpResponse SetPassword(HandlerContext& context) {
  std::string token;
  std::string password;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        token = reader.Secret("token", Presence::kRequired, 200).value_or("");
        password = reader.Secret("password", Presence::kRequired, 1024).value_or("");
      })) {
    return *bad;
  }
  return Reply(context.services.accounts.SetPasswordWithLink(token, password,
                                                             context.request.remote_address),
               AccessLinkViewJson);
}

// The one-click unsubscribe: the token comes in the query (?token=..., as the List-Unsubscribe
// URL carries it; the body is then RFC 8058's "List-Unsubscribe=One-Click" and is not read) or
// in a JSON body {"token": "..."} (the web page).
HttpResponse Unsubscribe(HandlerContext& context) {
  std::string token;
  if (std::optional<std::string_view> query = context.request.Query("token")) {
    token = std::string(*query);
  } else if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
               token = reader.Secret("token", Presence::kRequired, 200).value_or("");
             })) {
    return *bad;
  }
  return Reply(context.services.reminders.Unsubscribe(token, context.request.remote_address),
               [](const app::UnsubscribeResult& result) {
                 return Json{{"kind", std::string(NameOf(clinic::kReminderKindNames, result.kind))},
                             {"already_used", result.already_used}};
               });
}

HttpResponse ChangePassword(HandlerContext& context) {
  std::string current;
  std::string replacement;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        current = reader.Secret("current_password", Presence::kRequired, 1024).value_or("");
        replacement = reader.Secret("new_password", Presence::kRequired, 1024).value_or("");
      })) {
    return *bad;
  }
  if (Status changed =
          context.services.accounts.ChangePassword(*context.caller, current, replacement);
      !changed) {
    return ErrorResponse(changed.error());
  }
  // Every session of the login ended with the old password; this browser gets a fresh one.
  Result<SessionControl::Started> started =
      context.sessions.StartSession(context.caller->actor, context.request);
  if (!started) return ErrorResponse(started.error());
  HttpResponse response = JsonResponse(200, {{"csrf_token", started->csrf_token}});
  response.headers.emplace_back("Set-Cookie", started->set_cookie);
  return response;
}

HttpResponse GetMfa(HandlerContext& context) {
  return Reply(context.services.mfa.GetStatus(*context.caller), [](const app::MfaStatus& status) {
    return Json{
        {"enabled", status.enabled},
        {"enabled_at", status.enabled_at ? Json(FormatInstant(*status.enabled_at)) : Json(nullptr)},
        {"recovery_codes_left", status.recovery_codes_left},
        {"required", status.required}};
  });
}

HttpResponse BeginMfaEnrolment(HandlerContext& context) {
  if (!context.request.body.empty()) {
    if (auto bad = ReadBody(context, [](ObjectReader&) {})) return *bad;
  }
  Result<app::MfaEnrolment> enrolment = context.services.mfa.BeginEnrolment(*context.caller);
  if (!enrolment) return ErrorResponse(enrolment.error());
  Result<std::string> svg = exchange::QrSvg(enrolment->otpauth_uri);
  if (!svg) return ErrorResponse(svg.error());
  return JsonResponse(
      200,
      {{"secret", enrolment->secret}, {"otpauth_uri", enrolment->otpauth_uri}, {"qr_svg", *svg}});
}

namespace {

// The body {"code": "..."} of the routes that take an authenticator code.
std::optional<HttpResponse> ReadCode(HandlerContext& context, std::string& code) {
  return ReadBody(context, [&](ObjectReader& reader) {
    code = reader.String("code", Presence::kRequired, 40).value_or("");
  });
}

Json RecoveryCodesJson(const std::vector<std::string>& codes) {
  return {{"recovery_codes", codes}};
}

}  // namespace

HttpResponse ConfirmMfaEnrolment(HandlerContext& context) {
  std::string code;
  if (auto bad = ReadCode(context, code)) return *bad;
  return Reply(context.services.mfa.ConfirmEnrolment(*context.caller, code), RecoveryCodesJson);
}

HttpResponse RenewRecoveryCodes(HandlerContext& context) {
  std::string code;
  if (auto bad = ReadCode(context, code)) return *bad;
  return Reply(context.services.mfa.RenewRecoveryCodes(*context.caller, code), RecoveryCodesJson);
}

HttpResponse DisableMfa(HandlerContext& context) {
  std::string password;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        password = reader.Secret("password", Presence::kRequired, 1024).value_or("");
      })) {
    return *bad;
  }
  return ReplyEmpty(context.services.mfa.Disable(*context.caller, password));
}

HttpResponse ResetUserMfa(HandlerContext& context) {
  Result<UserId> user_id = PathId<UserId>(context, "id", "user");
  if (!user_id) return ErrorResponse(user_id.error());
  return ReplyEmpty(context.services.mfa.ResetForUser(*context.caller, *user_id));
}

HttpResponse ListMySessions(HandlerContext& context) {
  return Reply(context.services.web_sessions.ListSessions(
                   context.caller->actor, context.sessions.SessionId(context.request)),
               [](const std::vector<app::SessionView>& sessions) {
                 return JsonArray(sessions, [](const app::SessionView& session) {
                   return Json{{"id", session.handle},
                               {"current", session.current},
                               {"created_at", FormatInstant(session.created_at)},
                               {"last_seen_at", FormatInstant(session.last_seen_at)},
                               {"user_agent", session.user_agent},
                               {"address", session.address}};
                 });
               });
}

HttpResponse RevokeMySession(HandlerContext& context) {
  auto handle = context.params.find("id");
  if (handle == context.params.end()) return ErrorResponse(NotFound("session not found"));
  Result<bool> was_current = context.services.web_sessions.Revoke(
      context.caller->actor, handle->second, context.sessions.SessionId(context.request));
  if (!was_current) return ErrorResponse(was_current.error());
  HttpResponse response;
  response.status = 204;
  if (*was_current) {
    // Signing this browser's own session out is a logout: clear its cookie too.
    Result<std::string> cookie = context.sessions.EndSession(context.request);
    if (!cookie) return ErrorResponse(cookie.error());
    response.headers.emplace_back("Set-Cookie", *cookie);
  }
  return response;
}

HttpResponse RequestPasswordReset(HandlerContext& context) {
  std::string email;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        email = reader.String("email", Presence::kRequired, 320).value_or("");
      })) {
    return *bad;
  }
  if (Status requested =
          context.services.accounts.RequestPasswordReset(email, context.request.remote_address);
      !requested) {
    return ErrorResponse(requested.error());
  }
  return JsonResponse(202, {{"status", "if the email has a login, a reset link is on its way"}});
}

HttpResponse SetUserState(HandlerContext& context) {
  Result<UserId> user_id = PathId<UserId>(context, "id", "user");
  if (!user_id) return ErrorResponse(user_id.error());
  clinic::AccountState state = clinic::AccountState::kActive;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        state = reader
                    .OneOf<clinic::AccountState>("state", Presence::kRequired,
                                                 clinic::kAccountStateNames)
                    .value_or(state);
      })) {
    return *bad;
  }
  return ReplyEmpty(context.services.accounts.SetUserState(*context.caller, *user_id, state));
}

HttpResponse CreateApiToken(HandlerContext& context) {
  std::string name;
  std::int64_t days = app::kDefaultApiTokenDays;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        name = reader.String("name", Presence::kRequired, 200).value_or("");
        days = reader.Integer("expires_in_days", Presence::kOptional, 1, app::kMaxApiTokenDays)
                   .value_or(app::kDefaultApiTokenDays);
      })) {
    return *bad;
  }
  return Reply(
      context.services.accounts.CreateApiToken(*context.caller, name, static_cast<int>(days)),
      [](const app::IssuedToken& issued) {
        return Json{{"token_user_id", issued.token_user_id.value()},
                    {"token", issued.token},
                    {"expires_at", FormatInstant(issued.expires_at)}};
      },
      201);
}

HttpResponse ListApiTokens(HandlerContext& context) {
  return Reply(context.services.accounts.ListApiTokens(*context.caller), [](const auto& tokens) {
    return JsonArray(tokens, [](const app::ApiTokenView& token) {
      return Json{{"id", token.id.value()},
                  {"name", token.name},
                  {"role", std::string(clinic::RoleName(token.role))},
                  {"state", token.state == clinic::AccountState::kActive ? "active" : "revoked"},
                  {"owner_id", OptionalId(token.owner_id)},
                  {"expires_at",
                   token.expires_at ? Json(FormatInstant(*token.expires_at)) : Json(nullptr)}};
    });
  });
}

HttpResponse RevokeApiToken(HandlerContext& context) {
  Result<UserId> user_id = PathId<UserId>(context, "id", "API token");
  if (!user_id) return ErrorResponse(user_id.error());
  return ReplyEmpty(context.services.accounts.RevokeApiToken(*context.caller, *user_id));
}

}  // namespace backcare::http::api
