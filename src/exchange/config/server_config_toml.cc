#include "exchange/config/server_config_toml.h"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>
#include <vector>

namespace backcare::exchange {
namespace {

std::string TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    case toml::node_type::none:
      return "nothing";
  }
  return "nothing";
}

std::string Location(std::string_view file_name, const toml::source_region& region) {
  return std::string(file_name) + ":" + std::to_string(region.begin.line) + ":" +
         std::to_string(region.begin.column);
}

// (line, column) from "file:line:column".
std::pair<long, long> LineAndColumn(std::string_view location) {
  std::size_t last = location.rfind(':');
  std::size_t middle = location.rfind(':', last - 1);
  return {std::stol(std::string(location.substr(middle + 1, last - middle - 1))),
          std::stol(std::string(location.substr(last + 1)))};
}

}  // namespace

Result<ServerConfigFile> ParseServerConfigToml(std::string_view text, std::string_view file_name) {
  std::vector<FieldError> errors;
  ServerConfigFile config;
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    errors.push_back({Location(file_name, error.source()), "", std::string(error.description())});
  }

  using StringField = std::optional<std::string> ServerConfigFile::*;
  using IntegerField = std::optional<std::int64_t> ServerConfigFile::*;
  const std::vector<std::pair<std::string_view, StringField>> strings = {
      {"db", &ServerConfigFile::db},
      {"bind", &ServerConfigFile::bind},
      {"tls_cert", &ServerConfigFile::tls_cert},
      {"tls_key", &ServerConfigFile::tls_key},
      {"static_dir", &ServerConfigFile::static_dir},
      {"access_log", &ServerConfigFile::access_log},
      {"trusted_proxies", &ServerConfigFile::trusted_proxies},
      {"public_url", &ServerConfigFile::public_url},
      {"smtp_url", &ServerConfigFile::smtp_url},
      {"smtp_from", &ServerConfigFile::smtp_from},
      {"push_hosts", &ServerConfigFile::push_hosts},
      {"smtp_user", &ServerConfigFile::smtp_user},
      {"smtp_password_file", &ServerConfigFile::smtp_password_file},
  };
  const std::vector<std::pair<std::string_view, IntegerField>> integers = {
      {"threads", &ServerConfigFile::threads},
      {"max_body_bytes", &ServerConfigFile::max_body_bytes},
      {"read_timeout_seconds", &ServerConfigFile::read_timeout_seconds},
      {"write_timeout_seconds", &ServerConfigFile::write_timeout_seconds},
      {"session_idle_minutes", &ServerConfigFile::session_idle_minutes},
      {"session_max_hours", &ServerConfigFile::session_max_hours},
      {"keep_alive_timeout_seconds", &ServerConfigFile::keep_alive_timeout_seconds},
      {"max_connections", &ServerConfigFile::max_connections},
      {"login_threads", &ServerConfigFile::login_threads},
  };
  for (const auto& [key, node] : root) {
    std::string name(key.str());
    std::string where = Location(file_name, node.source());
    bool known = false;
    for (const auto& [field_name, field] : strings) {
      if (field_name != name) continue;
      known = true;
      if (const auto* value = node.as_string()) {
        config.*field = value->get();
      } else {
        errors.push_back({where, name, "expected a string, got " + TypeName(node.type())});
      }
    }
    for (const auto& [field_name, field] : integers) {
      if (field_name != name) continue;
      known = true;
      if (const auto* value = node.as_integer()) {
        config.*field = value->get();
      } else {
        errors.push_back({where, name, "expected an integer, got " + TypeName(node.type())});
      }
    }
    if (!known) errors.push_back({where, name, "unknown key"});
  }
  // toml++ iterates keys in name order; report problems in file order.
  std::stable_sort(errors.begin(), errors.end(), [](const FieldError& a, const FieldError& b) {
    return LineAndColumn(a.location) < LineAndColumn(b.location);
  });
  if (!errors.empty()) {
    std::string count =
        errors.size() == 1 ? "1 problem" : std::to_string(errors.size()) + " problems";
    return InvalidInput(std::string(file_name) + ": invalid server configuration (" + count + ")",
                        std::move(errors));
  }
  return config;
}

Result<ServerConfigFile> LoadServerConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) return InvalidInput("cannot read configuration file '" + path + "'");
  return ParseServerConfigToml(text.str(), path);
}

}  // namespace backcare::exchange
