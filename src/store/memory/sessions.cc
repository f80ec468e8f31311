#include "store/memory/transaction.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {
namespace {

std::vector<clinic::Session> SortSessions(std::vector<clinic::Session> sessions) {
  std::stable_sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.start, a.id) < std::tie(b.start, b.id);
  });
  return sessions;
}

}  // namespace

Result<SessionId> MemoryTransaction::CreateSession(ClinicId clinic_id,
                                                   const clinic::Session& session) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateSession(session));
  ASSIGN_OR_RETURN(const clinic::Course* course,
                   Require(draft().courses, "course", clinic_id, session.course_id.value()));
  RETURN_IF_ERROR(
      Require(draft().therapists, "therapist", clinic_id, session.therapist_id.value()));
  clinic::Session row = session;
  row.patient_id = course->patient_id;
  row.start = Micros(row.start);
  row.end = Micros(row.end);
  row.sequence = 0;
  row.updated_at = WriteTime();
  return Insert(draft(), draft().sessions, std::move(row), clinic_id);
}

Result<std::int64_t> MemoryTransaction::BulkAddSessions(ClinicId clinic_id,
                                                        std::span<const clinic::Session> sessions) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateSessions(sessions));
  const SessionReferences references = FirstSessionReferences(sessions);
  std::unordered_map<std::int64_t, PatientId> patients;  // course id -> its patient
  for (std::size_t row : references.course_rows) {
    const std::int64_t course_id = sessions[row].course_id.value();
    const clinic::Course* course = Find(draft().courses, clinic_id, course_id);
    if (!course) {
      return BulkSessionNotFoundError(row, "course_id", "course", course_id);
    }
    patients.emplace(course_id, course->patient_id);
  }
  for (std::size_t row : references.therapist_rows) {
    const std::int64_t therapist_id = sessions[row].therapist_id.value();
    if (!Find(draft().therapists, clinic_id, therapist_id)) {
      return BulkSessionNotFoundError(row, "therapist_id", "therapist", therapist_id);
    }
  }
  const clinic::Timestamp now = WriteTime();
  for (const clinic::Session& session : sessions) {
    clinic::Session row = session;
    row.updated_at = now;
    row.patient_id = patients.at(session.course_id.value());
    row.start = Micros(row.start);
    row.end = Micros(row.end);
    row.sequence = 0;
    Insert(draft(), draft().sessions, std::move(row), clinic_id);
  }
  return static_cast<std::int64_t>(sessions.size());
}

Result<clinic::Session> MemoryTransaction::GetSession(ClinicId clinic_id, SessionId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().sessions, "session", clinic_id, id.value());
}

Status MemoryTransaction::UpdateSession(ClinicId clinic_id, const clinic::Session& session) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(clinic::Session * row,
                   Require(draft().sessions, "session", clinic_id, session.id.value()));
  if (row->course_id != session.course_id) {
    return FailedPrecondition("session " + std::to_string(session.id.value()) +
                              ": course_id cannot change");
  }
  RETURN_IF_ERROR(ValidateSession(session));
  RETURN_IF_ERROR(
      Require(draft().therapists, "therapist", clinic_id, session.therapist_id.value()));
  row->therapist_id = session.therapist_id;
  row->start = Micros(session.start);
  row->end = Micros(session.end);
  row->status = session.status;
  row->phase_id = session.phase_id;
  row->sequence += 1;
  row->updated_at = WriteTime();
  return OkStatus();
}

Result<std::vector<clinic::Session>> MemoryTransaction::ListSessionsForCourse(ClinicId clinic_id,
                                                                              CourseId course_id) {
  RETURN_IF_ERROR(CheckOpen());
  return SortSessions(Select(state().sessions, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.course_id == course_id;
  }));
}

Result<std::vector<clinic::Session>> MemoryTransaction::ListSessionsForPatient(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  return SortSessions(Select(state().sessions, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id == patient_id;
  }));
}

Result<std::vector<clinic::Session>> MemoryTransaction::ListSessionsForTherapist(
    ClinicId clinic_id, TherapistId therapist_id, ports::TimeRange range) {
  RETURN_IF_ERROR(CheckOpen());
  range = {Micros(range.from), Micros(range.to)};
  return SortSessions(Select(state().sessions, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.therapist_id == therapist_id &&
           range.from <= row.start && row.start < range.to;
  }));
}

Result<std::vector<clinic::Session>> MemoryTransaction::ListSessionsInRange(
    ClinicId clinic_id, ports::TimeRange range) {
  RETURN_IF_ERROR(CheckOpen());
  range = {Micros(range.from), Micros(range.to)};
  return SortSessions(Select(state().sessions, [&](const auto& row) {
    return row.clinic_id == clinic_id && range.from <= row.start && row.start < range.to;
  }));
}

}  // namespace backcare::store::memory
