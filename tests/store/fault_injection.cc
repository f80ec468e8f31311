#include "tests/store/fault_injection.h"

#include <optional>
#include <string>

namespace backcare::store::testing {

class FaultInjectingTransaction final : public ports::Transaction {
 public:
  FaultInjectingTransaction(FaultInjectingStore& store, std::unique_ptr<ports::Transaction> inner)
      : store_(store), inner_(std::move(inner)) {}

  Status Commit() override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->Commit();
  }

  Result<ClinicId> CreateClinic(const clinic::Clinic& clinic) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreateClinic(clinic);
  }
  Result<clinic::Clinic> GetClinic(ClinicId clinic_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetClinic(clinic_id);
  }
  Result<std::vector<clinic::Clinic>> ListClinics() override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListClinics();
  }
  Status UpdateClinic(const clinic::Clinic& clinic) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdateClinic(clinic);
  }
  Result<UserId> CreateUser(ClinicId clinic_id, const clinic::User& user) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreateUser(clinic_id, user);
  }
  Result<clinic::User> GetUser(ClinicId clinic_id, UserId user_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetUser(clinic_id, user_id);
  }
  Result<clinic::User> FindUserByEmail(ClinicId clinic_id, std::string_view email) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->FindUserByEmail(clinic_id, email);
  }
  Result<std::vector<clinic::User>> ListUsers(ClinicId clinic_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListUsers(clinic_id);
  }
  Status UpdateUser(ClinicId clinic_id, const clinic::User& user) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdateUser(clinic_id, user);
  }
  Result<TherapistId> CreateTherapist(ClinicId clinic_id,
                                      const clinic::Therapist& therapist) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreateTherapist(clinic_id, therapist);
  }
  Result<clinic::Therapist> GetTherapist(ClinicId clinic_id, TherapistId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetTherapist(clinic_id, id);
  }
  Result<std::vector<clinic::Therapist>> ListTherapists(ClinicId clinic_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListTherapists(clinic_id);
  }
  Status UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdateTherapist(clinic_id, therapist);
  }
  Result<PatientId> CreatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreatePatient(clinic_id, patient);
  }
  Result<clinic::Patient> GetPatient(ClinicId clinic_id, PatientId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetPatient(clinic_id, id);
  }
  Result<std::vector<clinic::Patient>> ListPatients(ClinicId clinic_id,
                                                    ports::PatientFilter filter) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListPatients(clinic_id, filter);
  }
  Status UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdatePatient(clinic_id, patient);
  }
  Status SoftDeletePatient(ClinicId clinic_id, PatientId id,
                           const clinic::RetentionRecord& retention) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->SoftDeletePatient(clinic_id, id, retention);
  }
  Result<CourseId> CreateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreateCourse(clinic_id, course);
  }
  Result<clinic::Course> GetCourse(ClinicId clinic_id, CourseId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetCourse(clinic_id, id);
  }
  Result<std::vector<clinic::Course>> ListCourses(ClinicId clinic_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListCourses(clinic_id);
  }
  Result<std::vector<clinic::Course>> ListCoursesForPatient(ClinicId clinic_id,
                                                            PatientId patient_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListCoursesForPatient(clinic_id, patient_id);
  }
  Status UpdateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdateCourse(clinic_id, course);
  }
  Result<SessionId> CreateSession(ClinicId clinic_id, const clinic::Session& session) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreateSession(clinic_id, session);
  }
  Result<clinic::Session> GetSession(ClinicId clinic_id, SessionId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetSession(clinic_id, id);
  }
  Status UpdateSession(ClinicId clinic_id, const clinic::Session& session) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdateSession(clinic_id, session);
  }
  Result<std::vector<clinic::Session>> ListSessionsForCourse(ClinicId clinic_id,
                                                             CourseId course_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListSessionsForCourse(clinic_id, course_id);
  }
  Result<std::vector<clinic::Session>> ListSessionsForPatient(ClinicId clinic_id,
                                                              PatientId patient_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListSessionsForPatient(clinic_id, patient_id);
  }
  Result<std::vector<clinic::Session>> ListSessionsForTherapist(ClinicId clinic_id,
                                                                TherapistId therapist_id,
                                                                ports::TimeRange range) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListSessionsForTherapist(clinic_id, therapist_id, range);
  }
  Result<std::vector<clinic::Session>> ListSessionsInRange(ClinicId clinic_id,
                                                           ports::TimeRange range) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListSessionsInRange(clinic_id, range);
  }
  Result<NoteId> CreateNote(ClinicId clinic_id, const session::SessionNote& note) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->CreateNote(clinic_id, note);
  }
  Result<session::SessionNote> GetNote(ClinicId clinic_id, NoteId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetNote(clinic_id, id);
  }
  Result<session::SessionNote> FindNoteForSession(ClinicId clinic_id,
                                                  SessionId session_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->FindNoteForSession(clinic_id, session_id);
  }
  Result<std::vector<session::SessionNote>> ListNotesForPatient(ClinicId clinic_id,
                                                                PatientId patient_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListNotesForPatient(clinic_id, patient_id);
  }
  Status UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->UpdateDraftNote(clinic_id, note);
  }
  Status SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                  clinic::Timestamp signed_at) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->SignNote(clinic_id, id, signer, signed_at);
  }
  Status AddAddendum(ClinicId clinic_id, NoteId id, const session::Addendum& addendum) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AddAddendum(clinic_id, id, addendum);
  }
  Status DeleteDraftNote(ClinicId clinic_id, NoteId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->DeleteDraftNote(clinic_id, id);
  }
  Result<ResponseId> AddResponse(ClinicId clinic_id,
                                 const clinic::QuestionnaireResponse& response) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AddResponse(clinic_id, response);
  }
  Result<clinic::QuestionnaireResponse> GetResponse(ClinicId clinic_id, ResponseId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetResponse(clinic_id, id);
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(ClinicId clinic_id,
                                                                   PatientId patient_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListResponses(clinic_id, patient_id);
  }
  Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
      ClinicId clinic_id, PatientId patient_id, std::string_view instrument_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->LatestScoredResponse(clinic_id, patient_id, instrument_id);
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(ClinicId clinic_id,
                                                                         ResponseId after,
                                                                         int limit) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListClinicResponses(clinic_id, after, limit);
  }
  Result<std::int64_t> BulkAddResponses(
      ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->BulkAddResponses(clinic_id, responses);
  }
  Result<clinic::ScreeningId> AddScreeningResult(ClinicId clinic_id,
                                                 const clinic::ScreeningResult& result) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AddScreeningResult(clinic_id, result);
  }
  Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(ClinicId clinic_id,
                                                                    PatientId patient_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListScreeningResults(clinic_id, patient_id);
  }
  Result<clinic::AssignmentId> AddHomeProgramAssignment(
      ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AddHomeProgramAssignment(clinic_id, assignment);
  }
  Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
      ClinicId clinic_id, PatientId patient_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListHomeProgramAssignments(clinic_id, patient_id);
  }
  Status RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->RecordAdherence(clinic_id, entry);
  }
  Result<std::vector<clinic::AdherenceEntry>> ListAdherence(ClinicId clinic_id,
                                                            PatientId patient_id, clinic::Date from,
                                                            clinic::Date to) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListAdherence(clinic_id, patient_id, from, to);
  }
  Result<AlertId> AddAlert(ClinicId clinic_id, const clinic::Alert& alert) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AddAlert(clinic_id, alert);
  }
  Result<clinic::Alert> GetAlert(ClinicId clinic_id, AlertId id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->GetAlert(clinic_id, id);
  }
  Result<std::vector<clinic::Alert>> ListAlerts(ClinicId clinic_id,
                                                ports::AlertFilter filter) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListAlerts(clinic_id, filter);
  }
  Status AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                          clinic::Timestamp at) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AcknowledgeAlert(clinic_id, id, by, at);
  }
  Status AppendAuditEvents(ClinicId clinic_id,
                           std::span<const clinic::AuditEvent> events) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->AppendAuditEvents(clinic_id, events);
  }
  Result<std::optional<clinic::AuditEvent>> LastAuditEvent(ClinicId clinic_id) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->LastAuditEvent(clinic_id);
  }
  Result<std::vector<clinic::AuditEvent>> ListAuditEvents(ClinicId clinic_id,
                                                          std::int64_t after_seq,
                                                          int limit) override {
    if (auto fault = Tick()) {
      return *fault;
    }
    return inner_->ListAuditEvents(clinic_id, after_seq, limit);
  }

 private:
  std::optional<Error> Tick() {
    ++store_.calls_;
    if (store_.calls_ == store_.fail_at_) {
      return Unavailable("injected fault at call " + std::to_string(store_.calls_));
    }
    return std::nullopt;
  }

  FaultInjectingStore& store_;
  std::unique_ptr<ports::Transaction> inner_;
};

Result<std::unique_ptr<ports::Transaction>> FaultInjectingStore::Begin() {
  ASSIGN_OR_RETURN(auto inner, inner_.Begin());
  return std::unique_ptr<ports::Transaction>(
      new FaultInjectingTransaction(*this, std::move(inner)));
}

Result<std::unique_ptr<ports::Transaction>> FaultInjectingStore::BeginReadOnly() {
  ASSIGN_OR_RETURN(auto inner, inner_.BeginReadOnly());
  return std::unique_ptr<ports::Transaction>(
      new FaultInjectingTransaction(*this, std::move(inner)));
}

}  // namespace backcare::store::testing
