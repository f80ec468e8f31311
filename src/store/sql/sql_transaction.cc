#include "store/sql/sql_transaction.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <utility>

#include "store/common/validation.h"
#include "store/sql/codec.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

using clinic::Timestamp;
using Params = std::vector<Value>;

template <typename Tag>
Value V(StrongId<Tag> id) {
  return id.value();
}
template <typename Tag>
Value V(const std::optional<StrongId<Tag>>& id) {
  return id ? Value(id->value()) : Value();
}
Value V(std::int64_t value) { return value; }
Value V(int value) { return static_cast<std::int64_t>(value); }
Value V(std::string value) { return Value(std::move(value)); }
Value V(std::string_view value) { return Value(std::string(value)); }
Value V(clinic::Date date) { return clinic::FormatDate(date); }
Value V(Timestamp at) { return clinic::ToUnixMicros(at); }
Value V(const std::optional<int>& value) { return value ? V(*value) : Value(); }
Value V(const std::optional<double>& value) { return value ? Value(*value) : Value(); }
Value V(bool value) { return static_cast<std::int64_t>(value ? 1 : 0); }

constexpr std::string_view kUserColumns =
    "id, clinic_id, email, display_name, role, password_hash, disabled, therapist_id, patient_id";
constexpr std::string_view kTherapistColumns =
    "id, clinic_id, given_name, family_name, license_number, active";
constexpr std::string_view kPatientColumns =
    "id, clinic_id, given_name, family_name, date_of_birth, phone, email, deleted, deleted_at_us, "
    "deleted_by, deletion_reason, retain_until";
constexpr std::string_view kCourseColumns =
    "id, clinic_id, patient_id, therapist_id, protocol_id, protocol_version, start_date, status";
constexpr std::string_view kSessionColumns =
    "id, clinic_id, course_id, patient_id, therapist_id, start_us, end_us, status, phase_id, "
    "sequence";
constexpr std::string_view kNoteColumns =
    "n.id, n.clinic_id, n.session_id, n.author_id, n.subjective, n.objective, n.assessment, "
    "n.plan, n.strip_passes, n.trigger_points, n.release_areas, n.pressure, n.tolerance, "
    "n.nprs_before, n.nprs_after, n.adverse_events, n.status, n.signed_by, n.signed_at_us, "
    "n.created_at_us, n.updated_at_us";
constexpr std::string_view kResponseColumns =
    "id, clinic_id, patient_id, course_id, instrument_id, answers, score, score_status, "
    "checkpoint_id, taken_at_us";
constexpr std::string_view kScreeningColumns =
    "id, clinic_id, patient_id, condition_ids, decision, screened_by, screened_at_us";
constexpr std::string_view kAssignmentColumns =
    "id, clinic_id, patient_id, course_id, exercise_ids, start_date";
constexpr std::string_view kAdherenceColumns =
    "clinic_id, patient_id, date, exercise_id, done, note";
constexpr std::string_view kAlertColumns =
    "id, clinic_id, patient_id, kind, severity, record_type, record_id, created_at_us, "
    "acknowledged_at_us, acknowledged_by";
constexpr std::string_view kAuditColumns =
    "clinic_id, seq, at_us, actor, role, action, record_type, record_id, from_address, "
    "prev_hash, hash";

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    out += part;
  }
  return out;
}

template <typename Id>
std::optional<Id> OptionalId(std::optional<std::int64_t> value) {
  if (!value) {
    return std::nullopt;
  }
  return Id(*value);
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
  user.therapist_id = OptionalId<TherapistId>(r.OptionalInt("therapist_id"));
  user.patient_id = OptionalId<PatientId>(r.OptionalInt("patient_id"));
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
  RETURN_IF_ERROR(r.status());
  return therapist;
}

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
  RETURN_IF_ERROR(r.status());
  return patient;
}

Result<clinic::Course> ReadCourse(const Row& row) {
  RowReader r(row, "courses");
  clinic::Course course;
  course.id = CourseId(r.Int("id"));
  course.clinic_id = ClinicId(r.Int("clinic_id"));
  course.patient_id = PatientId(r.Int("patient_id"));
  course.therapist_id = OptionalId<TherapistId>(r.OptionalInt("therapist_id"));
  course.protocol_id = r.Text("protocol_id");
  course.protocol_version = static_cast<int>(r.Int("protocol_version"));
  course.start_date = r.DateValue("start_date");
  course.status = r.Enum("status", clinic::ParseCourseStatus);
  RETURN_IF_ERROR(r.status());
  return course;
}

Result<clinic::Session> ReadSession(const Row& row) {
  RowReader r(row, "sessions");
  clinic::Session session;
  session.id = SessionId(r.Int("id"));
  session.clinic_id = ClinicId(r.Int("clinic_id"));
  session.course_id = CourseId(r.Int("course_id"));
  session.patient_id = PatientId(r.Int("patient_id"));
  session.therapist_id = TherapistId(r.Int("therapist_id"));
  session.start = r.Time("start_us");
  session.end = r.Time("end_us");
  session.status = r.Enum("status", clinic::ParseSessionStatus);
  session.phase_id = r.Text("phase_id");
  session.sequence = static_cast<int>(r.Int("sequence"));
  RETURN_IF_ERROR(r.status());
  return session;
}

template <typename T>
void Decode(RowReader& r, std::string_view column, Result<T> decoded, T& out) {
  if (!decoded) {
    r.Fail(column, "malformed encoded list");
    return;
  }
  out = std::move(decoded).value();
}

Result<session::SessionNote> ReadNote(const Row& row) {
  RowReader r(row, "session_notes");
  session::SessionNote note;
  note.id = NoteId(r.Int("id"));
  note.clinic_id = ClinicId(r.Int("clinic_id"));
  note.session_id = SessionId(r.Int("session_id"));
  note.author_id = UserId(r.Int("author_id"));
  note.soap.subjective = r.Text("subjective");
  note.soap.objective = r.Text("objective");
  note.soap.assessment = r.Text("assessment");
  note.soap.plan = r.Text("plan");
  Decode(r, "strip_passes", DecodeStripPasses(r.Text("strip_passes")),
         note.techniques.strip_passes);
  Decode(r, "trigger_points", DecodeTriggerPoints(r.Text("trigger_points")),
         note.techniques.trigger_points);
  Decode(r, "release_areas", DecodeReleaseAreas(r.Text("release_areas")),
         note.techniques.release_areas);
  note.techniques.pressure = r.Enum("pressure", session::ParsePressure);
  note.techniques.tolerance = r.Enum("tolerance", session::ParseTolerance);
  auto before = r.OptionalInt("nprs_before");
  auto after = r.OptionalInt("nprs_after");
  if (before) {
    note.nprs_before = static_cast<int>(*before);
  }
  if (after) {
    note.nprs_after = static_cast<int>(*after);
  }
  Decode(r, "adverse_events", DecodeAdverseEvents(r.Text("adverse_events")), note.adverse_events);
  note.status = r.Enum("status", session::ParseNoteStatus);
  note.signed_by = OptionalId<UserId>(r.OptionalInt("signed_by"));
  note.signed_at = r.OptionalTime("signed_at_us");
  note.created_at = r.Time("created_at_us");
  note.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return note;
}

Result<clinic::QuestionnaireResponse> ReadResponse(const Row& row) {
  RowReader r(row, "questionnaire_responses");
  clinic::QuestionnaireResponse response;
  response.id = ResponseId(r.Int("id"));
  response.clinic_id = ClinicId(r.Int("clinic_id"));
  response.patient_id = PatientId(r.Int("patient_id"));
  response.course_id = OptionalId<CourseId>(r.OptionalInt("course_id"));
  response.instrument_id = r.Text("instrument_id");
  Decode(r, "answers", DecodeAnswers(r.Text("answers")), response.answers);
  response.score = r.OptionalDouble("score");
  response.score_status = r.Text("score_status");
  response.checkpoint_id = r.Text("checkpoint_id");
  response.taken_at = r.Time("taken_at_us");
  RETURN_IF_ERROR(r.status());
  return response;
}

Result<clinic::ScreeningResult> ReadScreening(const Row& row) {
  RowReader r(row, "screening_results");
  clinic::ScreeningResult result;
  result.id = clinic::ScreeningId(r.Int("id"));
  result.clinic_id = ClinicId(r.Int("clinic_id"));
  result.patient_id = PatientId(r.Int("patient_id"));
  result.condition_ids = DecodeIdentifiers(r.Text("condition_ids"));
  result.decision = r.Text("decision");
  result.screened_by = UserId(r.Int("screened_by"));
  result.screened_at = r.Time("screened_at_us");
  RETURN_IF_ERROR(r.status());
  return result;
}

Result<clinic::HomeProgramAssignment> ReadAssignment(const Row& row) {
  RowReader r(row, "home_program_assignments");
  clinic::HomeProgramAssignment assignment;
  assignment.id = clinic::AssignmentId(r.Int("id"));
  assignment.clinic_id = ClinicId(r.Int("clinic_id"));
  assignment.patient_id = PatientId(r.Int("patient_id"));
  assignment.course_id = CourseId(r.Int("course_id"));
  assignment.exercise_ids = DecodeIdentifiers(r.Text("exercise_ids"));
  assignment.start_date = r.DateValue("start_date");
  RETURN_IF_ERROR(r.status());
  return assignment;
}

Result<clinic::AdherenceEntry> ReadAdherence(const Row& row) {
  RowReader r(row, "adherence_entries");
  clinic::AdherenceEntry entry;
  entry.clinic_id = ClinicId(r.Int("clinic_id"));
  entry.patient_id = PatientId(r.Int("patient_id"));
  entry.date = r.DateValue("date");
  entry.exercise_id = r.Text("exercise_id");
  entry.completion = r.Int("done") ? clinic::Completion::kDone : clinic::Completion::kNotDone;
  entry.note = r.Text("note");
  RETURN_IF_ERROR(r.status());
  return entry;
}

Result<clinic::Alert> ReadAlert(const Row& row) {
  RowReader r(row, "alerts");
  clinic::Alert alert;
  alert.id = AlertId(r.Int("id"));
  alert.clinic_id = ClinicId(r.Int("clinic_id"));
  alert.patient_id = OptionalId<PatientId>(r.OptionalInt("patient_id"));
  alert.kind = r.Text("kind");
  alert.severity = r.Enum("severity", clinic::ParseAlertSeverity);
  alert.record_type = r.Text("record_type");
  alert.record_id = r.Int("record_id");
  alert.created_at = r.Time("created_at_us");
  alert.acknowledged_at = r.OptionalTime("acknowledged_at_us");
  alert.acknowledged_by = OptionalId<UserId>(r.OptionalInt("acknowledged_by"));
  RETURN_IF_ERROR(r.status());
  return alert;
}

Result<clinic::AuditEvent> ReadAudit(const Row& row) {
  RowReader r(row, "audit_events");
  clinic::AuditEvent event;
  event.clinic_id = ClinicId(r.Int("clinic_id"));
  event.seq = r.Int("seq");
  event.at = r.Time("at_us");
  event.actor = OptionalId<UserId>(r.OptionalInt("actor"));
  event.role = r.Text("role");
  event.action = r.Text("action");
  event.record_type = r.Text("record_type");
  event.record_id = r.Int("record_id");
  event.from_address = r.Text("from_address");
  event.prev_hash = r.Text("prev_hash");
  event.hash = r.Text("hash");
  RETURN_IF_ERROR(r.status());
  return event;
}

template <typename T>
Result<std::vector<T>> ReadAll(const std::vector<Row>& rows, Result<T> (*read)(const Row&)) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    ASSIGN_OR_RETURN(T value, read(row));
    out.push_back(std::move(value));
  }
  return out;
}

Result<std::int64_t> ReadId(const std::vector<Row>& rows, std::string_view table) {
  if (rows.size() != 1) {
    return Internal(std::string(table) + ": INSERT ... RETURNING gave no row");
  }
  RowReader r(rows[0], table);
  std::int64_t id = r.Int("id");
  RETURN_IF_ERROR(r.status());
  return id;
}

class SqlTransaction final : public ports::Transaction {
 public:
  SqlTransaction(std::unique_ptr<Connection> connection, TxMode mode)
      : connection_(std::move(connection)), mode_(mode) {}
  ~SqlTransaction() override {
    if (!finished_) {
      connection_->Rollback();
    }
  }

  Status Commit() override {
    RETURN_IF_ERROR(CheckOpen());
    finished_ = true;
    Status status = connection_->Commit();
    if (!status) {
      connection_->Rollback();
    }
    connection_.reset();  // hand the connection (and the writer) back at once
    return status;
  }

  // --- Clinics
  Result<ClinicId> CreateClinic(const clinic::Clinic& clinic) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(ValidateClinic(clinic));
    ASSIGN_OR_RETURN(auto rows, Query("INSERT INTO clinics (name, time_zone) VALUES ($1, $2) "
                                      "RETURNING id",
                                      {V(clinic.name), V(clinic.time_zone)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "clinics"));
    return ClinicId(id);
  }
  Result<clinic::Clinic> GetClinic(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows, Query("SELECT id, name, time_zone FROM clinics WHERE id = $1", {V(clinic_id)}));
    if (rows.empty()) {
      return NotFoundError("clinic", clinic_id.value());
    }
    return ReadClinic(rows[0]);
  }
  Result<std::vector<clinic::Clinic>> ListClinics() override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query("SELECT id, name, time_zone FROM clinics ORDER BY id", {}));
    return ReadAll(rows, &ReadClinic);
  }
  Status UpdateClinic(const clinic::Clinic& clinic) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(ValidateClinic(clinic));
    ASSIGN_OR_RETURN(auto changed,
                     Execute("UPDATE clinics SET name = $2, time_zone = $3 WHERE id = $1",
                             {V(clinic.id), V(clinic.name), V(clinic.time_zone)}));
    if (changed == 0) {
      return NotFoundError("clinic", clinic.id.value());
    }
    return OkStatus();
  }

  // --- Users
  Status CheckUserLinks(ClinicId clinic_id, const clinic::User& user) {
    if (user.therapist_id) {
      RETURN_IF_ERROR(Require("therapists", "therapist", clinic_id, user.therapist_id->value()));
    }
    if (user.patient_id) {
      RETURN_IF_ERROR(Require("patients", "patient", clinic_id, user.patient_id->value()));
    }
    return OkStatus();
  }
  Result<UserId> CreateUser(ClinicId clinic_id, const clinic::User& user) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateUser(user));
    RETURN_IF_ERROR(CheckUserLinks(clinic_id, user));
    ASSIGN_OR_RETURN(
        auto rows,
        Query("INSERT INTO users (clinic_id, email, display_name, role, password_hash, disabled, "
              "therapist_id, patient_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
              {V(clinic_id), V(user.email), V(user.display_name), V(clinic::RoleName(user.role)),
               V(user.password_hash), V(user.state == clinic::AccountState::kDisabled),
               V(user.therapist_id), V(user.patient_id)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "users"));
    return UserId(id);
  }
  Result<clinic::User> GetUser(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kUserColumns, " FROM users WHERE clinic_id = $1 AND id = $2"}),
              {V(clinic_id), V(user_id)}));
    if (rows.empty()) {
      return NotFoundError("user", user_id.value());
    }
    return ReadUser(rows[0]);
  }
  Result<clinic::User> FindUserByEmail(ClinicId clinic_id, std::string_view email) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kUserColumns, " FROM users WHERE clinic_id = $1 AND email = $2"}),
              {V(clinic_id), V(email)}));
    if (rows.empty()) {
      return NotFound("user not found");
    }
    return ReadUser(rows[0]);
  }
  Result<std::vector<clinic::User>> ListUsers(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kUserColumns, " FROM users WHERE clinic_id = $1 ORDER BY id"}),
              {V(clinic_id)}));
    return ReadAll(rows, &ReadUser);
  }
  Status UpdateUser(ClinicId clinic_id, const clinic::User& user) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(Require("users", "user", clinic_id, user.id.value()));
    RETURN_IF_ERROR(ValidateUser(user));
    RETURN_IF_ERROR(CheckUserLinks(clinic_id, user));
    return Done(
        Execute("UPDATE users SET email = $3, display_name = $4, role = $5, "
                "password_hash = $6, disabled = $7, therapist_id = $8, patient_id = $9 "
                "WHERE clinic_id = $1 AND id = $2",
                {V(clinic_id), V(user.id), V(user.email), V(user.display_name),
                 V(clinic::RoleName(user.role)), V(user.password_hash),
                 V(user.state == clinic::AccountState::kDisabled), V(user.therapist_id),
                 V(user.patient_id)}));
  }

  // --- Therapists
  Result<TherapistId> CreateTherapist(ClinicId clinic_id,
                                      const clinic::Therapist& therapist) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateTherapist(therapist));
    ASSIGN_OR_RETURN(auto rows,
                     Query("INSERT INTO therapists (clinic_id, given_name, family_name, "
                           "license_number, active) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                           {V(clinic_id), V(therapist.given_name), V(therapist.family_name),
                            V(therapist.license_number),
                            V(therapist.state == clinic::TherapistState::kActive)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "therapists"));
    return TherapistId(id);
  }
  Result<clinic::Therapist> GetTherapist(ClinicId clinic_id, TherapistId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kTherapistColumns,
                                           " FROM therapists WHERE clinic_id = $1 AND id = $2"}),
                                      {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("therapist", id.value());
    }
    return ReadTherapist(rows[0]);
  }
  Result<std::vector<clinic::Therapist>> ListTherapists(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kTherapistColumns,
                                           " FROM therapists WHERE clinic_id = $1 ORDER BY id"}),
                                      {V(clinic_id)}));
    return ReadAll(rows, &ReadTherapist);
  }
  Status UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(Require("therapists", "therapist", clinic_id, therapist.id.value()));
    RETURN_IF_ERROR(ValidateTherapist(therapist));
    return Done(Execute(
        "UPDATE therapists SET given_name = $3, family_name = $4, "
        "license_number = $5, active = $6 WHERE clinic_id = $1 AND id = $2",
        {V(clinic_id), V(therapist.id), V(therapist.given_name), V(therapist.family_name),
         V(therapist.license_number), V(therapist.state == clinic::TherapistState::kActive)}));
  }

  // --- Patients
  Result<PatientId> CreatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidatePatient(patient));
    ASSIGN_OR_RETURN(auto rows,
                     Query("INSERT INTO patients (clinic_id, given_name, family_name, "
                           "date_of_birth, phone, email, deleted) VALUES ($1, $2, $3, $4, $5, "
                           "$6, 0) RETURNING id",
                           {V(clinic_id), V(patient.given_name), V(patient.family_name),
                            V(patient.date_of_birth), V(patient.phone), V(patient.email)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "patients"));
    return PatientId(id);
  }
  Result<clinic::Patient> GetPatient(ClinicId clinic_id, PatientId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kPatientColumns, " FROM patients WHERE clinic_id = $1 AND id = $2"}),
              {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("patient", id.value());
    }
    return ReadPatient(rows[0]);
  }
  Result<std::vector<clinic::Patient>> ListPatients(ClinicId clinic_id,
                                                    ports::PatientFilter filter) override {
    RETURN_IF_ERROR(CheckOpen());
    const std::string_view where = filter == ports::PatientFilter::kIncludeDeleted
                                       ? " FROM patients WHERE clinic_id = $1 ORDER BY id"
                                       : " FROM patients WHERE clinic_id = $1 AND deleted = 0 "
                                         "ORDER BY id";
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kPatientColumns, where}), {V(clinic_id)}));
    return ReadAll(rows, &ReadPatient);
  }
  Status UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(clinic::Patient stored, GetPatient(clinic_id, patient.id));
    if (stored.deletion) {
      return FailedPrecondition("patient " + std::to_string(patient.id.value()) + " is deleted");
    }
    RETURN_IF_ERROR(ValidatePatient(patient));
    return Done(
        Execute("UPDATE patients SET given_name = $3, family_name = $4, "
                "date_of_birth = $5, phone = $6, email = $7 "
                "WHERE clinic_id = $1 AND id = $2",
                {V(clinic_id), V(patient.id), V(patient.given_name), V(patient.family_name),
                 V(patient.date_of_birth), V(patient.phone), V(patient.email)}));
  }
  Status SoftDeletePatient(ClinicId clinic_id, PatientId id,
                           const clinic::RetentionRecord& retention) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(clinic::Patient stored, GetPatient(clinic_id, id));
    if (stored.deletion) {
      return FailedPrecondition("patient " + std::to_string(id.value()) + " is deleted");
    }
    RETURN_IF_ERROR(ValidateRetention(retention));
    return Done(
        Execute("UPDATE patients SET deleted = 1, deleted_at_us = $3, deleted_by = $4, "
                "deletion_reason = $5, retain_until = $6 "
                "WHERE clinic_id = $1 AND id = $2",
                {V(clinic_id), V(id), V(retention.deleted_at), V(retention.deleted_by),
                 V(retention.reason), V(retention.retain_until)}));
  }

  // --- Courses
  Result<CourseId> CreateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateCourse(course));
    RETURN_IF_ERROR(Require("patients", "patient", clinic_id, course.patient_id.value()));
    if (course.therapist_id) {
      RETURN_IF_ERROR(Require("therapists", "therapist", clinic_id, course.therapist_id->value()));
    }
    ASSIGN_OR_RETURN(
        auto rows,
        Query("INSERT INTO courses (clinic_id, patient_id, therapist_id, protocol_id, "
              "protocol_version, start_date, status) VALUES ($1, $2, $3, $4, $5, $6, $7) "
              "RETURNING id",
              {V(clinic_id), V(course.patient_id), V(course.therapist_id), V(course.protocol_id),
               V(course.protocol_version), V(course.start_date),
               V(clinic::CourseStatusName(course.status))}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "courses"));
    return CourseId(id);
  }
  Result<clinic::Course> GetCourse(ClinicId clinic_id, CourseId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kCourseColumns, " FROM courses WHERE clinic_id = $1 AND id = $2"}),
              {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("course", id.value());
    }
    return ReadCourse(rows[0]);
  }
  Result<std::vector<clinic::Course>> ListCourses(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kCourseColumns, " FROM courses WHERE clinic_id = $1 ORDER BY id"}),
              {V(clinic_id)}));
    return ReadAll(rows, &ReadCourse);
  }
  Result<std::vector<clinic::Course>> ListCoursesForPatient(ClinicId clinic_id,
                                                            PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kCourseColumns,
                   " FROM courses WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id"}),
              {V(clinic_id), V(patient_id)}));
    return ReadAll(rows, &ReadCourse);
  }
  Status UpdateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(clinic::Course stored, GetCourse(clinic_id, course.id));
    if (stored.patient_id != course.patient_id || stored.protocol_id != course.protocol_id ||
        stored.protocol_version != course.protocol_version ||
        stored.start_date != course.start_date) {
      return FailedPrecondition("course " + std::to_string(course.id.value()) +
                                ": patient_id, protocol_id, protocol_version and start_date are "
                                "pinned");
    }
    if (course.therapist_id) {
      RETURN_IF_ERROR(Require("therapists", "therapist", clinic_id, course.therapist_id->value()));
    }
    return Done(Execute(
        "UPDATE courses SET therapist_id = $3, status = $4 WHERE clinic_id = $1 AND id = $2",
        {V(clinic_id), V(course.id), V(course.therapist_id),
         V(clinic::CourseStatusName(course.status))}));
  }

  // --- Sessions
  Result<SessionId> CreateSession(ClinicId clinic_id, const clinic::Session& session) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateSession(session));
    ASSIGN_OR_RETURN(clinic::Course course, GetCourse(clinic_id, session.course_id));
    RETURN_IF_ERROR(Require("therapists", "therapist", clinic_id, session.therapist_id.value()));
    ASSIGN_OR_RETURN(
        auto rows,
        Query("INSERT INTO sessions (clinic_id, course_id, patient_id, therapist_id, start_us, "
              "end_us, status, phase_id, sequence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) "
              "RETURNING id",
              {V(clinic_id), V(session.course_id), V(course.patient_id), V(session.therapist_id),
               V(session.start), V(session.end), V(clinic::SessionStatusName(session.status)),
               V(session.phase_id)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "sessions"));
    return SessionId(id);
  }
  Result<clinic::Session> GetSession(ClinicId clinic_id, SessionId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kSessionColumns, " FROM sessions WHERE clinic_id = $1 AND id = $2"}),
              {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("session", id.value());
    }
    return ReadSession(rows[0]);
  }
  Status UpdateSession(ClinicId clinic_id, const clinic::Session& session) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(clinic::Session stored, GetSession(clinic_id, session.id));
    if (stored.course_id != session.course_id) {
      return FailedPrecondition("session " + std::to_string(session.id.value()) +
                                ": course_id cannot change");
    }
    RETURN_IF_ERROR(ValidateSession(session));
    RETURN_IF_ERROR(Require("therapists", "therapist", clinic_id, session.therapist_id.value()));
    return Done(Execute(
        "UPDATE sessions SET therapist_id = $3, start_us = $4, end_us = $5, "
        "status = $6, phase_id = $7, sequence = sequence + 1 "
        "WHERE clinic_id = $1 AND id = $2",
        {V(clinic_id), V(session.id), V(session.therapist_id), V(session.start), V(session.end),
         V(clinic::SessionStatusName(session.status)), V(session.phase_id)}));
  }
  Result<std::vector<clinic::Session>> ListSessionsWhere(std::string_view where, Params params) {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kSessionColumns, " FROM sessions WHERE ",
                                           where, " ORDER BY start_us, id"}),
                                      std::move(params)));
    return ReadAll(rows, &ReadSession);
  }
  Result<std::vector<clinic::Session>> ListSessionsForCourse(ClinicId clinic_id,
                                                             CourseId course_id) override {
    return ListSessionsWhere("clinic_id = $1 AND course_id = $2", {V(clinic_id), V(course_id)});
  }
  Result<std::vector<clinic::Session>> ListSessionsForPatient(ClinicId clinic_id,
                                                              PatientId patient_id) override {
    return ListSessionsWhere("clinic_id = $1 AND patient_id = $2", {V(clinic_id), V(patient_id)});
  }
  Result<std::vector<clinic::Session>> ListSessionsForTherapist(ClinicId clinic_id,
                                                                TherapistId therapist_id,
                                                                ports::TimeRange range) override {
    return ListSessionsWhere(
        "clinic_id = $1 AND therapist_id = $2 AND start_us >= $3 AND start_us < $4",
        {V(clinic_id), V(therapist_id), V(range.from), V(range.to)});
  }
  Result<std::vector<clinic::Session>> ListSessionsInRange(ClinicId clinic_id,
                                                           ports::TimeRange range) override {
    return ListSessionsWhere("clinic_id = $1 AND start_us >= $2 AND start_us < $3",
                             {V(clinic_id), V(range.from), V(range.to)});
  }

  // --- Session notes
  Result<NoteId> CreateNote(ClinicId clinic_id, const session::SessionNote& note) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(session::ValidateSessionNote(note));
    RETURN_IF_ERROR(Require("sessions", "session", clinic_id, note.session_id.value()));
    RETURN_IF_ERROR(Require("users", "user", clinic_id, note.author_id.value()));
    ASSIGN_OR_RETURN(
        auto rows,
        Query("INSERT INTO session_notes (clinic_id, session_id, author_id, subjective, "
              "objective, assessment, plan, strip_passes, trigger_points, release_areas, "
              "pressure, tolerance, nprs_before, nprs_after, adverse_events, status, "
              "created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11, $12, $13, $14, $15, 'draft', $16, $17) RETURNING id",
              {V(clinic_id), V(note.session_id), V(note.author_id), V(note.soap.subjective),
               V(note.soap.objective), V(note.soap.assessment), V(note.soap.plan),
               V(EncodeStripPasses(note.techniques.strip_passes)),
               V(EncodeTriggerPoints(note.techniques.trigger_points)),
               V(EncodeReleaseAreas(note.techniques.release_areas)),
               V(session::PressureName(note.techniques.pressure)),
               V(session::ToleranceName(note.techniques.tolerance)), V(note.nprs_before),
               V(note.nprs_after), V(EncodeAdverseEvents(note.adverse_events)), V(note.created_at),
               V(note.updated_at)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "session_notes"));
    return NoteId(id);
  }
  // Notes selected by `where` (over session_notes n joined with sessions s) with their addenda.
  Result<std::vector<session::SessionNote>> SelectNotes(std::string_view where, Params params) {
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kNoteColumns,
                                           " FROM session_notes n JOIN sessions s ON s.id = "
                                           "n.session_id AND s.clinic_id = n.clinic_id WHERE ",
                                           where, " ORDER BY s.start_us, n.id"}),
                                      params));
    ASSIGN_OR_RETURN(auto notes, ReadAll(rows, &ReadNote));
    if (notes.empty()) {
      return notes;
    }
    ASSIGN_OR_RETURN(auto addenda,
                     Query(Cat({"SELECT a.note_id, a.author_id, a.at_us, a.text FROM "
                                "note_addenda a WHERE a.note_id IN (SELECT n.id FROM "
                                "session_notes n JOIN sessions s ON s.id = n.session_id AND "
                                "s.clinic_id = n.clinic_id WHERE ",
                                where, ") ORDER BY a.note_id, a.id"}),
                           std::move(params)));
    std::map<std::int64_t, session::SessionNote*> by_id;
    for (auto& note : notes) {
      by_id[note.id.value()] = &note;
    }
    for (const Row& row : addenda) {
      RowReader r(row, "note_addenda");
      const std::int64_t note_id = r.Int("note_id");
      session::Addendum addendum;
      addendum.author_id = UserId(r.Int("author_id"));
      addendum.at = r.Time("at_us");
      addendum.text = r.Text("text");
      RETURN_IF_ERROR(r.status());
      auto it = by_id.find(note_id);
      if (it != by_id.end()) {
        it->second->addenda.push_back(std::move(addendum));
      }
    }
    return notes;
  }
  Result<session::SessionNote> GetNote(ClinicId clinic_id, NoteId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto notes,
                     SelectNotes("n.clinic_id = $1 AND n.id = $2", {V(clinic_id), V(id)}));
    if (notes.empty()) {
      return NotFoundError("session note", id.value());
    }
    return std::move(notes[0]);
  }
  Result<session::SessionNote> FindNoteForSession(ClinicId clinic_id,
                                                  SessionId session_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto notes, SelectNotes("n.clinic_id = $1 AND n.session_id = $2",
                                             {V(clinic_id), V(session_id)}));
    if (notes.empty()) {
      return NotFound("session note not found");
    }
    return std::move(notes[0]);
  }
  Result<std::vector<session::SessionNote>> ListNotesForPatient(ClinicId clinic_id,
                                                                PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return SelectNotes("n.clinic_id = $1 AND s.patient_id = $2", {V(clinic_id), V(patient_id)});
  }
  // The note's status, or kNotFound.
  Result<session::NoteStatus> NoteStatus(ClinicId clinic_id, NoteId id) {
    ASSIGN_OR_RETURN(auto rows,
                     Query("SELECT status FROM session_notes WHERE clinic_id = $1 AND id = $2",
                           {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("session note", id.value());
    }
    RowReader r(rows[0], "session_notes");
    auto status = r.Enum("status", session::ParseNoteStatus);
    RETURN_IF_ERROR(r.status());
    return status;
  }
  Status RequireDraft(ClinicId clinic_id, NoteId id) {
    ASSIGN_OR_RETURN(session::NoteStatus status, NoteStatus(clinic_id, id));
    if (status == session::NoteStatus::kSigned) {
      return FailedPrecondition("session note " + std::to_string(id.value()) + " is signed");
    }
    return OkStatus();
  }
  Status UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(RequireDraft(clinic_id, note.id));
    RETURN_IF_ERROR(session::ValidateSessionNote(note));
    return Done(Execute(
        "UPDATE session_notes SET subjective = $3, objective = $4, assessment = $5, plan = $6, "
        "strip_passes = $7, trigger_points = $8, release_areas = $9, pressure = $10, "
        "tolerance = $11, nprs_before = $12, nprs_after = $13, adverse_events = $14, "
        "updated_at_us = $15 WHERE clinic_id = $1 AND id = $2",
        {V(clinic_id), V(note.id), V(note.soap.subjective), V(note.soap.objective),
         V(note.soap.assessment), V(note.soap.plan),
         V(EncodeStripPasses(note.techniques.strip_passes)),
         V(EncodeTriggerPoints(note.techniques.trigger_points)),
         V(EncodeReleaseAreas(note.techniques.release_areas)),
         V(session::PressureName(note.techniques.pressure)),
         V(session::ToleranceName(note.techniques.tolerance)), V(note.nprs_before),
         V(note.nprs_after), V(EncodeAdverseEvents(note.adverse_events)), V(note.updated_at)}));
  }
  Status SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                  clinic::Timestamp signed_at) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(RequireDraft(clinic_id, id));
    RETURN_IF_ERROR(Require("users", "user", clinic_id, signer.value()));
    return Done(
        Execute("UPDATE session_notes SET status = 'signed', signed_by = $3, "
                "signed_at_us = $4 WHERE clinic_id = $1 AND id = $2",
                {V(clinic_id), V(id), V(signer), V(signed_at)}));
  }
  Status AddAddendum(ClinicId clinic_id, NoteId id, const session::Addendum& addendum) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(session::NoteStatus status, NoteStatus(clinic_id, id));
    if (status != session::NoteStatus::kSigned) {
      return FailedPrecondition("session note " + std::to_string(id.value()) + " is a draft");
    }
    RETURN_IF_ERROR(ValidateAddendum(addendum));
    RETURN_IF_ERROR(Require("users", "user", clinic_id, addendum.author_id.value()));
    return Done(
        Execute("INSERT INTO note_addenda (clinic_id, note_id, author_id, at_us, text) "
                "VALUES ($1, $2, $3, $4, $5)",
                {V(clinic_id), V(id), V(addendum.author_id), V(addendum.at), V(addendum.text)}));
  }
  Status DeleteDraftNote(ClinicId clinic_id, NoteId id) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(RequireDraft(clinic_id, id));
    return Done(Execute("DELETE FROM session_notes WHERE clinic_id = $1 AND id = $2",
                        {V(clinic_id), V(id)}));
  }

  // --- Responses
  Status CheckResponseRefs(ClinicId clinic_id, const clinic::QuestionnaireResponse& response) {
    RETURN_IF_ERROR(ValidateResponse(response));
    RETURN_IF_ERROR(Require("patients", "patient", clinic_id, response.patient_id.value()));
    if (response.course_id) {
      RETURN_IF_ERROR(RequireCourseOf(clinic_id, *response.course_id, response.patient_id));
    }
    return OkStatus();
  }
  Params ResponseParams(ClinicId clinic_id, const clinic::QuestionnaireResponse& response) {
    return {V(clinic_id),
            V(response.patient_id),
            V(response.course_id),
            V(response.instrument_id),
            V(EncodeAnswers(response.answers)),
            V(response.score),
            V(response.score_status),
            V(response.checkpoint_id),
            V(response.taken_at)};
  }
  Result<ResponseId> AddResponse(ClinicId clinic_id,
                                 const clinic::QuestionnaireResponse& response) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(CheckResponseRefs(clinic_id, response));
    ASSIGN_OR_RETURN(auto rows, Query("INSERT INTO questionnaire_responses (clinic_id, "
                                      "patient_id, course_id, instrument_id, answers, score, "
                                      "score_status, checkpoint_id, taken_at_us) VALUES ($1, "
                                      "$2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                                      ResponseParams(clinic_id, response)));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "questionnaire_responses"));
    return ResponseId(id);
  }
  Result<clinic::QuestionnaireResponse> GetResponse(ClinicId clinic_id, ResponseId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows,
                     Query(Cat({"SELECT ", kResponseColumns,
                                " FROM questionnaire_responses WHERE clinic_id = $1 AND id = $2"}),
                           {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("response", id.value());
    }
    return ReadResponse(rows[0]);
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(ClinicId clinic_id,
                                                                   PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kResponseColumns,
                                           " FROM questionnaire_responses WHERE clinic_id = $1 "
                                           "AND patient_id = $2 ORDER BY taken_at_us, id"}),
                                      {V(clinic_id), V(patient_id)}));
    return ReadAll(rows, &ReadResponse);
  }
  Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
      ClinicId clinic_id, PatientId patient_id, std::string_view instrument_id) override {
    RETURN_IF_ERROR(CheckOpen());
    static const std::string query =
        Cat({"SELECT ", kResponseColumns,
             " FROM questionnaire_responses WHERE clinic_id = $1 AND patient_id = $2 "
             "AND instrument_id = $3 AND score IS NOT NULL "
             "ORDER BY taken_at_us DESC, id DESC LIMIT 1"});
    ASSIGN_OR_RETURN(auto rows,
                     Query(query, {V(clinic_id), V(patient_id), V(std::string(instrument_id))}));
    if (rows.empty()) {
      return std::optional<clinic::QuestionnaireResponse>();
    }
    ASSIGN_OR_RETURN(clinic::QuestionnaireResponse response, ReadResponse(rows[0]));
    return std::optional<clinic::QuestionnaireResponse>(std::move(response));
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(ClinicId clinic_id,
                                                                         ResponseId after,
                                                                         int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows,
                     Query(Cat({"SELECT ", kResponseColumns,
                                " FROM questionnaire_responses WHERE clinic_id = $1 AND id > $2 "
                                "ORDER BY id LIMIT $3"}),
                           {V(clinic_id), V(after), V(std::max(limit, 0))}));
    return ReadAll(rows, &ReadResponse);
  }
  // Checks every row and each distinct reference once, then loads the rows in chunks through
  // one BulkLoad (which may set the table's indexes aside and rebuild them; see connection.h).
  Result<std::int64_t> BulkAddResponses(
      ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateResponses(responses));
    const ResponseReferences references = FirstResponseReferences(responses);
    for (std::size_t row : references.patient_rows) {
      const std::int64_t patient = responses[row].patient_id.value();
      ASSIGN_OR_RETURN(auto found, Query("SELECT 1 FROM patients WHERE clinic_id = $1 AND id = $2",
                                         {V(clinic_id), V(patient)}));
      if (found.empty()) {
        return BulkNotFoundError(row, "patient_id", "patient", patient);
      }
    }
    for (std::size_t row : references.course_rows) {
      const clinic::QuestionnaireResponse& response = responses[row];
      ASSIGN_OR_RETURN(auto found,
                       Query("SELECT 1 FROM courses WHERE clinic_id = $1 AND id = $2 "
                             "AND patient_id = $3",
                             {V(clinic_id), V(response.course_id), V(response.patient_id)}));
      if (found.empty()) {
        return BulkNotFoundError(row, "course_id", "course", response.course_id->value());
      }
    }
    static const std::vector<std::string> kColumns = {
        "clinic_id", "patient_id",   "course_id",     "instrument_id", "answers",
        "score",     "score_status", "checkpoint_id", "taken_at_us"};
    ASSIGN_OR_RETURN(auto load,
                     connection_->BeginBulkLoad("questionnaire_responses", kColumns,
                                                static_cast<std::int64_t>(responses.size())));
    constexpr std::size_t kChunk = 8192;
    // Rows are reused from chunk to chunk, so their text cells keep their buffers.
    std::vector<Row> rows(std::min(kChunk, responses.size()), Row(kColumns.size()));
    for (std::size_t start = 0; start < responses.size(); start += kChunk) {
      const std::size_t count = std::min(kChunk, responses.size() - start);
      for (std::size_t i = 0; i < count; ++i) {
        FillResponseRow(rows[i], clinic_id, responses[start + i]);
      }
      RETURN_IF_ERROR(load->Append(std::span<const Row>(rows.data(), count)));
    }
    RETURN_IF_ERROR(load->Finish());
    return static_cast<std::int64_t>(responses.size());
  }
  // ResponseParams into an existing row of 9 cells, reusing its text buffers.
  static void FillResponseRow(Row& row, ClinicId clinic_id,
                              const clinic::QuestionnaireResponse& response) {
    auto text = [](Value& cell, const std::string& value) {
      if (auto* existing = std::get_if<std::string>(&cell)) {
        existing->assign(value);
      } else {
        cell = value;
      }
    };
    row[0] = clinic_id.value();
    row[1] = response.patient_id.value();
    row[2] = V(response.course_id);
    text(row[3], response.instrument_id);
    text(row[4], EncodeAnswers(response.answers));
    row[5] = V(response.score);
    text(row[6], response.score_status);
    text(row[7], response.checkpoint_id);
    row[8] = V(response.taken_at);
  }

  // --- Screening
  Result<clinic::ScreeningId> AddScreeningResult(ClinicId clinic_id,
                                                 const clinic::ScreeningResult& result) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateScreeningResult(result));
    RETURN_IF_ERROR(Require("patients", "patient", clinic_id, result.patient_id.value()));
    RETURN_IF_ERROR(Require("users", "user", clinic_id, result.screened_by.value()));
    ASSIGN_OR_RETURN(
        auto rows,
        Query("INSERT INTO screening_results (clinic_id, patient_id, condition_ids, "
              "decision, screened_by, screened_at_us) VALUES ($1, $2, $3, $4, $5, "
              "$6) RETURNING id",
              {V(clinic_id), V(result.patient_id), V(EncodeIdentifiers(result.condition_ids)),
               V(result.decision), V(result.screened_by), V(result.screened_at)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "screening_results"));
    return clinic::ScreeningId(id);
  }
  Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(ClinicId clinic_id,
                                                                    PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kScreeningColumns,
                                           " FROM screening_results WHERE clinic_id = $1 AND "
                                           "patient_id = $2 ORDER BY screened_at_us, id"}),
                                      {V(clinic_id), V(patient_id)}));
    return ReadAll(rows, &ReadScreening);
  }

  // --- Home program
  Result<clinic::AssignmentId> AddHomeProgramAssignment(
      ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateAssignment(assignment));
    RETURN_IF_ERROR(Require("patients", "patient", clinic_id, assignment.patient_id.value()));
    RETURN_IF_ERROR(RequireCourseOf(clinic_id, assignment.course_id, assignment.patient_id));
    ASSIGN_OR_RETURN(
        auto rows,
        Query("INSERT INTO home_program_assignments (clinic_id, patient_id, "
              "course_id, exercise_ids, start_date) VALUES ($1, $2, $3, $4, $5) "
              "RETURNING id",
              {V(clinic_id), V(assignment.patient_id), V(assignment.course_id),
               V(EncodeIdentifiers(assignment.exercise_ids)), V(assignment.start_date)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "home_program_assignments"));
    return clinic::AssignmentId(id);
  }
  Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
      ClinicId clinic_id, PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kAssignmentColumns,
                                           " FROM home_program_assignments WHERE clinic_id = $1 "
                                           "AND patient_id = $2 ORDER BY start_date, id"}),
                                      {V(clinic_id), V(patient_id)}));
    return ReadAll(rows, &ReadAssignment);
  }
  Status RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateAdherence(entry));
    RETURN_IF_ERROR(Require("patients", "patient", clinic_id, entry.patient_id.value()));
    return Done(Execute(
        "INSERT INTO adherence_entries (clinic_id, patient_id, date, exercise_id, done, note) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (clinic_id, patient_id, date, exercise_id) "
        "DO UPDATE SET done = excluded.done, note = excluded.note",
        {V(clinic_id), V(entry.patient_id), V(entry.date), V(entry.exercise_id),
         V(entry.completion == clinic::Completion::kDone), V(entry.note)}));
  }
  Result<std::vector<clinic::AdherenceEntry>> ListAdherence(ClinicId clinic_id,
                                                            PatientId patient_id, clinic::Date from,
                                                            clinic::Date to) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows,
                     Query(Cat({"SELECT ", kAdherenceColumns,
                                " FROM adherence_entries WHERE clinic_id = $1 AND patient_id = "
                                "$2 AND date >= $3 AND date <= $4 ORDER BY date, exercise_id"}),
                           {V(clinic_id), V(patient_id), V(from), V(to)}));
    return ReadAll(rows, &ReadAdherence);
  }

  // --- Alerts
  Result<AlertId> AddAlert(ClinicId clinic_id, const clinic::Alert& alert) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateAlert(alert));
    if (alert.patient_id) {
      RETURN_IF_ERROR(Require("patients", "patient", clinic_id, alert.patient_id->value()));
    }
    ASSIGN_OR_RETURN(auto rows,
                     Query("INSERT INTO alerts (clinic_id, patient_id, kind, severity, "
                           "record_type, record_id, created_at_us) VALUES ($1, $2, $3, $4, $5, "
                           "$6, $7) RETURNING id",
                           {V(clinic_id), V(alert.patient_id), V(alert.kind),
                            V(clinic::AlertSeverityName(alert.severity)), V(alert.record_type),
                            V(alert.record_id), V(alert.created_at)}));
    ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, "alerts"));
    return AlertId(id);
  }
  Result<clinic::Alert> GetAlert(ClinicId clinic_id, AlertId id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(
        auto rows,
        Query(Cat({"SELECT ", kAlertColumns, " FROM alerts WHERE clinic_id = $1 AND id = $2"}),
              {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError("alert", id.value());
    }
    return ReadAlert(rows[0]);
  }
  Result<std::vector<clinic::Alert>> ListAlerts(ClinicId clinic_id,
                                                ports::AlertFilter filter) override {
    RETURN_IF_ERROR(CheckOpen());
    const std::string_view where = filter == ports::AlertFilter::kAll
                                       ? " FROM alerts WHERE clinic_id = $1"
                                       : " FROM alerts WHERE clinic_id = $1 AND "
                                         "acknowledged_at_us IS NULL";
    ASSIGN_OR_RETURN(auto rows,
                     Query(Cat({"SELECT ", kAlertColumns, where, " ORDER BY created_at_us, id"}),
                           {V(clinic_id)}));
    return ReadAll(rows, &ReadAlert);
  }
  Status AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                          clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(clinic::Alert alert, GetAlert(clinic_id, id));
    if (alert.acknowledged_at) {
      return FailedPrecondition("alert " + std::to_string(id.value()) + " is already acknowledged");
    }
    RETURN_IF_ERROR(Require("users", "user", clinic_id, by.value()));
    return Done(
        Execute("UPDATE alerts SET acknowledged_at_us = $3, acknowledged_by = $4 "
                "WHERE clinic_id = $1 AND id = $2",
                {V(clinic_id), V(id), V(at), V(by)}));
  }

  // --- Audit
  Status AppendAuditEvents(ClinicId clinic_id,
                           std::span<const clinic::AuditEvent> events) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    if (events.empty()) {
      return OkStatus();
    }
    ASSIGN_OR_RETURN(
        auto rows, Query("SELECT max(seq) FROM audit_events WHERE clinic_id = $1", {V(clinic_id)}));
    RowReader r(rows.at(0), "audit_events");
    std::int64_t expected = r.OptionalInt("seq").value_or(0) + 1;
    RETURN_IF_ERROR(r.status());
    std::vector<std::int64_t> actors;  // each checked once per call
    for (const clinic::AuditEvent& event : events) {
      RETURN_IF_ERROR(ValidateAuditEvent(event));
      if (event.seq != expected++) {
        return ConflictError("audit_events", "seq");
      }
      if (event.actor &&
          std::find(actors.begin(), actors.end(), event.actor->value()) == actors.end()) {
        RETURN_IF_ERROR(Require("users", "user", clinic_id, event.actor->value()));
        actors.push_back(event.actor->value());
      }
    }
    static const std::string insert =
        Cat({"INSERT INTO audit_events (", kAuditColumns,
             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"});
    for (const clinic::AuditEvent& event : events) {
      RETURN_IF_ERROR(Done(
          Execute(insert, {V(clinic_id), V(event.seq), V(event.at), V(event.actor), V(event.role),
                           V(event.action), V(event.record_type), V(event.record_id),
                           V(event.from_address), V(event.prev_hash), V(event.hash)})));
    }
    return OkStatus();
  }
  Result<std::optional<clinic::AuditEvent>> LastAuditEvent(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kAuditColumns,
                                           " FROM audit_events WHERE clinic_id = $1 "
                                           "ORDER BY seq DESC LIMIT 1"}),
                                      {V(clinic_id)}));
    if (rows.empty()) {
      return std::optional<clinic::AuditEvent>();
    }
    ASSIGN_OR_RETURN(clinic::AuditEvent event, ReadAudit(rows[0]));
    return std::optional<clinic::AuditEvent>(std::move(event));
  }
  Result<std::vector<clinic::AuditEvent>> ListAuditEvents(ClinicId clinic_id,
                                                          std::int64_t after_seq,
                                                          int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    ASSIGN_OR_RETURN(auto rows, Query(Cat({"SELECT ", kAuditColumns,
                                           " FROM audit_events WHERE clinic_id = $1 AND seq > "
                                           "$2 ORDER BY seq LIMIT $3"}),
                                      {V(clinic_id), V(after_seq), V(std::max(limit, 0))}));
    return ReadAll(rows, &ReadAudit);
  }

 private:
  static Result<clinic::Clinic> ReadClinic(const Row& row) {
    RowReader r(row, "clinics");
    clinic::Clinic clinic;
    clinic.id = ClinicId(r.Int("id"));
    clinic.name = r.Text("name");
    clinic.time_zone = r.Text("time_zone");
    RETURN_IF_ERROR(r.status());
    return clinic;
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) {
    return connection_->Query(sql, params);
  }
  Result<std::int64_t> Execute(std::string_view sql, const Params& params) {
    return connection_->Execute(sql, params);
  }
  static Status Done(Result<std::int64_t> changed) {
    if (!changed) {
      return std::move(changed).error();
    }
    return OkStatus();
  }

  // kNotFound "<what> <id> not found" unless `table` has row `id` in the clinic.
  Status Require(std::string_view table, std::string_view what, ClinicId clinic_id,
                 std::int64_t id) {
    ASSIGN_OR_RETURN(auto rows,
                     Query(Cat({"SELECT 1 FROM ", table, " WHERE clinic_id = $1 AND id = $2"}),
                           {V(clinic_id), V(id)}));
    if (rows.empty()) {
      return NotFoundError(what, id);
    }
    return OkStatus();
  }
  Status RequireCourseOf(ClinicId clinic_id, CourseId course_id, PatientId patient_id) {
    ASSIGN_OR_RETURN(auto rows, Query("SELECT 1 FROM courses WHERE clinic_id = $1 AND id = $2 AND "
                                      "patient_id = $3",
                                      {V(clinic_id), V(course_id), V(patient_id)}));
    if (rows.empty()) {
      return NotFoundError("course", course_id.value());
    }
    return OkStatus();
  }
  Status CheckOpen() const {
    if (finished_) {
      return FinishedError();
    }
    return OkStatus();
  }
  Status CheckWrite() const {
    RETURN_IF_ERROR(CheckOpen());
    if (mode_ == TxMode::kRead) {
      return ReadOnlyError();
    }
    return OkStatus();
  }
  Status CheckWriteInClinic(ClinicId clinic_id) {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(auto rows, Query("SELECT 1 FROM clinics WHERE id = $1", {V(clinic_id)}));
    if (rows.empty()) {
      return NotFoundError("clinic", clinic_id.value());
    }
    return OkStatus();
  }

  std::unique_ptr<Connection> connection_;
  TxMode mode_;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ports::Transaction> NewSqlTransaction(std::unique_ptr<Connection> connection,
                                                      TxMode mode) {
  return std::make_unique<SqlTransaction>(std::move(connection), mode);
}

}  // namespace backcare::store::sql
