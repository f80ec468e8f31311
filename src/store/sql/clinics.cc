#include "store/sql/clinics.h"

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/protocols.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::Clinic> ReadClinic(const Row& row) {
  RowReader r(row, "clinics");
  clinic::Clinic clinic;
  clinic.id = ClinicId(r.Int("id"));
  clinic.name = r.Text("name");
  clinic.time_zone = r.Text("time_zone");
  clinic.patient_cancel_notice_hours = static_cast<int>(r.Int("patient_cancel_notice_hours"));
  clinic.demo = r.Int("demo") != 0;
  clinic.protocol_id = r.OptionalText("protocol_id").value_or("");
  clinic.protocol_version = static_cast<int>(r.OptionalInt("protocol_version").value_or(0));
  clinic.mfa_policy = r.Enum(
      "mfa_policy", [](std::string_view name) { return ValueOf(clinic::kMfaPolicyNames, name); });
  // Cells are read in kClinics' column order.
  clinic.exercise_pain_alert_threshold = static_cast<int>(r.Int("exercise_pain_alert_threshold"));
  clinic.appointment_reminder_hours = static_cast<int>(r.Int("appointment_reminder_hours"));
  clinic.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return clinic;
}

Result<clinic::User> ReadUser(const Row& row) {
  RowReader r(row, "users");
  clinic::User user;
  user.id = UserId(r.Int("id"));
  user.clinic_id = ClinicId(r.Int("clinic_id"));
  user.email = r.Text("email");
  user.display_name = r.Text("display_name");
  user.role = r.Enum("role", clinic::ParseRole);
  user.password_hash = r.Text("password_hash");
  user.state = r.Int("disabled") ? clinic::AccountState::kDisabled : clinic::AccountState::kActive;
  user.therapist_id = r.OptionalId<TherapistId>("therapist_id");
  user.patient_id = r.OptionalId<PatientId>("patient_id");
  user.owner_id = r.OptionalId<UserId>("owner_id");
  user.expires_at = r.OptionalTime("expires_at_us");
  user.password_change_required = r.Int("password_change_required") != 0;
  user.totp_secret = r.Text("totp_secret");
  user.totp_enabled_at = r.OptionalTime("totp_enabled_at_us");
  user.totp_last_step = r.Int("totp_last_step");
  RETURN_IF_ERROR(r.status());
  return user;
}

Result<clinic::Therapist> ReadTherapist(const Row& row) {
  RowReader r(row, "therapists");
  clinic::Therapist therapist;
  therapist.id = TherapistId(r.Int("id"));
  therapist.clinic_id = ClinicId(r.Int("clinic_id"));
  therapist.given_name = r.Text("given_name");
  therapist.family_name = r.Text("family_name");
  therapist.license_number = r.Text("license_number");
  therapist.state =
      r.Int("active") ? clinic::TherapistState::kActive : clinic::TherapistState::kInactive;
  therapist.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return therapist;
}

constexpr Mapping<clinic::Clinic> kClinics{
    "id, name, time_zone, patient_cancel_notice_hours, demo, protocol_id, protocol_version, "
    "mfa_policy, exercise_pain_alert_threshold, appointment_reminder_hours, updated_at_us",
    "clinics", "clinic", &ReadClinic};
constexpr Mapping<clinic::User> kUsers{
    "id, clinic_id, email, display_name, role, password_hash, disabled, therapist_id, patient_id, "
    "owner_id, expires_at_us, password_change_required, totp_secret, totp_enabled_at_us, "
    "totp_last_step",
    "users", "user", &ReadUser};
constexpr Mapping<clinic::Therapist> kTherapists{
    "id, clinic_id, given_name, family_name, license_number, active, updated_at_us", "therapists",
    "therapist", &ReadTherapist};

// kNotFound unless the user's therapist, patient and owner (when set) are in the clinic.
Status CheckUserLinks(Connection& db, ClinicId clinic_id, const clinic::User& user) {
  if (user.owner_id) {
    RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, user.owner_id->value()));
  }
  if (user.therapist_id) {
    RETURN_IF_ERROR(Require(db, "therapists", "therapist", clinic_id, user.therapist_id->value()));
  }
  if (user.patient_id) {
    RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, user.patient_id->value()));
  }
  return OkStatus();
}

// Validates the clinic, then checks that its protocol version (when set) is stored.
Status CheckClinic(Connection& db, const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(ValidateClinic(clinic));
  if (!clinic.protocol_id.empty()) {
    RETURN_IF_ERROR(RequireProtocolVersion(db, clinic.protocol_id, clinic.protocol_version));
  }
  return OkStatus();
}

// The clinic's protocol columns: NULL and NULL when it names none.
Value ProtocolIdOf(const clinic::Clinic& clinic) {
  return clinic.protocol_id.empty() ? Value() : V(clinic.protocol_id);
}
Value ProtocolVersionOf(const clinic::Clinic& clinic) {
  return clinic.protocol_id.empty() ? Value() : V(clinic.protocol_version);
}

}  // namespace

// --- Clinics

Result<ClinicId> CreateClinic(Connection& db, const clinic::Clinic& clinic, clinic::Timestamp now) {
  RETURN_IF_ERROR(CheckClinic(db, clinic));
  return Insert<ClinicId>(
      db, "clinics",
      "INSERT INTO clinics (name, time_zone, patient_cancel_notice_hours, "
      "demo, protocol_id, protocol_version, mfa_policy, exercise_pain_alert_threshold, "
      "appointment_reminder_hours, updated_at_us) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {V(clinic.name), V(clinic.time_zone), V(clinic.patient_cancel_notice_hours), V(clinic.demo),
       ProtocolIdOf(clinic), ProtocolVersionOf(clinic),
       V(NameOf(clinic::kMfaPolicyNames, clinic.mfa_policy)),
       V(clinic.exercise_pain_alert_threshold), V(clinic.appointment_reminder_hours), V(now)});
}

Result<clinic::Clinic> GetClinic(Connection& db, ClinicId clinic_id) {
  return SelectOne(db, kClinics, "WHERE id = $1", {V(clinic_id)}, clinic_id.value());
}

Result<std::vector<clinic::Clinic>> ListClinics(Connection& db) {
  return SelectAll(db, kClinics, "ORDER BY id", {});
}

Status UpdateClinic(Connection& db, const clinic::Clinic& clinic, clinic::Timestamp now) {
  RETURN_IF_ERROR(CheckClinic(db, clinic));
  ASSIGN_OR_RETURN(
      std::int64_t changed,
      db.Execute(
          "UPDATE clinics SET name = $2, time_zone = $3, "
          "patient_cancel_notice_hours = $4, demo = $5, protocol_id = $6, "
          "protocol_version = $7, mfa_policy = $8, exercise_pain_alert_threshold = $9, "
          "appointment_reminder_hours = $10, updated_at_us = $11 WHERE id = $1",
          Params{V(clinic.id), V(clinic.name), V(clinic.time_zone),
                 V(clinic.patient_cancel_notice_hours), V(clinic.demo), ProtocolIdOf(clinic),
                 ProtocolVersionOf(clinic), V(NameOf(clinic::kMfaPolicyNames, clinic.mfa_policy)),
                 V(clinic.exercise_pain_alert_threshold), V(clinic.appointment_reminder_hours),
                 V(now)}));
  if (changed == 0) {
    return NotFoundError("clinic", clinic.id.value());
  }
  return OkStatus();
}

// --- Users

Result<UserId> CreateUser(Connection& db, ClinicId clinic_id, const clinic::User& user) {
  RETURN_IF_ERROR(ValidateUser(user));
  RETURN_IF_ERROR(CheckUserLinks(db, clinic_id, user));
  return Insert<UserId>(
      db, "users",
      "INSERT INTO users (clinic_id, email, display_name, role, password_hash, disabled, "
      "therapist_id, patient_id, owner_id, expires_at_us, password_change_required, totp_secret, "
      "totp_enabled_at_us) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
      {V(clinic_id), V(user.email), V(user.display_name), V(clinic::RoleName(user.role)),
       V(user.password_hash), V(user.state == clinic::AccountState::kDisabled),
       V(user.therapist_id), V(user.patient_id), V(user.owner_id), V(user.expires_at),
       V(user.password_change_required), V(user.totp_secret), V(user.totp_enabled_at)});
}

Result<clinic::User> GetUser(Connection& db, ClinicId clinic_id, UserId user_id) {
  return SelectOne(db, kUsers, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(user_id)},
                   user_id.value());
}

Result<clinic::User> FindUserByEmail(Connection& db, ClinicId clinic_id, std::string_view email) {
  ASSIGN_OR_RETURN(
      std::optional<clinic::User> user,
      SelectFirst(db, kUsers, "WHERE clinic_id = $1 AND email = $2", {V(clinic_id), V(email)}));
  if (!user) {
    return NotFound("user not found");
  }
  return std::move(*user);
}

Result<std::vector<clinic::User>> ListUsers(Connection& db, ClinicId clinic_id) {
  return SelectAll(db, kUsers, "WHERE clinic_id = $1 ORDER BY id", {V(clinic_id)});
}

Status UpdateUser(Connection& db, ClinicId clinic_id, const clinic::User& user) {
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, user.id.value()));
  RETURN_IF_ERROR(ValidateUser(user));
  RETURN_IF_ERROR(CheckUserLinks(db, clinic_id, user));
  return Write(
      db,
      "UPDATE users SET email = $3, display_name = $4, role = $5, "
      "password_hash = $6, disabled = $7, therapist_id = $8, patient_id = $9, owner_id = $10, "
      "expires_at_us = $11, password_change_required = $12, totp_secret = $13, "
      "totp_enabled_at_us = $14 WHERE clinic_id = $1 AND id = $2",
      {V(clinic_id), V(user.id), V(user.email), V(user.display_name),
       V(clinic::RoleName(user.role)), V(user.password_hash),
       V(user.state == clinic::AccountState::kDisabled), V(user.therapist_id), V(user.patient_id),
       V(user.owner_id), V(user.expires_at), V(user.password_change_required), V(user.totp_secret),
       V(user.totp_enabled_at)});
}

// --- Therapists

Result<TherapistId> CreateTherapist(Connection& db, ClinicId clinic_id,
                                    const clinic::Therapist& therapist, clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateTherapist(therapist));
  return Insert<TherapistId>(
      db, "therapists",
      "INSERT INTO therapists (clinic_id, given_name, family_name, license_number, active, "
      "updated_at_us) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {V(clinic_id), V(therapist.given_name), V(therapist.family_name), V(therapist.license_number),
       V(therapist.state == clinic::TherapistState::kActive), V(now)});
}

Result<clinic::Therapist> GetTherapist(Connection& db, ClinicId clinic_id, TherapistId id) {
  return SelectOne(db, kTherapists, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Result<std::vector<clinic::Therapist>> ListTherapists(Connection& db, ClinicId clinic_id) {
  return SelectAll(db, kTherapists, "WHERE clinic_id = $1 ORDER BY id", {V(clinic_id)});
}

Status UpdateTherapist(Connection& db, ClinicId clinic_id, const clinic::Therapist& therapist,
                       clinic::Timestamp now) {
  RETURN_IF_ERROR(Require(db, "therapists", "therapist", clinic_id, therapist.id.value()));
  RETURN_IF_ERROR(ValidateTherapist(therapist));
  return Write(
      db,
      "UPDATE therapists SET given_name = $3, family_name = $4, "
      "license_number = $5, active = $6, updated_at_us = $7 WHERE clinic_id = $1 AND id = $2",
      {V(clinic_id), V(therapist.id), V(therapist.given_name), V(therapist.family_name),
       V(therapist.license_number), V(therapist.state == clinic::TherapistState::kActive), V(now)});
}

}  // namespace backcare::store::sql
