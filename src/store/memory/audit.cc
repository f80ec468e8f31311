#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {

Status MemoryTransaction::AppendAuditEvents(ClinicId clinic_id,
                                            std::span<const clinic::AuditEvent> events) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  std::vector<clinic::AuditEvent>& chain = draft().audit[clinic_id.value()];
  std::int64_t expected = chain.empty() ? 1 : chain.back().seq + 1;
  for (const clinic::AuditEvent& event : events) {
    RETURN_IF_ERROR(ValidateAuditEvent(event));
    if (event.seq != expected++) {
      return ConflictError("audit_events", "seq");
    }
    if (event.actor && !Find(draft().users, clinic_id, event.actor->value())) {
      return NotFoundError("user", event.actor->value());
    }
  }
  for (const clinic::AuditEvent& event : events) {
    clinic::AuditEvent row = event;
    row.clinic_id = clinic_id;
    row.at = Micros(row.at);
    chain.push_back(std::move(row));
  }
  return OkStatus();
}

Result<std::optional<clinic::AuditEvent>> MemoryTransaction::LastAuditEvent(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().audit.find(clinic_id.value());
  if (it == state().audit.end() || it->second.empty()) {
    return std::optional<clinic::AuditEvent>();
  }
  return std::optional<clinic::AuditEvent>(it->second.back());
}

Result<std::vector<clinic::AuditEvent>> MemoryTransaction::ListAuditEvents(ClinicId clinic_id,
                                                                           std::int64_t after_seq,
                                                                           int limit) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::AuditEvent> out;
  auto it = state().audit.find(clinic_id.value());
  if (it == state().audit.end()) {
    return out;
  }
  for (const auto& event : it->second) {
    if (event.seq > after_seq && static_cast<int>(out.size()) < limit) {
      out.push_back(event);
    }
  }
  return out;
}

namespace {

// Whether `event`'s record is one of `patient`'s records in `state` (the contract of
// ListPatientAccessEvents lists the record types).
bool IsAboutPatient(const State& state, ClinicId clinic_id, PatientId patient,
                    const clinic::AuditEvent& event) {
  const std::int64_t id = event.record_id;
  auto owned = [&](const auto& table, auto owner_of) {
    auto it = table.find(id);
    return it != table.end() && it->second.clinic_id == clinic_id && owner_of(it->second);
  };
  auto by_patient_id = [&](const auto& row) { return row.patient_id == patient; };
  const std::string& type = event.record_type;
  if (type == "patient") return id == patient.value();
  if (type == "session") return owned(state.sessions, by_patient_id);
  if (type == "course") return owned(state.courses, by_patient_id);
  if (type == "response") return owned(state.responses, by_patient_id);
  if (type == "screening") return owned(state.screenings, by_patient_id);
  if (type == "home_program") return owned(state.assignments, by_patient_id);
  if (type == "alert") {
    return owned(state.alerts, [&](const clinic::Alert& alert) {
      return alert.patient_id == std::optional<PatientId>(patient);
    });
  }
  if (type == "session_note") {
    return owned(state.notes, [&](const session::SessionNote& note) {
      auto session = state.sessions.find(note.session_id.value());
      return session != state.sessions.end() && session->second.patient_id == patient;
    });
  }
  return false;
}

}  // namespace

Result<std::vector<clinic::AuditEvent>> MemoryTransaction::ListPatientAccessEvents(
    ClinicId clinic_id, PatientId patient_id, std::int64_t before_seq, int limit) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::AuditEvent> out;
  auto it = state().audit.find(clinic_id.value());
  if (it == state().audit.end()) {
    return out;
  }
  auto own_login = [&](const std::optional<UserId>& actor) {
    if (!actor) return false;
    auto user = state().users.find(actor->value());
    return user != state().users.end() &&
           user->second.patient_id == std::optional<PatientId>(patient_id);
  };
  for (auto event = it->second.rbegin();
       event != it->second.rend() && static_cast<int>(out.size()) < limit; ++event) {
    if (event->seq < before_seq && !own_login(event->actor) &&
        IsAboutPatient(state(), clinic_id, patient_id, *event)) {
      out.push_back(*event);
    }
  }
  return out;
}

}  // namespace backcare::store::memory
