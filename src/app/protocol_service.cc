#include "app/protocol_service.h"

#include <algorithm>
#include <utility>

#include "app/audit_trail.h"
#include "app/clinic_service.h"
#include "app/role_policy.h"
#include "app/service_support.h"

namespace backcare::app {

ProtocolService::ProtocolService(AppContext context) : context_(std::move(context)) {}

Result<ImportedProtocol> ProtocolService::Import(std::string_view text, std::string_view file_name,
                                                 const std::vector<ClinicId>& activate_for,
                                                 std::string_view remote_address) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(ImportedProtocol imported,
                   context_.protocols.Import(*transaction, text, file_name, now));
  for (ClinicId clinic_id : activate_for) {
    ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(clinic_id));
    RETURN_IF_ERROR(internal::SetActiveProtocol(context_, *transaction, imported.key, clinic));
    RETURN_IF_ERROR(transaction->UpdateClinic(clinic));
    const RequestContext system{SystemActor(clinic_id), std::string(remote_address)};
    RETURN_IF_ERROR(
        AppendAudit(*transaction, system, now, "clinic.update", "clinic", clinic_id.value()));
  }
  RETURN_IF_ERROR(transaction->Commit());
  return imported;
}

Result<std::vector<ProtocolSummary>> ProtocolService::ListProtocols(const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadProtocols));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(context.actor.clinic_id));
  ASSIGN_OR_RETURN(std::vector<clinic::ProtocolVersion> versions,
                   transaction->ListProtocolVersions());
  RETURN_IF_ERROR(transaction->Commit());
  const ProtocolKey built_in = context_.protocols.built_in_key();
  const ProtocolKey active = clinic.protocol_id.empty()
                                 ? built_in
                                 : ProtocolKey{clinic.protocol_id, clinic.protocol_version};
  std::vector<ProtocolSummary> out;
  out.reserve(versions.size() + 1);
  for (clinic::ProtocolVersion& version : versions) {
    ProtocolKey key{std::move(version.protocol_id), version.version};
    out.push_back({key, std::move(version.title), std::move(version.file_name), version.imported_at,
                   key == built_in, key == active});
  }
  const auto has_built_in = [&built_in](const ProtocolSummary& s) { return s.key == built_in; };
  if (std::none_of(out.begin(), out.end(), has_built_in)) {
    out.push_back({built_in, context_.protocols.built_in().title, "", std::nullopt, true,
                   built_in == active});
    std::sort(out.begin(), out.end(),
              [](const ProtocolSummary& a, const ProtocolSummary& b) { return a.key < b.key; });
  }
  return out;
}

Result<std::shared_ptr<const protocol::Protocol>> ProtocolService::GetProtocol(
    const RequestContext& context, const ProtocolKey& key) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadProtocols));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  Result<std::shared_ptr<const protocol::Protocol>> found =
      context_.protocols.Get(*transaction, key);
  if (!found.has_value() && found.error().code == ErrorCode::kFailedPrecondition) {
    return NotFound("protocol '" + key.id + "' version " + std::to_string(key.version) +
                    " not found");
  }
  return found;
}

}  // namespace backcare::app
