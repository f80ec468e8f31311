// Checks shared by every ClinicStore adapter before a write, so memory, SQLite and PostgreSQL
// refuse the same input with the same message. Each returns kInvalidInput listing every bad field,
// or OK. The databases repeat the essential checks as constraints (second line of defence).
#ifndef BACKCARE_STORE_COMMON_VALIDATION_H_
#define BACKCARE_STORE_COMMON_VALIDATION_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/ports/clinic_store.h"

namespace backcare::store {

// Name and time zone non-empty, the cancellation notice 0..720 hours, and protocol_id and
// protocol_version both set (version >= 1) or neither (empty and 0).
Status ValidateClinic(const clinic::Clinic& clinic);
Status ValidateUser(const clinic::User& user);
Status ValidateTherapist(const clinic::Therapist& therapist);
Status ValidatePatient(const clinic::Patient& patient);
Status ValidateRetention(const clinic::RetentionRecord& retention);
// The longest discharge note the store keeps, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxDischargeNoteChars = 4000;
// protocol_id non-empty, protocol_version 1..1,000,000, start_date valid; a discharge only with
// status completed or discontinued ("discharge"), a valid date and a note of at most
// kMaxDischargeNoteChars characters ("discharge.note").
Status ValidateCourse(const clinic::Course& course);
// ValidateCourse, and no discharge: a course is created without one ("discharge").
Status ValidateNewCourse(const clinic::Course& course);
Status ValidateSession(const clinic::Session& session);
Status ValidateResponse(const clinic::QuestionnaireResponse& response);
// Every response of a bulk add, row by row: the first invalid row i is kInvalidInput
// "responses[i]: N invalid field(s)" with each field path prefixed by "responses[i].".
Status ValidateResponses(std::span<const clinic::QuestionnaireResponse> responses);
// The rows of a bulk add that first mention each distinct patient and each distinct (course,
// patient) pair, in row order: the references a store checks, one query each.
struct ResponseReferences {
  std::vector<std::size_t> patient_rows;
  std::vector<std::size_t> course_rows;
};
ResponseReferences FirstResponseReferences(
    std::span<const clinic::QuestionnaireResponse> responses);
// kNotFound "responses[<row>].<field>: <what> <id> not found" for a reference in a bulk add.
Error BulkNotFoundError(std::size_t row, std::string_view field, std::string_view what,
                        std::int64_t id);
// Every session of a bulk add, as ValidateResponses: kInvalidInput "sessions[i]: N invalid
// field(s)" with each field path prefixed by "sessions[i].".
Status ValidateSessions(std::span<const clinic::Session> sessions);
// The rows of a bulk add of sessions that first mention each distinct course and each distinct
// therapist, in row order.
struct SessionReferences {
  std::vector<std::size_t> course_rows;
  std::vector<std::size_t> therapist_rows;
};
SessionReferences FirstSessionReferences(std::span<const clinic::Session> sessions);
// kNotFound "sessions[<row>].<field>: <what> <id> not found".
Error BulkSessionNotFoundError(std::size_t row, std::string_view field, std::string_view what,
                               std::int64_t id);
Status ValidateScreeningResult(const clinic::ScreeningResult& result);
Status ValidateAssignment(const clinic::HomeProgramAssignment& assignment);
Status ValidateAdherence(const clinic::AdherenceEntry& entry);
Status ValidateAlert(const clinic::Alert& alert);
// Reason non-empty; both days valid dates, last_day not before first_day.
Status ValidateClinicClosure(const clinic::ClinicClosure& closure);
Status ValidateAddendum(const session::Addendum& addendum);
// A session's id_hash: 64 lower-case hex digits.
Status ValidateWebSession(const clinic::WebSession& session);
// Each is 64 lower-case hex digits and none repeats.
Status ValidateRecoveryCodeHashes(const std::vector<std::string>& code_hashes);
// A login-failure key: non-empty, at most 400 bytes.
Status ValidateLoginFailureKey(std::string_view key);
// An access link's token_hash (64 lower-case hex digits) and expiry (after its creation).
Status ValidateAccessLink(const clinic::AccessLink& link);
// An outbox message's recipient (an address, no CR/LF), subject (no CR/LF) and deliver_by (after
// created_at).
Status ValidateOutgoingEmail(const clinic::OutgoingEmail& email);
// A calendar feed's token_hash: 64 lower-case hex digits.
Status ValidateCalendarFeed(const clinic::CalendarFeed& feed);
// A clinic's VAPID keys in unpadded base64url: public_key 87 characters (a 65-byte P-256 point),
// private_key 43 (a 32-byte scalar); the schema checks the same lengths.
Status ValidateVapidKeys(const clinic::VapidKeys& keys);
// A protocol version's protocol_id and source (non-empty), version (>= 1) and source_sha256 (64
// lower-case hex digits).
Status ValidateProtocolVersion(const clinic::ProtocolVersion& version);
Status ValidateAuditEvent(const clinic::AuditEvent& event);

// "<what> <id> not found", e.g. "patient 7 not found". The one message for absent and foreign.
Error NotFoundError(std::string_view what, std::int64_t id);
// kNotFound "protocol '<id>' version <v> not found": a version the store does not hold.
Error ProtocolVersionNotFoundError(std::string_view protocol_id, int version);
// kFailedPrecondition "course <id> was discharged already": an update that changes or drops a
// stored discharge (it is written once).
Error DischargedAlreadyError(CourseId id);
// kConflict "<table>.<field>: already exists" with the field named.
Error ConflictError(std::string_view table, std::string_view field);
// kFailedPrecondition "transaction is read-only" / "transaction is finished".
Error ReadOnlyError();
Error FinishedError();

// The first check of every method of an adapter's transaction, so every backend refuses alike.
class TransactionChecks {
 public:
  enum class Access { kReadOnly, kReadWrite };

  explicit TransactionChecks(Access access) : access_(access) {}

  // FinishedError() once Finish() was called, else OK.
  Status CheckOpen() const;
  // CheckOpen(), then ReadOnlyError() in a read-only transaction.
  Status CheckWrite() const;
  // After Commit (or a failed one): every check fails from now on.
  void Finish() { finished_ = true; }
  bool finished() const { return finished_; }

 private:
  Access access_;
  bool finished_ = false;
};

}  // namespace backcare::store

#endif  // BACKCARE_STORE_COMMON_VALIDATION_H_
