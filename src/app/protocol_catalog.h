// Which protocol version a use case works with. Versions live in the store (ports::Transaction's
// protocol versions, the file text as imported); the catalog parses a stored version once and
// keeps it, since a stored version never changes. A course always gets the exact version it
// started on; a new course gets its clinic's active version. A clinic with no active version (a
// database from before protocols were stored) and a course pinned to the built-in protocol that
// the store does not hold get the built-in protocol, which the composition root loads from the
// file shipped with backcare (protocols/*.toml) and which ClinicService stores at clinic creation.
//
// src/app includes only core headers, so the caller hands in the parser (e.g.
// exchange::ParseProtocolToml). The parser must return a validated protocol or kInvalidInput
// naming the file, line and field, as `backcare protocol validate` prints them.
#ifndef BACKCARE_APP_PROTOCOL_CATALOG_H_
#define BACKCARE_APP_PROTOCOL_CATALOG_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/clinic.h"
#include "core/clinic/course.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"
#include "core/protocol/protocol.h"

namespace backcare::app {

// A protocol version by name: id and version number.
struct ProtocolKey {
  std::string id;
  int version = 0;
  friend auto operator<=>(const ProtocolKey&, const ProtocolKey&) = default;
};

// Parses a protocol file's text; `file_name` names it in messages. Must be thread-safe.
using ProtocolParser =
    std::function<Result<protocol::Protocol>(std::string_view text, std::string_view file_name)>;

// The protocol backcare ships. `source` is its file's text, stored when a clinic is created; a
// test that builds its protocol in code leaves it empty, and then nothing is stored.
struct BuiltInProtocol {
  protocol::Protocol protocol;
  std::string source;
  std::string file_name;
};

// What an import did.
struct ImportedProtocol {
  ProtocolKey key;
  std::string title;
  bool stored = false;  // false: the same text was stored under this version already
};

// Thread-safe: services share one catalog. Must outlive them.
class ProtocolCatalog {
 public:
  ProtocolCatalog(ProtocolParser parser, BuiltInProtocol built_in);

  const protocol::Protocol& built_in() const { return *built_in_; }
  ProtocolKey built_in_key() const { return {built_in_->id, built_in_->version}; }

  // The version `key` names: the store's, or the built-in when the store does not hold it and
  // the key is the built-in's. kFailedPrecondition "protocol '<id>' version <v> is not stored"
  // otherwise; kDataCorruption when the stored text no longer parses.
  Result<std::shared_ptr<const protocol::Protocol>> Get(ports::Transaction& transaction,
                                                        const ProtocolKey& key) const;
  // The version the course started on.
  Result<std::shared_ptr<const protocol::Protocol>> ForCourse(ports::Transaction& transaction,
                                                              const clinic::Course& course) const;
  // The clinic's active version (the built-in when none is set): what a new course follows.
  Result<std::shared_ptr<const protocol::Protocol>> ActiveFor(ports::Transaction& transaction,
                                                              const clinic::Clinic& clinic) const;
  Result<std::shared_ptr<const protocol::Protocol>> ActiveFor(ports::Transaction& transaction,
                                                              ClinicId clinic_id) const;

  // Parses `text` (kInvalidInput naming file, line and field).
  Result<protocol::Protocol> Parse(std::string_view text, std::string_view file_name) const;

  // Stores `text` as a version of its protocol. The same text under a stored version is a no-op
  // (stored = false); a version not above the protocol's latest, or other text under a stored
  // version, is kInvalidInput on field "version" and nothing is written.
  Result<ImportedProtocol> Import(ports::Transaction& transaction, std::string_view text,
                                  std::string_view file_name, clinic::Timestamp now) const;

  // Stores the built-in protocol's text unless the store has that version; its key, or nullopt
  // when the built-in has no source (tests).
  Result<std::optional<ProtocolKey>> StoreBuiltIn(ports::Transaction& transaction,
                                                  clinic::Timestamp now) const;

 private:
  ProtocolParser parser_;
  std::shared_ptr<const protocol::Protocol> built_in_;
  std::string built_in_source_;
  std::string built_in_file_name_;
  mutable std::mutex mutex_;
  mutable std::map<ProtocolKey, std::shared_ptr<const protocol::Protocol>> parsed_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PROTOCOL_CATALOG_H_
