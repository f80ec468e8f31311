#include "store/memory/memory_store.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

#include "store/common/validation.h"
#include "store/migrations/migrations.h"

namespace backcare::store {
namespace {

using clinic::Timestamp;

struct AdherenceKey {
  std::int64_t clinic_id;
  std::int64_t patient_id;
  std::int64_t days;  // sys_days count
  std::string exercise_id;
  friend auto operator<=>(const AdherenceKey&, const AdherenceKey&) = default;
};

// Everything the store holds. Copied for each read-write transaction.
struct State {
  std::int64_t next_id = 1;  // one id sequence for all tables keeps ids unique and simple
  std::map<std::int64_t, clinic::Clinic> clinics;
  std::map<std::int64_t, clinic::User> users;
  std::map<std::int64_t, clinic::Therapist> therapists;
  std::map<std::int64_t, clinic::Patient> patients;
  std::map<std::int64_t, clinic::Course> courses;
  std::map<std::int64_t, clinic::Session> sessions;
  std::map<std::int64_t, session::SessionNote> notes;
  std::map<std::int64_t, clinic::QuestionnaireResponse> responses;
  std::map<std::int64_t, clinic::ScreeningResult> screenings;
  std::map<std::int64_t, clinic::HomeProgramAssignment> assignments;
  std::map<AdherenceKey, clinic::AdherenceEntry> adherence;
  std::map<std::int64_t, clinic::Alert> alerts;
  std::map<std::int64_t, std::vector<clinic::AuditEvent>> audit;  // by clinic, in seq order
};

// Finds `id` in `table` when it belongs to `clinic_id`.
template <typename T>
T* Find(std::map<std::int64_t, T>& table, ClinicId clinic_id, std::int64_t id) {
  auto it = table.find(id);
  if (it == table.end() || it->second.clinic_id != clinic_id) {
    return nullptr;
  }
  return &it->second;
}

template <typename T, typename Pred>
std::vector<T> Select(const std::map<std::int64_t, T>& table, Pred pred) {
  std::vector<T> out;
  for (const auto& [id, row] : table) {
    if (pred(row)) {
      out.push_back(row);
    }
  }
  return out;
}

Timestamp Micros(Timestamp at) { return clinic::FromUnixMicros(clinic::ToUnixMicros(at)); }

class MemoryStore;

class MemoryTransaction final : public ports::Transaction {
 public:
  // Read-write: holds the writer lock for its lifetime. Read-only: no lock.
  MemoryTransaction(MemoryStore& store, State snapshot, std::unique_lock<std::mutex> writer_lock,
                    bool read_only)
      : store_(store),
        state_(std::move(snapshot)),
        writer_lock_(std::move(writer_lock)),
        read_only_(read_only) {}

  Status Commit() override;

  // --- Clinics
  Result<ClinicId> CreateClinic(const clinic::Clinic& clinic) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(ValidateClinic(clinic));
    clinic::Clinic row = clinic;
    row.id = ClinicId(state_.next_id++);
    state_.clinics[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::Clinic> GetClinic(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    auto it = state_.clinics.find(clinic_id.value());
    if (it == state_.clinics.end()) {
      return NotFoundError("clinic", clinic_id.value());
    }
    return it->second;
  }
  Result<std::vector<clinic::Clinic>> ListClinics() override {
    RETURN_IF_ERROR(CheckOpen());
    return Select(state_.clinics, [](const auto&) { return true; });
  }
  Status UpdateClinic(const clinic::Clinic& clinic) override {
    RETURN_IF_ERROR(CheckWrite());
    RETURN_IF_ERROR(ValidateClinic(clinic));
    auto it = state_.clinics.find(clinic.id.value());
    if (it == state_.clinics.end()) {
      return NotFoundError("clinic", clinic.id.value());
    }
    it->second = clinic;
    return OkStatus();
  }

  // --- Users
  Status CheckUserLinks(ClinicId clinic_id, const clinic::User& user) {
    if (user.therapist_id && !Find(state_.therapists, clinic_id, user.therapist_id->value())) {
      return NotFoundError("therapist", user.therapist_id->value());
    }
    if (user.patient_id && !Find(state_.patients, clinic_id, user.patient_id->value())) {
      return NotFoundError("patient", user.patient_id->value());
    }
    return OkStatus();
  }
  bool EmailTaken(ClinicId clinic_id, const std::string& email, UserId except) {
    for (const auto& [id, user] : state_.users) {
      if (user.clinic_id == clinic_id && user.email == email && user.id != except) {
        return true;
      }
    }
    return false;
  }
  Result<UserId> CreateUser(ClinicId clinic_id, const clinic::User& user) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateUser(user));
    RETURN_IF_ERROR(CheckUserLinks(clinic_id, user));
    if (EmailTaken(clinic_id, user.email, UserId())) {
      return ConflictError("users", "email");
    }
    clinic::User row = user;
    row.id = UserId(state_.next_id++);
    row.clinic_id = clinic_id;
    state_.users[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::User> GetUser(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::User* user = Find(state_.users, clinic_id, user_id.value());
    if (!user) {
      return NotFoundError("user", user_id.value());
    }
    return *user;
  }
  Result<clinic::User> FindUserByEmail(ClinicId clinic_id, std::string_view email) override {
    RETURN_IF_ERROR(CheckOpen());
    for (const auto& [id, user] : state_.users) {
      if (user.clinic_id == clinic_id && user.email == email) {
        return user;
      }
    }
    return NotFound("user not found");
  }
  Result<std::vector<clinic::User>> ListUsers(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return Select(state_.users, [&](const auto& row) { return row.clinic_id == clinic_id; });
  }
  Status UpdateUser(ClinicId clinic_id, const clinic::User& user) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::User* row = Find(state_.users, clinic_id, user.id.value());
    if (!row) {
      return NotFoundError("user", user.id.value());
    }
    RETURN_IF_ERROR(ValidateUser(user));
    RETURN_IF_ERROR(CheckUserLinks(clinic_id, user));
    if (EmailTaken(clinic_id, user.email, user.id)) {
      return ConflictError("users", "email");
    }
    *row = user;
    row->clinic_id = clinic_id;
    return OkStatus();
  }

  // --- Therapists
  Result<TherapistId> CreateTherapist(ClinicId clinic_id,
                                      const clinic::Therapist& therapist) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateTherapist(therapist));
    clinic::Therapist row = therapist;
    row.id = TherapistId(state_.next_id++);
    row.clinic_id = clinic_id;
    state_.therapists[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::Therapist> GetTherapist(ClinicId clinic_id, TherapistId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::Therapist* row = Find(state_.therapists, clinic_id, id.value());
    if (!row) {
      return NotFoundError("therapist", id.value());
    }
    return *row;
  }
  Result<std::vector<clinic::Therapist>> ListTherapists(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return Select(state_.therapists, [&](const auto& row) { return row.clinic_id == clinic_id; });
  }
  Status UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::Therapist* row = Find(state_.therapists, clinic_id, therapist.id.value());
    if (!row) {
      return NotFoundError("therapist", therapist.id.value());
    }
    RETURN_IF_ERROR(ValidateTherapist(therapist));
    *row = therapist;
    row->clinic_id = clinic_id;
    return OkStatus();
  }

  // --- Patients
  Result<PatientId> CreatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidatePatient(patient));
    clinic::Patient row = patient;
    row.id = PatientId(state_.next_id++);
    row.clinic_id = clinic_id;
    row.deletion.reset();
    state_.patients[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::Patient> GetPatient(ClinicId clinic_id, PatientId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::Patient* row = Find(state_.patients, clinic_id, id.value());
    if (!row) {
      return NotFoundError("patient", id.value());
    }
    return *row;
  }
  Result<std::vector<clinic::Patient>> ListPatients(ClinicId clinic_id,
                                                    ports::PatientFilter filter) override {
    RETURN_IF_ERROR(CheckOpen());
    return Select(state_.patients, [&](const auto& row) {
      return row.clinic_id == clinic_id &&
             (filter == ports::PatientFilter::kIncludeDeleted || !row.deletion);
    });
  }
  Status UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::Patient* row = Find(state_.patients, clinic_id, patient.id.value());
    if (!row) {
      return NotFoundError("patient", patient.id.value());
    }
    if (row->deletion) {
      return FailedPrecondition("patient " + std::to_string(patient.id.value()) + " is deleted");
    }
    RETURN_IF_ERROR(ValidatePatient(patient));
    *row = patient;
    row->clinic_id = clinic_id;
    row->deletion.reset();
    return OkStatus();
  }
  Status SoftDeletePatient(ClinicId clinic_id, PatientId id,
                           const clinic::RetentionRecord& retention) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::Patient* row = Find(state_.patients, clinic_id, id.value());
    if (!row) {
      return NotFoundError("patient", id.value());
    }
    if (row->deletion) {
      return FailedPrecondition("patient " + std::to_string(id.value()) + " is deleted");
    }
    RETURN_IF_ERROR(ValidateRetention(retention));
    clinic::RetentionRecord stored = retention;
    stored.deleted_at = Micros(stored.deleted_at);
    row->deletion = stored;
    return OkStatus();
  }

  // --- Courses
  Result<CourseId> CreateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateCourse(course));
    if (!Find(state_.patients, clinic_id, course.patient_id.value())) {
      return NotFoundError("patient", course.patient_id.value());
    }
    if (course.therapist_id && !Find(state_.therapists, clinic_id, course.therapist_id->value())) {
      return NotFoundError("therapist", course.therapist_id->value());
    }
    clinic::Course row = course;
    row.id = CourseId(state_.next_id++);
    row.clinic_id = clinic_id;
    state_.courses[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::Course> GetCourse(ClinicId clinic_id, CourseId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::Course* row = Find(state_.courses, clinic_id, id.value());
    if (!row) {
      return NotFoundError("course", id.value());
    }
    return *row;
  }
  Result<std::vector<clinic::Course>> ListCourses(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return Select(state_.courses, [&](const auto& row) { return row.clinic_id == clinic_id; });
  }
  Result<std::vector<clinic::Course>> ListCoursesForPatient(ClinicId clinic_id,
                                                            PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return Select(state_.courses, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.patient_id == patient_id;
    });
  }
  Status UpdateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::Course* row = Find(state_.courses, clinic_id, course.id.value());
    if (!row) {
      return NotFoundError("course", course.id.value());
    }
    if (row->patient_id != course.patient_id || row->protocol_id != course.protocol_id ||
        row->protocol_version != course.protocol_version || row->start_date != course.start_date) {
      return FailedPrecondition("course " + std::to_string(course.id.value()) +
                                ": patient_id, protocol_id, protocol_version and start_date are "
                                "pinned");
    }
    if (course.therapist_id && !Find(state_.therapists, clinic_id, course.therapist_id->value())) {
      return NotFoundError("therapist", course.therapist_id->value());
    }
    row->therapist_id = course.therapist_id;
    row->status = course.status;
    return OkStatus();
  }

  // --- Sessions
  Result<SessionId> CreateSession(ClinicId clinic_id, const clinic::Session& session) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateSession(session));
    const clinic::Course* course = Find(state_.courses, clinic_id, session.course_id.value());
    if (!course) {
      return NotFoundError("course", session.course_id.value());
    }
    if (!Find(state_.therapists, clinic_id, session.therapist_id.value())) {
      return NotFoundError("therapist", session.therapist_id.value());
    }
    clinic::Session row = session;
    row.id = SessionId(state_.next_id++);
    row.clinic_id = clinic_id;
    row.patient_id = course->patient_id;
    row.start = Micros(row.start);
    row.end = Micros(row.end);
    row.sequence = 0;
    state_.sessions[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::Session> GetSession(ClinicId clinic_id, SessionId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::Session* row = Find(state_.sessions, clinic_id, id.value());
    if (!row) {
      return NotFoundError("session", id.value());
    }
    return *row;
  }
  Status UpdateSession(ClinicId clinic_id, const clinic::Session& session) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::Session* row = Find(state_.sessions, clinic_id, session.id.value());
    if (!row) {
      return NotFoundError("session", session.id.value());
    }
    if (row->course_id != session.course_id) {
      return FailedPrecondition("session " + std::to_string(session.id.value()) +
                                ": course_id cannot change");
    }
    RETURN_IF_ERROR(ValidateSession(session));
    if (!Find(state_.therapists, clinic_id, session.therapist_id.value())) {
      return NotFoundError("therapist", session.therapist_id.value());
    }
    row->therapist_id = session.therapist_id;
    row->start = Micros(session.start);
    row->end = Micros(session.end);
    row->status = session.status;
    row->phase_id = session.phase_id;
    row->sequence += 1;
    return OkStatus();
  }
  static std::vector<clinic::Session> SortSessions(std::vector<clinic::Session> sessions) {
    std::stable_sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
      return std::tie(a.start, a.id) < std::tie(b.start, b.id);
    });
    return sessions;
  }
  Result<std::vector<clinic::Session>> ListSessionsForCourse(ClinicId clinic_id,
                                                             CourseId course_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return SortSessions(Select(state_.sessions, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.course_id == course_id;
    }));
  }
  Result<std::vector<clinic::Session>> ListSessionsForPatient(ClinicId clinic_id,
                                                              PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return SortSessions(Select(state_.sessions, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.patient_id == patient_id;
    }));
  }
  Result<std::vector<clinic::Session>> ListSessionsForTherapist(ClinicId clinic_id,
                                                                TherapistId therapist_id,
                                                                ports::TimeRange range) override {
    RETURN_IF_ERROR(CheckOpen());
    range = {Micros(range.from), Micros(range.to)};
    return SortSessions(Select(state_.sessions, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.therapist_id == therapist_id &&
             range.from <= row.start && row.start < range.to;
    }));
  }
  Result<std::vector<clinic::Session>> ListSessionsInRange(ClinicId clinic_id,
                                                           ports::TimeRange range) override {
    RETURN_IF_ERROR(CheckOpen());
    range = {Micros(range.from), Micros(range.to)};
    return SortSessions(Select(state_.sessions, [&](const auto& row) {
      return row.clinic_id == clinic_id && range.from <= row.start && row.start < range.to;
    }));
  }

  // --- Session notes
  Result<NoteId> CreateNote(ClinicId clinic_id, const session::SessionNote& note) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(session::ValidateSessionNote(note));
    if (!Find(state_.sessions, clinic_id, note.session_id.value())) {
      return NotFoundError("session", note.session_id.value());
    }
    if (!Find(state_.users, clinic_id, note.author_id.value())) {
      return NotFoundError("user", note.author_id.value());
    }
    for (const auto& [id, existing] : state_.notes) {
      if (existing.session_id == note.session_id) {
        return ConflictError("session_notes", "session_id");
      }
    }
    session::SessionNote row = note;
    row.id = NoteId(state_.next_id++);
    row.clinic_id = clinic_id;
    row.status = session::NoteStatus::kDraft;
    row.signed_by.reset();
    row.signed_at.reset();
    row.addenda.clear();
    row.created_at = Micros(row.created_at);
    row.updated_at = Micros(row.updated_at);
    state_.notes[row.id.value()] = row;
    return row.id;
  }
  Result<session::SessionNote> GetNote(ClinicId clinic_id, NoteId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const session::SessionNote* row = Find(state_.notes, clinic_id, id.value());
    if (!row) {
      return NotFoundError("session note", id.value());
    }
    return *row;
  }
  Result<session::SessionNote> FindNoteForSession(ClinicId clinic_id,
                                                  SessionId session_id) override {
    RETURN_IF_ERROR(CheckOpen());
    for (const auto& [id, note] : state_.notes) {
      if (note.clinic_id == clinic_id && note.session_id == session_id) {
        return note;
      }
    }
    return NotFound("session note not found");
  }
  Result<std::vector<session::SessionNote>> ListNotesForPatient(ClinicId clinic_id,
                                                                PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    std::vector<std::pair<std::tuple<Timestamp, std::int64_t>, session::SessionNote>> keyed;
    for (const auto& [id, note] : state_.notes) {
      const clinic::Session* session = Find(state_.sessions, clinic_id, note.session_id.value());
      if (note.clinic_id == clinic_id && session && session->patient_id == patient_id) {
        keyed.push_back({{session->start, id}, note});
      }
    }
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<session::SessionNote> out;
    for (auto& [key, note] : keyed) {
      out.push_back(std::move(note));
    }
    return out;
  }
  Result<session::SessionNote*> FindDraft(ClinicId clinic_id, NoteId id) {
    session::SessionNote* row = Find(state_.notes, clinic_id, id.value());
    if (!row) {
      return NotFoundError("session note", id.value());
    }
    if (row->status == session::NoteStatus::kSigned) {
      return FailedPrecondition("session note " + std::to_string(id.value()) + " is signed");
    }
    return row;
  }
  Status UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(session::SessionNote * row, FindDraft(clinic_id, note.id));
    RETURN_IF_ERROR(session::ValidateSessionNote(note));
    row->soap = note.soap;
    row->techniques = note.techniques;
    row->nprs_before = note.nprs_before;
    row->nprs_after = note.nprs_after;
    row->adverse_events = note.adverse_events;
    row->updated_at = Micros(note.updated_at);
    return OkStatus();
  }
  Status SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                  clinic::Timestamp signed_at) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(session::SessionNote * row, FindDraft(clinic_id, id));
    if (!Find(state_.users, clinic_id, signer.value())) {
      return NotFoundError("user", signer.value());
    }
    row->status = session::NoteStatus::kSigned;
    row->signed_by = signer;
    row->signed_at = Micros(signed_at);
    return OkStatus();
  }
  Status AddAddendum(ClinicId clinic_id, NoteId id, const session::Addendum& addendum) override {
    RETURN_IF_ERROR(CheckWrite());
    session::SessionNote* row = Find(state_.notes, clinic_id, id.value());
    if (!row) {
      return NotFoundError("session note", id.value());
    }
    if (row->status != session::NoteStatus::kSigned) {
      return FailedPrecondition("session note " + std::to_string(id.value()) + " is a draft");
    }
    RETURN_IF_ERROR(ValidateAddendum(addendum));
    if (!Find(state_.users, clinic_id, addendum.author_id.value())) {
      return NotFoundError("user", addendum.author_id.value());
    }
    session::Addendum stored = addendum;
    stored.at = Micros(stored.at);
    row->addenda.push_back(stored);
    return OkStatus();
  }
  Status DeleteDraftNote(ClinicId clinic_id, NoteId id) override {
    RETURN_IF_ERROR(CheckWrite());
    ASSIGN_OR_RETURN(session::SessionNote * row, FindDraft(clinic_id, id));
    state_.notes.erase(row->id.value());
    return OkStatus();
  }

  // --- Responses
  Status CheckResponseRefs(ClinicId clinic_id, const clinic::QuestionnaireResponse& response) {
    RETURN_IF_ERROR(ValidateResponse(response));
    if (!Find(state_.patients, clinic_id, response.patient_id.value())) {
      return NotFoundError("patient", response.patient_id.value());
    }
    if (response.course_id) {
      const clinic::Course* course = Find(state_.courses, clinic_id, response.course_id->value());
      if (!course || course->patient_id != response.patient_id) {
        return NotFoundError("course", response.course_id->value());
      }
    }
    return OkStatus();
  }
  Result<ResponseId> AddResponse(ClinicId clinic_id,
                                 const clinic::QuestionnaireResponse& response) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(CheckResponseRefs(clinic_id, response));
    clinic::QuestionnaireResponse row = response;
    row.id = ResponseId(state_.next_id++);
    row.clinic_id = clinic_id;
    row.taken_at = Micros(row.taken_at);
    state_.responses[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::QuestionnaireResponse> GetResponse(ClinicId clinic_id, ResponseId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::QuestionnaireResponse* row = Find(state_.responses, clinic_id, id.value());
    if (!row) {
      return NotFoundError("response", id.value());
    }
    return *row;
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(ClinicId clinic_id,
                                                                   PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    auto rows = Select(state_.responses, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.patient_id == patient_id;
    });
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::tie(a.taken_at, a.id) < std::tie(b.taken_at, b.id);
    });
    return rows;
  }
  Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
      ClinicId clinic_id, PatientId patient_id, std::string_view instrument_id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::QuestionnaireResponse* latest = nullptr;
    for (const auto& [id, row] : state_.responses) {
      if (row.clinic_id == clinic_id && row.patient_id == patient_id &&
          row.instrument_id == instrument_id && row.score &&
          (latest == nullptr ||
           std::tie(latest->taken_at, latest->id) < std::tie(row.taken_at, row.id))) {
        latest = &row;
      }
    }
    if (latest == nullptr) {
      return std::optional<clinic::QuestionnaireResponse>();
    }
    return std::optional<clinic::QuestionnaireResponse>(*latest);
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(ClinicId clinic_id,
                                                                         ResponseId after,
                                                                         int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    std::vector<clinic::QuestionnaireResponse> out;
    for (auto it = state_.responses.upper_bound(after.value());
         it != state_.responses.end() && static_cast<int>(out.size()) < limit; ++it) {
      if (it->second.clinic_id == clinic_id) {
        out.push_back(it->second);
      }
    }
    return out;
  }
  Result<std::int64_t> BulkAddResponses(
      ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateResponses(responses));
    const ResponseReferences references = FirstResponseReferences(responses);
    for (std::size_t row : references.patient_rows) {
      const std::int64_t patient = responses[row].patient_id.value();
      if (!Find(state_.patients, clinic_id, patient)) {
        return BulkNotFoundError(row, "patient_id", "patient", patient);
      }
    }
    for (std::size_t row : references.course_rows) {
      const clinic::QuestionnaireResponse& response = responses[row];
      const clinic::Course* course = Find(state_.courses, clinic_id, response.course_id->value());
      if (!course || course->patient_id != response.patient_id) {
        return BulkNotFoundError(row, "course_id", "course", response.course_id->value());
      }
    }
    for (const auto& response : responses) {
      clinic::QuestionnaireResponse row = response;
      row.id = ResponseId(state_.next_id++);
      row.clinic_id = clinic_id;
      row.taken_at = Micros(row.taken_at);
      state_.responses[row.id.value()] = std::move(row);
    }
    return static_cast<std::int64_t>(responses.size());
  }

  // --- Screening
  Result<clinic::ScreeningId> AddScreeningResult(ClinicId clinic_id,
                                                 const clinic::ScreeningResult& result) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateScreeningResult(result));
    if (!Find(state_.patients, clinic_id, result.patient_id.value())) {
      return NotFoundError("patient", result.patient_id.value());
    }
    if (!Find(state_.users, clinic_id, result.screened_by.value())) {
      return NotFoundError("user", result.screened_by.value());
    }
    clinic::ScreeningResult row = result;
    row.id = clinic::ScreeningId(state_.next_id++);
    row.clinic_id = clinic_id;
    row.screened_at = Micros(row.screened_at);
    state_.screenings[row.id.value()] = row;
    return row.id;
  }
  Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(ClinicId clinic_id,
                                                                    PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    auto rows = Select(state_.screenings, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.patient_id == patient_id;
    });
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::tie(a.screened_at, a.id) < std::tie(b.screened_at, b.id);
    });
    return rows;
  }

  // --- Home program
  Result<clinic::AssignmentId> AddHomeProgramAssignment(
      ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateAssignment(assignment));
    if (!Find(state_.patients, clinic_id, assignment.patient_id.value())) {
      return NotFoundError("patient", assignment.patient_id.value());
    }
    const clinic::Course* course = Find(state_.courses, clinic_id, assignment.course_id.value());
    if (!course || course->patient_id != assignment.patient_id) {
      return NotFoundError("course", assignment.course_id.value());
    }
    clinic::HomeProgramAssignment row = assignment;
    row.id = clinic::AssignmentId(state_.next_id++);
    row.clinic_id = clinic_id;
    state_.assignments[row.id.value()] = row;
    return row.id;
  }
  Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
      ClinicId clinic_id, PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    auto rows = Select(state_.assignments, [&](const auto& row) {
      return row.clinic_id == clinic_id && row.patient_id == patient_id;
    });
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::chrono::sys_days(a.start_date) < std::chrono::sys_days(b.start_date);
    });
    return rows;
  }
  Status RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateAdherence(entry));
    if (!Find(state_.patients, clinic_id, entry.patient_id.value())) {
      return NotFoundError("patient", entry.patient_id.value());
    }
    clinic::AdherenceEntry row = entry;
    row.clinic_id = clinic_id;
    AdherenceKey key{clinic_id.value(), entry.patient_id.value(),
                     std::chrono::sys_days(entry.date).time_since_epoch().count(),
                     entry.exercise_id};
    state_.adherence[key] = row;
    return OkStatus();
  }
  Result<std::vector<clinic::AdherenceEntry>> ListAdherence(ClinicId clinic_id,
                                                            PatientId patient_id, clinic::Date from,
                                                            clinic::Date to) override {
    RETURN_IF_ERROR(CheckOpen());
    std::vector<clinic::AdherenceEntry> out;
    const std::int64_t from_days = std::chrono::sys_days(from).time_since_epoch().count();
    const std::int64_t to_days = std::chrono::sys_days(to).time_since_epoch().count();
    for (const auto& [key, entry] : state_.adherence) {
      if (key.clinic_id == clinic_id.value() && key.patient_id == patient_id.value() &&
          key.days >= from_days && key.days <= to_days) {
        out.push_back(entry);
      }
    }
    return out;  // the key orders by date, then exercise_id
  }

  // --- Alerts
  Result<AlertId> AddAlert(ClinicId clinic_id, const clinic::Alert& alert) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    RETURN_IF_ERROR(ValidateAlert(alert));
    if (alert.patient_id && !Find(state_.patients, clinic_id, alert.patient_id->value())) {
      return NotFoundError("patient", alert.patient_id->value());
    }
    clinic::Alert row = alert;
    row.id = AlertId(state_.next_id++);
    row.clinic_id = clinic_id;
    row.created_at = Micros(row.created_at);
    row.acknowledged_at.reset();
    row.acknowledged_by.reset();
    state_.alerts[row.id.value()] = row;
    return row.id;
  }
  Result<clinic::Alert> GetAlert(ClinicId clinic_id, AlertId id) override {
    RETURN_IF_ERROR(CheckOpen());
    const clinic::Alert* row = Find(state_.alerts, clinic_id, id.value());
    if (!row) {
      return NotFoundError("alert", id.value());
    }
    return *row;
  }
  Result<std::vector<clinic::Alert>> ListAlerts(ClinicId clinic_id,
                                                ports::AlertFilter filter) override {
    RETURN_IF_ERROR(CheckOpen());
    auto rows = Select(state_.alerts, [&](const auto& row) {
      return row.clinic_id == clinic_id &&
             (filter == ports::AlertFilter::kAll || !row.acknowledged_at);
    });
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
    });
    return rows;
  }
  Status AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                          clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    clinic::Alert* row = Find(state_.alerts, clinic_id, id.value());
    if (!row) {
      return NotFoundError("alert", id.value());
    }
    if (row->acknowledged_at) {
      return FailedPrecondition("alert " + std::to_string(id.value()) + " is already acknowledged");
    }
    if (!Find(state_.users, clinic_id, by.value())) {
      return NotFoundError("user", by.value());
    }
    row->acknowledged_at = Micros(at);
    row->acknowledged_by = by;
    return OkStatus();
  }

  // --- Audit
  Status AppendAuditEvents(ClinicId clinic_id,
                           std::span<const clinic::AuditEvent> events) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    std::vector<clinic::AuditEvent>& chain = state_.audit[clinic_id.value()];
    std::int64_t expected = chain.empty() ? 1 : chain.back().seq + 1;
    for (const clinic::AuditEvent& event : events) {
      RETURN_IF_ERROR(ValidateAuditEvent(event));
      if (event.seq != expected++) {
        return ConflictError("audit_events", "seq");
      }
      if (event.actor && !Find(state_.users, clinic_id, event.actor->value())) {
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
  Result<std::optional<clinic::AuditEvent>> LastAuditEvent(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    auto it = state_.audit.find(clinic_id.value());
    if (it == state_.audit.end() || it->second.empty()) {
      return std::optional<clinic::AuditEvent>();
    }
    return std::optional<clinic::AuditEvent>(it->second.back());
  }
  Result<std::vector<clinic::AuditEvent>> ListAuditEvents(ClinicId clinic_id,
                                                          std::int64_t after_seq,
                                                          int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    std::vector<clinic::AuditEvent> out;
    auto it = state_.audit.find(clinic_id.value());
    if (it == state_.audit.end()) {
      return out;
    }
    for (const auto& event : it->second) {
      if (event.seq > after_seq && static_cast<int>(out.size()) < limit) {
        out.push_back(event);
      }
    }
    return out;
  }

 private:
  Status CheckOpen() const {
    if (finished_) {
      return FinishedError();
    }
    return OkStatus();
  }
  Status CheckWrite() const {
    RETURN_IF_ERROR(CheckOpen());
    if (read_only_) {
      return ReadOnlyError();
    }
    return OkStatus();
  }
  Status CheckWriteInClinic(ClinicId clinic_id) const {
    RETURN_IF_ERROR(CheckWrite());
    if (state_.clinics.find(clinic_id.value()) == state_.clinics.end()) {
      return NotFoundError("clinic", clinic_id.value());
    }
    return OkStatus();
  }

  MemoryStore& store_;
  State state_;
  std::unique_lock<std::mutex> writer_lock_;
  bool read_only_;
  bool finished_ = false;
};

class MemoryStore final : public Database {
 public:
  Result<std::unique_ptr<ports::Transaction>> Begin() override {
    std::unique_lock writer(writer_mutex_);
    return std::unique_ptr<ports::Transaction>(
        new MemoryTransaction(*this, Snapshot(), std::move(writer), /*read_only=*/false));
  }
  Result<std::unique_ptr<ports::Transaction>> BeginReadOnly() override {
    return std::unique_ptr<ports::Transaction>(
        new MemoryTransaction(*this, Snapshot(), {}, /*read_only=*/true));
  }
  std::string_view BackendName() const override { return "memory"; }
  Result<int> SchemaVersion() override { return kLatestSchemaVersion; }
  int LatestSchemaVersion() const override { return kLatestSchemaVersion; }
  Result<std::vector<int>> Migrate() override { return std::vector<int>(); }
  Status WriteBackup(const std::string&, const BackupOptions&) override {
    return FailedPrecondition("the memory store cannot write backups");
  }
  Status RestoreBackup(const std::string&, const BackupOptions&) override {
    return FailedPrecondition("the memory store cannot restore backups");
  }

  void Publish(State state) {
    std::lock_guard lock(state_mutex_);
    state_ = std::move(state);
  }

 private:
  State Snapshot() {
    std::lock_guard lock(state_mutex_);
    return state_;
  }

  std::mutex writer_mutex_;  // held by the one open read-write transaction
  std::mutex state_mutex_;   // guards state_
  State state_;
};

Status MemoryTransaction::Commit() {
  RETURN_IF_ERROR(CheckOpen());
  finished_ = true;
  if (!read_only_) {
    store_.Publish(std::move(state_));
    writer_lock_.unlock();
  }
  return OkStatus();
}

}  // namespace

std::unique_ptr<Database> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace backcare::store
