// Protocol versions as use cases: importing a protocol file (installation level: the CLI), and
// listing and reading stored versions (staff, over HTTP). Which version a course or clinic follows
// is ProtocolCatalog's; a clinic's active version is set with ClinicService::UpdateClinic.
#ifndef BACKCARE_APP_PROTOCOL_SERVICE_H_
#define BACKCARE_APP_PROTOCOL_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/protocol_catalog.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/protocol/protocol.h"

namespace backcare::app {

// One protocol version as a list shows it.
struct ProtocolSummary {
  ProtocolKey key;
  std::string title;
  std::string file_name;
  std::optional<clinic::Timestamp> imported_at;  // nullopt: the built-in, not stored yet
  bool built_in = false;                         // the version shipped with backcare
  bool active = false;  // the version the caller's clinic starts new courses on
};

class ProtocolService {
 public:
  explicit ProtocolService(AppContext context);

  // Installation level (`backcare protocol import`): stores `text` as a version of its protocol
  // (ProtocolCatalog::Import: the same text again is a no-op; a lower version, or other text
  // under a stored version, is kInvalidInput on "version"). With `activate_for`, those clinics
  // then follow it (audited "clinic.update" as the system); all in one transaction.
  Result<ImportedProtocol> Import(std::string_view text, std::string_view file_name,
                                  const std::vector<ClinicId>& activate_for,
                                  std::string_view remote_address);

  // Staff: every stored version (and the built-in one when not stored), by id then version.
  Result<std::vector<ProtocolSummary>> ListProtocols(const RequestContext& context);

  // Staff: one version. kNotFound "protocol '<id>' version <v> not found".
  Result<std::shared_ptr<const protocol::Protocol>> GetProtocol(const RequestContext& context,
                                                                const ProtocolKey& key);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PROTOCOL_SERVICE_H_
