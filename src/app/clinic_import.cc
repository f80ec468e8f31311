#include "app/clinic_import.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/service_support.h"
#include "core/instrument/score.h"

namespace backcare::app {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

using NameKey = std::tuple<std::string, std::string, std::int64_t>;

NameKey NameKeyOf(const clinic::PatientKey& key) {
  return {key.family_name, key.given_name,
          std::chrono::sys_days{key.date_of_birth}.time_since_epoch().count()};
}

std::int64_t DayNumber(clinic::Date date) {
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

// Every problem of one import, reported in line order.
class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}

  void Add(int line, std::string_view column, std::string message) {
    problems_.push_back({line, FieldError{source_ + ":" + std::to_string(line),
                                          "column " + std::string(column), std::move(message)}});
  }
  bool empty() const { return problems_.empty(); }

  Status ToStatus() {
    if (problems_.empty()) return OkStatus();
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<FieldError> fields;
    for (auto& [line, field] : problems_) fields.push_back(std::move(field));
    std::string message =
        std::to_string(fields.size()) + " problem(s) in " + source_ + "; nothing written";
    return InvalidInput(std::move(message), std::move(fields));
  }

 private:
  std::string source_;
  std::vector<std::pair<int, FieldError>> problems_;
};

// The clinic's patients (not deleted) by natural key.
class PatientDirectory {
 public:
  explicit PatientDirectory(const std::vector<clinic::Patient>& patients) {
    for (const clinic::Patient& patient : patients) {
      if (!patient.email.empty()) by_email_[LowerAscii(patient.email)].push_back(patient.id);
      by_name_[NameKeyOf(clinic::KeyOf(patient))].push_back(patient.id);
    }
  }

  // The patient `key` names, or nullopt with a problem (none or several) added.
  std::optional<PatientId> Resolve(const clinic::PatientKey& key, int line,
                                   Problems& problems) const {
    const std::vector<PatientId>* found = nullptr;
    if (!key.email.empty()) {
      const auto it = by_email_.find(LowerAscii(key.email));
      if (it != by_email_.end()) found = &it->second;
      if (found == nullptr) {
        problems.Add(line, "patient_email", "no patient of the clinic has this email");
        return std::nullopt;
      }
    } else {
      const auto it = by_name_.find(NameKeyOf(key));
      if (it != by_name_.end()) found = &it->second;
      if (found == nullptr) {
        problems.Add(line, "patient_family_name",
                     "no patient of the clinic has this family name, given name and date of "
                     "birth");
        return std::nullopt;
      }
    }
    if (found->size() > 1) {
      problems.Add(line, key.email.empty() ? "patient_family_name" : "patient_email",
                   "more than one patient of the clinic matches");
      return std::nullopt;
    }
    return found->front();
  }

 private:
  std::unordered_map<std::string, std::vector<PatientId>> by_email_;
  std::map<NameKey, std::vector<PatientId>> by_name_;
};

// Audit events chained in memory and appended in one call, inside the import's transaction.
class AuditChain {
 public:
  static Result<AuditChain> Start(ports::Transaction& transaction, ClinicId clinic_id) {
    AuditChain chain;
    ASSIGN_OR_RETURN(std::optional<clinic::AuditEvent> last, transaction.LastAuditEvent(clinic_id));
    if (last) chain.head_ = AuditHead{last->seq, last->hash};
    return chain;
  }
  void Add(const RequestContext& context, clinic::Timestamp at, std::string_view action,
           std::string_view record_type, std::int64_t record_id) {
    clinic::AuditEvent event = NextAuditEvent(head_, context, at, action, record_type, record_id);
    head_ = AuditHead{event.seq, event.hash};
    events_.push_back(std::move(event));
  }
  Status Append(ports::Transaction& transaction, ClinicId clinic_id) {
    return transaction.AppendAuditEvents(clinic_id, events_);
  }

 private:
  AuditHead head_;
  std::vector<clinic::AuditEvent> events_;
};

Result<std::unique_ptr<ports::Transaction>> BeginFor(const AppContext& app,
                                                     const ImportOptions& options) {
  return options.mode == ImportMode::kDryRun ? internal::BeginRead(app) : internal::BeginWrite(app);
}

clinic::Timestamp Micros(clinic::Timestamp at) {
  return clinic::FromUnixMicros(clinic::ToUnixMicros(at));
}

}  // namespace

Result<ImportSummary> ImportPatients(const AppContext& app, const RequestContext& context,
                                     std::span<const clinic::PatientImportRow> rows,
                                     const ImportOptions& options) {
  RETURN_IF_ERROR(RequireRole(context.actor, kImportClinicData));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, BeginFor(app, options));
  ASSIGN_OR_RETURN(const std::vector<clinic::Patient> existing,
                   transaction->ListPatients(clinic_id, ports::PatientFilter::kExcludeDeleted));
  const clinic::Timestamp now = internal::Now(app);
  const auto today = std::chrono::floor<std::chrono::days>(now);
  // Who holds each key first: "patient N" (stored) or "line L" (this file).
  std::unordered_map<std::string, std::string> emails;
  std::map<NameKey, std::string> names;
  for (const clinic::Patient& patient : existing) {
    const std::string holder = "patient " + std::to_string(patient.id.value());
    if (!patient.email.empty()) emails.emplace(LowerAscii(patient.email), holder);
    names.emplace(NameKeyOf(clinic::KeyOf(patient)), holder);
  }
  Problems problems(options.source);
  for (const clinic::PatientImportRow& row : rows) {
    const clinic::Patient& patient = row.patient;
    if (!patient.date_of_birth.ok()) {
      problems.Add(row.line, "date_of_birth", "expected a valid calendar date");
      continue;
    }
    if (std::chrono::sys_days{patient.date_of_birth} > today) {
      problems.Add(row.line, "date_of_birth", "expected a date not after today");
    }
    const std::string holder = "line " + std::to_string(row.line);
    if (!patient.email.empty()) {
      const auto [it, added] = emails.emplace(LowerAscii(patient.email), holder);
      if (!added) problems.Add(row.line, "email", "duplicate: the same email as " + it->second);
    } else {
      const auto [it, added] = names.emplace(NameKeyOf(clinic::KeyOf(patient)), holder);
      if (!added) {
        problems.Add(
            row.line, "family_name",
            "duplicate: the same family name, given name and date of birth as " + it->second);
      }
    }
  }
  RETURN_IF_ERROR(problems.ToStatus());
  ImportSummary summary;
  summary.rows = static_cast<std::int64_t>(rows.size());
  if (options.mode == ImportMode::kDryRun) return summary;
  ASSIGN_OR_RETURN(AuditChain audit, AuditChain::Start(*transaction, clinic_id));
  for (const clinic::PatientImportRow& row : rows) {
    clinic::Patient patient = row.patient;
    patient.deletion.reset();
    ASSIGN_OR_RETURN(PatientId id, transaction->CreatePatient(clinic_id, patient));
    audit.Add(context, now, "patient.create", "patient", id.value());
  }
  RETURN_IF_ERROR(audit.Append(*transaction, clinic_id));
  RETURN_IF_ERROR(transaction->Commit());
  return summary;
}

Result<ImportSummary> ImportResponses(const AppContext& app, const RequestContext& context,
                                      std::span<const clinic::ResponseImportRow> rows,
                                      const ImportOptions& options) {
  RETURN_IF_ERROR(RequireRole(context.actor, kImportClinicData));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, BeginFor(app, options));
  ASSIGN_OR_RETURN(const std::vector<clinic::Patient> patients,
                   transaction->ListPatients(clinic_id, ports::PatientFilter::kExcludeDeleted));
  const PatientDirectory directory(patients);
  ASSIGN_OR_RETURN(const std::vector<clinic::Course> courses, transaction->ListCourses(clinic_id));
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<CourseId>> courses_by_start;
  for (const clinic::Course& course : courses) {
    courses_by_start[{course.patient_id.value(), DayNumber(course.start_date)}].push_back(
        course.id);
  }
  // The natural keys taken: (patient, instrument, taken_at in microseconds) -> holder.
  using ResponseKey = std::tuple<std::int64_t, int, std::int64_t>;
  std::map<ResponseKey, std::string> taken;
  ResponseId last_id{0};
  for (;;) {
    ASSIGN_OR_RETURN(const std::vector<clinic::QuestionnaireResponse> page,
                     transaction->ListClinicResponses(clinic_id, last_id, 1000));
    for (const clinic::QuestionnaireResponse& response : page) {
      taken.emplace(
          ResponseKey{response.patient_id.value(), static_cast<int>(response.instrument_id),
                      clinic::ToUnixMicros(response.taken_at)},
          "response " + std::to_string(response.id.value()));
      last_id = response.id;
    }
    if (page.size() < 1000) break;
  }
  Problems problems(options.source);
  std::vector<clinic::QuestionnaireResponse> responses;
  responses.reserve(rows.size());
  for (const clinic::ResponseImportRow& row : rows) {
    const std::optional<PatientId> patient_id = directory.Resolve(row.patient, row.line, problems);
    std::optional<CourseId> course_id;
    if (patient_id && row.course_start_date) {
      const auto found =
          courses_by_start.find({patient_id->value(), DayNumber(*row.course_start_date)});
      if (found == courses_by_start.end()) {
        problems.Add(row.line, "course_start_date",
                     "the patient has no course starting on this date");
      } else if (found->second.size() > 1) {
        problems.Add(row.line, "course_start_date",
                     "the patient has more than one course starting on this date");
      } else {
        course_id = found->second.front();
      }
    }
    const Result<instrument::Score> score =
        instrument::ScoreAnswers(row.response.instrument_id, row.response.answers);
    if (!score) problems.Add(row.line, "answers", score.error().message);
    if (!patient_id || !score) continue;
    clinic::QuestionnaireResponse response = row.response;
    response.patient_id = *patient_id;
    response.course_id = course_id;
    response.taken_at = Micros(response.taken_at);
    response.score_status = score->status;
    response.score = score->value ? std::optional<double>(score->value->ToDouble()) : std::nullopt;
    const auto [it, added] =
        taken.emplace(ResponseKey{patient_id->value(), static_cast<int>(response.instrument_id),
                                  clinic::ToUnixMicros(response.taken_at)},
                      "line " + std::to_string(row.line));
    if (!added) {
      problems.Add(row.line, "taken_at",
                   "duplicate: the same patient, instrument and time as " + it->second);
      continue;
    }
    responses.push_back(std::move(response));
  }
  RETURN_IF_ERROR(problems.ToStatus());
  ImportSummary summary;
  summary.rows = static_cast<std::int64_t>(rows.size());
  if (options.mode == ImportMode::kDryRun || rows.empty()) return summary;
  ASSIGN_OR_RETURN(AuditChain audit, AuditChain::Start(*transaction, clinic_id));
  RETURN_IF_ERROR(transaction->BulkAddResponses(clinic_id, responses));
  // The bulk path returns no ids; they follow the rows' order after the last stored id.
  const clinic::Timestamp now = internal::Now(app);
  ResponseId after = last_id;
  for (;;) {
    ASSIGN_OR_RETURN(const std::vector<clinic::QuestionnaireResponse> page,
                     transaction->ListClinicResponses(clinic_id, after, 1000));
    for (const clinic::QuestionnaireResponse& response : page) {
      audit.Add(context, now, "response.create", "response", response.id.value());
      after = response.id;
    }
    if (page.size() < 1000) break;
  }
  RETURN_IF_ERROR(audit.Append(*transaction, clinic_id));
  RETURN_IF_ERROR(transaction->Commit());
  return summary;
}

Result<ImportSummary> ImportSessions(const AppContext& app, const RequestContext& context,
                                     std::span<const clinic::SessionImportRow> rows,
                                     const ImportOptions& options) {
  RETURN_IF_ERROR(RequireRole(context.actor, kImportClinicData));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, BeginFor(app, options));
  ASSIGN_OR_RETURN(const std::vector<clinic::Patient> patients,
                   transaction->ListPatients(clinic_id, ports::PatientFilter::kExcludeDeleted));
  const PatientDirectory directory(patients);
  ASSIGN_OR_RETURN(const std::vector<clinic::Therapist> therapists,
                   transaction->ListTherapists(clinic_id));
  std::map<std::string, std::vector<TherapistId>> by_license;
  for (const clinic::Therapist& therapist : therapists) {
    if (!therapist.license_number.empty()) {
      by_license[therapist.license_number].push_back(therapist.id);
    }
  }
  // Courses by (patient, protocol, version, start day): stored ones, then those to create.
  using CourseKey = std::tuple<std::int64_t, std::string, int, std::int64_t>;
  ASSIGN_OR_RETURN(const std::vector<clinic::Course> courses, transaction->ListCourses(clinic_id));
  std::map<CourseKey, CourseId> stored_courses;
  for (const clinic::Course& course : courses) {
    stored_courses.emplace(CourseKey{course.patient_id.value(), course.protocol_id,
                                     course.protocol_version, DayNumber(course.start_date)},
                           course.id);
  }
  std::map<CourseKey, std::size_t> new_course_index;
  std::vector<clinic::Course> new_courses;
  std::set<std::pair<std::string, int>> known_protocols;
  // Sessions taken: (patient, start in microseconds) -> holder.
  // Every instant a session may have (a Timestamp holds 1677..2262).
  using std::chrono::day;
  using std::chrono::year;
  const clinic::Timestamp everything_from =
      *clinic::StartOfDayUtc(clinic::Date{year{1700}, std::chrono::January, day{1}});
  const clinic::Timestamp everything_to =
      *clinic::StartOfDayUtc(clinic::Date{year{2260}, std::chrono::January, day{1}});
  ASSIGN_OR_RETURN(const std::vector<clinic::Session> stored_sessions,
                   transaction->ListSessionsInRange(clinic_id, {everything_from, everything_to}));
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> taken;
  SessionId last_session{0};
  for (const clinic::Session& session : stored_sessions) {
    taken.emplace(std::pair{session.patient_id.value(), clinic::ToUnixMicros(session.start)},
                  "session " + std::to_string(session.id.value()));
    last_session = std::max(last_session, session.id);
  }
  Problems problems(options.source);
  struct Pending {
    std::optional<CourseId> stored;
    std::size_t new_index = 0;
    clinic::Session session;
  };
  std::vector<Pending> pending;
  for (const clinic::SessionImportRow& row : rows) {
    const std::optional<PatientId> patient_id = directory.Resolve(row.patient, row.line, problems);
    std::optional<TherapistId> therapist_id;
    const auto therapist = by_license.find(row.therapist_license_number);
    if (therapist == by_license.end()) {
      problems.Add(row.line, "therapist_license_number",
                   "no therapist of the clinic has this license number");
    } else if (therapist->second.size() > 1) {
      problems.Add(row.line, "therapist_license_number",
                   "more than one therapist of the clinic has this license number");
    } else {
      therapist_id = therapist->second.front();
    }
    if (!known_protocols.contains({row.protocol_id, row.protocol_version})) {
      Result<std::shared_ptr<const protocol::Protocol>> protocol =
          app.protocols.Get(*transaction, ProtocolKey{row.protocol_id, row.protocol_version});
      if (!protocol) {
        if (protocol.error().code != ErrorCode::kFailedPrecondition &&
            protocol.error().code != ErrorCode::kNotFound) {
          return std::move(protocol).error();
        }
        problems.Add(row.line, "protocol_version", "this protocol version is not stored");
        continue;
      }
      known_protocols.insert({row.protocol_id, row.protocol_version});
    }
    if (!patient_id || !therapist_id) continue;
    Pending item;
    const CourseKey course_key{patient_id->value(), row.protocol_id, row.protocol_version,
                               DayNumber(row.course_start_date)};
    if (const auto stored = stored_courses.find(course_key); stored != stored_courses.end()) {
      item.stored = stored->second;
    } else {
      const auto [it, added] = new_course_index.emplace(course_key, new_courses.size());
      if (added) {
        clinic::Course course;
        course.patient_id = *patient_id;
        course.therapist_id = *therapist_id;
        course.protocol_id = row.protocol_id;
        course.protocol_version = row.protocol_version;
        course.start_date = row.course_start_date;
        course.status = row.course_status;
        new_courses.push_back(std::move(course));
      }
      item.new_index = it->second;
    }
    item.session = row.session;
    item.session.therapist_id = *therapist_id;
    item.session.patient_id = *patient_id;
    item.session.start = Micros(item.session.start);
    item.session.end = Micros(item.session.end);
    const auto [it, added] =
        taken.emplace(std::pair{patient_id->value(), clinic::ToUnixMicros(item.session.start)},
                      "line " + std::to_string(row.line));
    if (!added) {
      problems.Add(row.line, "start", "duplicate: the same patient and start as " + it->second);
      continue;
    }
    pending.push_back(std::move(item));
  }
  RETURN_IF_ERROR(problems.ToStatus());
  ImportSummary summary;
  summary.rows = static_cast<std::int64_t>(rows.size());
  summary.courses_created = static_cast<std::int64_t>(new_courses.size());
  if (options.mode == ImportMode::kDryRun || rows.empty()) return summary;
  const clinic::Timestamp now = internal::Now(app);
  ASSIGN_OR_RETURN(AuditChain audit, AuditChain::Start(*transaction, clinic_id));
  for (clinic::Course& course : new_courses) {
    ASSIGN_OR_RETURN(course.id, transaction->CreateCourse(clinic_id, course));
    audit.Add(context, now, "course.create", "course", course.id.value());
  }
  std::vector<clinic::Session> sessions;
  sessions.reserve(pending.size());
  for (Pending& item : pending) {
    item.session.course_id = item.stored ? *item.stored : new_courses[item.new_index].id;
    sessions.push_back(std::move(item.session));
  }
  RETURN_IF_ERROR(transaction->BulkAddSessions(clinic_id, sessions));
  // The bulk path returns no ids; the new ones are those above the last stored id.
  ASSIGN_OR_RETURN(std::vector<clinic::Session> all,
                   transaction->ListSessionsInRange(clinic_id, {everything_from, everything_to}));
  std::vector<SessionId> added;
  for (const clinic::Session& session : all) {
    if (session.id > last_session) added.push_back(session.id);
  }
  std::sort(added.begin(), added.end());
  for (SessionId id : added) audit.Add(context, now, "session.create", "session", id.value());
  RETURN_IF_ERROR(audit.Append(*transaction, clinic_id));
  RETURN_IF_ERROR(transaction->Commit());
  return summary;
}

}  // namespace backcare::app
