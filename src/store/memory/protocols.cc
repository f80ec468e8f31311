#include <string>
#include <utility>
#include <vector>

#include "store/common/validation.h"
#include "store/memory/transaction.h"

namespace backcare::store::memory {

Status MemoryTransaction::AddProtocolVersion(const clinic::ProtocolVersion& version) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(ValidateProtocolVersion(version));
  std::pair<std::string, int> key(version.protocol_id, version.version);
  if (draft().protocols.contains(key)) {
    return ConflictError("protocols", "version");
  }
  clinic::ProtocolVersion row = version;
  row.imported_at = Micros(row.imported_at);
  draft().protocols.emplace(std::move(key), std::move(row));
  return OkStatus();
}

Result<clinic::ProtocolVersion> MemoryTransaction::GetProtocolVersion(std::string_view protocol_id,
                                                                      int version) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().protocols.find({std::string(protocol_id), version});
  if (it == state().protocols.end()) {
    return ProtocolVersionNotFoundError(protocol_id, version);
  }
  return it->second;
}

Result<std::vector<clinic::ProtocolVersion>> MemoryTransaction::ListProtocolVersions() {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::ProtocolVersion> out;
  out.reserve(state().protocols.size());
  for (const auto& [key, version] : state().protocols) {
    clinic::ProtocolVersion listed = version;
    listed.source.clear();
    out.push_back(std::move(listed));
  }
  return out;
}

}  // namespace backcare::store::memory
