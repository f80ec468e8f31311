#include "store/sql/push.h"

#include <utility>

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::VapidKeys> ReadVapidKeys(const Row& row) {
  RowReader r(row, "clinic_vapid_keys");
  clinic::VapidKeys keys;
  keys.public_key = r.Text("public_key");
  keys.private_key = r.Text("private_key");
  keys.created_at = r.Time("created_at_us");
  RETURN_IF_ERROR(r.status());
  return keys;
}

constexpr Mapping<clinic::VapidKeys> kVapidKeys{"public_key, private_key, created_at_us",
                                                "clinic_vapid_keys", "vapid keys", &ReadVapidKeys};

Result<clinic::PushSubscription> ReadSubscription(const Row& row) {
  RowReader r(row, "push_subscriptions");
  clinic::PushSubscription subscription;
  subscription.id = PushSubscriptionId(r.Int("id"));
  subscription.clinic_id = ClinicId(r.Int("clinic_id"));
  subscription.patient_id = PatientId(r.Int("patient_id"));
  subscription.endpoint = r.Text("endpoint");
  subscription.p256dh = r.Text("p256dh");
  subscription.auth = r.Text("auth");
  subscription.created_at = r.Time("created_at_us");
  RETURN_IF_ERROR(r.status());
  return subscription;
}

constexpr Mapping<clinic::PushSubscription> kSubscriptions{
    "id, clinic_id, patient_id, endpoint, p256dh, auth, created_at_us", "push_subscriptions",
    "push subscription", &ReadSubscription};

}  // namespace

Result<std::optional<clinic::VapidKeys>> GetVapidKeys(Connection& db, ClinicId clinic_id) {
  RETURN_IF_ERROR(RequireClinic(db, clinic_id));
  return SelectFirst(db, kVapidKeys, "WHERE clinic_id = $1", {V(clinic_id)});
}

Status CreateVapidKeys(Connection& db, ClinicId clinic_id, const clinic::VapidKeys& keys) {
  RETURN_IF_ERROR(RequireClinic(db, clinic_id));
  RETURN_IF_ERROR(ValidateVapidKeys(keys));
  ASSIGN_OR_RETURN(auto existing,
                   SelectFirst(db, kVapidKeys, "WHERE clinic_id = $1", {V(clinic_id)}));
  if (existing) {
    return ConflictError("clinic_vapid_keys", "vapid_keys");
  }
  return Write(db,
               "INSERT INTO clinic_vapid_keys (clinic_id, public_key, private_key, created_at_us) "
               "VALUES ($1, $2, $3, $4)",
               {V(clinic_id), V(keys.public_key), V(keys.private_key), V(keys.created_at)});
}

Result<PushSubscriptionId> PutPushSubscription(Connection& db,
                                               const clinic::PushSubscription& subscription) {
  RETURN_IF_ERROR(clinic::ValidatePushSubscription(subscription));
  RETURN_IF_ERROR(
      Require(db, "patients", "patient", subscription.clinic_id, subscription.patient_id.value()));
  // An endpoint the clinic has already keeps its row and id, and takes the new patient and keys.
  return Insert<PushSubscriptionId>(
      db, "push_subscriptions",
      "INSERT INTO push_subscriptions (clinic_id, patient_id, endpoint, p256dh, auth, "
      "created_at_us) VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (clinic_id, endpoint) DO UPDATE SET patient_id = excluded.patient_id, "
      "p256dh = excluded.p256dh, auth = excluded.auth, created_at_us = excluded.created_at_us "
      "RETURNING id",
      {V(subscription.clinic_id), V(subscription.patient_id), V(subscription.endpoint),
       V(subscription.p256dh), V(subscription.auth), V(subscription.created_at)});
}

Result<std::vector<clinic::PushSubscription>> ListPushSubscriptions(Connection& db,
                                                                    ClinicId clinic_id,
                                                                    PatientId patient_id) {
  return SelectAll(db, kSubscriptions,
                   "WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at_us, id",
                   {V(clinic_id), V(patient_id)});
}

Status DeletePushSubscription(Connection& db, ClinicId clinic_id, PatientId patient_id,
                              PushSubscriptionId id) {
  const Params params = {V(clinic_id), V(patient_id), V(id)};
  ASSIGN_OR_RETURN(std::int64_t deleted,
                   db.Execute("DELETE FROM push_subscriptions WHERE clinic_id = $1 AND "
                              "patient_id = $2 AND id = $3",
                              params));
  if (deleted == 0) {
    return NotFoundError("push subscription", id.value());
  }
  return OkStatus();
}

}  // namespace backcare::store::sql
