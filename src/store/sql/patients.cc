#include "store/sql/patients.h"

#include <algorithm>
#include <string>

#include "core/screening/catalog.h"
#include "store/common/validation.h"
#include "store/sql/codec.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::Patient> ReadPatient(const Row& row) {
  RowReader r(row, "patients");
  clinic::Patient patient;
  patient.id = PatientId(r.Int("id"));
  patient.clinic_id = ClinicId(r.Int("clinic_id"));
  patient.given_name = r.Text("given_name");
  patient.family_name = r.Text("family_name");
  patient.date_of_birth = r.DateValue("date_of_birth");
  patient.phone = r.Text("phone");
  patient.email = r.Text("email");
  const bool deleted = r.Int("deleted") != 0;
  auto deleted_at = r.OptionalTime("deleted_at_us");
  auto deleted_by = r.OptionalInt("deleted_by");
  auto reason = r.OptionalText("deletion_reason");
  auto retain_until = r.OptionalDate("retain_until");
  if (deleted) {
    if (!deleted_at || !deleted_by || !reason || !retain_until) {
      r.Fail("deleted", "deleted without a complete retention record");
    } else {
      patient.deletion =
          clinic::RetentionRecord{*deleted_at, UserId(*deleted_by), *reason, *retain_until};
    }
  }
  patient.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return patient;
}

Result<clinic::ScreeningResult> ReadScreening(const Row& row) {
  RowReader r(row, "screening_results");
  clinic::ScreeningResult result;
  result.id = clinic::ScreeningId(r.Int("id"));
  result.clinic_id = ClinicId(r.Int("clinic_id"));
  result.patient_id = PatientId(r.Int("patient_id"));
  result.condition_ids = DecodeIdentifiers(r.Text("condition_ids"));
  result.decision = r.Enum("decision", screening::ParseDecision);
  result.screened_by = UserId(r.Int("screened_by"));
  result.screened_at = r.Time("screened_at_us");
  const std::string areas = r.Text("areas");
  result.resolved_ids = DecodeIdentifiers(r.Text("resolved_ids"));
  result.note = r.Text("note");
  result.outcome = r.Enum("outcome", screening::ParseReferralOutcome);
  result.cleared_on = r.OptionalDate("cleared_on");
  result.clearance_source = r.Text("clearance_source");
  result.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  ASSIGN_OR_RETURN(result.areas, DecodeTexts(areas, "screening_results.areas"));
  return result;
}

constexpr Mapping<clinic::Patient> kPatients{
    "id, clinic_id, given_name, family_name, date_of_birth, phone, email, deleted, deleted_at_us, "
    "deleted_by, deletion_reason, retain_until, updated_at_us",
    "patients", "patient", &ReadPatient};
constexpr Mapping<clinic::ScreeningResult> kScreenings{
    "id, clinic_id, patient_id, condition_ids, decision, screened_by, screened_at_us, areas, "
    "resolved_ids, note, outcome, cleared_on, clearance_source, updated_at_us",
    "screening_results", "screening result", &ReadScreening};

// kFailedPrecondition "patient <id> is deleted" when the stored patient is soft-deleted.
Status RequireNotDeleted(Connection& db, ClinicId clinic_id, PatientId id) {
  ASSIGN_OR_RETURN(clinic::Patient stored, GetPatient(db, clinic_id, id));
  if (stored.deletion) {
    return FailedPrecondition("patient " + std::to_string(id.value()) + " is deleted");
  }
  return OkStatus();
}

}  // namespace

// --- Patients

Result<PatientId> CreatePatient(Connection& db, ClinicId clinic_id, const clinic::Patient& patient,
                                clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidatePatient(patient));
  return Insert<PatientId>(db, "patients",
                           "INSERT INTO patients (clinic_id, given_name, family_name, "
                           "date_of_birth, phone, email, deleted, updated_at_us) VALUES ($1, $2, "
                           "$3, $4, $5, $6, 0, $7) RETURNING id",
                           {V(clinic_id), V(patient.given_name), V(patient.family_name),
                            V(patient.date_of_birth), V(patient.phone), V(patient.email), V(now)});
}

Result<clinic::Patient> GetPatient(Connection& db, ClinicId clinic_id, PatientId id) {
  return SelectOne(db, kPatients, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Result<std::vector<clinic::Patient>> ListPatients(Connection& db, ClinicId clinic_id,
                                                  ports::PatientFilter filter) {
  const std::string_view tail = filter == ports::PatientFilter::kIncludeDeleted
                                    ? "WHERE clinic_id = $1 ORDER BY id"
                                    : "WHERE clinic_id = $1 AND deleted = 0 ORDER BY id";
  return SelectAll(db, kPatients, tail, {V(clinic_id)});
}

Result<std::vector<clinic::Patient>> ListPatientsAfter(Connection& db, ClinicId clinic_id,
                                                       ports::PatientFilter filter, PatientId after,
                                                       std::int64_t limit) {
  const std::string_view tail =
      filter == ports::PatientFilter::kIncludeDeleted
          ? "WHERE clinic_id = $1 AND id > $2 ORDER BY id LIMIT $3"
          : "WHERE clinic_id = $1 AND deleted = 0 AND id > $2 ORDER BY id LIMIT $3";
  return SelectAll(db, kPatients, tail,
                   {V(clinic_id), V(after), V(std::max<std::int64_t>(limit, 0))});
}

Status UpdatePatient(Connection& db, ClinicId clinic_id, const clinic::Patient& patient,
                     clinic::Timestamp now) {
  RETURN_IF_ERROR(RequireNotDeleted(db, clinic_id, patient.id));
  RETURN_IF_ERROR(ValidatePatient(patient));
  return Write(db,
               "UPDATE patients SET given_name = $3, family_name = $4, "
               "date_of_birth = $5, phone = $6, email = $7, updated_at_us = $8 "
               "WHERE clinic_id = $1 AND id = $2",
               {V(clinic_id), V(patient.id), V(patient.given_name), V(patient.family_name),
                V(patient.date_of_birth), V(patient.phone), V(patient.email), V(now)});
}

Status SoftDeletePatient(Connection& db, ClinicId clinic_id, PatientId id,
                         const clinic::RetentionRecord& retention, clinic::Timestamp now) {
  RETURN_IF_ERROR(RequireNotDeleted(db, clinic_id, id));
  RETURN_IF_ERROR(ValidateRetention(retention));
  return Write(db,
               "UPDATE patients SET deleted = 1, deleted_at_us = $3, deleted_by = $4, "
               "deletion_reason = $5, retain_until = $6, updated_at_us = $7 "
               "WHERE clinic_id = $1 AND id = $2",
               {V(clinic_id), V(id), V(retention.deleted_at), V(retention.deleted_by),
                V(retention.reason), V(retention.retain_until), V(now)});
}

// --- Screening

Result<clinic::ScreeningId> AddScreeningResult(Connection& db, ClinicId clinic_id,
                                               const clinic::ScreeningResult& result,
                                               clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateScreeningResult(result));
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, result.patient_id.value()));
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, result.screened_by.value()));
  return Insert<clinic::ScreeningId>(
      db, "screening_results",
      "INSERT INTO screening_results (clinic_id, patient_id, condition_ids, decision, "
      "screened_by, screened_at_us, areas, resolved_ids, note, outcome, cleared_on, "
      "clearance_source, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
      "$12, $13) RETURNING id",
      {V(clinic_id), V(result.patient_id), V(EncodeIdentifiers(result.condition_ids)),
       V(screening::DecisionName(result.decision)), V(result.screened_by), V(result.screened_at),
       V(EncodeTexts(result.areas)), V(EncodeIdentifiers(result.resolved_ids)), V(result.note),
       V(screening::ReferralOutcomeName(result.outcome)),
       result.cleared_on ? V(*result.cleared_on) : Value(), V(result.clearance_source), V(now)});
}

Result<clinic::ScreeningResult> GetScreeningResult(Connection& db, ClinicId clinic_id,
                                                   clinic::ScreeningId id) {
  return SelectOne(db, kScreenings, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Result<std::vector<clinic::ScreeningResult>> ListScreeningsOfPatients(Connection& db,
                                                                      ClinicId clinic_id,
                                                                      PatientId first,
                                                                      PatientId last) {
  return SelectAll(db, kScreenings,
                   "WHERE clinic_id = $1 AND patient_id >= $2 AND patient_id <= $3 "
                   "ORDER BY patient_id, screened_at_us, id",
                   {V(clinic_id), V(first), V(last)});
}

Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(Connection& db,
                                                                  ClinicId clinic_id,
                                                                  PatientId patient_id) {
  return SelectAll(db, kScreenings,
                   "WHERE clinic_id = $1 AND patient_id = $2 ORDER BY screened_at_us, id",
                   {V(clinic_id), V(patient_id)});
}

}  // namespace backcare::store::sql
