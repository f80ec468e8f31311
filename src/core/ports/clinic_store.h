// The ClinicStore port: the system of record for clinics, their staff, patients, courses,
// sessions, session notes, questionnaire responses, screenings, home programs, alerts, clinic
// closures, browser sessions, failed logins, access links, calendar feeds, the email outbox,
// protocol versions and the audit trail.
// Work happens in a Transaction (a unit of work): Begin, call methods, Commit. Destroying a
// transaction that was not committed rolls everything in it back.
//
// Invariants every implementation keeps (the store contract suite in tests/store/ checks them on
// memory, SQLite and PostgreSQL):
//   * Every row carries its clinic and every method is scoped by a ClinicId. A record of another
//     clinic is reported exactly like an absent one: kNotFound "<type> <id> not found".
//   * Entity arguments' `id` and `clinic_id` fields are ignored on create (the store assigns the
//     id and writes the ClinicId argument); on update, `id` selects the record.
//   * A signed session note is never updated or deleted (the database refuses it too); it only
//     receives addenda. Patients are only soft-deleted, with a retention record. Audit events are
//     append-only.
//   * Validation failures are kInvalidInput with one FieldError per bad field; uniqueness clashes
//     are kConflict naming the field; writes not allowed in the record's state are
//     kFailedPrecondition; a busy or unreachable database is kUnavailable (retryable); a stored row
//     that cannot be read back (an unknown status name, a malformed encoded list) is
//     kDataCorruption naming the table and column. Messages never contain patient data.
//
// Thread-safety: a ClinicStore may be shared by threads; a Transaction belongs to one thread.
// A Transaction must not outlive the store that began it.
#ifndef BACKCARE_CORE_PORTS_CLINIC_STORE_H_
#define BACKCARE_CORE_PORTS_CLINIC_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/access_link.h"
#include "core/clinic/alert.h"
#include "core/clinic/audit_event.h"
#include "core/clinic/calendar_feed.h"
#include "core/clinic/clinic.h"
#include "core/clinic/closure.h"
#include "core/clinic/course.h"
#include "core/clinic/email.h"
#include "core/clinic/home_program.h"
#include "core/clinic/patient.h"
#include "core/clinic/protocol_version.h"
#include "core/clinic/push.h"
#include "core/clinic/reminders.h"
#include "core/clinic/response.h"
#include "core/clinic/screening_result.h"
#include "core/clinic/session.h"
#include "core/clinic/therapist.h"
#include "core/clinic/time.h"
#include "core/clinic/user.h"
#include "core/clinic/web_session.h"
#include "core/instrument/instrument.h"
#include "core/session/session_note.h"

namespace backcare::ports {

// A half-open range of instants [from, to).
struct TimeRange {
  clinic::Timestamp from;
  clinic::Timestamp to;
};

enum class PatientFilter { kExcludeDeleted, kIncludeDeleted };

// The clinical records of a block of patients, for bulk readers (the outcomes snapshot): every
// course, session, questionnaire response, screening and adherence entry of the clinic's patients
// whose id lies in [first, last]. Each list is ordered by patient id, then as its per-patient
// list is (courses by id; sessions by start, id; responses by taken_at, id; screenings by
// screened_at, id; adherence by date, exercise_id).
struct PatientRecords {
  std::vector<clinic::Course> courses;
  std::vector<clinic::Session> sessions;
  std::vector<clinic::QuestionnaireResponse> responses;
  std::vector<clinic::ScreeningResult> screenings;
  std::vector<clinic::AdherenceEntry> adherence;
};
enum class AlertFilter { kUnacknowledged, kAll };

// One unit of work. Every method may also fail with kUnavailable (database busy or down) and,
// after Commit or a failed Commit, with kFailedPrecondition "transaction is finished".
// A read-only transaction (ClinicStore::BeginReadOnly) refuses every write with
// kFailedPrecondition "transaction is read-only".
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Makes every write of this transaction durable. On failure nothing was written.
  virtual Status Commit() = 0;

  // --- Clinics ----------------------------------------------------------------------------
  // kInvalidInput when name or time_zone is empty, or only one of protocol_id and
  // protocol_version is set; kNotFound "protocol '<id>' version <v> not found" when that version
  // is not stored (create and update alike).
  virtual Result<ClinicId> CreateClinic(const clinic::Clinic& clinic) = 0;
  virtual Result<clinic::Clinic> GetClinic(ClinicId clinic_id) = 0;
  // Every clinic, by id. For installation-wide administration (CLI) only.
  virtual Result<std::vector<clinic::Clinic>> ListClinics() = 0;
  virtual Status UpdateClinic(const clinic::Clinic& clinic) = 0;

  // --- Users ------------------------------------------------------------------------------
  // kConflict (field "email") when the email is taken in the clinic; kNotFound when a linked
  // therapist or patient is not in the clinic.
  virtual Result<UserId> CreateUser(ClinicId clinic_id, const clinic::User& user) = 0;
  virtual Result<clinic::User> GetUser(ClinicId clinic_id, UserId user_id) = 0;
  // Exact match on the stored email. kNotFound "user not found" when absent.
  virtual Result<clinic::User> FindUserByEmail(ClinicId clinic_id, std::string_view email) = 0;
  virtual Result<std::vector<clinic::User>> ListUsers(ClinicId clinic_id) = 0;  // by id
  virtual Status UpdateUser(ClinicId clinic_id, const clinic::User& user) = 0;

  // --- Therapists -------------------------------------------------------------------------
  virtual Result<TherapistId> CreateTherapist(ClinicId clinic_id,
                                              const clinic::Therapist& therapist) = 0;
  virtual Result<clinic::Therapist> GetTherapist(ClinicId clinic_id, TherapistId id) = 0;
  virtual Result<std::vector<clinic::Therapist>> ListTherapists(ClinicId clinic_id) = 0;  // by id
  virtual Status UpdateTherapist(ClinicId clinic_id, const clinic::Therapist& therapist) = 0;

  // --- Patients ---------------------------------------------------------------------------
  // The `deletion` field is ignored on create and update (see SoftDeletePatient).
  virtual Result<PatientId> CreatePatient(ClinicId clinic_id, const clinic::Patient& patient) = 0;
  // Also returns soft-deleted patients (with `deletion` set).
  virtual Result<clinic::Patient> GetPatient(ClinicId clinic_id, PatientId id) = 0;
  virtual Result<std::vector<clinic::Patient>> ListPatients(ClinicId clinic_id,
                                                            PatientFilter filter) = 0;  // by id
  // One page of ListPatients: at most `limit` patients with an id greater than `after`, by id
  // (keyset paging, so a reader of a large clinic holds one page at a time).
  virtual Result<std::vector<clinic::Patient>> ListPatientsAfter(ClinicId clinic_id,
                                                                 PatientFilter filter,
                                                                 PatientId after,
                                                                 std::int64_t limit) = 0;
  // kFailedPrecondition when the patient is soft-deleted.
  virtual Status UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) = 0;
  // Marks the patient deleted with `retention`; nothing is erased. kFailedPrecondition when
  // already deleted; kInvalidInput when retention.reason is empty or retain_until is not ok().
  virtual Status SoftDeletePatient(ClinicId clinic_id, PatientId id,
                                   const clinic::RetentionRecord& retention) = 0;

  // --- Courses ----------------------------------------------------------------------------
  // kNotFound when the patient or therapist is not in the clinic. A course is created without a
  // discharge (kInvalidInput on "discharge" otherwise).
  virtual Result<CourseId> CreateCourse(ClinicId clinic_id, const clinic::Course& course) = 0;
  virtual Result<clinic::Course> GetCourse(ClinicId clinic_id, CourseId id) = 0;
  virtual Result<std::vector<clinic::Course>> ListCourses(ClinicId clinic_id) = 0;  // by id
  virtual Result<std::vector<clinic::Course>> ListCoursesForPatient(ClinicId clinic_id,
                                                                    PatientId patient_id) = 0;
  // Updates therapist_id, status and discharge. kFailedPrecondition when patient_id, protocol_id,
  // protocol_version or start_date differ from the stored course (they are pinned), or when the
  // stored course has a discharge that differs or is dropped (a discharge is written once).
  // kInvalidInput when a discharge comes with status active or paused, or its note is over 4,000
  // characters; kNotFound when discharged_by is not a user of the clinic.
  virtual Status UpdateCourse(ClinicId clinic_id, const clinic::Course& course) = 0;

  // --- Sessions (appointments) ------------------------------------------------------------
  // kNotFound when the course or therapist is not in the clinic; kInvalidInput (field "end")
  // unless start < end.
  virtual Result<SessionId> CreateSession(ClinicId clinic_id, const clinic::Session& session) = 0;
  // The bulk path for imports (the synthetic cohort generator): adds every session (ids are not
  // returned; they follow the order of `sessions`; patient_id comes from the course, sequence is
  // 0) in one go, using the backend's fastest insert (see docs/store.md). Same checks as
  // CreateSession, naming the row: kInvalidInput "sessions[i]: N invalid field(s)" (field
  // "sessions[i].end"), kNotFound "sessions[i].course_id: course C not found" for the first row
  // naming an absent or foreign course (likewise therapist_id). On any failure nothing of the
  // batch is kept once the transaction rolls back. Returns the number of rows added.
  virtual Result<std::int64_t> BulkAddSessions(ClinicId clinic_id,
                                               std::span<const clinic::Session> sessions) = 0;
  virtual Result<clinic::Session> GetSession(ClinicId clinic_id, SessionId id) = 0;
  // Updates therapist, times, status and phase; increments `sequence`. The course cannot change
  // (kFailedPrecondition).
  virtual Status UpdateSession(ClinicId clinic_id, const clinic::Session& session) = 0;
  // Ordered by start, then id.
  virtual Result<std::vector<clinic::Session>> ListSessionsForCourse(ClinicId clinic_id,
                                                                     CourseId course_id) = 0;
  virtual Result<std::vector<clinic::Session>> ListSessionsForPatient(ClinicId clinic_id,
                                                                      PatientId patient_id) = 0;
  // Sessions whose start lies in `range`, ordered by start, then id.
  virtual Result<std::vector<clinic::Session>> ListSessionsForTherapist(ClinicId clinic_id,
                                                                        TherapistId therapist_id,
                                                                        TimeRange range) = 0;
  virtual Result<std::vector<clinic::Session>> ListSessionsInRange(ClinicId clinic_id,
                                                                   TimeRange range) = 0;

  // --- Session notes ----------------------------------------------------------------------
  // Creates a draft (status, signer and addenda in `note` are ignored). kNotFound when the
  // session is not in the clinic; kConflict (field "session_id") when the session has a note;
  // kInvalidInput from session::ValidateSessionNote.
  virtual Result<NoteId> CreateNote(ClinicId clinic_id, const session::SessionNote& note) = 0;
  virtual Result<session::SessionNote> GetNote(ClinicId clinic_id, NoteId id) = 0;
  // kNotFound "session note not found" when the session has no note.
  virtual Result<session::SessionNote> FindNoteForSession(ClinicId clinic_id,
                                                          SessionId session_id) = 0;
  // Notes of every session of the patient, ordered by session start, then note id.
  virtual Result<std::vector<session::SessionNote>> ListNotesForPatient(ClinicId clinic_id,
                                                                        PatientId patient_id) = 0;
  // Replaces the draft's SOAP, technique log, NPRS, adverse events and updated_at.
  // kFailedPrecondition "session note N is signed" when signed.
  virtual Status UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) = 0;
  // kFailedPrecondition when already signed.
  virtual Status SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                          clinic::Timestamp signed_at) = 0;
  // kFailedPrecondition "session note N is a draft" on a draft (edit it instead); kInvalidInput
  // when the text is empty.
  virtual Status AddAddendum(ClinicId clinic_id, NoteId id, const session::Addendum& addendum) = 0;
  // kFailedPrecondition when signed.
  virtual Status DeleteDraftNote(ClinicId clinic_id, NoteId id) = 0;

  // --- Questionnaire responses ------------------------------------------------------------
  // kNotFound when the patient (or course, if set) is not in the clinic; kInvalidInput when an
  // answer is outside [0, 1000].
  virtual Result<ResponseId> AddResponse(ClinicId clinic_id,
                                         const clinic::QuestionnaireResponse& response) = 0;
  virtual Result<clinic::QuestionnaireResponse> GetResponse(ClinicId clinic_id, ResponseId id) = 0;
  // Ordered by taken_at, then id.
  virtual Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(
      ClinicId clinic_id, PatientId patient_id) = 0;
  // The patient's latest response to `instrument_id` that has a score (latest by taken_at, then
  // id), or nullopt when there is none: a chart's "latest NPRS" without reading every response.
  virtual Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
      ClinicId clinic_id, PatientId patient_id, instrument::InstrumentId instrument_id) = 0;
  // Up to `limit` responses of the clinic with id > after, by id (for loading analytics).
  virtual Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(ClinicId clinic_id,
                                                                                 ResponseId after,
                                                                                 int limit) = 0;
  // The bulk path for imports: adds every response (ids are not returned; they follow the order
  // of `responses`) in one go, using the backend's fastest insert (see docs/store.md). Same checks
  // as AddResponse, naming the row: kInvalidInput "responses[i]: N invalid field(s)" (fields
  // "responses[i].answers[0]", ...), kNotFound "responses[i].patient_id: patient P not found" for
  // the first row naming an absent or foreign patient (likewise course_id). On any failure nothing
  // of the batch is kept once the transaction rolls back. Returns the number of rows added.
  virtual Result<std::int64_t> BulkAddResponses(
      ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) = 0;

  // --- Screening --------------------------------------------------------------------------
  virtual Result<clinic::ScreeningId> AddScreeningResult(ClinicId clinic_id,
                                                         const clinic::ScreeningResult& result) = 0;
  // kNotFound "screening result N not found".
  virtual Result<clinic::ScreeningResult> GetScreeningResult(ClinicId clinic_id,
                                                             clinic::ScreeningId id) = 0;
  // Ordered by screened_at, then id.
  virtual Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(
      ClinicId clinic_id, PatientId patient_id) = 0;

  // --- Home program and adherence ---------------------------------------------------------
  // kNotFound when the patient or course is not in the clinic, or the course is not the
  // patient's.
  virtual Result<clinic::AssignmentId> AddHomeProgramAssignment(
      ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) = 0;
  // Ordered by start_date, then id.
  virtual Result<std::vector<clinic::HomeProgramAssignment>> ListHomeProgramAssignments(
      ClinicId clinic_id, PatientId patient_id) = 0;
  // Inserts or replaces the entry for (patient, date, exercise_id).
  virtual Status RecordAdherence(ClinicId clinic_id, const clinic::AdherenceEntry& entry) = 0;
  // Entries with from <= date <= to, ordered by date, then exercise_id.
  virtual Result<std::vector<clinic::AdherenceEntry>> ListAdherence(ClinicId clinic_id,
                                                                    PatientId patient_id,
                                                                    clinic::Date from,
                                                                    clinic::Date to) = 0;

  // --- Bulk reads -------------------------------------------------------------------------
  // PatientRecords of the patients with first <= id <= last (none when first > last).
  virtual Result<PatientRecords> ReadPatientRecords(ClinicId clinic_id, PatientId first,
                                                    PatientId last) = 0;

  // --- Alerts -----------------------------------------------------------------------------
  // Acknowledgement fields in `alert` are ignored.
  virtual Result<AlertId> AddAlert(ClinicId clinic_id, const clinic::Alert& alert) = 0;
  virtual Result<clinic::Alert> GetAlert(ClinicId clinic_id, AlertId id) = 0;
  // Ordered by created_at, then id.
  virtual Result<std::vector<clinic::Alert>> ListAlerts(ClinicId clinic_id, AlertFilter filter) = 0;
  // The alerts about the patients with first <= id <= last (acknowledged or not), by id.
  virtual Result<std::vector<clinic::Alert>> ListPatientAlerts(ClinicId clinic_id, PatientId first,
                                                               PatientId last) = 0;
  // kFailedPrecondition when already acknowledged.
  virtual Status AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                                  clinic::Timestamp at) = 0;

  // --- Clinic closures --------------------------------------------------------------------
  // Adds a closure (id and clinic_id ignored). kInvalidInput when the reason is empty, a day is not
  // a valid date or last_day is before first_day; kNotFound when created_by is not a user of the
  // clinic. Overlaps are not checked here (core/plan/closure_rules.h does, in the use case).
  virtual Result<ClosureId> AddClosure(ClinicId clinic_id,
                                       const clinic::ClinicClosure& closure) = 0;
  // The clinic's closures, ordered by first_day, then id.
  virtual Result<std::vector<clinic::ClinicClosure>> ListClosures(ClinicId clinic_id) = 0;
  // Deletes the closure. kNotFound "closure N not found".
  virtual Status DeleteClosure(ClinicId clinic_id, ClosureId id) = 0;

  // --- Browser sessions and failed logins (installation-wide: a cookie names no clinic) ------
  // Stores a new session. kInvalidInput when id_hash is not 64 lower-case hex digits; kNotFound
  // when the user is not in the clinic; kConflict (field "id_hash") when the hash is taken.
  virtual Status CreateWebSession(const clinic::WebSession& session) = 0;
  // kNotFound "session not found" when no session has this hash.
  virtual Result<clinic::WebSession> FindWebSession(std::string_view id_hash) = 0;
  // Sets the session's last_seen_at; a session that is gone is not an error.
  virtual Status TouchWebSession(std::string_view id_hash, clinic::Timestamp at) = 0;
  // Ends one session (logout); a session that is gone is not an error.
  virtual Status DeleteWebSession(std::string_view id_hash) = 0;
  // Ends every session of the user (their login was disabled).
  virtual Status DeleteUserWebSessions(ClinicId clinic_id, UserId user_id) = 0;
  // The user's sessions of every stage, newest first.
  virtual Result<std::vector<clinic::WebSession>> ListUserWebSessions(ClinicId clinic_id,
                                                                      UserId user_id) = 0;

  // --- Two-step sign-in ------------------------------------------------------------------
  // The user's recovery codes become `code_hashes` (SHA-256 hex of each code; earlier codes,
  // used or not, are forgotten). kInvalidInput when a hash is malformed or repeats; kNotFound
  // when the user is not in the clinic.
  virtual Status ReplaceRecoveryCodes(ClinicId clinic_id, UserId user_id,
                                      const std::vector<std::string>& code_hashes) = 0;
  // Marks the unused code with this hash used at `at`. kNotFound "recovery code not found" when
  // the user has no such unused code, so two requests with one code cannot both succeed.
  virtual Status UseRecoveryCode(ClinicId clinic_id, UserId user_id, std::string_view code_hash,
                                 clinic::Timestamp at) = 0;
  // How many of the user's recovery codes are unused.
  virtual Result<int> CountRecoveryCodes(ClinicId clinic_id, UserId user_id) = 0;
  // Records that the TOTP code of `step` was accepted (User::totp_last_step; UpdateUser never
  // writes that field). kConflict "the code was used already" when the user's last accepted step
  // is `step` or later, so one code works once even under concurrent logins; kNotFound when the
  // user is not in the clinic.
  virtual Status ClaimTotpStep(ClinicId clinic_id, UserId user_id, std::int64_t step) = 0;
  // Records one failed login under `key` (non-empty, at most 400 bytes; kInvalidInput otherwise).
  virtual Status AddLoginFailure(std::string_view key, clinic::Timestamp at) = 0;
  // The key's failures at or after `since`, oldest first.
  virtual Result<std::vector<clinic::Timestamp>> ListLoginFailures(std::string_view key,
                                                                   clinic::Timestamp since) = 0;
  // Forgets every failure of the key (a successful login).
  virtual Status ClearLoginFailures(std::string_view key) = 0;
  // Housekeeping: deletes sessions last seen before `sessions_seen_before` and failures before
  // `failures_before`.
  virtual Status PruneLogins(clinic::Timestamp sessions_seen_before,
                             clinic::Timestamp failures_before) = 0;

  // --- Access links: invitations and password resets (installation-wide: a link names no
  // clinic) ------------------------------------------------------------------------------------
  // Stores a new link (used_at ignored). kInvalidInput when token_hash is not 64 lower-case hex
  // digits or expires_at is not after created_at; kNotFound when the user or created_by is not in
  // the clinic; kConflict (field "token_hash") when the hash is taken.
  virtual Status CreateAccessLink(const clinic::AccessLink& link) = 0;
  // kNotFound "link not found" when no link has this hash.
  virtual Result<clinic::AccessLink> FindAccessLink(std::string_view token_hash) = 0;
  // Marks the link used at `at`. kNotFound when absent; kGone when it was used already, so two
  // requests racing with one link cannot both succeed.
  virtual Status UseAccessLink(std::string_view token_hash, clinic::Timestamp at) = 0;
  // Deletes the user's unused links (their login was disabled, or a link of theirs was used);
  // used links stay, so a replay is told the link was used.
  virtual Status DeleteUnusedAccessLinks(ClinicId clinic_id, UserId user_id) = 0;

  // --- Calendar feeds (found by token hash, installation-wide like sessions) ------------------
  // Stores the login's feed, replacing any earlier one (its URL stops working). kInvalidInput when
  // token_hash is not 64 lower-case hex digits; kNotFound when the user is not in the clinic;
  // kConflict (field "token_hash") when another login's feed has the hash.
  virtual Status ReplaceCalendarFeed(const clinic::CalendarFeed& feed) = 0;
  // kNotFound "feed not found" when no feed has this hash.
  virtual Result<clinic::CalendarFeed> FindCalendarFeed(std::string_view token_hash) = 0;
  // Deletes the login's feed; none is not an error.
  virtual Status DeleteCalendarFeed(ClinicId clinic_id, UserId user_id) = 0;

  // --- The email outbox (installation-wide: one sender serves every clinic) --------------------
  // Adds a pending message (id, status, attempts, sent_at, last_error ignored; next_attempt_at is
  // its first try). kInvalidInput when the recipient is not an address, the recipient or subject
  // holds CR or LF, or deliver_by is not after created_at; kNotFound for an unknown clinic.
  virtual Result<EmailId> EnqueueEmail(ClinicId clinic_id, const clinic::OutgoingEmail& email) = 0;
  // Claims up to `limit` pending messages due at `now` (next_attempt_at <= now), oldest due first,
  // by moving their next_attempt_at to `lease_until`: another sender sees them again only if this
  // one stops before recording the attempt. Returns them as claimed.
  virtual Result<std::vector<clinic::OutgoingEmail>> ClaimDueEmails(clinic::Timestamp now,
                                                                    clinic::Timestamp lease_until,
                                                                    int limit) = 0;
  // Records an attempt on a claimed message: kSent (body erased, sent_at = at), kPending (tried
  // again at next_attempt_at) or kFailed; attempts + 1 and last_error set either way. kNotFound
  // "email N not found".
  virtual Status RecordEmailAttempt(EmailId id, clinic::EmailStatus status, clinic::Timestamp at,
                                    clinic::Timestamp next_attempt_at, std::string_view error) = 0;
  // A message by id (kNotFound "email N not found").
  virtual Result<clinic::OutgoingEmail> GetEmail(EmailId id) = 0;
  // How many messages are pending.
  virtual Result<std::int64_t> CountPendingEmails() = 0;

  // --- Reminders (core/clinic/reminders.h) --------------------------------------------------
  // The patient's reminder settings, or the defaults (PatientReminders{} with the patient's id)
  // when never set. kNotFound when the patient is not in the clinic.
  virtual Result<clinic::PatientReminders> GetPatientReminders(ClinicId clinic_id,
                                                               PatientId patient_id) = 0;
  // Writes the settings of reminders.patient_id. kNotFound when the patient is not in the
  // clinic; kInvalidInput from ValidatePatientReminders.
  virtual Status PutPatientReminders(ClinicId clinic_id,
                                     const clinic::PatientReminders& reminders) = 0;
  // Records that the reminder of `kind` under `key` (AppointmentReminderKey, NudgeReminderKey) was
  // sent to the patient at `at`. Returns false and writes nothing when that (kind, patient, key)
  // is recorded already: the unique key makes two sweeps, even on two servers, send one email.
  // kNotFound when the patient is not in the clinic; kInvalidInput when key is empty.
  virtual Result<bool> RecordSentReminder(ClinicId clinic_id, PatientId patient_id,
                                          clinic::ReminderKind kind, std::string_view key,
                                          clinic::Timestamp at) = 0;
  // Unsubscribe tokens, found by hash (installation-wide: a link names no clinic). Create:
  // kConflict (field "token_hash") when the hash exists; kNotFound when the patient is not in
  // the clinic. Find: kNotFound "unsubscribe token not found". Use sets used_at (kept when set
  // already). DeleteUnsubscribeTokens drops the patient's tokens of `kind`.
  virtual Status CreateUnsubscribeToken(const clinic::UnsubscribeToken& token) = 0;
  virtual Result<clinic::UnsubscribeToken> FindUnsubscribeToken(std::string_view token_hash) = 0;
  virtual Status UseUnsubscribeToken(std::string_view token_hash, clinic::Timestamp at) = 0;
  virtual Status DeleteUnsubscribeTokens(ClinicId clinic_id, PatientId patient_id,
                                         clinic::ReminderKind kind) = 0;

  // --- Web Push (core/clinic/push.h) -------------------------------------------------------
  // The clinic's VAPID keys; nullopt when it has none yet (a clinic made before schema 22).
  // kNotFound for an unknown clinic.
  virtual Result<std::optional<clinic::VapidKeys>> GetVapidKeys(ClinicId clinic_id) = 0;
  // Stores the clinic's keys. kConflict (field "vapid_keys") when it has keys already: they are
  // never replaced, the browsers' subscriptions were made to them. kNotFound for an unknown
  // clinic; kInvalidInput when a key is empty.
  virtual Status CreateVapidKeys(ClinicId clinic_id, const clinic::VapidKeys& keys) = 0;
  // Stores a subscription (its id ignored) and returns its id. When the clinic has that endpoint
  // already, the row takes the new patient, keys and created_at and keeps its id (a browser that
  // subscribes again, or a shared phone). kInvalidInput from ValidatePushSubscription; kNotFound
  // when the patient is not in the clinic.
  virtual Result<PushSubscriptionId> PutPushSubscription(
      const clinic::PushSubscription& subscription) = 0;
  // The patient's subscriptions, oldest first (created_at, then id).
  virtual Result<std::vector<clinic::PushSubscription>> ListPushSubscriptions(
      ClinicId clinic_id, PatientId patient_id) = 0;
  // Deletes one of the patient's subscriptions. kNotFound "push subscription N not found" when
  // the patient has none with that id.
  virtual Status DeletePushSubscription(ClinicId clinic_id, PatientId patient_id,
                                        PushSubscriptionId id) = 0;

  // --- Protocol versions (installation-wide: the clinics of a network share them) -------------
  // Stores a version. kInvalidInput when protocol_id is empty, version < 1, the source is empty or
  // source_sha256 is not 64 lower-case hex digits; kConflict (field "version") when the protocol
  // already has this version, whatever its content (versions never change once stored).
  virtual Status AddProtocolVersion(const clinic::ProtocolVersion& version) = 0;
  // kNotFound "protocol '<id>' version <v> not found".
  virtual Result<clinic::ProtocolVersion> GetProtocolVersion(std::string_view protocol_id,
                                                             int version) = 0;
  // Every stored version with its source left empty, by protocol id, then version.
  virtual Result<std::vector<clinic::ProtocolVersion>> ListProtocolVersions() = 0;

  // --- Audit trail ------------------------------------------------------------------------
  // Appends `events` in order (their clinic_id is ignored). kConflict (field "seq") unless the
  // seqs run on from the clinic's last seq (1 for the first event) — two writers racing for the
  // same seq cannot both succeed. kInvalidInput when an action or hash is empty; kNotFound for an
  // actor not of the clinic. Every event is checked before any is written.
  virtual Status AppendAuditEvents(ClinicId clinic_id,
                                   std::span<const clinic::AuditEvent> events) = 0;
  Status AppendAuditEvent(ClinicId clinic_id, const clinic::AuditEvent& event) {
    return AppendAuditEvents(clinic_id, std::span<const clinic::AuditEvent>(&event, 1));
  }
  // The clinic's event with the highest seq; nullopt when there is none.
  virtual Result<std::optional<clinic::AuditEvent>> LastAuditEvent(ClinicId clinic_id) = 0;
  // Up to `limit` events with seq > after_seq, by seq.
  virtual Result<std::vector<clinic::AuditEvent>> ListAuditEvents(ClinicId clinic_id,
                                                                  std::int64_t after_seq,
                                                                  int limit) = 0;
  // A patient's access log: up to `limit` of the clinic's events about `patient_id`'s records,
  // with seq < before_seq, newest (highest seq) first. "About the patient": record_type
  // "patient" with the patient's id, or a "session", "session_note", "response", "course",
  // "screening", "home_program" or "alert" record that belongs to the patient (an alert with no
  // patient belongs to no one). Events by one of the patient's own logins (users.patient_id) are
  // left out; events by the system (no actor) are kept. An unknown patient (or one of another
  // clinic) has no events: an empty list, not an error. Runs on an index of (clinic_id,
  // record_type, record_id, seq), so the cost follows the patient's events, not the clinic's.
  virtual Result<std::vector<clinic::AuditEvent>> ListPatientAccessEvents(ClinicId clinic_id,
                                                                          PatientId patient_id,
                                                                          std::int64_t before_seq,
                                                                          int limit) = 0;
};

// Where units of work begin. Administration (migrations, schema version, backups) is not part of
// the port: it lives in store::Database (src/store/database.h), which only the CLI uses.
class ClinicStore {
 public:
  virtual ~ClinicStore() = default;

  // A read-write unit of work. Writers are serialised; a writer may wait for another up to the
  // backend's busy timeout, then kUnavailable.
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
  // A read-only unit of work seeing one consistent snapshot. Never blocks writers (SQLite WAL,
  // PostgreSQL MVCC).
  virtual Result<std::unique_ptr<Transaction>> BeginReadOnly() = 0;
};

}  // namespace backcare::ports

#endif  // BACKCARE_CORE_PORTS_CLINIC_STORE_H_
