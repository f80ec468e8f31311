// The socket side of the server: cpp-httplib (plain or TLS) tuned for keep-alive load, feeding
// every request, as an HttpRequest value, to one RequestHandler (the API dispatcher). This pair of
// files is the only place that includes <httplib.h>, so the library can be swapped (e.g. for
// Beast) without touching routes or handlers.
//
// Tuning (cpp-httplib's defaults starve under keep-alive load, see docs/http.md): a worker pool
// larger than the connections we support (each keep-alive connection holds a worker), TCP_NODELAY,
// 1000 requests per keep-alive connection, an accept backlog of 1024, read/write timeouts and a
// request body limit (larger bodies get 413 before any handler runs).
#ifndef BACKCARE_HTTP_SERVER_HTTP_SERVER_H_
#define BACKCARE_HTTP_SERVER_HTTP_SERVER_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/base/result.h"
#include "http/server/http_message.h"
#include "http/server/request_log.h"

namespace backcare::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (see HttpServer::port())
  // Both set: serve HTTPS with this certificate chain and private key (PEM files).
  std::string tls_cert_file;
  std::string tls_key_file;
  int worker_threads = 128;  // the most concurrent connections served at once
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};
  // When set, files under this folder are served at "/" (the web app); the API wins on /api/.
  std::string static_dir;
};

// Handles one request; must be thread-safe (called from every worker at once) and never throw.
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // `log` is borrowed and must outlive the server (it records requests rejected before the
  // handler: oversized bodies, unknown methods). kInvalidInput when only one TLS file is set, when
  // the TLS files cannot be loaded, or when static_dir is not a folder.
  static Result<std::unique_ptr<HttpServer>> Create(const ServerOptions& options,
                                                    RequestHandler handler, RequestLog& log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket. kUnavailable "cannot listen on HOST:PORT" when the address is in
  // use or not local.
  Status Bind();
  // The bound port (after Bind()); differs from options.port when that was 0.
  int port() const { return port_; }
  bool over_tls() const;
  // Accepts and serves connections until Stop(); blocks. Returns once in-flight requests finished.
  void Serve();
  // Stops accepting; Serve() returns after finishing the requests in flight. Thread-safe, and
  // callable before Serve() starts (Serve then returns at once).
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// Serves until SIGTERM or SIGINT (then stops accepting and finishes in-flight requests), after
// writing "listening on http[s]://HOST:PORT" to the log. Blocks those signals in the calling
// thread (call before starting other threads so all threads inherit the mask). Returns when the
// server has stopped; the caller then closes the store.
void ServeUntilSignal(HttpServer& server, RequestLog& log, std::string_view host);

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_HTTP_SERVER_H_
