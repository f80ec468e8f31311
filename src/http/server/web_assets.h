// The web app's build (web/dist), compiled into the binary by cmake/EmbedWebAssets.cmake so that
// `backcare serve` is one file. Empty when the binary was built without the web app (no
// web/dist: `make web` was not run), and then only the API is served.
#ifndef BACKCARE_HTTP_SERVER_WEB_ASSETS_H_
#define BACKCARE_HTTP_SERVER_WEB_ASSETS_H_

#include <span>

#include "http/server/static_files.h"

namespace backcare::http {

std::span<const EmbeddedFile> EmbeddedWebAssets();

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_WEB_ASSETS_H_
