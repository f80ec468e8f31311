#include "http/server/http_server.h"

// Boost 1.74's Asio needs <utility> before it on g++ 12 (docs/dependencies.md).
#include <utility>

#include <openssl/ssl.h>
#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/server/random_token.h"
#include "http/server/request_target.h"
#include "http/server/security_headers.h"
#include "http/server/static_files.h"
#include "http/server/trusted_proxies.h"
#include "http/server/web_assets.h"
#include "http/server/worker_pool.h"

namespace backcare::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

constexpr int kListenBacklog = 1024;
// Routes that hash a password (Argon2id, ~120 ms of CPU) run on their own pool, so a burst of
// them cannot take every worker from the rest of the API.
bool HashesPassword(std::string_view path) {
  return path == "/api/v1/login" || path == "/api/v1/set-password";
}
// After an error response on a connection whose request was not read in full, the rest of what
// the client sends is read and discarded (up to this much) before closing, so the client sees
// the response instead of a reset.
constexpr std::size_t kLingerBytes = 8 << 20;

// A JSON error body for requests refused before the handler ran. Hand-written (no JSON library
// here); the texts are fixed.
std::string FixedErrorBody(std::string_view code, std::string_view message) {
  return R"({"error":{"code":")" + std::string(code) + R"(","message":")" + std::string(message) +
         R"(","fields":[]}})";
}

HttpResponse ErrorResponse(int status, std::string_view message) {
  std::string_view code = status == 404   ? "not_found"
                          : status == 503 ? "unavailable"
                          : status >= 500 ? "internal"
                                          : "invalid_input";
  HttpResponse response;
  response.status = status;
  response.body = FixedErrorBody(code, message);
  AddApiSecurityHeaders(response);
  return response;
}

std::optional<HttpMethod> ApiMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
    case bhttp::verb::head:
      return HttpMethod::kGet;
    case bhttp::verb::post:
      return HttpMethod::kPost;
    case bhttp::verb::put:
      return HttpMethod::kPut;
    case bhttp::verb::patch:
      return HttpMethod::kPatch;
    case bhttp::verb::delete_:
      return HttpMethod::kDelete;
    default:
      return std::nullopt;
  }
}

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

bool IsApiPath(std::string_view path) {
  return path == "/healthz" || path == "/api" || path.substr(0, 5) == "/api/" ||
         path.substr(0, 5) == "/cal/";
}

}  // namespace

// What every connection needs to know of its server.
struct HttpServer::Impl {
  class LiveConnection {
   public:
    virtual ~LiveConnection() = default;
    // Posted when the server stops: an idle connection closes; a busy one closes after its
    // response.
    virtual void OnServerStop() = 0;
  };

  ServerOptions options;
  RequestHandler handler;
  RequestLog* log = nullptr;
  std::optional<StaticFiles> static_files;
  TrustedProxies proxies;
  std::optional<ssl::context> tls;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  // After `io`: destroyed first, joining their threads (no task is left once Serve returned).
  std::unique_ptr<WorkerPool> workers;
  std::unique_ptr<WorkerPool> login_workers;
  std::atomic<bool> stopping{false};
  std::atomic<int> open_connections{0};
  std::mutex registry_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<LiveConnection>> registry;
  std::uint64_t next_connection = 0;
  std::string request_id_prefix = RandomToken().substr(0, 8);
  std::atomic<std::uint64_t> request_counter{0};

  std::string NewRequestId() {
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, "-s%06llu",
                  static_cast<unsigned long long>(++request_counter));
    return request_id_prefix + suffix;
  }
  void LogRefused(std::string_view request_id, std::string_view method, int status) {
    log->Write(RequestLogEntry{std::chrono::system_clock::now(), request_id, method, "-", status,
                               std::chrono::microseconds(0), std::nullopt});
  }
  std::uint64_t Register(std::weak_ptr<LiveConnection> connection) {
    std::lock_guard lock(registry_mutex);
    registry.emplace(++next_connection, std::move(connection));
    return next_connection;
  }
  void Unregister(std::uint64_t id) {
    std::lock_guard lock(registry_mutex);
    registry.erase(id);
  }
  void Accept();
  void OnAccept(beast::error_code error, tcp::socket socket);
};

namespace {

// One client connection: reads a request (headers within read_timeout, then the body), hands it
// to a worker pool, writes the response, then waits for the next request (keep_alive_timeout).
// All of it runs on the connection's strand; a worker posts its response back to that strand.
// Pipelined requests wait in `buffer_` and are answered in order, one at a time.
template <class Stream>
class Connection final : public HttpServer::Impl::LiveConnection,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Connection(HttpServer::Impl& server, Stream stream, std::string peer)
      : server_(server), stream_(std::move(stream)), peer_(std::move(peer)) {}
  ~Connection() override {
    server_.Unregister(id_);
    --server_.open_connections;
  }

  void Start() {
    id_ = server_.Register(this->weak_from_this());
    if constexpr (kTls) {
      Lowest().expires_after(server_.options.read_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code error) {
                                if (error) return self->Close();
                                self->WaitForRequest();
                              });
    } else {
      WaitForRequest();
    }
  }

  void OnServerStop() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) self->Close();
    });
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  // Idle: no thread, only a read of the next request's first bytes with the keep-alive timeout.
  void WaitForRequest() {
    if (server_.stopping) return Close();
    if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is already here
    idle_ = true;
    Lowest().expires_after(first_request_ ? server_.options.read_timeout
                                          : server_.options.keep_alive_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](
                                                       beast::error_code error, std::size_t bytes) {
      self->idle_ = false;
      if (error) return self->Close();
      self->buffer_.commit(bytes);
      self->ReadHeader();
    });
  }

  void ReadHeader() {
    first_request_ = false;
    request_id_.clear();
    head_ = false;
    started_ = std::chrono::steady_clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    // The whole header must arrive within read_timeout, however slowly it trickles.
    Lowest().expires_after(server_.options.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](
                                 beast::error_code error, std::size_t) { self->OnHeader(error); });
  }

  void OnHeader(beast::error_code error) {
    if (error) return OnReadError(error);
    const auto& request = parser_->get();
    if (request.method() == bhttp::verb::options) {
      HttpResponse response;
      response.status = 204;
      response.headers.emplace_back("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      AddApiSecurityHeaders(response);
      return Refuse(std::move(response), /*close=*/!parser_->is_done());
    }
    if (!ApiMethod(request.method())) return Refuse(ErrorResponse(405, "method not allowed"));
    head_ = request.method() == bhttp::verb::head;
    if (request.count(bhttp::field::transfer_encoding) > 0) {
      if (request.count(bhttp::field::content_length) > 0) {
        return Refuse(ErrorResponse(400, "Content-Length together with Transfer-Encoding"));
      }
      if (!parser_->chunked()) return Refuse(ErrorResponse(400, "unsupported Transfer-Encoding"));
    }
    bool has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    if (has_body && request.method() != bhttp::verb::post && request.method() != bhttp::verb::put &&
        request.method() != bhttp::verb::patch && request.method() != bhttp::verb::delete_) {
      return Refuse(ErrorResponse(400, "a GET or HEAD request may not have a body"));
    }
    if (has_body && beast::iequals(request[bhttp::field::expect], "100-continue")) {
      continue_.emplace(bhttp::status::continue_, request.version());
      Lowest().expires_after(server_.options.write_timeout);
      bhttp::async_write(stream_, *continue_,
                         [self = this->shared_from_this()](beast::error_code e, std::size_t) {
                           if (e) return self->Close();
                           self->ReadBody();
                         });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    // A POST with neither Content-Length nor chunked has an empty body: the parser is done.
    if (parser_->is_done()) return Dispatch();
    Lowest().expires_after(server_.options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                        if (error) return self->OnReadError(error);
                        self->Dispatch();
                      });
  }

  void OnReadError(beast::error_code error) {
    if (error == bhttp::error::end_of_stream || error == asio::error::eof ||
        error == beast::error::timeout || error == asio::error::operation_aborted ||
        error == asio::error::connection_reset || error == ssl::error::stream_truncated) {
      return Close();  // the client left, or was too slow (slowloris): nothing to answer
    }
    if (error == bhttp::error::header_limit) {
      return Refuse(ErrorResponse(431, "request headers too large"));
    }
    if (error == bhttp::error::body_limit) {
      return Refuse(ErrorResponse(413, "request body too large"));
    }
    if (error.category() == bhttp::make_error_code(bhttp::error::bad_method).category() ||
        error == bhttp::error::partial_message) {
      return Refuse(ErrorResponse(400, "bad request"));
    }
    Close();
  }

  void Dispatch() {
    auto& in = parser_->get();
    HttpRequest request;
    request.method = *ApiMethod(in.method());
    Result<RequestTarget> target = ParseRequestTarget(View(in.target()));
    if (!target) return Refuse(ErrorResponse(400, target.error().message));
    for (const auto& field : in) {
      // A repeated header: the first value wins.
      request.headers.emplace(ToLowerAscii(View(field.name_string())), std::string(field.value()));
    }
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    request.query_params = std::move(target->query_params);
    request.body = std::move(in.body());
    request.remote_address =
        server_.proxies.ClientAddress(peer_, request.Header("x-forwarded-for"));
    // Behind a trusted proxy that terminated TLS (X-Forwarded-Proto: https), the client's
    // connection is encrypted too: cookies get Secure.
    request.over_tls =
        kTls || (server_.proxies.Contains(peer_) &&
                 request.Header("x-forwarded-proto") == std::optional<std::string_view>("https"));
    keep_alive_ = in.keep_alive();

    bool is_static =
        server_.static_files && request.method == HttpMethod::kGet && !IsApiPath(request.path);
    WorkerPool& pool = HashesPassword(request.path) ? *server_.login_workers : *server_.workers;
    auto task = [self = this->shared_from_this(), request = std::move(request),
                 raw_path = std::move(target->raw_path), is_static,
                 work = asio::make_work_guard(server_.io)]() mutable {
      HttpResponse response = self->Handle(request, raw_path, is_static);
      // A browser that reached us over HTTPS keeps to HTTPS for a year (RFC 6797).
      if (request.over_tls) {
        response.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
      }
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Write(std::move(response), !self->keep_alive_);
      });
    };
    if (!pool.TrySubmit(std::move(task))) {
      HttpResponse busy = ErrorResponse(503, "server busy; retry shortly");
      busy.headers.emplace_back("Retry-After", "1");
      server_.LogRefused(RequestId(), View(in.method_string()), 503);
      busy.headers.emplace_back("X-Request-Id", RequestId());
      Write(std::move(busy), !keep_alive_);
    }
  }

  // On a worker thread.
  HttpResponse Handle(const HttpRequest& request, const std::string& raw_path, bool is_static) {
    if (is_static) {
      std::optional<HttpResponse> file =
          server_.static_files->Serve(StaticRequest{raw_path, request.Header("accept").value_or(""),
                                                    request.Header("accept-encoding").value_or(""),
                                                    request.Header("if-none-match").value_or("")});
      if (file) {
        std::string id = server_.NewRequestId();
        file->headers.emplace_back("X-Request-Id", id);
        server_.log->Write(RequestLogEntry{std::chrono::system_clock::now(), id,
                                           head_ ? "HEAD" : "GET", "(static)", file->status,
                                           std::chrono::duration_cast<std::chrono::microseconds>(
                                               std::chrono::steady_clock::now() - started_),
                                           std::nullopt});
        return std::move(*file);
      }
    }
    try {
      return server_.handler(request);
    } catch (...) {
      HttpResponse response = ErrorResponse(500, "internal error");
      response.headers.emplace_back("X-Request-Id", server_.NewRequestId());
      return response;
    }
  }

  const std::string& RequestId() {
    if (request_id_.empty()) request_id_ = server_.NewRequestId();
    return request_id_;
  }

  // A response the server produces itself, before any handler; the connection then closes
  // (unless `close` is false: the request was read in full).
  void Refuse(HttpResponse response, bool close = true) {
    std::string method = parser_ ? std::string(parser_->get().method_string()) : "-";
    if (method.empty()) method = "-";
    server_.LogRefused(RequestId(), method, response.status);
    response.headers.emplace_back("X-Request-Id", RequestId());
    keep_alive_ = false;
    Write(std::move(response), close, /*linger=*/close);
  }

  void Write(HttpResponse in, bool close, bool linger = false) {
    if (in.stream) return WriteStreamed(std::move(in), close);
    if (server_.stopping) close = true;
    response_.emplace();
    auto& out = *response_;
    out.version(11);
    out.result(static_cast<unsigned>(in.status));
    if (in.status != 204 && in.status != 304) out.set(bhttp::field::content_type, in.content_type);
    for (const auto& [name, value] : in.headers) out.insert(name, value);
    out.keep_alive(!close);
    if (in.status == 204 || in.status == 304) {
      out.prepare_payload();
    } else if (head_) {
      out.content_length(in.body.size());  // HEAD: the GET's headers, no body
    } else {
      out.body() = std::move(in.body);
      out.prepare_payload();
    }
    Lowest().expires_after(server_.options.write_timeout);
    bhttp::async_write(
        stream_, out,
        [self = this->shared_from_this(), close, linger](beast::error_code error, std::size_t) {
          self->response_.reset();
          if (error) return self->Close();
          if (!close) return self->WaitForRequest();
          if (linger) return self->Linger();
          self->Close();
        });
  }

  // A streamed body (HttpResponse::stream): the headers with chunked transfer encoding, then one
  // chunk per piece the producer yields on the worker pool (never on the event loop), then the
  // last chunk. A HEAD request gets the headers only and the connection closes.
  void WriteStreamed(HttpResponse in, bool close) {
    if (server_.stopping || head_) close = true;
    stream_header_.emplace();
    auto& out = *stream_header_;
    out.version(11);
    out.result(static_cast<unsigned>(in.status));
    out.set(bhttp::field::content_type, in.content_type);
    for (const auto& [name, value] : in.headers) out.insert(name, value);
    out.keep_alive(!close);
    out.chunked(true);
    producer_ = std::move(in.stream);
    serializer_.emplace(out);
    Lowest().expires_after(server_.options.write_timeout);
    bhttp::async_write_header(
        stream_, *serializer_,
        [self = this->shared_from_this(), close](beast::error_code error, std::size_t) {
          if (error || self->head_) return self->EndStream(/*close=*/true);
          self->ProduceNext(close);
        });
  }

  // Runs the producer once on the worker pool and writes what it yields on the strand. When every
  // worker is busy it tries again shortly rather than block the event loop.
  void ProduceNext(bool close) {
    std::function<void()> task = [self = this->shared_from_this(), close,
                                  work = asio::make_work_guard(server_.io)] {
      Result<std::string> piece = self->producer_();
      asio::post(self->stream_.get_executor(), [self, close, piece = std::move(piece)]() mutable {
        self->WriteChunk(std::move(piece), close);
      });
    };
    if (server_.workers->TrySubmit(task)) return;
    if (!retry_) retry_.emplace(stream_.get_executor());
    retry_->expires_after(std::chrono::milliseconds(10));
    retry_->async_wait([self = this->shared_from_this(), close](beast::error_code error) {
      if (error) return self->EndStream(/*close=*/true);
      self->ProduceNext(close);
    });
  }

  void WriteChunk(Result<std::string> piece, bool close) {
    // An error after the headers: no last chunk, so the client sees an incomplete body.
    if (!piece) return EndStream(/*close=*/true);
    Lowest().expires_after(server_.options.write_timeout);
    if (piece->empty()) {
      asio::async_write(
          stream_, bhttp::make_chunk_last(),
          [self = this->shared_from_this(), close](beast::error_code error, std::size_t) {
            self->EndStream(error || close);
          });
      return;
    }
    chunk_ = std::move(*piece);
    asio::async_write(
        stream_, bhttp::make_chunk(asio::buffer(chunk_)),
        [self = this->shared_from_this(), close](beast::error_code error, std::size_t) {
          if (error) return self->EndStream(/*close=*/true);
          self->ProduceNext(close);
        });
  }

  void EndStream(bool close) {
    producer_ = nullptr;
    serializer_.reset();
    stream_header_.reset();
    chunk_.clear();
    chunk_.shrink_to_fit();
    if (close || server_.stopping) return Close();
    WaitForRequest();
  }

  // Reads and drops what the client still sends (bounded in bytes and time), then closes.
  void Linger() {
    if constexpr (!kTls) {
      beast::error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    buffer_.consume(buffer_.size());
    Lowest().expires_after(server_.options.read_timeout);
    stream_.async_read_some(
        buffer_.prepare(65536),
        [self = this->shared_from_this()](beast::error_code error, std::size_t bytes) {
          self->lingered_ += bytes;
          if (error || self->lingered_ > kLingerBytes) return self->Close();
          self->Linger();
        });
  }

  void Close() {
    idle_ = false;
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  HttpServer::Impl& server_;
  Stream stream_;
  std::string peer_;
  std::uint64_t id_ = 0;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  // A streamed response in progress: its header, serializer, producer and the chunk being written.
  std::optional<bhttp::response<bhttp::empty_body>> stream_header_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer_;
  BodyProducer producer_;
  std::string chunk_;
  std::optional<asio::steady_timer> retry_;
  std::string request_id_;
  std::chrono::steady_clock::time_point started_;
  bool first_request_ = true;
  bool idle_ = false;
  bool head_ = false;
  bool keep_alive_ = true;
  std::size_t lingered_ = 0;
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
    OnAccept(error, std::move(socket));
  });
}

void HttpServer::Impl::OnAccept(beast::error_code error, tcp::socket socket) {
  if (stopping || error == asio::error::operation_aborted) return;
  if (error) {
    // Out of file descriptors and the like: try again shortly rather than spin.
    accept_retry.expires_after(std::chrono::milliseconds(50));
    accept_retry.async_wait([this](beast::error_code e) {
      if (!e && !stopping) Accept();
    });
    return;
  }
  Accept();
  if (open_connections.load() >= options.max_connections) {
    beast::error_code ignored;
    socket.close(ignored);  // over max_connections: closed at once
    return;
  }
  ++open_connections;
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  tcp::endpoint peer = socket.remote_endpoint(ignored);
  std::string address =
      peer.address().is_v6() && peer.address().to_v6().is_v4_mapped()
          ? asio::ip::make_address_v4(asio::ip::v4_mapped, peer.address().to_v6()).to_string()
          : peer.address().to_string();
  if (tls) {
    using TlsStream = beast::ssl_stream<beast::tcp_stream>;
    std::make_shared<Connection<TlsStream>>(*this, TlsStream(std::move(socket), *tls),
                                            std::move(address))
        ->Start();
  } else {
    std::make_shared<Connection<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)),
                                                    std::move(address))
        ->Start();
  }
}

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
    impl->tls.emplace(ssl::context::tls_server);
    ssl::context& context = *impl->tls;
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                        ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    beast::error_code chain_error;
    beast::error_code key_error;
    context.use_certificate_chain_file(options.tls_cert_file, chain_error);
    context.use_private_key_file(options.tls_key_file, ssl::context::pem, key_error);
    if (chain_error || key_error) {
      return InvalidInput(
          "cannot load the TLS certificate or key",
          {{"", "tls_cert",
            "cannot load " + options.tls_cert_file + " with " + options.tls_key_file}});
    }
  }
  if (!options.static_dir.empty()) {
    ASSIGN_OR_RETURN(StaticFiles files, StaticFiles::Open(options.static_dir));
    impl->static_files.emplace(std::move(files));
  } else if (!EmbeddedWebAssets().empty()) {
    impl->static_files.emplace(StaticFiles::Embedded(EmbeddedWebAssets()));
  }
  ASSIGN_OR_RETURN(impl->proxies, TrustedProxies::Parse(options.trusted_proxies));
  impl->workers = std::make_unique<WorkerPool>(
      std::max(1, options.worker_threads), std::max<std::size_t>(1, options.max_queued_requests));
  impl->login_workers =
      std::make_unique<WorkerPool>(std::max(1, options.login_worker_threads),
                                   std::max<std::size_t>(1, options.max_queued_logins));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

bool HttpServer::over_tls() const { return impl_->tls.has_value(); }

Status HttpServer::Bind() {
  // Every idle connection is a descriptor: take all the kernel allows this process.
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    rlim_t before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0) {
      impl_->log->Event("open-file limit raised from " + std::to_string(before) + " to " +
                        std::to_string(limit.rlim_max));
    }
  }
  const ServerOptions& options = impl_->options;
  auto failed = [&options] {
    return Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port));
  };
  beast::error_code error;
  asio::ip::address address = asio::ip::make_address(options.host, error);
  if (error) {
    tcp::resolver resolver(impl_->io);
    auto results = resolver.resolve(options.host, "", error);
    if (error || results.empty()) return failed();
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(kListenBacklog, error);
  if (error) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return failed();
  }
  port_ = acceptor.local_endpoint(error).port();
  return OkStatus();
}

void HttpServer::Serve() {
  Impl& impl = *impl_;
  if (impl.stopping || !impl.acceptor.is_open()) return;
  impl.Accept();
  int threads = impl.options.io_threads > 0
                    ? impl.options.io_threads
                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  // Nothing here should throw; if a completion handler does (bad_alloc), the loop goes on.
  auto run = [&impl] {
    for (;;) {
      try {
        impl.io.run();
        return;
      } catch (const std::exception&) {
        impl.log->Event("internal error in the event loop");
      }
    }
  };
  std::vector<std::thread> io_threads;
  for (int i = 1; i < threads; ++i) io_threads.emplace_back(run);
  run();
  for (std::thread& thread : io_threads) thread.join();
}

void HttpServer::Stop() {
  Impl& impl = *impl_;
  impl.stopping = true;
  asio::post(impl.io, [&impl] {
    beast::error_code ignored;
    impl.acceptor.close(ignored);
    impl.accept_retry.cancel();
  });
  std::vector<std::shared_ptr<Impl::LiveConnection>> connections;
  {
    std::lock_guard lock(impl.registry_mutex);
    for (auto& [id, weak] : impl.registry) {
      if (auto connection = weak.lock()) connections.push_back(std::move(connection));
    }
  }
  for (auto& connection : connections) connection->OnServerStop();
}

namespace {

sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void BlockStopSignals() {
  sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void ServeUntilSignal(HttpServer& server, RequestLog& log, std::string_view host) {
  BlockStopSignals();  // a no-op when the caller did it first, as it must
  sigset_t signals = StopSignals();

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
      // Repeat until Serve returns: it closes connections that became idle since the last call.
      do {
        server.Stop();
      } while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready);
    }
  }
  serving.join();
  log.Event("stopped");
}

}  // namespace backcare::http
