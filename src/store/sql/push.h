// The SQL of Web Push: the clinics' VAPID keys and the patients' push subscriptions. Each function
// is the ports::Transaction method of the same name (the contract is in core/ports/clinic_store.h),
// run on `db`'s open transaction; the caller (sql_transaction.cc) has checked that the transaction
// is open, and writable for writes.
#ifndef BACKCARE_STORE_SQL_PUSH_H_
#define BACKCARE_STORE_SQL_PUSH_H_

#include <optional>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/push.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<std::optional<clinic::VapidKeys>> GetVapidKeys(Connection& db, ClinicId clinic_id);
Status CreateVapidKeys(Connection& db, ClinicId clinic_id, const clinic::VapidKeys& keys);
Result<PushSubscriptionId> PutPushSubscription(Connection& db,
                                               const clinic::PushSubscription& subscription);
Result<std::vector<clinic::PushSubscription>> ListPushSubscriptions(Connection& db,
                                                                    ClinicId clinic_id,
                                                                    PatientId patient_id);
Status DeletePushSubscription(Connection& db, ClinicId clinic_id, PatientId patient_id,
                              PushSubscriptionId id);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_PUSH_H_
