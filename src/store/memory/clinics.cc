#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {
namespace {

Status CheckUserLinks(const State& state, ClinicId clinic_id, const clinic::User& user) {
  if (user.therapist_id && !Find(state.therapists, clinic_id, user.therapist_id->value())) {
    return NotFoundError("therapist", user.therapist_id->value());
  }
  if (user.patient_id && !Find(state.patients, clinic_id, user.patient_id->value())) {
    return NotFoundError("patient", user.patient_id->value());
  }
  if (user.owner_id && !Find(state.users, clinic_id, user.owner_id->value())) {
    return NotFoundError("user", user.owner_id->value());
  }
  return OkStatus();
}

// Validates the clinic, then checks that its protocol version (when set) is stored.
Status CheckClinic(const State& state, const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(ValidateClinic(clinic));
  if (!clinic.protocol_id.empty() &&
      !state.protocols.contains({clinic.protocol_id, clinic.protocol_version})) {
    return ProtocolVersionNotFoundError(clinic.protocol_id, clinic.protocol_version);
  }
  return OkStatus();
}

bool EmailTaken(const State& state, ClinicId clinic_id, const std::string& email, UserId except) {
  for (const auto& [id, user] : state.users) {
    if (user.clinic_id == clinic_id && user.email == email && user.id != except) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<ClinicId> MemoryTransaction::CreateClinic(const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(CheckClinic(draft(), clinic));
  clinic::Clinic row = clinic;
  row.id = ClinicId(draft().next_id++);
  row.updated_at = WriteTime();
  draft().clinics[row.id.value()] = row;
  return row.id;
}

Result<clinic::Clinic> MemoryTransaction::GetClinic(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto it = state().clinics.find(clinic_id.value());
  if (it == state().clinics.end()) {
    return NotFoundError("clinic", clinic_id.value());
  }
  return it->second;
}

Result<std::vector<clinic::Clinic>> MemoryTransaction::ListClinics() {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().clinics, [](const auto&) { return true; });
}

Status MemoryTransaction::UpdateClinic(const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(CheckWrite());
  RETURN_IF_ERROR(CheckClinic(draft(), clinic));
  auto it = draft().clinics.find(clinic.id.value());
  if (it == draft().clinics.end()) {
    return NotFoundError("clinic", clinic.id.value());
  }
  it->second = clinic;
  it->second.updated_at = WriteTime();
  return OkStatus();
}

Result<UserId> MemoryTransaction::CreateUser(ClinicId clinic_id, const clinic::User& user) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateUser(user));
  RETURN_IF_ERROR(CheckUserLinks(draft(), clinic_id, user));
  if (EmailTaken(draft(), clinic_id, user.email, UserId())) {
    return ConflictError("users", "email");
  }
  clinic::User row = user;
  return Insert(draft(), draft().users, std::move(row), clinic_id);
}

Result<clinic::User> MemoryTransaction::GetUser(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().users, "user", clinic_id, user_id.value());
}

Result<clinic::User> MemoryTransaction::FindUserByEmail(ClinicId clinic_id,
                                                        std::string_view email) {
  RETURN_IF_ERROR(CheckOpen());
  for (const auto& [id, user] : state().users) {
    if (user.clinic_id == clinic_id && user.email == email) {
      return user;
    }
  }
  return NotFound("user not found");
}

Result<std::vector<clinic::User>> MemoryTransaction::ListUsers(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().users, [&](const auto& row) { return row.clinic_id == clinic_id; });
}

Status MemoryTransaction::UpdateUser(ClinicId clinic_id, const clinic::User& user) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::User * row, Require(draft().users, "user", clinic_id, user.id.value()));
  RETURN_IF_ERROR(ValidateUser(user));
  RETURN_IF_ERROR(CheckUserLinks(draft(), clinic_id, user));
  if (EmailTaken(draft(), clinic_id, user.email, user.id)) {
    return ConflictError("users", "email");
  }
  const std::int64_t last_step = row->totp_last_step;  // ClaimTotpStep's alone
  *row = user;
  row->clinic_id = clinic_id;
  row->totp_last_step = last_step;
  return OkStatus();
}

Result<TherapistId> MemoryTransaction::CreateTherapist(ClinicId clinic_id,
                                                       const clinic::Therapist& therapist) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateTherapist(therapist));
  clinic::Therapist row = therapist;
  row.updated_at = WriteTime();
  return Insert(draft(), draft().therapists, std::move(row), clinic_id);
}

Result<clinic::Therapist> MemoryTransaction::GetTherapist(ClinicId clinic_id, TherapistId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().therapists, "therapist", clinic_id, id.value());
}

Result<std::vector<clinic::Therapist>> MemoryTransaction::ListTherapists(ClinicId clinic_id) {
  RETURN_IF_ERROR(CheckOpen());
  return Select(state().therapists, [&](const auto& row) { return row.clinic_id == clinic_id; });
}

Status MemoryTransaction::UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::Therapist * row,
                   Require(draft().therapists, "therapist", clinic_id, therapist.id.value()));
  RETURN_IF_ERROR(ValidateTherapist(therapist));
  *row = therapist;
  row->clinic_id = clinic_id;
  row->updated_at = WriteTime();
  return OkStatus();
}

}  // namespace backcare::store::memory
