// The ports::Transaction of the in-memory store (internal to src/store/memory). A read-only
// transaction reads the committed snapshot it began with, shared with every other reader and never
// copied. A read-write transaction holds the writer lock, works on a private copy of the
// committed state, and publishes it whole on Commit (all or nothing). The methods are defined by
// aggregate: clinics.cc (clinics, users, therapists), patients.cc (patients, screening),
// courses.cc (courses, home program), sessions.cc, notes.cc, responses.cc, alerts.cc,
// closures.cc, web_sessions.cc, reminders.cc, push.cc, outbox.cc, protocols.cc, audit.cc.
#ifndef BACKCARE_STORE_MEMORY_TRANSACTION_H_
#define BACKCARE_STORE_MEMORY_TRANSACTION_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "store/common/validation.h"
#include "store/memory/state.h"

namespace backcare::store::memory {

class MemoryTransaction final : public ports::Transaction {
 public:
  // A read-only transaction over `snapshot`.
  explicit MemoryTransaction(std::shared_ptr<const State> snapshot);
  // A read-write transaction: `writer_lock` holds committed.writer_mutex(); the transaction works
  // on a copy of committed.Snapshot() and publishes it to `committed` on Commit. Each write reads
  // `clock` once and stamps that instant on the records it writes (updated_at). `committed` and
  // `clock` must outlive the transaction.
  MemoryTransaction(CommittedState& committed, std::unique_lock<std::mutex> writer_lock,
                    const ports::Clock& clock);

  Status Commit() override;

  // --- Clinics
  Result<ClinicId> CreateClinic(const clinic::Clinic& clinic) override;
  Result<clinic::Clinic> GetClinic(ClinicId clinic_id) override;
  Result<std::vector<clinic::Clinic>> ListClinics() override;
  Status UpdateClinic(const clinic::Clinic& clinic) override;

  // --- Users
  Result<UserId> CreateUser(ClinicId clinic_id, const clinic::User& user) override;
  Result<clinic::User> GetUser(ClinicId clinic_id, UserId user_id) override;
  Result<clinic::User> FindUserByEmail(ClinicId clinic_id, std::string_view email) override;
  Result<std::vector<clinic::User>> ListUsers(ClinicId clinic_id) override;
  Status UpdateUser(ClinicId clinic_id, const clinic::User& user) override;

  // --- Therapists
  Result<TherapistId> CreateTherapist(ClinicId clinic_id,
                                      const clinic::Therapist& therapist) override;
  Result<clinic::Therapist> GetTherapist(ClinicId clinic_id, TherapistId id) override;
  Result<std::vector<clinic::Therapist>> ListTherapists(ClinicId clinic_id) override;
  Status UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) override;

  // --- Patients
  Result<PatientId> CreatePatient(ClinicId clinic_id, const clinic::Patient& patient) override;
  Result<clinic::Patient> GetPatient(ClinicId clinic_id, PatientId id) override;
  Result<std::vector<clinic::Patient>> ListPatientsAfter(ClinicId clinic_id,
                                                         ports::PatientFilter filter,
                                                         PatientId after,
                                                         std::int64_t limit) override;
  Result<std::vector<clinic::Patient>> ListPatients(ClinicId clinic_id,
                                                    ports::PatientFilter filter) override;
  Status UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) override;
  Status SoftDeletePatient(ClinicId clinic_id, PatientId id,
                           const clinic::RetentionRecord& retention) override;

  // --- Screening
  Result<clinic::ScreeningId> AddScreeningResult(ClinicId clinic_id,
                                                 const clinic::ScreeningResult& result) override;
  Result<clinic::ScreeningResult> GetScreeningResult(ClinicId clinic_id,
                                                     clinic::ScreeningId id) override;
  Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(ClinicId clinic_id,
                                                                    PatientId patient_id) override;

  // --- Bulk reads
  Result<ports::PatientRecords> ReadPatientRecords(ClinicId clinic_id, PatientId first,
                                                   PatientId last) override;

  // --- Courses
  Result<CourseId> CreateCourse(ClinicId clinic_id, const clinic::Course& course) override;
  Result<clinic::Course> GetCourse(ClinicId clinic_id, CourseId id) override;
  Result<std::vector<clinic::Course>> ListCourses(ClinicId clinic_id) override;
  Result<std::vector<clinic::Course>> ListCoursesForPatient(ClinicId clinic_id,
                                                            PatientId patient_id) override;
  Status UpdateCourse(ClinicId clinic_id, const clinic::Course& course) override;

  // --- Home program
  Result<clinic::AssignmentId> AddHomeProgramAssignment(
      ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) override;
  Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
      ClinicId clinic_id, PatientId patient_id) override;
  Status RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) override;
  Result<std::vector<clinic::AdherenceEntry>> ListAdherence(ClinicId clinic_id,
                                                            PatientId patient_id, clinic::Date from,
                                                            clinic::Date to) override;

  // --- Sessions
  Result<SessionId> CreateSession(ClinicId clinic_id, const clinic::Session& session) override;
  Result<std::int64_t> BulkAddSessions(ClinicId clinic_id,
                                       std::span<const clinic::Session> sessions) override;
  Result<clinic::Session> GetSession(ClinicId clinic_id, SessionId id) override;
  Status UpdateSession(ClinicId clinic_id, const clinic::Session& session) override;
  Result<std::vector<clinic::Session>> ListSessionsForCourse(ClinicId clinic_id,
                                                             CourseId course_id) override;
  Result<std::vector<clinic::Session>> ListSessionsForPatient(ClinicId clinic_id,
                                                              PatientId patient_id) override;
  Result<std::vector<clinic::Session>> ListSessionsForTherapist(ClinicId clinic_id,
                                                                TherapistId therapist_id,
                                                                ports::TimeRange range) override;
  Result<std::vector<clinic::Session>> ListSessionsInRange(ClinicId clinic_id,
                                                           ports::TimeRange range) override;

  // --- Session notes
  Result<NoteId> CreateNote(ClinicId clinic_id, const session::SessionNote& note) override;
  Result<session::SessionNote> GetNote(ClinicId clinic_id, NoteId id) override;
  Result<session::SessionNote> FindNoteForSession(ClinicId clinic_id,
                                                  SessionId session_id) override;
  Result<std::vector<session::SessionNote>> ListNotesForPatient(ClinicId clinic_id,
                                                                PatientId patient_id) override;
  Status UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) override;
  Status SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                  clinic::Timestamp signed_at) override;
  Status AddAddendum(ClinicId clinic_id, NoteId id, const session::Addendum& addendum) override;
  Status DeleteDraftNote(ClinicId clinic_id, NoteId id) override;

  // --- Responses
  Result<ResponseId> AddResponse(ClinicId clinic_id,
                                 const clinic::QuestionnaireResponse& response) override;
  Result<clinic::QuestionnaireResponse> GetResponse(ClinicId clinic_id, ResponseId id) override;
  Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(ClinicId clinic_id,
                                                                   PatientId patient_id) override;
  Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
      ClinicId clinic_id, PatientId patient_id, instrument::InstrumentId instrument_id) override;
  Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(ClinicId clinic_id,
                                                                         ResponseId after,
                                                                         int limit) override;
  Result<std::int64_t> BulkAddResponses(
      ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) override;

  // --- Alerts
  Result<AlertId> AddAlert(ClinicId clinic_id, const clinic::Alert& alert) override;
  Result<clinic::Alert> GetAlert(ClinicId clinic_id, AlertId id) override;
  Result<std::vector<clinic::Alert>> ListPatientAlerts(ClinicId clinic_id, PatientId first,
                                                       PatientId last) override;
  Result<std::vector<clinic::Alert>> ListAlerts(ClinicId clinic_id,
                                                ports::AlertFilter filter) override;
  Status AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by, clinic::Timestamp at) override;

  // --- Clinic closures
  Result<ClosureId> AddClosure(ClinicId clinic_id, const clinic::ClinicClosure& closure) override;
  Result<std::vector<clinic::ClinicClosure>> ListClosures(ClinicId clinic_id) override;
  Status DeleteClosure(ClinicId clinic_id, ClosureId id) override;

  // --- Calendar feeds (web_sessions.cc)
  Status ReplaceCalendarFeed(const clinic::CalendarFeed& feed) override;
  Result<clinic::CalendarFeed> FindCalendarFeed(std::string_view token_hash) override;
  Status DeleteCalendarFeed(ClinicId clinic_id, UserId user_id) override;

  // --- Reminders (reminders.cc)
  Result<clinic::PatientReminders> GetPatientReminders(ClinicId clinic_id,
                                                       PatientId patient_id) override;
  Status PutPatientReminders(ClinicId clinic_id,
                             const clinic::PatientReminders& reminders) override;
  Result<bool> RecordSentReminder(ClinicId clinic_id, PatientId patient_id,
                                  clinic::ReminderKind kind, std::string_view key,
                                  clinic::Timestamp at) override;
  Status CreateUnsubscribeToken(const clinic::UnsubscribeToken& token) override;
  Result<clinic::UnsubscribeToken> FindUnsubscribeToken(std::string_view token_hash) override;
  Status UseUnsubscribeToken(std::string_view token_hash, clinic::Timestamp at) override;
  Status DeleteUnsubscribeTokens(ClinicId clinic_id, PatientId patient_id,
                                 clinic::ReminderKind kind) override;

  // --- Web Push (push.cc)
  Result<std::optional<clinic::VapidKeys>> GetVapidKeys(ClinicId clinic_id) override;
  Status CreateVapidKeys(ClinicId clinic_id, const clinic::VapidKeys& keys) override;
  Result<PushSubscriptionId> PutPushSubscription(
      const clinic::PushSubscription& subscription) override;
  Result<std::vector<clinic::PushSubscription>> ListPushSubscriptions(
      ClinicId clinic_id, PatientId patient_id) override;
  Status DeletePushSubscription(ClinicId clinic_id, PatientId patient_id,
                                PushSubscriptionId id) override;

  // --- The email outbox (outbox.cc)
  Result<EmailId> EnqueueEmail(ClinicId clinic_id, const clinic::OutgoingEmail& email) override;
  Result<std::vector<clinic::OutgoingEmail>> ClaimDueEmails(clinic::Timestamp now,
                                                            clinic::Timestamp lease_until,
                                                            int limit) override;
  Status RecordEmailAttempt(EmailId id, clinic::EmailStatus status, clinic::Timestamp at,
                            clinic::Timestamp next_attempt_at, std::string_view error) override;
  Result<clinic::OutgoingEmail> GetEmail(EmailId id) override;
  Result<std::int64_t> CountPendingEmails() override;

  // --- Protocol versions (protocols.cc)
  Status AddProtocolVersion(const clinic::ProtocolVersion& version) override;
  Result<clinic::ProtocolVersion> GetProtocolVersion(std::string_view protocol_id,
                                                     int version) override;
  Result<std::vector<clinic::ProtocolVersion>> ListProtocolVersions() override;

  // --- Access links (web_sessions.cc)
  Status CreateAccessLink(const clinic::AccessLink& link) override;
  Result<clinic::AccessLink> FindAccessLink(std::string_view token_hash) override;
  Status UseAccessLink(std::string_view token_hash, clinic::Timestamp at) override;
  Status DeleteUnusedAccessLinks(ClinicId clinic_id, UserId user_id) override;

  // --- Browser sessions and failed logins (web_sessions.cc)
  Status CreateWebSession(const clinic::WebSession& session) override;
  Result<clinic::WebSession> FindWebSession(std::string_view id_hash) override;
  Status TouchWebSession(std::string_view id_hash, clinic::Timestamp at) override;
  Status DeleteWebSession(std::string_view id_hash) override;
  Status DeleteUserWebSessions(ClinicId clinic_id, UserId user_id) override;
  Result<std::vector<clinic::WebSession>> ListUserWebSessions(ClinicId clinic_id,
                                                              UserId user_id) override;
  Status ReplaceRecoveryCodes(ClinicId clinic_id, UserId user_id,
                              const std::vector<std::string>& code_hashes) override;
  Status UseRecoveryCode(ClinicId clinic_id, UserId user_id, std::string_view code_hash,
                         clinic::Timestamp at) override;
  Result<int> CountRecoveryCodes(ClinicId clinic_id, UserId user_id) override;
  Status ClaimTotpStep(ClinicId clinic_id, UserId user_id, std::int64_t step) override;
  Status AddLoginFailure(std::string_view key, clinic::Timestamp at) override;
  Result<std::vector<clinic::Timestamp>> ListLoginFailures(std::string_view key,
                                                           clinic::Timestamp since) override;
  Status ClearLoginFailures(std::string_view key) override;
  Status PruneLogins(clinic::Timestamp sessions_seen_before,
                     clinic::Timestamp failures_before) override;

  // --- Audit
  Status AppendAuditEvents(ClinicId clinic_id, std::span<const clinic::AuditEvent> events) override;
  Result<std::optional<clinic::AuditEvent>> LastAuditEvent(ClinicId clinic_id) override;
  Result<std::vector<clinic::AuditEvent>> ListAuditEvents(ClinicId clinic_id,
                                                          std::int64_t after_seq,
                                                          int limit) override;
  Result<std::vector<clinic::AuditEvent>> ListPatientAccessEvents(ClinicId clinic_id,
                                                                  PatientId patient_id,
                                                                  std::int64_t before_seq,
                                                                  int limit) override;

 private:
  // What this transaction reads: its draft (read-write) or its snapshot (read-only).
  const State& state() const { return *view_; }
  // The draft of a read-write transaction; only after CheckWrite succeeded.
  State& draft() { return *draft_; }

  Status CheckOpen() const { return checks_.CheckOpen(); }
  Status CheckWrite() const { return checks_.CheckWrite(); }
  // CheckWrite, then kNotFound "clinic <id> not found" unless the clinic exists.
  Status CheckWriteInClinic(ClinicId clinic_id) const;
  // The instant a write stamps on the records it writes: the clock, to the microsecond.
  clinic::Timestamp WriteTime() const { return Micros(clock_->Now()); }

  CommittedState* committed_ = nullptr;  // read-write only
  const ports::Clock* clock_ = nullptr;  // read-write only
  std::unique_lock<std::mutex> writer_lock_;
  std::shared_ptr<State> draft_;  // read-write only
  std::shared_ptr<const State> view_;
  TransactionChecks checks_;
};

}  // namespace backcare::store::memory

#endif  // BACKCARE_STORE_MEMORY_TRANSACTION_H_
