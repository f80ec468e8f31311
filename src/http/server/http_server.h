// The socket side of the server: Boost.Beast + Asio (plain or TLS) feeding every request, as an
// HttpRequest value, to one RequestHandler (the API dispatcher). This pair of files is the only
// place that includes Beast, Asio or OpenSSL, so routes and handlers never see the library.
//
// Threads: a few I/O threads (`io_threads`, default the number of cores) run the event loop and
// never run a handler; handlers, which block on the store, run on a bounded worker pool
// (`worker_threads`, at most `max_queued_requests` waiting), and POST /api/v1/login (Argon2id,
// ~120 ms and 64 MiB a hash) on its own small pool, so a flood of logins cannot starve the rest.
// When a pool's queue is full the request gets 503 with Retry-After. An idle keep-alive
// connection holds no thread, only a socket and a timer.
//
// Limits, each answered before any handler runs: headers over `max_header_bytes` -> 431; bodies
// over `max_body_bytes` (counted as they arrive, chunked too) -> 413; conflicting Content-Length
// or Content-Length with Transfer-Encoding, malformed request lines or headers, invalid
// percent-encoding, a body on GET/HEAD -> 400; unknown methods -> 405; a request's headers and
// body must arrive within `read_timeout` (slowloris), a response leave within `write_timeout`,
// an idle keep-alive connection is closed after `keep_alive_timeout`; beyond `max_connections`
// new connections are closed at once. Every response the server produces itself carries the
// JSON error body, X-Request-Id and the API's security headers (security_headers.h).
#ifndef BACKCARE_HTTP_SERVER_HTTP_SERVER_H_
#define BACKCARE_HTTP_SERVER_HTTP_SERVER_H_

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
  // Both set: serve HTTPS (TLS 1.2 or later) with this certificate chain and private key (PEM).
  std::string tls_cert_file;
  std::string tls_key_file;
  int io_threads = 0;      // event-loop threads; 0 = the number of cores
  int worker_threads = 8;  // threads that run handlers (`backcare serve`: cli::WorkerThreadsFor)
  std::size_t max_queued_requests = 1024;  // requests waiting for a worker; beyond: 503
  int login_worker_threads = 2;            // threads that run POST /api/v1/login
  std::size_t max_queued_logins = 64;      // logins waiting; beyond: 503
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{60};
  int max_connections = 10'000;
  // Comma-separated CIDR ranges whose X-Forwarded-For names the client (trusted_proxies.h).
  std::string trusted_proxies;
  // When set, files under this folder are served at "/" (the web app, static_files.h) in place of
  // the build embedded in the binary (web_assets.h); the API wins on /api/ and /healthz.
  std::string static_dir;
};

// Handles one request; must be thread-safe (called from every worker at once) and never throw
// (a throwing handler becomes a 500).
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // `log` is borrowed and must outlive the server (it records requests rejected before the
  // handler: oversized bodies, unknown methods, full queues). kInvalidInput when only one TLS file
  // is set, when the TLS files cannot be loaded, when static_dir is not a folder, or when
  // trusted_proxies holds something that is not an address or CIDR range.
  static Result<std::unique_ptr<HttpServer>> Create(const ServerOptions& options,
                                                    RequestHandler handler, RequestLog& log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Raises the open-file soft limit to the hard limit (logged), then binds the listening socket.
  // kUnavailable "cannot listen on HOST:PORT" when the address is in use or not local.
  Status Bind();
  // The bound port (after Bind()); differs from options.port when that was 0.
  int port() const { return port_; }
  bool over_tls() const;
  // Accepts and serves connections until Stop(); blocks. Returns once in-flight requests finished.
  void Serve();
  // Stops accepting and closes idle connections; requests in flight (being read, handled or
  // written) finish and their connections then close; Serve() returns when none is left.
  // Thread-safe, idempotent, and callable before Serve() starts (Serve then returns at once).
  void Stop();

 public:
  struct Impl;  // the server's state, defined (and only usable) in http_server.cc

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it starts afterwards.
// Call it first, before any thread exists (worker pools, the audit writer): a thread that does not
// block them would take a SIGTERM meant for ServeUntilSignal and end the process at once.
void BlockStopSignals();

// Serves until SIGTERM or SIGINT (then stops accepting and finishes in-flight requests), after
// writing "listening on http[s]://HOST:PORT" to the log. Requires BlockStopSignals() to have run
// before any thread was started. Returns when the server has stopped; the caller then closes the
// store.
void ServeUntilSignal(HttpServer& server, RequestLog& log, std::string_view host);

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_HTTP_SERVER_H_
