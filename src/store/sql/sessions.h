// The SQL of sessions (appointments in a course). Each function is the ports::Transaction method
// of the same name (the contract is in core/ports/clinic_store.h), run on `db`'s open
// transaction; the caller (sql_transaction.cc) has checked that the transaction is open, writable
// for writes, and that the clinic of a create exists. `now` is the write's instant, stored as
// each record's updated_at.
#ifndef BACKCARE_STORE_SQL_SESSIONS_H_
#define BACKCARE_STORE_SQL_SESSIONS_H_

#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/session.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<SessionId> CreateSession(Connection& db, ClinicId clinic_id, const clinic::Session& session,
                                clinic::Timestamp now);
// Checks every row and each distinct course and therapist once, then loads the rows in chunks
// through one BulkLoad (see connection.h), like BulkAddResponses.
Result<std::int64_t> BulkAddSessions(Connection& db, ClinicId clinic_id,
                                     std::span<const clinic::Session> sessions,
                                     clinic::Timestamp now);
Result<clinic::Session> GetSession(Connection& db, ClinicId clinic_id, SessionId id);
Status UpdateSession(Connection& db, ClinicId clinic_id, const clinic::Session& session,
                     clinic::Timestamp now);
Result<std::vector<clinic::Session>> ListSessionsForCourse(Connection& db, ClinicId clinic_id,
                                                           CourseId course_id);
Result<std::vector<clinic::Session>> ListSessionsForPatient(Connection& db, ClinicId clinic_id,
                                                            PatientId patient_id);
// Sessions of the patients with first <= id <= last, by patient, start, id.
Result<std::vector<clinic::Session>> ListSessionsOfPatients(Connection& db, ClinicId clinic_id,
                                                            PatientId first, PatientId last);
Result<std::vector<clinic::Session>> ListSessionsForTherapist(Connection& db, ClinicId clinic_id,
                                                              TherapistId therapist_id,
                                                              ports::TimeRange range);
Result<std::vector<clinic::Session>> ListSessionsInRange(Connection& db, ClinicId clinic_id,
                                                         ports::TimeRange range);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_SESSIONS_H_
