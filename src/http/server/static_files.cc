#include "http/server/static_files.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include "http/server/request_target.h"
#include "http/server/security_headers.h"

namespace backcare::http {
namespace {

namespace fs = std::filesystem;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ToLowerAscii(text.substr(0, prefix.size())) == prefix;
}

std::string_view Extension(std::string_view file_name) {
  std::size_t slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  std::size_t dot = base.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : base.substr(dot + 1);
}

// The trimmed items of a comma-separated header value.
std::vector<std::string_view> SplitList(std::string_view value) {
  std::vector<std::string_view> items;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    items.push_back(Trim(value.substr(0, comma)));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return items;
}

bool IfNoneMatchMatches(std::string_view header, std::string_view etag) {
  for (std::string_view tag : SplitList(header)) {
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // weak comparison (RFC 9110 13.1.2)
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

HttpResponse NotFoundResponse() {
  HttpResponse response;
  response.status = 404;
  response.body = R"({"error":{"code":"not_found","message":"no such file","fields":[]}})";
  AddStaticSecurityHeaders(response);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The headers every file response carries; 304 (without a body) when If-None-Match matches.
// `immutable`: the name changes whenever the content does.
HttpResponse StartResponse(std::string_view name, const std::string& tag, std::string_view encoding,
                           bool immutable, const StaticRequest& request) {
  HttpResponse response;
  response.content_type = std::string(ContentTypeFor(name));
  response.headers.emplace_back("ETag", tag);
  response.headers.emplace_back("Cache-Control",
                                immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("Vary", "Accept-Encoding");
  AddStaticSecurityHeaders(response);
  if (!request.if_none_match.empty() && IfNoneMatchMatches(request.if_none_match, tag)) {
    response.status = 304;
    return response;
  }
  if (!encoding.empty()) response.headers.emplace_back("Content-Encoding", std::string(encoding));
  return response;
}

// The encodings to try, best first, with their file suffixes.
constexpr std::pair<std::string_view, std::string_view> kEncodings[] = {{"br", ".br"},
                                                                        {"gzip", ".gz"}};

// 64-bit FNV-1a: a content tag for embedded files (not a security boundary).
std::uint64_t Fnv1a(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::optional<std::string> SafeRelativePath(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  // Encoded separators would let a decoded segment span folders; nothing legitimate needs them.
  for (std::string_view encoded : {"%2f", "%5c"}) {
    for (std::size_t at = raw_path.find('%'); at != std::string_view::npos;
         at = raw_path.find('%', at + 1)) {
      if (ToLowerAscii(raw_path.substr(at, 3)) == encoded) return std::nullopt;
    }
  }
  Result<std::string> decoded = PercentDecode(raw_path, /*plus_is_space=*/false);
  if (!decoded) return std::nullopt;
  std::string relative;
  std::string_view rest = std::string_view(*decoded).substr(1);
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == ".." || segment.find('\\') != std::string_view::npos) {
      return std::nullopt;
    }
    if (!segment.empty()) {
      if (!relative.empty()) relative += '/';
      relative += segment;
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  if (relative.empty() || decoded->back() == '/') {
    relative += relative.empty() ? "index.html" : "/index.html";
  }
  return relative;
}

std::string_view ContentTypeFor(std::string_view file_name) {
  struct Type {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr Type kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
      {"pdf", "application/pdf"},
  };
  std::string extension = ToLowerAscii(Extension(file_name));
  for (const Type& type : kTypes) {
    if (type.extension == extension) return type.type;
  }
  return "application/octet-stream";
}

bool IsContentHashedName(std::string_view file_name) {
  std::size_t slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string_view stem = base.substr(0, dot);
  std::size_t separator = stem.find_last_of("-.");
  if (separator == std::string_view::npos) return false;
  std::string_view hash = stem.substr(separator + 1);
  if (hash.size() < 8) return false;
  bool digit = false;
  for (char c : hash) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '_') return false;
    digit = digit || (c >= '0' && c <= '9');
  }
  return digit;
}

std::string_view AppPageFor(std::string_view relative) {
  constexpr std::string_view kPortal = "portal";
  if (relative.starts_with(kPortal) &&
      (relative.size() == kPortal.size() || relative[kPortal.size()] == '/')) {
    return "portal.html";
  }
  return "index.html";
}

bool AcceptsEncoding(std::string_view accept_encoding, std::string_view encoding) {
  for (std::string_view item : SplitList(accept_encoding)) {
    std::size_t semicolon = item.find(';');
    std::string_view name = Trim(item.substr(0, semicolon));
    if (ToLowerAscii(name) != encoding) continue;
    if (semicolon == std::string_view::npos) return true;
    std::string_view parameter = Trim(item.substr(semicolon + 1));
    if (!StartsWithNoCase(parameter, "q=")) return true;
    std::string_view q = parameter.substr(2);
    // q=0, q=0.0, q=0.000: refused; any other weight accepts.
    return q.find_first_not_of("0.") != std::string_view::npos;
  }
  return false;
}

Result<StaticFiles> StaticFiles::Open(const std::string& folder) {
  std::error_code error;
  fs::path root = fs::canonical(folder, error);
  if (error || !fs::is_directory(root, error)) {
    return InvalidInput("static folder not found", {{"", "static_dir", "not a folder: " + folder}});
  }
  return StaticFiles(std::move(root));
}

StaticFiles StaticFiles::Embedded(std::span<const EmbeddedFile> files) {
  StaticFiles out;
  for (const EmbeddedFile& file : files) {
    char tag[32];
    std::snprintf(tag, sizeof tag, "\"%016llx\"",
                  static_cast<unsigned long long>(Fnv1a(file.bytes)));
    out.embedded_.emplace(std::string(file.path), Asset{file.bytes, tag});
  }
  return out;
}

std::optional<HttpResponse> StaticFiles::ServeEmbedded(const std::string& relative,
                                                       const StaticRequest& request) const {
  if (embedded_.contains(relative)) return EmbeddedResponse(relative, request);
  if (request.accept.find("text/html") == std::string_view::npos) return std::nullopt;
  for (std::string_view page : {AppPageFor(relative), std::string_view("index.html")}) {
    if (embedded_.contains(std::string(page))) return EmbeddedResponse(std::string(page), request);
  }
  return std::nullopt;
}

HttpResponse StaticFiles::EmbeddedResponse(const std::string& relative,
                                           const StaticRequest& request) const {
  const Asset* served = &embedded_.find(relative)->second;
  std::string_view encoding;
  for (auto [accepted, suffix] : kEncodings) {
    if (!AcceptsEncoding(request.accept_encoding, accepted)) continue;
    if (auto variant = embedded_.find(relative + std::string(suffix)); variant != embedded_.end()) {
      served = &variant->second;
      encoding = accepted;
      break;
    }
  }
  // The web build names every file under assets/ by its content's hash.
  const bool immutable = relative.starts_with("assets/") || IsContentHashedName(relative);
  HttpResponse response = StartResponse(relative, served->tag, encoding, immutable, request);
  if (response.status != 304) response.body.assign(served->bytes);
  return response;
}

std::optional<fs::path> StaticFiles::Inside(const std::string& relative) const {
  std::error_code error;
  fs::path file = fs::canonical(root_ / relative, error);  // resolves every symlink
  if (error) return std::nullopt;
  auto [root_end, file_it] = std::mismatch(root_.begin(), root_.end(), file.begin(), file.end());
  if (root_end != root_.end()) return std::nullopt;  // outside the folder
  if (!fs::is_regular_file(file, error)) return std::nullopt;
  return file;
}

std::optional<HttpResponse> StaticFiles::Serve(const StaticRequest& request) const {
  std::optional<std::string> relative = SafeRelativePath(request.raw_path);
  if (!relative) return NotFoundResponse();
  if (root_.empty()) return ServeEmbedded(*relative, request);
  if (std::optional<fs::path> file = Inside(*relative)) return FileResponse(*file, request);
  // Something is there but resolves outside the folder (a symlink) or is not a file.
  std::error_code error;
  if (fs::exists(fs::symlink_status(root_ / *relative, error))) return NotFoundResponse();
  // A client-side route of the web app: a browser navigating gets the page that owns it.
  if (request.accept.find("text/html") != std::string_view::npos) {
    for (std::string_view page : {AppPageFor(*relative), std::string_view("index.html")}) {
      if (std::optional<fs::path> file = Inside(std::string(page))) {
        return FileResponse(*file, request);
      }
    }
  }
  return std::nullopt;
}

HttpResponse StaticFiles::FileResponse(const fs::path& file, const StaticRequest& request) const {
  std::string name = file.filename().string();
  fs::path served = file;
  std::string encoding;
  for (auto [accepted, suffix] : kEncodings) {
    if (!AcceptsEncoding(request.accept_encoding, accepted)) continue;
    fs::path relative = fs::path(file.string() + std::string(suffix)).lexically_relative(root_);
    if (std::optional<fs::path> variant = Inside(relative.string())) {
      served = *variant;
      encoding = std::string(accepted);
      break;
    }
  }
  std::error_code error;
  std::uintmax_t size = fs::file_size(served, error);
  auto modified = fs::last_write_time(served, error);
  std::ifstream in(served, std::ios::binary);
  if (error || !in) return NotFoundResponse();

  char tag[96];
  std::snprintf(tag, sizeof tag, "\"%jx-%llx%s%s\"", size,
                static_cast<unsigned long long>(modified.time_since_epoch().count()),
                encoding.empty() ? "" : "-", encoding.c_str());
  HttpResponse response = StartResponse(name, tag, encoding, IsContentHashedName(name), request);
  if (response.status == 304) return response;
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return response;
}

}  // namespace backcare::http
