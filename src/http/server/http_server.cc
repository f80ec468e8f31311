#include "http/server/http_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <filesystem>
#include <future>
#include <thread>
#include <utility>

namespace backcare::http {

struct HttpServer::Impl {
  ServerOptions options;
  RequestHandler handler;
  RequestLog* log = nullptr;
  std::unique_ptr<httplib::Server> server;
  bool tls = false;
  std::atomic<bool> stop_requested{false};
  int listen_socket = -1;  // captured when httplib creates it, to widen its accept backlog
};

namespace {

constexpr int kListenBacklog = 1024;

HttpRequest ToHttpRequest(const httplib::Request& in, HttpMethod method, bool tls) {
  HttpRequest out;
  out.method = method;
  out.path = in.path;
  for (const auto& [key, value] : in.params) out.query.emplace(key, value);  // first value wins
  for (const auto& [key, value] : in.headers) out.headers.emplace(ToLowerAscii(key), value);
  out.body = in.body;
  out.remote_address = in.remote_addr;
  out.over_tls = tls;
  return out;
}

void WriteResponse(const HttpResponse& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [key, value] : in.headers) out.headers.emplace(key, value);
  out.set_content(in.body, in.content_type.c_str());
}

// A JSON error body for requests refused before the handler ran. Hand-written (no JSON library
// here); the texts are fixed.
std::string FixedErrorBody(std::string_view code, std::string_view message) {
  return "{\"error\":{\"code\":\"" + std::string(code) + "\",\"message\":\"" +
         std::string(message) + "\",\"fields\":[]}}";
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const ServerOptions& options,
                                                       RequestHandler handler, RequestLog& log) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  impl->log = &log;
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return InvalidInput("TLS needs both a certificate and a key file",
                        {{"", options.tls_cert_file.empty() ? "tls_cert" : "tls_key", "required"}});
  }
  if (!options.tls_cert_file.empty()) {
    auto server = std::make_unique<httplib::SSLServer>(options.tls_cert_file.c_str(),
                                                       options.tls_key_file.c_str());
    if (!server->is_valid()) {
      return InvalidInput(
          "cannot load the TLS certificate or key",
          {{"", "tls_cert",
            "cannot load " + options.tls_cert_file + " with " + options.tls_key_file}});
    }
    impl->server = std::move(server);
    impl->tls = true;
  } else {
    impl->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *impl->server;
  const int threads = options.worker_threads;
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(options.keep_alive_timeout.count());
  server.set_read_timeout(options.read_timeout.count(), 0);
  server.set_write_timeout(options.write_timeout.count(), 0);
  server.set_payload_max_length(options.max_body_bytes);
  Impl* socket_owner = impl.get();
  server.set_socket_options([socket_owner](socket_t sock) {
    httplib::default_socket_options(sock);
    socket_owner->listen_socket = sock;
  });
  if (!options.static_dir.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(options.static_dir, error) ||
        !server.set_mount_point("/", options.static_dir)) {
      return InvalidInput("static folder not found",
                          {{"", "static_dir", "not a folder: " + options.static_dir}});
    }
  }

  Impl* raw = impl.get();
  auto dispatch = [raw](const httplib::Request& request, httplib::Response& response) {
    std::optional<HttpMethod> method = ParseHttpMethod(request.method);
    if (request.method == "HEAD") method = HttpMethod::kGet;
    if (!method) {
      response.status = 405;
      response.set_content(FixedErrorBody("invalid_input", "method not allowed"),
                           "application/json");
      return;
    }
    WriteResponse(raw->handler(ToHttpRequest(request, *method, raw->tls)), response);
  };
  server.Get(".*", dispatch);
  server.Post(".*", dispatch);
  server.Put(".*", dispatch);
  server.Patch(".*", dispatch);
  server.Delete(".*", dispatch);
  // Requests httplib refused itself (body over the limit, malformed request line) or whose
  // method has no handler. Responses our handler produced pass through unchanged.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [raw](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string_view code = "invalid_input";
        std::string_view message = "bad request";
        if (response.status == 413) message = "request body too large";
        if (response.status == 404) {
          code = "not_found";
          message = "no such route";
        }
        if (response.status == 405) message = "method not allowed";
        if (response.status >= 500) {
          code = "internal";
          message = "internal error";
        }
        response.set_content(FixedErrorBody(code, message), "application/json");
        raw->log->Write(RequestLogEntry{std::chrono::system_clock::now(), "-", request.method, "-",
                                        response.status, std::chrono::microseconds(0),
                                        std::nullopt});
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        response.status = 500;
        response.set_content(FixedErrorBody("internal", "internal error"), "application/json");
      });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

bool HttpServer::over_tls() const { return impl_->tls; }

Status HttpServer::Bind() {
  const ServerOptions& options = impl_->options;
  if (options.port == 0) {
    port_ = impl_->server->bind_to_any_port(options.host);
  } else if (impl_->server->bind_to_port(options.host, options.port)) {
    port_ = options.port;
  }
  if (port_ <= 0) {
    return Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  // Debian's cpp-httplib listens with a backlog of 5 (compiled in): a burst of new connections
  // then waits for SYN retransmits (1 s and more). Listening again on a listening socket only
  // changes its backlog.
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, kListenBacklog);
  return OkStatus();
}

void HttpServer::Serve() {
  if (impl_->stop_requested) return;
  impl_->server->listen_after_bind();
}

void HttpServer::Stop() {
  impl_->stop_requested = true;
  impl_->server->stop();
}

void ServeUntilSignal(HttpServer& server, RequestLog& log, std::string_view host) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::promise<void> served;
  std::future<void> done = served.get_future();
  std::thread serving([&] {
    server.Serve();
    served.set_value();
  });
  log.Event(std::string("listening on ") + (server.over_tls() ? "https" : "http") + "://" +
            std::string(host) + ":" + std::to_string(server.port()));
  // Wait for a signal, or for the server to stop by itself.
  const timespec poll{0, 200'000'000};
  while (done.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    int signal = sigtimedwait(&signals, nullptr, &poll);
    if (signal == SIGTERM || signal == SIGINT) {
      log.Event(signal == SIGTERM ? "SIGTERM: stopping" : "SIGINT: stopping");
      // Repeat until Serve returns: a stop issued before the listen loop began would be lost.
      do {
        server.Stop();
      } while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready);
    }
  }
  serving.join();
  log.Event("stopped");
}

}  // namespace backcare::http
