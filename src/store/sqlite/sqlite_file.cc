#include "store/sqlite/sqlite_file.h"

#include <filesystem>
#include <system_error>

namespace backcare::store {

std::optional<std::string> SqliteFilePath(std::string_view url) {
  constexpr std::string_view kPrefix = "sqlite:";
  if (!url.starts_with(kPrefix) || url == "sqlite::memory:") {
    return std::nullopt;
  }
  return std::string(url.substr(kPrefix.size()));
}

Result<std::optional<std::string>> DeleteSqliteDatabase(std::string_view url) {
  std::optional<std::string> file = SqliteFilePath(url);
  if (!file) {
    return std::nullopt;
  }
  const std::filesystem::path path(*file);
  std::error_code error;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) {
      return Unavailable("cannot create folder '" + path.parent_path().string() +
                         "': " + error.message());
    }
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix, error);
    if (error) {
      return Unavailable("cannot replace '" + path.string() + suffix + "': " + error.message());
    }
  }
  return file;
}

}  // namespace backcare::store
