#include "store/sql/sql_transaction.h"

#include <utility>

#include "store/common/validation.h"
#include "store/sql/alerts.h"
#include "store/sql/audit.h"
#include "store/sql/clinics.h"
#include "store/sql/closures.h"
#include "store/sql/courses.h"
#include "store/sql/mapping.h"
#include "store/sql/notes.h"
#include "store/sql/outbox.h"
#include "store/sql/patients.h"
#include "store/sql/protocols.h"
#include "store/sql/push.h"
#include "store/sql/reminders.h"
#include "store/sql/responses.h"
#include "store/sql/sessions.h"
#include "store/sql/web_sessions.h"

namespace backcare::store::sql {
namespace {

// Checks the transaction's state and mode, then runs the method's SQL (clinics.cc, patients.cc,
// ... beside this file) on its connection.
class SqlTransaction final : public ports::Transaction {
 public:
  SqlTransaction(std::unique_ptr<Connection> connection, TxMode mode, SqlDialect dialect,
                 const ports::Clock& clock)
      : connection_(std::move(connection)),
        clock_(clock),
        checks_(mode == TxMode::kRead ? TransactionChecks::Access::kReadOnly
                                      : TransactionChecks::Access::kReadWrite),
        dialect_(dialect),
        lock_audit_chain_(mode == TxMode::kWrite && dialect == SqlDialect::kPostgres) {}
  ~SqlTransaction() override {
    if (!checks_.finished()) {
      connection_->Rollback();
    }
  }

  Status Commit() override {
    RETURN_IF_ERROR(CheckOpen());
    checks_.Finish();
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
    return sql::CreateClinic(db(), clinic, WriteTime());
  }
  Result<clinic::Clinic> GetClinic(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetClinic(db(), clinic_id);
  }
  Result<std::vector<clinic::Clinic>> ListClinics() override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListClinics(db());
  }
  Status UpdateClinic(const clinic::Clinic& clinic) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdateClinic(db(), clinic, WriteTime());
  }

  // --- Users
  Result<UserId> CreateUser(ClinicId clinic_id, const clinic::User& user) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::CreateUser(db(), clinic_id, user);
  }
  Result<clinic::User> GetUser(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetUser(db(), clinic_id, user_id);
  }
  Result<clinic::User> FindUserByEmail(ClinicId clinic_id, std::string_view email) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::FindUserByEmail(db(), clinic_id, email);
  }
  Result<std::vector<clinic::User>> ListUsers(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListUsers(db(), clinic_id);
  }
  Status UpdateUser(ClinicId clinic_id, const clinic::User& user) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdateUser(db(), clinic_id, user);
  }

  // --- Therapists
  Result<TherapistId> CreateTherapist(ClinicId clinic_id,
                                      const clinic::Therapist& therapist) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::CreateTherapist(db(), clinic_id, therapist, WriteTime());
  }
  Result<clinic::Therapist> GetTherapist(ClinicId clinic_id, TherapistId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetTherapist(db(), clinic_id, id);
  }
  Result<std::vector<clinic::Therapist>> ListTherapists(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListTherapists(db(), clinic_id);
  }
  Status UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdateTherapist(db(), clinic_id, therapist, WriteTime());
  }

  // --- Patients
  Result<PatientId> CreatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::CreatePatient(db(), clinic_id, patient, WriteTime());
  }
  Result<clinic::Patient> GetPatient(ClinicId clinic_id, PatientId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetPatient(db(), clinic_id, id);
  }
  Result<std::vector<clinic::Patient>> ListPatients(ClinicId clinic_id,
                                                    ports::PatientFilter filter) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListPatients(db(), clinic_id, filter);
  }
  Result<std::vector<clinic::Patient>> ListPatientsAfter(ClinicId clinic_id,
                                                         ports::PatientFilter filter,
                                                         PatientId after,
                                                         std::int64_t limit) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListPatientsAfter(db(), clinic_id, filter, after, limit);
  }
  Status UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdatePatient(db(), clinic_id, patient, WriteTime());
  }
  Status SoftDeletePatient(ClinicId clinic_id, PatientId id,
                           const clinic::RetentionRecord& retention) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::SoftDeletePatient(db(), clinic_id, id, retention, WriteTime());
  }

  // --- Courses
  Result<CourseId> CreateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::CreateCourse(db(), clinic_id, course, WriteTime());
  }
  Result<clinic::Course> GetCourse(ClinicId clinic_id, CourseId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetCourse(db(), clinic_id, id);
  }
  Result<std::vector<clinic::Course>> ListCourses(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListCourses(db(), clinic_id);
  }
  Result<std::vector<clinic::Course>> ListCoursesForPatient(ClinicId clinic_id,
                                                            PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListCoursesForPatient(db(), clinic_id, patient_id);
  }
  Status UpdateCourse(ClinicId clinic_id, const clinic::Course& course) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdateCourse(db(), clinic_id, course, WriteTime());
  }

  // --- Sessions
  Result<SessionId> CreateSession(ClinicId clinic_id, const clinic::Session& session) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::CreateSession(db(), clinic_id, session, WriteTime());
  }
  Result<std::int64_t> BulkAddSessions(ClinicId clinic_id,
                                       std::span<const clinic::Session> sessions) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::BulkAddSessions(db(), clinic_id, sessions, WriteTime());
  }
  Result<clinic::Session> GetSession(ClinicId clinic_id, SessionId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetSession(db(), clinic_id, id);
  }
  Status UpdateSession(ClinicId clinic_id, const clinic::Session& session) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdateSession(db(), clinic_id, session, WriteTime());
  }
  Result<std::vector<clinic::Session>> ListSessionsForCourse(ClinicId clinic_id,
                                                             CourseId course_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListSessionsForCourse(db(), clinic_id, course_id);
  }
  Result<std::vector<clinic::Session>> ListSessionsForPatient(ClinicId clinic_id,
                                                              PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListSessionsForPatient(db(), clinic_id, patient_id);
  }
  Result<std::vector<clinic::Session>> ListSessionsForTherapist(ClinicId clinic_id,
                                                                TherapistId therapist_id,
                                                                ports::TimeRange range) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListSessionsForTherapist(db(), clinic_id, therapist_id, range);
  }
  Result<std::vector<clinic::Session>> ListSessionsInRange(ClinicId clinic_id,
                                                           ports::TimeRange range) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListSessionsInRange(db(), clinic_id, range);
  }

  // --- Session notes
  Result<NoteId> CreateNote(ClinicId clinic_id, const session::SessionNote& note) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::CreateNote(db(), clinic_id, note);
  }
  Result<session::SessionNote> GetNote(ClinicId clinic_id, NoteId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetNote(db(), clinic_id, id);
  }
  Result<session::SessionNote> FindNoteForSession(ClinicId clinic_id,
                                                  SessionId session_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::FindNoteForSession(db(), clinic_id, session_id);
  }
  Result<std::vector<session::SessionNote>> ListNotesForPatient(ClinicId clinic_id,
                                                                PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListNotesForPatient(db(), clinic_id, patient_id);
  }
  Status UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UpdateDraftNote(db(), clinic_id, note);
  }
  Status SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                  clinic::Timestamp signed_at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::SignNote(db(), clinic_id, id, signer, signed_at);
  }
  Status AddAddendum(ClinicId clinic_id, NoteId id, const session::Addendum& addendum) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::AddAddendum(db(), clinic_id, id, addendum);
  }
  Status DeleteDraftNote(ClinicId clinic_id, NoteId id) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteDraftNote(db(), clinic_id, id);
  }

  // --- Responses
  Result<ResponseId> AddResponse(ClinicId clinic_id,
                                 const clinic::QuestionnaireResponse& response) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::AddResponse(db(), clinic_id, response, WriteTime());
  }
  Result<clinic::QuestionnaireResponse> GetResponse(ClinicId clinic_id, ResponseId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetResponse(db(), clinic_id, id);
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(ClinicId clinic_id,
                                                                   PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListResponses(db(), clinic_id, patient_id);
  }
  Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
      ClinicId clinic_id, PatientId patient_id, instrument::InstrumentId instrument_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::LatestScoredResponse(db(), clinic_id, patient_id, instrument_id);
  }
  Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(ClinicId clinic_id,
                                                                         ResponseId after,
                                                                         int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListClinicResponses(db(), clinic_id, after, limit);
  }
  Result<std::int64_t> BulkAddResponses(
      ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::BulkAddResponses(db(), clinic_id, responses, WriteTime());
  }

  // --- Screening
  Result<clinic::ScreeningId> AddScreeningResult(ClinicId clinic_id,
                                                 const clinic::ScreeningResult& result) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::AddScreeningResult(db(), clinic_id, result, WriteTime());
  }
  Result<clinic::ScreeningResult> GetScreeningResult(ClinicId clinic_id,
                                                     clinic::ScreeningId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetScreeningResult(db(), clinic_id, id);
  }
  Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(ClinicId clinic_id,
                                                                    PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListScreeningResults(db(), clinic_id, patient_id);
  }

  // --- Home program
  Result<clinic::AssignmentId> AddHomeProgramAssignment(
      ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::AddHomeProgramAssignment(db(), clinic_id, assignment, WriteTime());
  }
  Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
      ClinicId clinic_id, PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListHomeProgramAssignments(db(), clinic_id, patient_id);
  }
  Status RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::RecordAdherence(db(), clinic_id, entry, WriteTime());
  }
  Result<std::vector<clinic::AdherenceEntry>> ListAdherence(ClinicId clinic_id,
                                                            PatientId patient_id, clinic::Date from,
                                                            clinic::Date to) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListAdherence(db(), clinic_id, patient_id, from, to);
  }

  // --- Bulk reads
  Result<ports::PatientRecords> ReadPatientRecords(ClinicId clinic_id, PatientId first,
                                                   PatientId last) override {
    RETURN_IF_ERROR(CheckOpen());
    ports::PatientRecords records;
    ASSIGN_OR_RETURN(records.courses, sql::ListCoursesOfPatients(db(), clinic_id, first, last));
    ASSIGN_OR_RETURN(records.sessions, sql::ListSessionsOfPatients(db(), clinic_id, first, last));
    ASSIGN_OR_RETURN(records.responses, sql::ListResponsesOfPatients(db(), clinic_id, first, last));
    ASSIGN_OR_RETURN(records.screenings,
                     sql::ListScreeningsOfPatients(db(), clinic_id, first, last));
    ASSIGN_OR_RETURN(records.adherence, sql::ListAdherenceOfPatients(db(), clinic_id, first, last));
    return records;
  }

  // --- Alerts
  Result<AlertId> AddAlert(ClinicId clinic_id, const clinic::Alert& alert) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::AddAlert(db(), clinic_id, alert, WriteTime());
  }
  Result<clinic::Alert> GetAlert(ClinicId clinic_id, AlertId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetAlert(db(), clinic_id, id);
  }
  Result<std::vector<clinic::Alert>> ListAlerts(ClinicId clinic_id,
                                                ports::AlertFilter filter) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListAlerts(db(), clinic_id, filter);
  }
  Result<std::vector<clinic::Alert>> ListPatientAlerts(ClinicId clinic_id, PatientId first,
                                                       PatientId last) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListPatientAlerts(db(), clinic_id, first, last);
  }
  Status AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                          clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::AcknowledgeAlert(db(), clinic_id, id, by, at, WriteTime());
  }

  // --- Clinic closures
  Result<ClosureId> AddClosure(ClinicId clinic_id, const clinic::ClinicClosure& closure) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::AddClosure(db(), clinic_id, closure);
  }
  Result<std::vector<clinic::ClinicClosure>> ListClosures(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListClosures(db(), clinic_id);
  }
  Status DeleteClosure(ClinicId clinic_id, ClosureId id) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteClosure(db(), clinic_id, id);
  }

  // --- Browser sessions and failed logins
  Status CreateWebSession(const clinic::WebSession& session) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::CreateWebSession(db(), session);
  }
  Result<clinic::WebSession> FindWebSession(std::string_view id_hash) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::FindWebSession(db(), id_hash);
  }
  Status TouchWebSession(std::string_view id_hash, clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::TouchWebSession(db(), id_hash, at);
  }
  Status DeleteWebSession(std::string_view id_hash) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteWebSession(db(), id_hash);
  }
  Status DeleteUserWebSessions(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteUserWebSessions(db(), clinic_id, user_id);
  }
  Result<std::vector<clinic::WebSession>> ListUserWebSessions(ClinicId clinic_id,
                                                              UserId user_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListUserWebSessions(db(), clinic_id, user_id);
  }
  Status ReplaceRecoveryCodes(ClinicId clinic_id, UserId user_id,
                              const std::vector<std::string>& code_hashes) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::ReplaceRecoveryCodes(db(), clinic_id, user_id, code_hashes);
  }
  Status UseRecoveryCode(ClinicId clinic_id, UserId user_id, std::string_view code_hash,
                         clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UseRecoveryCode(db(), clinic_id, user_id, code_hash, at);
  }
  Result<int> CountRecoveryCodes(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::CountRecoveryCodes(db(), clinic_id, user_id);
  }
  Status ClaimTotpStep(ClinicId clinic_id, UserId user_id, std::int64_t step) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::ClaimTotpStep(db(), clinic_id, user_id, step);
  }
  Status AddLoginFailure(std::string_view key, clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::AddLoginFailure(db(), key, at);
  }
  Result<std::vector<clinic::Timestamp>> ListLoginFailures(std::string_view key,
                                                           clinic::Timestamp since) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListLoginFailures(db(), key, since);
  }
  Status ClearLoginFailures(std::string_view key) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::ClearLoginFailures(db(), key);
  }
  Status PruneLogins(clinic::Timestamp sessions_seen_before,
                     clinic::Timestamp failures_before) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::PruneLogins(db(), sessions_seen_before, failures_before);
  }

  // --- Calendar feeds
  Status ReplaceCalendarFeed(const clinic::CalendarFeed& feed) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::ReplaceCalendarFeed(db(), feed);
  }
  Result<clinic::CalendarFeed> FindCalendarFeed(std::string_view token_hash) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::FindCalendarFeed(db(), token_hash);
  }
  Status DeleteCalendarFeed(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteCalendarFeed(db(), clinic_id, user_id);
  }

  // --- Reminders
  Result<clinic::PatientReminders> GetPatientReminders(ClinicId clinic_id,
                                                       PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetPatientReminders(db(), clinic_id, patient_id);
  }
  Status PutPatientReminders(ClinicId clinic_id,
                             const clinic::PatientReminders& reminders) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::PutPatientReminders(db(), clinic_id, reminders);
  }
  Result<bool> RecordSentReminder(ClinicId clinic_id, PatientId patient_id,
                                  clinic::ReminderKind kind, std::string_view key,
                                  clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::RecordSentReminder(db(), clinic_id, patient_id, kind, key, at);
  }
  Status CreateUnsubscribeToken(const clinic::UnsubscribeToken& token) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::CreateUnsubscribeToken(db(), token);
  }
  Result<clinic::UnsubscribeToken> FindUnsubscribeToken(std::string_view token_hash) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::FindUnsubscribeToken(db(), token_hash);
  }
  Status UseUnsubscribeToken(std::string_view token_hash, clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UseUnsubscribeToken(db(), token_hash, at);
  }
  Status DeleteUnsubscribeTokens(ClinicId clinic_id, PatientId patient_id,
                                 clinic::ReminderKind kind) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteUnsubscribeTokens(db(), clinic_id, patient_id, kind);
  }

  // --- Web Push
  Result<std::optional<clinic::VapidKeys>> GetVapidKeys(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetVapidKeys(db(), clinic_id);
  }
  Status CreateVapidKeys(ClinicId clinic_id, const clinic::VapidKeys& keys) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::CreateVapidKeys(db(), clinic_id, keys);
  }
  Result<PushSubscriptionId> PutPushSubscription(
      const clinic::PushSubscription& subscription) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::PutPushSubscription(db(), subscription);
  }
  Result<std::vector<clinic::PushSubscription>> ListPushSubscriptions(
      ClinicId clinic_id, PatientId patient_id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListPushSubscriptions(db(), clinic_id, patient_id);
  }
  Status DeletePushSubscription(ClinicId clinic_id, PatientId patient_id,
                                PushSubscriptionId id) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeletePushSubscription(db(), clinic_id, patient_id, id);
  }

  // --- The email outbox
  Result<EmailId> EnqueueEmail(ClinicId clinic_id, const clinic::OutgoingEmail& email) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::EnqueueEmail(db(), clinic_id, email);
  }
  Result<std::vector<clinic::OutgoingEmail>> ClaimDueEmails(clinic::Timestamp now,
                                                            clinic::Timestamp lease_until,
                                                            int limit) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::ClaimDueEmails(db(), now, lease_until, limit);
  }
  Status RecordEmailAttempt(EmailId id, clinic::EmailStatus status, clinic::Timestamp at,
                            clinic::Timestamp next_attempt_at, std::string_view error) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::RecordEmailAttempt(db(), id, status, at, next_attempt_at, error);
  }
  Result<clinic::OutgoingEmail> GetEmail(EmailId id) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetEmail(db(), id);
  }
  Result<std::int64_t> CountPendingEmails() override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::CountPendingEmails(db());
  }

  // --- Protocol versions
  Status AddProtocolVersion(const clinic::ProtocolVersion& version) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::AddProtocolVersion(db(), version);
  }
  Result<clinic::ProtocolVersion> GetProtocolVersion(std::string_view protocol_id,
                                                     int version) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::GetProtocolVersion(db(), protocol_id, version);
  }
  Result<std::vector<clinic::ProtocolVersion>> ListProtocolVersions() override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListProtocolVersions(db(), dialect_);
  }

  // --- Access links
  Status CreateAccessLink(const clinic::AccessLink& link) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::CreateAccessLink(db(), link);
  }
  Result<clinic::AccessLink> FindAccessLink(std::string_view token_hash) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::FindAccessLink(db(), token_hash);
  }
  Status UseAccessLink(std::string_view token_hash, clinic::Timestamp at) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::UseAccessLink(db(), token_hash, at);
  }
  Status DeleteUnusedAccessLinks(ClinicId clinic_id, UserId user_id) override {
    RETURN_IF_ERROR(CheckWrite());
    return sql::DeleteUnusedAccessLinks(db(), clinic_id, user_id);
  }

  // --- Audit
  Status AppendAuditEvents(ClinicId clinic_id,
                           std::span<const clinic::AuditEvent> events) override {
    RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
    return sql::AppendAuditEvents(db(), clinic_id, events);
  }
  Result<std::optional<clinic::AuditEvent>> LastAuditEvent(ClinicId clinic_id) override {
    RETURN_IF_ERROR(CheckOpen());
    if (lock_audit_chain_) {
      RETURN_IF_ERROR(sql::LockAuditChain(db(), clinic_id));
    }
    return sql::LastAuditEvent(db(), clinic_id);
  }
  Result<std::vector<clinic::AuditEvent>> ListAuditEvents(ClinicId clinic_id,
                                                          std::int64_t after_seq,
                                                          int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListAuditEvents(db(), clinic_id, after_seq, limit);
  }
  Result<std::vector<clinic::AuditEvent>> ListPatientAccessEvents(ClinicId clinic_id,
                                                                  PatientId patient_id,
                                                                  std::int64_t before_seq,
                                                                  int limit) override {
    RETURN_IF_ERROR(CheckOpen());
    return sql::ListPatientAccessEvents(db(), clinic_id, patient_id, before_seq, limit);
  }

 private:
  Connection& db() { return *connection_; }
  // The instant a write stamps on the records it writes (updated_at): the store's clock, read
  // once per write, to the microsecond the columns keep.
  clinic::Timestamp WriteTime() const {
    return clinic::FromUnixMicros(clinic::ToUnixMicros(clock_.Now()));
  }

  Status CheckOpen() const { return checks_.CheckOpen(); }
  Status CheckWrite() const { return checks_.CheckWrite(); }
  Status CheckWriteInClinic(ClinicId clinic_id) {
    RETURN_IF_ERROR(CheckWrite());
    return RequireClinic(db(), clinic_id);
  }

  std::unique_ptr<Connection> connection_;
  const ports::Clock& clock_;
  TransactionChecks checks_;
  SqlDialect dialect_;
  bool lock_audit_chain_;
};

}  // namespace

std::unique_ptr<ports::Transaction> NewSqlTransaction(std::unique_ptr<Connection> connection,
                                                      TxMode mode, SqlDialect dialect,
                                                      const ports::Clock& clock) {
  return std::make_unique<SqlTransaction>(std::move(connection), mode, dialect, clock);
}

}  // namespace backcare::store::sql
