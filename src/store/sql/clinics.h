// The SQL of clinics and their staff: clinics, users and therapists. Each function is the
// ports::Transaction method of the same name (the contract is in core/ports/clinic_store.h), run
// on `db`'s open transaction; the caller (sql_transaction.cc) has checked that the transaction is
// open, writable for writes, and that the clinic of a create exists. `now` is the write's
// instant, stored as the record's updated_at (one clock reading per write, sql_transaction.cc).
#ifndef BACKCARE_STORE_SQL_CLINICS_H_
#define BACKCARE_STORE_SQL_CLINICS_H_

#include <string_view>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/clinic.h"
#include "core/clinic/therapist.h"
#include "core/clinic/time.h"
#include "core/clinic/user.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<ClinicId> CreateClinic(Connection& db, const clinic::Clinic& clinic, clinic::Timestamp now);
Result<clinic::Clinic> GetClinic(Connection& db, ClinicId clinic_id);
Result<std::vector<clinic::Clinic>> ListClinics(Connection& db);
Status UpdateClinic(Connection& db, const clinic::Clinic& clinic, clinic::Timestamp now);

Result<UserId> CreateUser(Connection& db, ClinicId clinic_id, const clinic::User& user);
Result<clinic::User> GetUser(Connection& db, ClinicId clinic_id, UserId user_id);
Result<clinic::User> FindUserByEmail(Connection& db, ClinicId clinic_id, std::string_view email);
Result<std::vector<clinic::User>> ListUsers(Connection& db, ClinicId clinic_id);
Status UpdateUser(Connection& db, ClinicId clinic_id, const clinic::User& user);

Result<TherapistId> CreateTherapist(Connection& db, ClinicId clinic_id,
                                    const clinic::Therapist& therapist, clinic::Timestamp now);
Result<clinic::Therapist> GetTherapist(Connection& db, ClinicId clinic_id, TherapistId id);
Result<std::vector<clinic::Therapist>> ListTherapists(Connection& db, ClinicId clinic_id);
Status UpdateTherapist(Connection& db, ClinicId clinic_id, const clinic::Therapist& therapist,
                       clinic::Timestamp now);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_CLINICS_H_
