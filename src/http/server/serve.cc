#include "http/server/serve.h"

#include <ostream>

namespace backcare::http {

int Serve(const ServeConfig& config, const app::AppContext& context,
          app::crypto::PasswordHasher& hasher, std::ostream& err) {
  RequestLog log(config.access_log, &err);
  api::ApiServices services(context, hasher, config.sessions);
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
