#include "app/audit_trail.h"

#include <string>
#include <vector>

#include "app/crypto/crypto.h"

namespace backcare::app {
namespace {

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.push_back('=');
  out.append(std::to_string(value.size()));
  out.push_back(':');
  out.append(value);
  out.push_back('\n');
}

constexpr int kVerifyPageSize = 1000;

}  // namespace

std::string CanonicalAuditBytes(const clinic::AuditEvent& event) {
  std::string out;
  out.reserve(160);
  AppendField(out, "seq", std::to_string(event.seq));
  AppendField(out, "at", std::to_string(clinic::ToUnixMicros(event.at)));
  AppendField(out, "actor", event.actor ? std::to_string(event.actor->value()) : "");
  AppendField(out, "role", event.role);
  AppendField(out, "action", event.action);
  AppendField(out, "record_type", event.record_type);
  AppendField(out, "record_id", std::to_string(event.record_id));
  AppendField(out, "from", event.from_address);
  return out;
}

std::string ComputeAuditHash(std::string_view prev_hash, const clinic::AuditEvent& event) {
  std::string data(prev_hash);
  data += CanonicalAuditBytes(event);
  return crypto::Sha256Hex(data);
}

Status AppendAudit(ports::Transaction& transaction, const RequestContext& context,
                   clinic::Timestamp at, std::string_view action, std::string_view record_type,
                   std::int64_t record_id) {
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(std::optional<clinic::AuditEvent> last, transaction.LastAuditEvent(clinic_id));
  const AuditHead head = last ? AuditHead{last->seq, last->hash} : AuditHead{};
  return transaction.AppendAuditEvent(
      clinic_id, NextAuditEvent(head, context, at, action, record_type, record_id));
}

clinic::AuditEvent NextAuditEvent(const AuditHead& head, const RequestContext& context,
                                  clinic::Timestamp at, std::string_view action,
                                  std::string_view record_type, std::int64_t record_id) {
  clinic::AuditEvent event;
  event.clinic_id = context.actor.clinic_id;
  event.seq = head.seq + 1;
  // Stores keep microseconds; hash what will be read back.
  event.at = clinic::FromUnixMicros(clinic::ToUnixMicros(at));
  if (!IsSystem(context.actor)) {
    event.actor = context.actor.user_id;
  }
  event.role = AuditRoleName(context.actor);
  event.action = std::string(action);
  event.record_type = std::string(record_type);
  event.record_id = record_id;
  event.from_address = context.remote_address;
  event.prev_hash = head.hash;
  event.hash = ComputeAuditHash(event.prev_hash, event);
  return event;
}

Result<AuditChainReport> VerifyAuditEvents(std::span<const clinic::AuditEvent> events) {
  AuditChainReport report;
  std::string prev_hash;
  std::int64_t expected_seq = 1;
  for (const clinic::AuditEvent& event : events) {
    const std::string where = "audit chain broken at event " + std::to_string(expected_seq) + ": ";
    if (event.seq != expected_seq) {
      return DataCorruption(where + "expected seq " + std::to_string(expected_seq) +
                            ", found seq " + std::to_string(event.seq));
    }
    if (event.prev_hash != prev_hash) {
      return DataCorruption(where + "prev_hash does not match event " +
                            std::to_string(expected_seq - 1));
    }
    if (event.hash != ComputeAuditHash(event.prev_hash, event)) {
      return DataCorruption(where + "hash does not match its contents");
    }
    prev_hash = event.hash;
    ++expected_seq;
    ++report.events;
  }
  report.head_hash = prev_hash;
  return report;
}

Result<AuditChainReport> VerifyAuditChain(ports::Transaction& transaction, ClinicId clinic_id) {
  // Read every event first: the checks need the previous event across page boundaries, and an
  // audit log of a clinic is small enough (tens of bytes per event) to hold.
  std::vector<clinic::AuditEvent> events;
  std::int64_t after = 0;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<clinic::AuditEvent> page,
                     transaction.ListAuditEvents(clinic_id, after, kVerifyPageSize));
    if (page.empty()) {
      break;
    }
    after = page.back().seq;
    const std::size_t page_size = page.size();
    for (clinic::AuditEvent& event : page) {
      events.push_back(std::move(event));
    }
    if (page_size < static_cast<std::size_t>(kVerifyPageSize)) {
      break;
    }
  }
  auto report = VerifyAuditEvents(events);
  if (!report) {
    Error error = std::move(report).error();
    error.message = "clinic " + std::to_string(clinic_id.value()) + ": " + error.message;
    return error;
  }
  return report;
}

}  // namespace backcare::app
