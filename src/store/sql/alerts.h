// The SQL of alerts. Each function is the ports::Transaction method of the same name (the
// contract is in core/ports/clinic_store.h), run on `db`'s open transaction; the caller
// (sql_transaction.cc) has checked that the transaction is open, writable for writes, and that
// the clinic of an add exists. `now` is the write's instant, stored as the alert's updated_at.
#ifndef BACKCARE_STORE_SQL_ALERTS_H_
#define BACKCARE_STORE_SQL_ALERTS_H_

#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/alert.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<AlertId> AddAlert(Connection& db, ClinicId clinic_id, const clinic::Alert& alert,
                         clinic::Timestamp now);
Result<clinic::Alert> GetAlert(Connection& db, ClinicId clinic_id, AlertId id);
Result<std::vector<clinic::Alert>> ListAlerts(Connection& db, ClinicId clinic_id,
                                              ports::AlertFilter filter);
Result<std::vector<clinic::Alert>> ListPatientAlerts(Connection& db, ClinicId clinic_id,
                                                     PatientId first, PatientId last);
Status AcknowledgeAlert(Connection& db, ClinicId clinic_id, AlertId id, UserId by,
                        clinic::Timestamp at, clinic::Timestamp now);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_ALERTS_H_
