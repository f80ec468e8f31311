#include "store/sql/sessions.h"

#include <algorithm>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/common/validation.h"
#include "store/sql/courses.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

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
  session.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return session;
}

constexpr Mapping<clinic::Session> kSessions{
    "id, clinic_id, course_id, patient_id, therapist_id, start_us, end_us, status, phase_id, "
    "sequence, updated_at_us",
    "sessions", "session", &ReadSession};

// The sessions matching `where`, by start time and id.
Result<std::vector<clinic::Session>> ListSessionsWhere(Connection& db, std::string_view where,
                                                       const Params& params) {
  return SelectAll(db, kSessions, Cat({"WHERE ", where, " ORDER BY start_us, id"}), params);
}

}  // namespace

Result<SessionId> CreateSession(Connection& db, ClinicId clinic_id, const clinic::Session& session,
                                clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateSession(session));
  ASSIGN_OR_RETURN(clinic::Course course, GetCourse(db, clinic_id, session.course_id));
  RETURN_IF_ERROR(Require(db, "therapists", "therapist", clinic_id, session.therapist_id.value()));
  return Insert<SessionId>(
      db, "sessions",
      "INSERT INTO sessions (clinic_id, course_id, patient_id, therapist_id, start_us, "
      "end_us, status, phase_id, sequence, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, 0, $9) RETURNING id",
      {V(clinic_id), V(session.course_id), V(course.patient_id), V(session.therapist_id),
       V(session.start), V(session.end), V(clinic::SessionStatusName(session.status)),
       V(session.phase_id), V(now)});
}

Result<std::int64_t> BulkAddSessions(Connection& db, ClinicId clinic_id,
                                     std::span<const clinic::Session> sessions,
                                     clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateSessions(sessions));
  const SessionReferences references = FirstSessionReferences(sessions);
  std::unordered_map<std::int64_t, std::int64_t> patients;  // course id -> its patient id
  for (std::size_t row : references.course_rows) {
    const std::int64_t course_id = sessions[row].course_id.value();
    Result<clinic::Course> course = GetCourse(db, clinic_id, CourseId(course_id));
    if (!course) {
      if (course.error().code != ErrorCode::kNotFound) return std::move(course).error();
      return BulkSessionNotFoundError(row, "course_id", "course", course_id);
    }
    patients.emplace(course_id, course->patient_id.value());
  }
  for (std::size_t row : references.therapist_rows) {
    const std::int64_t therapist_id = sessions[row].therapist_id.value();
    ASSIGN_OR_RETURN(bool found, Exists(db, "therapists", clinic_id, therapist_id));
    if (!found) {
      return BulkSessionNotFoundError(row, "therapist_id", "therapist", therapist_id);
    }
  }
  static const std::vector<std::string> kColumns = {
      "clinic_id", "course_id", "patient_id", "therapist_id", "start_us",
      "end_us",    "status",    "phase_id",   "sequence",     "updated_at_us"};
  ASSIGN_OR_RETURN(auto load, db.BeginBulkLoad("sessions", kColumns,
                                               static_cast<std::int64_t>(sessions.size())));
  constexpr std::size_t kChunk = 8192;
  std::vector<Row> rows;
  rows.reserve(std::min(kChunk, sessions.size()));
  for (std::size_t start = 0; start < sessions.size(); start += kChunk) {
    const std::size_t count = std::min(kChunk, sessions.size() - start);
    rows.clear();
    for (std::size_t i = 0; i < count; ++i) {
      const clinic::Session& session = sessions[start + i];
      rows.push_back({V(clinic_id), V(session.course_id), V(patients.at(session.course_id.value())),
                      V(session.therapist_id), V(session.start), V(session.end),
                      V(clinic::SessionStatusName(session.status)), V(session.phase_id), V(0),
                      V(now)});
    }
    RETURN_IF_ERROR(load->Append(std::span<const Row>(rows.data(), rows.size())));
  }
  RETURN_IF_ERROR(load->Finish());
  return static_cast<std::int64_t>(sessions.size());
}

Result<clinic::Session> GetSession(Connection& db, ClinicId clinic_id, SessionId id) {
  return SelectOne(db, kSessions, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Status UpdateSession(Connection& db, ClinicId clinic_id, const clinic::Session& session,
                     clinic::Timestamp now) {
  ASSIGN_OR_RETURN(clinic::Session stored, GetSession(db, clinic_id, session.id));
  if (stored.course_id != session.course_id) {
    return FailedPrecondition("session " + std::to_string(session.id.value()) +
                              ": course_id cannot change");
  }
  RETURN_IF_ERROR(ValidateSession(session));
  RETURN_IF_ERROR(Require(db, "therapists", "therapist", clinic_id, session.therapist_id.value()));
  return Write(
      db,
      "UPDATE sessions SET therapist_id = $3, start_us = $4, end_us = $5, "
      "status = $6, phase_id = $7, sequence = sequence + 1, updated_at_us = $8 "
      "WHERE clinic_id = $1 AND id = $2",
      {V(clinic_id), V(session.id), V(session.therapist_id), V(session.start), V(session.end),
       V(clinic::SessionStatusName(session.status)), V(session.phase_id), V(now)});
}

Result<std::vector<clinic::Session>> ListSessionsForCourse(Connection& db, ClinicId clinic_id,
                                                           CourseId course_id) {
  return ListSessionsWhere(db, "clinic_id = $1 AND course_id = $2", {V(clinic_id), V(course_id)});
}

Result<std::vector<clinic::Session>> ListSessionsForPatient(Connection& db, ClinicId clinic_id,
                                                            PatientId patient_id) {
  return ListSessionsWhere(db, "clinic_id = $1 AND patient_id = $2", {V(clinic_id), V(patient_id)});
}

Result<std::vector<clinic::Session>> ListSessionsOfPatients(Connection& db, ClinicId clinic_id,
                                                            PatientId first, PatientId last) {
  return SelectAll(db, kSessions,
                   "WHERE clinic_id = $1 AND patient_id >= $2 AND patient_id <= $3 "
                   "ORDER BY patient_id, start_us, id",
                   {V(clinic_id), V(first), V(last)});
}

Result<std::vector<clinic::Session>> ListSessionsForTherapist(Connection& db, ClinicId clinic_id,
                                                              TherapistId therapist_id,
                                                              ports::TimeRange range) {
  return ListSessionsWhere(
      db, "clinic_id = $1 AND therapist_id = $2 AND start_us >= $3 AND start_us < $4",
      {V(clinic_id), V(therapist_id), V(range.from), V(range.to)});
}

Result<std::vector<clinic::Session>> ListSessionsInRange(Connection& db, ClinicId clinic_id,
                                                         ports::TimeRange range) {
  return ListSessionsWhere(db, "clinic_id = $1 AND start_us >= $2 AND start_us < $3",
                           {V(clinic_id), V(range.from), V(range.to)});
}

}  // namespace backcare::store::sql
