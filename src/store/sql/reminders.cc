#include "store/sql/reminders.h"

#include <string>
#include <utility>

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::PatientReminders> ReadReminders(const Row& row) {
  RowReader r(row, "patient_reminders");
  clinic::PatientReminders reminders;
  reminders.patient_id = PatientId(r.Int("patient_id"));
  reminders.appointment_email = r.Int("appointment_email") != 0;
  reminders.nudge_email = r.Int("nudge_email") != 0;
  reminders.appointment_push = r.Int("appointment_push") != 0;
  reminders.nudge_push = r.Int("nudge_push") != 0;
  reminders.nudge_minutes = static_cast<int>(r.Int("nudge_minutes"));
  RETURN_IF_ERROR(r.status());
  return reminders;
}

constexpr Mapping<clinic::PatientReminders> kReminders{
    "patient_id, appointment_email, nudge_email, appointment_push, nudge_push, nudge_minutes",
    "patient_reminders", "reminders", &ReadReminders};

Result<clinic::UnsubscribeToken> ReadToken(const Row& row) {
  RowReader r(row, "unsubscribe_tokens");
  clinic::UnsubscribeToken token;
  token.token_hash = r.Text("token_hash");
  token.clinic_id = ClinicId(r.Int("clinic_id"));
  token.patient_id = PatientId(r.Int("patient_id"));
  token.kind = r.Enum(
      "kind", [](std::string_view name) { return ValueOf(clinic::kReminderKindNames, name); });
  token.created_at = r.Time("created_at_us");
  token.used_at = r.OptionalTime("used_at_us");
  RETURN_IF_ERROR(r.status());
  return token;
}

constexpr Mapping<clinic::UnsubscribeToken> kTokens{
    "token_hash, clinic_id, patient_id, kind, created_at_us, used_at_us", "unsubscribe_tokens",
    "token", &ReadToken};

}  // namespace

Result<clinic::PatientReminders> GetPatientReminders(Connection& db, ClinicId clinic_id,
                                                     PatientId patient_id) {
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, patient_id.value()));
  ASSIGN_OR_RETURN(auto found,
                   SelectFirst(db, kReminders, "WHERE clinic_id = $1 AND patient_id = $2",
                               {V(clinic_id), V(patient_id)}));
  if (!found) {
    clinic::PatientReminders defaults;
    defaults.patient_id = patient_id;
    return defaults;
  }
  return *found;
}

Status PutPatientReminders(Connection& db, ClinicId clinic_id,
                           const clinic::PatientReminders& reminders) {
  RETURN_IF_ERROR(clinic::ValidatePatientReminders(reminders));
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, reminders.patient_id.value()));
  return Write(db,
               "INSERT INTO patient_reminders (clinic_id, patient_id, appointment_email, "
               "nudge_email, appointment_push, nudge_push, nudge_minutes) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7) "
               "ON CONFLICT (clinic_id, patient_id) DO UPDATE SET "
               "appointment_email = excluded.appointment_email, "
               "nudge_email = excluded.nudge_email, appointment_push = excluded.appointment_push, "
               "nudge_push = excluded.nudge_push, nudge_minutes = excluded.nudge_minutes",
               {V(clinic_id), V(reminders.patient_id), V(reminders.appointment_email),
                V(reminders.nudge_email), V(reminders.appointment_push), V(reminders.nudge_push),
                V(reminders.nudge_minutes)});
}

Result<bool> RecordSentReminder(Connection& db, ClinicId clinic_id, PatientId patient_id,
                                clinic::ReminderKind kind, std::string_view key,
                                clinic::Timestamp at) {
  if (key.empty()) {
    return InvalidInput("sent reminder: 1 invalid field(s)", {{"", "key", "must not be empty"}});
  }
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, patient_id.value()));
  // The unique key decides between two sweeps: the one whose insert lands sends the email.
  const Params params = {V(clinic_id), V(patient_id), V(NameOf(clinic::kReminderKindNames, kind)),
                         V(key), V(at)};
  ASSIGN_OR_RETURN(std::int64_t inserted,
                   db.Execute("INSERT INTO sent_reminders (clinic_id, patient_id, kind, "
                              "reminder_key, sent_at_us) VALUES ($1, $2, $3, $4, $5) "
                              "ON CONFLICT (clinic_id, kind, patient_id, reminder_key) DO NOTHING",
                              params));
  return inserted == 1;
}

Status CreateUnsubscribeToken(Connection& db, const clinic::UnsubscribeToken& token) {
  if (token.token_hash.empty()) {
    return InvalidInput("unsubscribe token: 1 invalid field(s)",
                        {{"", "token_hash", "must not be empty"}});
  }
  RETURN_IF_ERROR(Require(db, "patients", "patient", token.clinic_id, token.patient_id.value()));
  ASSIGN_OR_RETURN(auto existing,
                   SelectFirst(db, kTokens, "WHERE token_hash = $1", {V(token.token_hash)}));
  if (existing) {
    return ConflictError("unsubscribe_tokens", "token_hash");
  }
  return Write(
      db,
      "INSERT INTO unsubscribe_tokens (token_hash, clinic_id, patient_id, kind, "
      "created_at_us, used_at_us) VALUES ($1, $2, $3, $4, $5, $6)",
      {V(token.token_hash), V(token.clinic_id), V(token.patient_id),
       V(NameOf(clinic::kReminderKindNames, token.kind)), V(token.created_at), V(token.used_at)});
}

Result<clinic::UnsubscribeToken> FindUnsubscribeToken(Connection& db, std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto token, SelectFirst(db, kTokens, "WHERE token_hash = $1", {V(token_hash)}));
  if (!token) {
    return NotFound("unsubscribe token not found");
  }
  return std::move(*token);
}

Status UseUnsubscribeToken(Connection& db, std::string_view token_hash, clinic::Timestamp at) {
  const Params params = {V(token_hash), V(at)};
  ASSIGN_OR_RETURN(std::int64_t changed,
                   db.Execute("UPDATE unsubscribe_tokens SET used_at_us = "
                              "COALESCE(used_at_us, $2) WHERE token_hash = $1",
                              params));
  if (changed == 0) {
    return NotFound("unsubscribe token not found");
  }
  return OkStatus();
}

Status DeleteUnsubscribeTokens(Connection& db, ClinicId clinic_id, PatientId patient_id,
                               clinic::ReminderKind kind) {
  return Write(db,
               "DELETE FROM unsubscribe_tokens WHERE clinic_id = $1 AND patient_id = $2 AND "
               "kind = $3",
               {V(clinic_id), V(patient_id), V(NameOf(clinic::kReminderKindNames, kind))});
}

}  // namespace backcare::store::sql
