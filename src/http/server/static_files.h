// The web app's files, served at "/": the build embedded in the binary (web_assets.h), or a folder
// (`static_dir`, the development override). Content-Type from the extension, a strong ETag (the
// content's hash when embedded, size and modification time from a folder) answered with 304 on a
// matching If-None-Match, long-lived
// immutable caching for content-hashed names ("index-4ed993c7.js") and revalidation for the rest
// (index.html), precompressed ".br" / ".gz" variants when Accept-Encoding allows them, and
// index.html (portal.html under /portal, the patient portal's entry) for a browser's GET of a
// client-side route. No request reaches outside the folder:
// "..", "%2e%2e", encoded slashes or backslashes, and symlinks that resolve outside are refused.
// Thread-safe (immutable once made; from a folder it reads the file system on every request).
#ifndef BACKCARE_HTTP_SERVER_STATIC_FILES_H_
#define BACKCARE_HTTP_SERVER_STATIC_FILES_H_

#include <filesystem>
#include <map>
#include <optional>
#include <span>
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

// The page of the web app that owns a client-side route, by its relative path: "portal.html" for
// "portal" and "portal/..." (the patient portal), "index.html" (the staff app) for the rest.
std::string_view AppPageFor(std::string_view relative);

// The encodings a client accepts from Accept-Encoding ("gzip, br;q=0" accepts gzip only).
bool AcceptsEncoding(std::string_view accept_encoding, std::string_view encoding);

// A file compiled into the binary: its path relative to the web app's root ("index.html",
// "assets/index-1f3a9c0d.js", "assets/index-1f3a9c0d.js.gz") and its bytes (static storage).
struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};

class StaticFiles {
 public:
  // kInvalidInput "static folder not found" (field static_dir) when `folder` is not a folder.
  static Result<StaticFiles> Open(const std::string& folder);
  // The files compiled into the binary; they must outlive the StaticFiles.
  static StaticFiles Embedded(std::span<const EmbeddedFile> files);

  // The response for a GET of `request`: 200 with the file (or its precompressed variant), 304
  // when If-None-Match matches, 404 (JSON error body) for a refused path, index.html for a
  // missing file when the client accepts text/html (AppPageFor's page, or index.html when that
  // page is absent), and nullopt for a missing file otherwise
  // (the caller answers as for any unknown route). Static responses carry the strict CSP of
  // security_headers.h.
  std::optional<HttpResponse> Serve(const StaticRequest& request) const;

 private:
  struct Asset {
    std::string_view bytes;
    std::string tag;  // the ETag: a hash of the bytes, quoted
  };
  StaticFiles() = default;
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  std::optional<HttpResponse> ServeEmbedded(const std::string& relative,
                                            const StaticRequest& request) const;
  HttpResponse EmbeddedResponse(const std::string& relative, const StaticRequest& request) const;
  // The canonical file for a relative path, when it is a regular file inside the root.
  std::optional<std::filesystem::path> Inside(const std::string& relative) const;
  HttpResponse FileResponse(const std::filesystem::path& file, const StaticRequest& request) const;

  std::filesystem::path root_;  // canonical; empty for embedded files
  std::map<std::string, Asset, std::less<>> embedded_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_STATIC_FILES_H_
