// The web app's files (`static_dir`), served at "/": Content-Type from the extension, a strong
// ETag (size and modification time) answered with 304 on a matching If-None-Match, long-lived
// immutable caching for content-hashed names ("index-4ed993c7.js") and revalidation for the rest
// (index.html), precompressed ".br" / ".gz" variants when Accept-Encoding allows them, and
// index.html for a browser's GET of a client-side route. No request reaches outside the folder:
// "..", "%2e%2e", encoded slashes or backslashes, and symlinks that resolve outside are refused.
// Thread-safe (immutable after Open; it reads the file system on every request).
#ifndef BACKCARE_HTTP_SERVER_STATIC_FILES_H_
#define BACKCARE_HTTP_SERVER_STATIC_FILES_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "http/server/http_message.h"

namespace backcare::http {

struct StaticRequest {
  std::string_view raw_path;  // the target's path as sent (still percent-encoded)
  std::string_view accept;
  std::string_view accept_encoding;
  std::string_view if_none_match;
};

// The path relative to the folder for a raw request path ("/assets/app.js" -> "assets/app.js";
// "/" -> "index.html"), or nullopt when it must be refused: bad or NUL percent-encoding, an
// encoded '/' or '\', a backslash, or a "." / ".." segment before or after decoding.
std::optional<std::string> SafeRelativePath(std::string_view raw_path);

// "text/javascript; charset=utf-8" etc. by extension; "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

// True for names with a content hash before the extension: "app-4ed993c7.js",
// "index.BXk3J2a9.css" (8 or more letters, digits or '_' holding at least one digit).
bool IsContentHashedName(std::string_view file_name);

// The encodings a client accepts from Accept-Encoding ("gzip, br;q=0" accepts gzip only).
bool AcceptsEncoding(std::string_view accept_encoding, std::string_view encoding);

class StaticFiles {
 public:
  // kInvalidInput "static folder not found" (field static_dir) when `folder` is not a folder.
  static Result<StaticFiles> Open(const std::string& folder);

  // The response for a GET of `request`: 200 with the file (or its precompressed variant), 304
  // when If-None-Match matches, 404 (JSON error body) for a refused path, index.html for a
  // missing file when the client accepts text/html, and nullopt for a missing file otherwise
  // (the caller answers as for any unknown route). Static responses carry the strict CSP of
  // security_headers.h.
  std::optional<HttpResponse> Serve(const StaticRequest& request) const;

 private:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  // The canonical file for a relative path, when it is a regular file inside the root.
  std::optional<std::filesystem::path> Inside(const std::string& relative) const;
  HttpResponse FileResponse(const std::filesystem::path& file, const StaticRequest& request) const;

  std::filesystem::path root_;  // canonical
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_STATIC_FILES_H_
