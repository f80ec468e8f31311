// The SQL of patients and their screening results. Each function is the ports::Transaction
// method of the same name (the contract is in core/ports/clinic_store.h), run on `db`'s open
// transaction; the caller (sql_transaction.cc) has checked that the transaction is open, writable
// for writes, and that the clinic of a create exists. `now` is the write's instant, stored as the
// record's updated_at.
#ifndef BACKCARE_STORE_SQL_PATIENTS_H_
#define BACKCARE_STORE_SQL_PATIENTS_H_

#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/patient.h"
#include "core/clinic/screening_result.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<PatientId> CreatePatient(Connection& db, ClinicId clinic_id, const clinic::Patient& patient,
                                clinic::Timestamp now);
Result<clinic::Patient> GetPatient(Connection& db, ClinicId clinic_id, PatientId id);
Result<std::vector<clinic::Patient>> ListPatients(Connection& db, ClinicId clinic_id,
                                                  ports::PatientFilter filter);
Result<std::vector<clinic::Patient>> ListPatientsAfter(Connection& db, ClinicId clinic_id,
                                                       ports::PatientFilter filter, PatientId after,
                                                       std::int64_t limit);
Status UpdatePatient(Connection& db, ClinicId clinic_id, const clinic::Patient& patient,
                     clinic::Timestamp now);
Status SoftDeletePatient(Connection& db, ClinicId clinic_id, PatientId id,
                         const clinic::RetentionRecord& retention, clinic::Timestamp now);

Result<clinic::ScreeningId> AddScreeningResult(Connection& db, ClinicId clinic_id,
                                               const clinic::ScreeningResult& result,
                                               clinic::Timestamp now);
Result<clinic::ScreeningResult> GetScreeningResult(Connection& db, ClinicId clinic_id,
                                                   clinic::ScreeningId id);
// Screenings of the patients with first <= id <= last, by patient, screened_at, id.
Result<std::vector<clinic::ScreeningResult>> ListScreeningsOfPatients(Connection& db,
                                                                      ClinicId clinic_id,
                                                                      PatientId first,
                                                                      PatientId last);
Result<std::vector<clinic::ScreeningResult>> ListScreeningResults(Connection& db,
                                                                  ClinicId clinic_id,
                                                                  PatientId patient_id);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_PATIENTS_H_
