#include "store/common/validation.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <unordered_set>
#include <utility>
#include <vector>

namespace backcare::store {
namespace {

class Checker {
 public:
  explicit Checker(std::string what) : what_(std::move(what)) {}

  void NonEmpty(std::string_view path, const std::string& value) {
    if (value.empty()) {
      errors_.push_back({"", std::string(path), "expected a non-empty value"});
    }
  }
  void Range(std::string_view path, std::int64_t value, std::int64_t min, std::int64_t max) {
    if (value < min || value > max) {
      errors_.push_back({"", std::string(path),
                         "expected " + std::to_string(min) + ".." + std::to_string(max) + ", got " +
                             std::to_string(value)});
    }
  }
  void DateOk(std::string_view path, const clinic::Date& date) {
    if (!date.ok()) {
      errors_.push_back({"", std::string(path), "expected a valid calendar date"});
    }
  }
  // Identifiers stored in comma-free encoded lists: [a-z0-9_]+.
  void Identifier(std::string_view path, const std::string& value) {
    bool ok = !value.empty();
    for (char c : value) {
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (!ok) {
      errors_.push_back({"", std::string(path), "expected [a-z0-9_]+"});
    }
  }
  void Fail(std::string_view path, std::string message) {
    errors_.push_back({"", std::string(path), std::move(message)});
  }

  Status Done() {
    if (errors_.empty()) {
      return OkStatus();
    }
    std::string message = what_ + ": " + std::to_string(errors_.size()) + " invalid field(s)";
    return InvalidInput(std::move(message), std::move(errors_));
  }

 private:
  std::string what_;
  std::vector<FieldError> errors_;
};

// A text field that must not be empty.
struct RequiredText {
  std::string_view path;
  const std::string& value;
};

// The check of a record whose only rule is that some text fields are non-empty: kInvalidInput
// "<what>: N invalid field(s)" listing each empty one, in the order given, or OK.
Status RequireText(std::string what, std::initializer_list<RequiredText> fields) {
  Checker check(std::move(what));
  for (const RequiredText& field : fields) {
    check.NonEmpty(field.path, field.value);
  }
  return check.Done();
}

// The characters of UTF-8 `text`: its bytes other than continuation bytes (10xxxxxx).
std::size_t Utf8Characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// 64 lower-case hex digits: a SHA-256 digest as the store keeps secrets' hashes.
bool IsSha256Hex(std::string_view text) {
  bool hex = text.size() == 64;
  for (char c : text) {
    hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
  return hex;
}

bool IsBase64Url(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

Status ValidateClinic(const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(RequireText("clinic", {{"name", clinic.name}, {"time_zone", clinic.time_zone}}));
  Checker check("clinic");
  check.Range("patient_cancel_notice_hours", clinic.patient_cancel_notice_hours, 0, 720);
  check.Range("exercise_pain_alert_threshold", clinic.exercise_pain_alert_threshold, 1, 10);
  check.Range("appointment_reminder_hours", clinic.appointment_reminder_hours, 0,
              clinic::kMaxAppointmentReminderHours);
  if (!clinic.protocol_id.empty() && clinic.protocol_version < 1) {
    check.Fail("protocol_version", "expected >= 1 with protocol_id set, got " +
                                       std::to_string(clinic.protocol_version));
  }
  if (clinic.protocol_id.empty() && clinic.protocol_version != 0) {
    check.Fail("protocol_id", "expected a non-empty value with protocol_version set");
  }
  return check.Done();
}

Status ValidateUser(const clinic::User& user) {
  Checker check("user");
  check.NonEmpty("email", user.email);
  if (user.role == clinic::Role::kTherapist && !user.therapist_id) {
    check.Fail("therapist_id", "expected a therapist for role therapist");
  }
  if (user.role == clinic::Role::kPatient && !user.patient_id) {
    check.Fail("patient_id", "expected a patient for role patient");
  }
  return check.Done();
}

Status ValidateTherapist(const clinic::Therapist& therapist) {
  return RequireText("therapist", {{"family_name", therapist.family_name}});
}

Status ValidatePatient(const clinic::Patient& patient) {
  Checker check("patient");
  check.NonEmpty("family_name", patient.family_name);
  check.DateOk("date_of_birth", patient.date_of_birth);
  return check.Done();
}

Status ValidateRetention(const clinic::RetentionRecord& retention) {
  Checker check("retention record");
  check.NonEmpty("reason", retention.reason);
  check.DateOk("retain_until", retention.retain_until);
  return check.Done();
}

Status ValidateCourse(const clinic::Course& course) {
  Checker check("course");
  check.NonEmpty("protocol_id", course.protocol_id);
  check.Range("protocol_version", course.protocol_version, 1, 1'000'000);
  check.DateOk("start_date", course.start_date);
  if (course.discharge) {
    if (course.status == clinic::CourseStatus::kActive ||
        course.status == clinic::CourseStatus::kPaused) {
      check.Fail("discharge", "expected no discharge with status '" +
                                  std::string(clinic::CourseStatusName(course.status)) + "'");
    }
    check.DateOk("discharge.discharged_on", course.discharge->discharged_on);
    const std::size_t chars = Utf8Characters(course.discharge->note);
    if (chars > kMaxDischargeNoteChars) {
      check.Fail("discharge.note", "expected at most " + std::to_string(kMaxDischargeNoteChars) +
                                       " characters, got " + std::to_string(chars));
    }
  }
  return check.Done();
}

Status ValidateNewCourse(const clinic::Course& course) {
  if (course.discharge) {
    return InvalidInput("course: 1 invalid field(s)",
                        {{"", "discharge", "expected none: a course is created without one"}});
  }
  return ValidateCourse(course);
}

Status ValidateSession(const clinic::Session& session) {
  Checker check("session");
  if (!(session.start < session.end)) {
    check.Fail("end", "expected end after start");
  }
  return check.Done();
}

Status ValidateResponse(const clinic::QuestionnaireResponse& response) {
  Checker check("response");
  for (std::size_t i = 0; i < response.answers.size(); ++i) {
    if (response.answers[i]) {
      check.Range("answers[" + std::to_string(i) + "]", *response.answers[i], 0, 1000);
    }
  }
  return check.Done();
}

namespace {

// The first invalid row of a bulk add, its fields prefixed by "<collection>[<row>].".
template <typename T, typename Validate>
Status ValidateRows(std::string_view collection, std::span<const T> rows, Validate validate) {
  for (std::size_t row = 0; row < rows.size(); ++row) {
    Status status = validate(rows[row]);
    if (status) {
      continue;
    }
    Error error = std::move(status).error();
    const std::string prefix = std::string(collection) + "[" + std::to_string(row) + "]";
    error.message = prefix + ": " + std::to_string(error.fields.size()) + " invalid field(s)";
    for (FieldError& field : error.fields) {
      field.path = prefix + "." + field.path;
    }
    return error;
  }
  return OkStatus();
}

Error BulkRowNotFoundError(std::string_view collection, std::size_t row, std::string_view field,
                           std::string_view what, std::int64_t id) {
  return NotFound(std::string(collection) + "[" + std::to_string(row) + "]." + std::string(field) +
                  ": " + std::string(what) + " " + std::to_string(id) + " not found");
}

}  // namespace

Status ValidateResponses(std::span<const clinic::QuestionnaireResponse> responses) {
  return ValidateRows("responses", responses, ValidateResponse);
}

Status ValidateSessions(std::span<const clinic::Session> sessions) {
  return ValidateRows("sessions", sessions, ValidateSession);
}

SessionReferences FirstSessionReferences(std::span<const clinic::Session> sessions) {
  SessionReferences out;
  std::unordered_set<std::int64_t> courses;
  std::unordered_set<std::int64_t> therapists;
  for (std::size_t row = 0; row < sessions.size(); ++row) {
    if (courses.insert(sessions[row].course_id.value()).second) {
      out.course_rows.push_back(row);
    }
    if (therapists.insert(sessions[row].therapist_id.value()).second) {
      out.therapist_rows.push_back(row);
    }
  }
  return out;
}

Error BulkSessionNotFoundError(std::size_t row, std::string_view field, std::string_view what,
                               std::int64_t id) {
  return BulkRowNotFoundError("sessions", row, field, what, id);
}

ResponseReferences FirstResponseReferences(
    std::span<const clinic::QuestionnaireResponse> responses) {
  ResponseReferences out;
  std::unordered_set<std::int64_t> patients;
  std::set<std::pair<std::int64_t, std::int64_t>> courses;
  std::int64_t last_patient = 0;  // consecutive rows of one patient skip the set
  for (std::size_t row = 0; row < responses.size(); ++row) {
    const clinic::QuestionnaireResponse& response = responses[row];
    const std::int64_t patient = response.patient_id.value();
    if ((row == 0 || patient != last_patient) && patients.insert(patient).second) {
      out.patient_rows.push_back(row);
    }
    last_patient = patient;
    if (response.course_id && courses.insert({response.course_id->value(), patient}).second) {
      out.course_rows.push_back(row);
    }
  }
  return out;
}

Error BulkNotFoundError(std::size_t row, std::string_view field, std::string_view what,
                        std::int64_t id) {
  return BulkRowNotFoundError("responses", row, field, what, id);
}

Status ValidateScreeningResult(const clinic::ScreeningResult& result) {
  Checker check("screening result");
  for (std::size_t i = 0; i < result.condition_ids.size(); ++i) {
    check.Identifier("condition_ids[" + std::to_string(i) + "]", result.condition_ids[i]);
  }
  if (!result.areas.empty() && result.areas.size() != result.condition_ids.size()) {
    check.Fail("areas", "expected one area per condition (" +
                            std::to_string(result.condition_ids.size()) + "), got " +
                            std::to_string(result.areas.size()));
  }
  for (std::size_t i = 0; i < result.resolved_ids.size(); ++i) {
    check.Identifier("resolved_ids[" + std::to_string(i) + "]", result.resolved_ids[i]);
  }
  if (result.outcome == screening::ReferralOutcome::kCleared &&
      (!result.cleared_on || result.clearance_source.empty())) {
    check.Fail("cleared_on", "a clearance needs its date and source");
  }
  return check.Done();
}

Status ValidateAssignment(const clinic::HomeProgramAssignment& assignment) {
  Checker check("home program assignment");
  for (std::size_t i = 0; i < assignment.exercise_ids.size(); ++i) {
    check.Identifier("exercise_ids[" + std::to_string(i) + "]", assignment.exercise_ids[i]);
  }
  check.DateOk("start_date", assignment.start_date);
  return check.Done();
}

Status ValidateAdherence(const clinic::AdherenceEntry& entry) {
  Checker check("adherence entry");
  check.DateOk("date", entry.date);
  check.NonEmpty("exercise_id", entry.exercise_id);
  if (entry.pain_rating) {
    check.Range("pain_rating", *entry.pain_rating, 0, 10);
  }
  return check.Done();
}

Status ValidateAlert(const clinic::Alert& alert) {
  return RequireText("alert", {{"kind", alert.kind}});
}

Status ValidateClinicClosure(const clinic::ClinicClosure& closure) {
  Checker check("closure");
  check.DateOk("first_day", closure.first_day);
  check.DateOk("last_day", closure.last_day);
  if (closure.first_day.ok() && closure.last_day.ok() &&
      std::chrono::sys_days{closure.last_day} < std::chrono::sys_days{closure.first_day}) {
    check.Fail("last_day", "expected a day on or after first_day");
  }
  check.NonEmpty("reason", closure.reason);
  return check.Done();
}

Status ValidateWebSession(const clinic::WebSession& session) {
  Checker check("session");
  if (!IsSha256Hex(session.id_hash)) {
    check.Fail("id_hash", "expected 64 lower-case hex digits");
  }
  if (session.user_agent.size() > 300) {
    check.Fail("user_agent",
               "expected at most 300 bytes, got " + std::to_string(session.user_agent.size()));
  }
  if (session.address.size() > 100) {
    check.Fail("address",
               "expected at most 100 bytes, got " + std::to_string(session.address.size()));
  }
  return check.Done();
}

Status ValidateRecoveryCodeHashes(const std::vector<std::string>& code_hashes) {
  Checker check("recovery codes");
  for (std::size_t i = 0; i < code_hashes.size(); ++i) {
    if (!IsSha256Hex(code_hashes[i])) {
      check.Fail("code_hashes[" + std::to_string(i) + "]", "expected 64 lower-case hex digits");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (code_hashes[j] == code_hashes[i]) {
        check.Fail("code_hashes[" + std::to_string(i) + "]", "repeats an earlier code");
      }
    }
  }
  return check.Done();
}

Status ValidateAccessLink(const clinic::AccessLink& link) {
  Checker check("link");
  if (!IsSha256Hex(link.token_hash)) {
    check.Fail("token_hash", "expected 64 lower-case hex digits");
  }
  if (link.expires_at <= link.created_at) {
    check.Fail("expires_at", "expected a time after created_at");
  }
  return check.Done();
}

Status ValidateCalendarFeed(const clinic::CalendarFeed& feed) {
  Checker check("feed");
  if (!IsSha256Hex(feed.token_hash)) {
    check.Fail("token_hash", "expected 64 lower-case hex digits");
  }
  return check.Done();
}

Status ValidateVapidKeys(const clinic::VapidKeys& keys) {
  constexpr std::size_t kPrivateKeyLength = 43;  // 32 bytes, unpadded base64url
  Checker check("vapid keys");
  if (keys.public_key.size() != clinic::kP256PublicKeyBase64Length ||
      !IsBase64Url(keys.public_key)) {
    check.Fail("public_key", "expected 87 base64url characters");
  }
  if (keys.private_key.size() != kPrivateKeyLength || !IsBase64Url(keys.private_key)) {
    check.Fail("private_key", "expected 43 base64url characters");
  }
  return check.Done();
}

Status ValidateProtocolVersion(const clinic::ProtocolVersion& version) {
  Checker check("protocol version");
  check.NonEmpty("protocol_id", version.protocol_id);
  if (version.version < 1) {
    check.Fail("version", "expected >= 1, got " + std::to_string(version.version));
  }
  check.NonEmpty("source", version.source);
  if (!IsSha256Hex(version.source_sha256)) {
    check.Fail("source_sha256", "expected 64 lower-case hex digits");
  }
  return check.Done();
}

Status ValidateOutgoingEmail(const clinic::OutgoingEmail& email) {
  Checker check("email");
  auto has_line_break = [](std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
  };
  if (email.recipient.empty() || email.recipient.size() > 320 ||
      email.recipient.find('@') == std::string::npos || has_line_break(email.recipient) ||
      email.recipient.find_first_of(" <>,;") != std::string::npos) {
    check.Fail("recipient", "expected one email address");
  }
  if (email.subject.empty() || has_line_break(email.subject)) {
    check.Fail("subject", "expected one non-empty line");
  }
  if (email.deliver_by <= email.created_at) {
    check.Fail("deliver_by", "expected a time after created_at");
  }
  const std::string_view unsubscribe = email.list_unsubscribe;
  if (!unsubscribe.empty() &&
      ((!unsubscribe.starts_with("https://") && !unsubscribe.starts_with("http://")) ||
       unsubscribe.size() > 2000 || unsubscribe.find_first_of("\r\n<> ") != std::string::npos)) {
    check.Fail("list_unsubscribe", "expected an http(s) URL without spaces or angle brackets");
  }
  return check.Done();
}

Status ValidateLoginFailureKey(std::string_view key) {
  Checker check("login failure");
  if (key.empty() || key.size() > 400) {
    check.Fail("key", "expected 1..400 bytes, got " + std::to_string(key.size()));
  }
  return check.Done();
}

Status ValidateAddendum(const session::Addendum& addendum) {
  return RequireText("addendum", {{"text", addendum.text}});
}

Status ValidateAuditEvent(const clinic::AuditEvent& event) {
  return RequireText("audit event", {{"action", event.action}, {"hash", event.hash}});
}

Error NotFoundError(std::string_view what, std::int64_t id) {
  return NotFound(std::string(what) + " " + std::to_string(id) + " not found");
}

Error ProtocolVersionNotFoundError(std::string_view protocol_id, int version) {
  return NotFound("protocol '" + std::string(protocol_id) + "' version " + std::to_string(version) +
                  " not found");
}

Error DischargedAlreadyError(CourseId id) {
  return FailedPrecondition("course " + std::to_string(id.value()) + " was discharged already");
}

Error ConflictError(std::string_view table, std::string_view field) {
  Error error = Conflict(std::string(table) + "." + std::string(field) + ": already exists");
  error.fields.push_back({"", std::string(field), "already exists"});
  return error;
}

Error ReadOnlyError() { return FailedPrecondition("transaction is read-only"); }
Error FinishedError() { return FailedPrecondition("transaction is finished"); }

Status TransactionChecks::CheckOpen() const {
  if (finished_) {
    return FinishedError();
  }
  return OkStatus();
}

Status TransactionChecks::CheckWrite() const {
  RETURN_IF_ERROR(CheckOpen());
  if (access_ == Access::kReadOnly) {
    return ReadOnlyError();
  }
  return OkStatus();
}

}  // namespace backcare::store
