// Handlers for health, login/logout, the caller's identity, clinic settings and closures,
// therapists, users and API tokens.
#include "http/api/handler_support.h"
#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

using Presence = ObjectReader::Presence;

Json IdJson(std::int64_t id) { return {{"id", id}}; }

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
  Result<SessionControl::Started> started = context.sessions.StartSession(*actor, context.request);
  if (!started) {
    return ErrorResponse(started.error());
  }
  HttpResponse response =
      JsonResponse(200, {{"csrf_token", started->csrf_token}, {"user", ActorJson(*actor)}});
  response.headers.emplace_back("Set-Cookie", started->set_cookie);
  return response;
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
  Json me = ActorJson(context.caller->actor);
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
