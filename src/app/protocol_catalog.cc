#include "app/protocol_catalog.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "app/crypto/crypto.h"

namespace backcare::app {
namespace {

std::string Name(const ProtocolKey& key) {
  return "protocol '" + key.id + "' version " + std::to_string(key.version);
}

Error VersionError(std::string_view file_name, std::string message, std::string expected) {
  return InvalidInput(std::move(message),
                      {{std::string(file_name), "version", std::move(expected)}});
}

clinic::ProtocolVersion Record(const protocol::Protocol& protocol, std::string_view file_name,
                               std::string_view text, clinic::Timestamp now) {
  clinic::ProtocolVersion record;
  record.protocol_id = protocol.id;
  record.version = protocol.version;
  record.title = protocol.title;
  record.file_name = std::string(file_name);
  record.source = std::string(text);
  record.source_sha256 = crypto::Sha256Hex(text);
  record.imported_at = now;
  return record;
}

}  // namespace

ProtocolCatalog::ProtocolCatalog(ProtocolParser parser, BuiltInProtocol built_in)
    : parser_(std::move(parser)),
      built_in_(std::make_shared<const protocol::Protocol>(std::move(built_in.protocol))),
      built_in_source_(std::move(built_in.source)),
      built_in_file_name_(std::move(built_in.file_name)) {}

Result<std::shared_ptr<const protocol::Protocol>> ProtocolCatalog::Get(
    ports::Transaction& transaction, const ProtocolKey& key) const {
  {
    const std::lock_guard lock(mutex_);
    if (auto found = parsed_.find(key); found != parsed_.end()) return found->second;
  }
  Result<clinic::ProtocolVersion> stored = transaction.GetProtocolVersion(key.id, key.version);
  if (!stored.has_value()) {
    if (stored.error().code != ErrorCode::kNotFound) return stored.error();
    if (key == built_in_key()) return built_in_;
    return FailedPrecondition(Name(key) + " is not stored");
  }
  Result<protocol::Protocol> parsed = Parse(stored->source, stored->file_name);
  if (!parsed.has_value()) {
    return DataCorruption("stored " + Name(key) +
                          " no longer parses: " + parsed.error().ToString());
  }
  if (parsed->id != key.id || parsed->version != key.version) {
    return DataCorruption("stored " + Name(key) + " holds protocol '" + parsed->id + "' version " +
                          std::to_string(parsed->version));
  }
  auto protocol = std::make_shared<const protocol::Protocol>(std::move(parsed).value());
  const std::lock_guard lock(mutex_);
  return parsed_.try_emplace(key, std::move(protocol)).first->second;
}

Result<std::shared_ptr<const protocol::Protocol>> ProtocolCatalog::ForCourse(
    ports::Transaction& transaction, const clinic::Course& course) const {
  return Get(transaction, {course.protocol_id, course.protocol_version});
}

Result<std::shared_ptr<const protocol::Protocol>> ProtocolCatalog::ActiveFor(
    ports::Transaction& transaction, const clinic::Clinic& clinic) const {
  if (clinic.protocol_id.empty()) return built_in_;
  return Get(transaction, {clinic.protocol_id, clinic.protocol_version});
}

Result<std::shared_ptr<const protocol::Protocol>> ProtocolCatalog::ActiveFor(
    ports::Transaction& transaction, ClinicId clinic_id) const {
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction.GetClinic(clinic_id));
  return ActiveFor(transaction, clinic);
}

Result<protocol::Protocol> ProtocolCatalog::Parse(std::string_view text,
                                                  std::string_view file_name) const {
  return parser_(text, file_name);
}

Result<ImportedProtocol> ProtocolCatalog::Import(ports::Transaction& transaction,
                                                 std::string_view text, std::string_view file_name,
                                                 clinic::Timestamp now) const {
  ASSIGN_OR_RETURN(protocol::Protocol parsed, Parse(text, file_name));
  const ProtocolKey key{parsed.id, parsed.version};
  const std::string sha256 = crypto::Sha256Hex(text);
  ASSIGN_OR_RETURN(std::vector<clinic::ProtocolVersion> versions,
                   transaction.ListProtocolVersions());
  int latest = 0;
  for (const clinic::ProtocolVersion& version : versions) {
    if (version.protocol_id != key.id) continue;
    if (version.version == key.version) {
      if (version.source_sha256 == sha256) return ImportedProtocol{key, parsed.title, false};
      return VersionError(
          file_name,
          Name(key) + " is stored with other content (imported from '" + version.file_name + "')",
          "a version above every stored one for a changed file");
    }
    latest = std::max(latest, version.version);
  }
  if (key.version <= latest) {
    return VersionError(file_name,
                        Name(key) + " is older than the stored version " + std::to_string(latest),
                        "a version above " + std::to_string(latest));
  }
  RETURN_IF_ERROR(transaction.AddProtocolVersion(Record(parsed, file_name, text, now)));
  return ImportedProtocol{key, parsed.title, true};
}

Result<std::optional<ProtocolKey>> ProtocolCatalog::StoreBuiltIn(ports::Transaction& transaction,
                                                                 clinic::Timestamp now) const {
  if (built_in_source_.empty()) return std::optional<ProtocolKey>();
  Result<clinic::ProtocolVersion> stored =
      transaction.GetProtocolVersion(built_in_->id, built_in_->version);
  if (stored.has_value()) return std::optional<ProtocolKey>(built_in_key());
  if (stored.error().code != ErrorCode::kNotFound) return stored.error();
  // The shipped file is stored even when a later version of it was imported first: it is the
  // version a clinic created without a choice follows.
  RETURN_IF_ERROR(transaction.AddProtocolVersion(
      Record(*built_in_, built_in_file_name_, built_in_source_, now)));
  return std::optional<ProtocolKey>(built_in_key());
}

}  // namespace backcare::app
