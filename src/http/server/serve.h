// `backcare serve` assembled: the use-case services over the given AppContext, the API
// dispatcher and the socket server, run until SIGTERM/SIGINT. The caller (main.cc) opens the
// store and closes it after Serve returns, so in-flight requests finish before the store closes.
#ifndef BACKCARE_HTTP_SERVER_SERVE_H_
#define BACKCARE_HTTP_SERVER_SERVE_H_

#include <iosfwd>
#include <string>

#include "app/app_context.h"
#include "app/crypto/crypto.h"
#include "app/web_session_service.h"
#include "core/ports/mail_sender.h"
#include "core/ports/push_sender.h"
#include "http/server/api_dispatcher.h"
#include "http/server/http_server.h"

namespace backcare::http {

struct ServeConfig {
  ServerOptions server;
  DispatcherOptions dispatcher;        // secure_cookies is forced on when serving TLS
  app::WebSessionOptions sessions;     // idle timeout and login throttling
  std::ostream* access_log = nullptr;  // borrowed; nullptr = no per-request lines
  // The server's public address; when set with a mail sender, invitation and reset links are
  // emailed (through the outbox, delivered by a thread of this server).
  std::string public_url;
  ports::MailSender* mail_sender = nullptr;  // borrowed; nullptr = no email
  // Web Push to the patients' browsers (app/push_service.h): borrowed; nullptr = push is
  // unavailable (the portal does not offer it). `push_subject` is the VAPID contact the push
  // services may write to ("mailto:clinic@example.org" or "https://clinic.example").
  ports::PushSender* push_sender = nullptr;
  std::string push_subject;
};

// Binds, logs "listening on http://HOST:PORT" (to `err`), serves until a
// signal, and returns the process exit code: 0 after a clean stop; ExitCodeFor(error) when the
// server cannot start (the error written to `err`). `context` and `hasher` are borrowed.
int Serve(const ServeConfig& config, const app::AppContext& context,
          app::crypto::PasswordHasher& hasher, std::ostream& err);

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_SERVE_H_
