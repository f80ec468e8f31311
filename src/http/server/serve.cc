#include "http/server/serve.h"

#include <chrono>
#include <ostream>

#include "app/outbox_delivery.h"
#include "app/reminder_service.h"

namespace backcare::http {

int Serve(const ServeConfig& config, const app::AppContext& context,
          app::crypto::PasswordHasher& hasher, std::ostream& err) {
  RequestLog log(config.access_log, &err);
  // Without a sender the outbox is only counted (for /healthz): nothing is queued or sent.
  app::OutboxDelivery outbox(context.store, context.clock, config.mail_sender);
  outbox.Start(std::chrono::seconds(1), [&log](const std::string& message) { log.Event(message); });
  const std::string link_base_url = config.mail_sender ? config.public_url : std::string();
  api::ApiServices services(context, hasher, config.sessions, link_base_url, &outbox,
                            config.push_sender, config.push_subject);
  // Appointment reminders and home-program nudges go into the outbox once a minute (only with a
  // mail sender and public URL: an email must carry its links).
  app::ReminderSweeper reminders(services.reminders);
  reminders.Start(std::chrono::minutes(1),
                  [&log](const std::string& message) { log.Event(message); });
  DispatcherOptions dispatcher_options = config.dispatcher;
  if (!config.server.tls_cert_file.empty()) dispatcher_options.secure_cookies = true;
  ApiDispatcher dispatcher(services, log, dispatcher_options);

  Result<std::unique_ptr<HttpServer>> server = HttpServer::Create(
      config.server,
      [&dispatcher](const HttpRequest& request) { return dispatcher.Handle(request); }, log);
  if (!server) {
    err << "backcare serve: " << server.error().ToString() << "\n";
    return ExitCodeFor(server.error().code);
  }
  if (Status bound = (*server)->Bind(); !bound) {
    err << "backcare serve: " << bound.error().ToString() << "\n";
    return ExitCodeFor(bound.error().code);
  }
  ServeUntilSignal(**server, log, config.server.host);
  return 0;
}

}  // namespace backcare::http
