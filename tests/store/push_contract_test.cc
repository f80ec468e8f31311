// Contract for the Web Push methods of ports::Transaction on every backend: a clinic's VAPID keys
// (none until made, made once) and the patients' push subscriptions (checked, one row per
// endpoint in a clinic that a new subscription of the same browser takes over, listed oldest
// first, deleted by their patient only). Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using std::chrono::minutes;

clinic::Timestamp At(int minute) {
  return clinic::FromUnixMicros(1'767'225'600'000'000) + minutes(minute);
}

struct Clinics {
  ClinicId north;
  ClinicId south;
  PatientId ann;            // of north
  PatientId ben;            // of north
  PatientId south_patient;  // of south
};

Result<Clinics> MakeClinics(ports::Transaction& tx) {
  Clinics made;
  ASSIGN_OR_RETURN(made.north, tx.CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSIGN_OR_RETURN(made.south, tx.CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::Patient patient;
  patient.given_name = "Pat";
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  ASSIGN_OR_RETURN(made.ann, tx.CreatePatient(made.north, patient));
  ASSIGN_OR_RETURN(made.ben, tx.CreatePatient(made.north, patient));
  ASSIGN_OR_RETURN(made.south_patient, tx.CreatePatient(made.south, patient));
  return made;
}

// Synthetic keys of the right shapes (87 and 43 base64url characters).
clinic::VapidKeys Keys(char fill, int minute) {
  return {"B" + std::string(86, fill), std::string(43, fill), At(minute)};
}

// A subscription as a browser sends it; `keys` varies the p256dh and auth (a, b, ...).
clinic::PushSubscription Subscription(ClinicId clinic_id, PatientId patient_id,
                                      const std::string& endpoint, char keys, int minute) {
  clinic::PushSubscription subscription;
  subscription.clinic_id = clinic_id;
  subscription.patient_id = patient_id;
  subscription.endpoint = endpoint;
  subscription.p256dh = "B" + std::string(86, keys);
  subscription.auth = std::string(22, keys);
  subscription.created_at = At(minute);
  return subscription;
}

std::vector<std::string> Endpoints(const std::vector<clinic::PushSubscription>& subscriptions) {
  std::vector<std::string> out;
  for (const clinic::PushSubscription& subscription : subscriptions) {
    out.push_back(subscription.endpoint);
  }
  return out;
}

std::vector<std::string> Paths(const Error& error) {
  std::vector<std::string> out;
  for (const FieldError& field : error.fields) out.push_back(field.path);
  return out;
}

template <typename Backend>
class PushContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(PushContractTest, AllBackends, BackendNames);

TYPED_TEST(PushContractTest, VapidKeysAreNoneUntilMadeAndAreMadeOnce) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
  ASSERT_OK_AND_ASSIGN(std::optional<clinic::VapidKeys> none, tx->GetVapidKeys(made.north));
  EXPECT_EQ(none, std::nullopt);

  ASSERT_OK(tx->CreateVapidKeys(made.north, Keys('a', 1)));
  ASSERT_OK_AND_ASSIGN(std::optional<clinic::VapidKeys> read, tx->GetVapidKeys(made.north));
  EXPECT_EQ(read, Keys('a', 1));
  // Never replaced: the browsers' subscriptions were made to the first public key.
  ASSERT_ERROR_AND_ASSIGN(Error again, tx->CreateVapidKeys(made.north, Keys('b', 2)),
                          ErrorCode::kConflict);
  EXPECT_EQ(Paths(again), std::vector<std::string>{"vapid_keys"});
  ASSERT_OK_AND_ASSIGN(read, tx->GetVapidKeys(made.north));
  EXPECT_EQ(read, Keys('a', 1));
  // Each clinic has its own.
  ASSERT_OK_AND_ASSIGN(none, tx->GetVapidKeys(made.south));
  EXPECT_EQ(none, std::nullopt);
  ASSERT_OK(tx->CreateVapidKeys(made.south, Keys('c', 3)));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto reader, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(read, reader->GetVapidKeys(made.south));
  EXPECT_EQ(read, Keys('c', 3));
}

TYPED_TEST(PushContractTest, VapidKeysRefuseAnUnknownClinicAndBadKeys) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
  const ClinicId unknown(made.south_patient.value() + 100);
  ASSERT_ERROR_AND_ASSIGN(Error missing, tx->GetVapidKeys(unknown), ErrorCode::kNotFound);
  EXPECT_EQ(missing.message, "clinic " + std::to_string(unknown.value()) + " not found");
  EXPECT_ERROR(tx->CreateVapidKeys(unknown, Keys('a', 1)), ErrorCode::kNotFound);

  ASSERT_ERROR_AND_ASSIGN(Error empty, tx->CreateVapidKeys(made.north, {"", "", At(1)}),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(empty.message, "vapid keys: 2 invalid field(s)");
  EXPECT_EQ(Paths(empty), (std::vector<std::string>{"public_key", "private_key"}));
  clinic::VapidKeys padded = Keys('a', 1);
  padded.private_key = std::string(42, 'a') + "=";
  ASSERT_ERROR_AND_ASSIGN(Error bad, tx->CreateVapidKeys(made.north, padded),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Paths(bad), std::vector<std::string>{"private_key"});
  EXPECT_EQ(bad.fields[0].message, "expected 43 base64url characters");
  // Nothing was stored by the refused calls.
  ASSERT_OK_AND_ASSIGN(std::optional<clinic::VapidKeys> none, tx->GetVapidKeys(made.north));
  EXPECT_EQ(none, std::nullopt);
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(PushContractTest, SubscriptionsAreListedOldestFirstPerPatient) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
  ASSERT_OK_AND_ASSIGN(auto none, tx->ListPushSubscriptions(made.north, made.ann));
  EXPECT_TRUE(none.empty());

  // Stored out of time order; two made in the same microsecond come in id order.
  clinic::PushSubscription phone =
      Subscription(made.north, made.ann, "https://push.example/phone", 'a', 5);
  phone.id = PushSubscriptionId(999);  // ignored
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId phone_id, tx->PutPushSubscription(phone));
  EXPECT_NE(phone_id, PushSubscriptionId(999));
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId laptop_id,
                       tx->PutPushSubscription(Subscription(
                           made.north, made.ann, "https://push.example/laptop", 'b', 2)));
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId tablet_id,
                       tx->PutPushSubscription(Subscription(
                           made.north, made.ann, "https://push.example/tablet", 'c', 5)));
  ASSERT_OK(tx->PutPushSubscription(
      Subscription(made.north, made.ben, "https://push.example/ben", 'd', 1)));
  ASSERT_OK(tx->PutPushSubscription(
      Subscription(made.south, made.south_patient, "https://push.example/south", 'e', 1)));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto reader, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto listed, reader->ListPushSubscriptions(made.north, made.ann));
  EXPECT_EQ(Endpoints(listed),
            (std::vector<std::string>{"https://push.example/laptop", "https://push.example/phone",
                                      "https://push.example/tablet"}));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_LT(phone_id, tablet_id);
  clinic::PushSubscription expected_laptop =
      Subscription(made.north, made.ann, "https://push.example/laptop", 'b', 2);
  expected_laptop.id = laptop_id;
  EXPECT_EQ(listed[0], expected_laptop);
  EXPECT_EQ(listed[1].id, phone_id);
  EXPECT_EQ(listed[2].id, tablet_id);
  // Only the patient's own, in their own clinic.
  ASSERT_OK_AND_ASSIGN(auto ben, reader->ListPushSubscriptions(made.north, made.ben));
  EXPECT_EQ(Endpoints(ben), std::vector<std::string>{"https://push.example/ben"});
  ASSERT_OK_AND_ASSIGN(auto elsewhere, reader->ListPushSubscriptions(made.south, made.ann));
  EXPECT_TRUE(elsewhere.empty());
}

TYPED_TEST(PushContractTest, SubscribingAnEndpointAgainKeepsItsIdAndTakesTheNewPatient) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
  const std::string shared = "https://push.example/shared-phone";
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId first,
                       tx->PutPushSubscription(Subscription(made.north, made.ann, shared, 'a', 1)));
  // The same browser subscribes again, now for Ben, with new keys.
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId second,
                       tx->PutPushSubscription(Subscription(made.north, made.ben, shared, 'b', 7)));
  EXPECT_EQ(second, first);
  // The same endpoint in another clinic is another row.
  ASSERT_OK_AND_ASSIGN(
      PushSubscriptionId south,
      tx->PutPushSubscription(Subscription(made.south, made.south_patient, shared, 'c', 1)));
  EXPECT_NE(south, first);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto reader, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto ann, reader->ListPushSubscriptions(made.north, made.ann));
  EXPECT_TRUE(ann.empty());
  ASSERT_OK_AND_ASSIGN(auto ben, reader->ListPushSubscriptions(made.north, made.ben));
  clinic::PushSubscription expected = Subscription(made.north, made.ben, shared, 'b', 7);
  expected.id = first;
  EXPECT_EQ(ben, std::vector<clinic::PushSubscription>{expected});
  ASSERT_OK_AND_ASSIGN(auto other, reader->ListPushSubscriptions(made.south, made.south_patient));
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].auth, std::string(22, 'c'));
}

TYPED_TEST(PushContractTest, SubscriptionsAreCheckedAndNeedAPatientOfTheClinic) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
  clinic::PushSubscription bad = Subscription(made.north, made.ann, "ftp://push.example/x", 'a', 1);
  bad.auth += "==";
  ASSERT_ERROR_AND_ASSIGN(Error invalid, tx->PutPushSubscription(bad), ErrorCode::kInvalidInput);
  EXPECT_EQ(invalid.message, "push subscription: 2 invalid field(s)");
  EXPECT_EQ(Paths(invalid), (std::vector<std::string>{"endpoint", "keys.auth"}));
  ASSERT_ERROR_AND_ASSIGN(
      Error foreign,
      tx->PutPushSubscription(Subscription(made.south, made.ann, "https://push.example/a", 'a', 1)),
      ErrorCode::kNotFound);
  EXPECT_EQ(foreign.message, "patient " + std::to_string(made.ann.value()) + " not found");
  const PatientId unknown(made.south_patient.value() + 100);
  EXPECT_ERROR(
      tx->PutPushSubscription(Subscription(made.north, unknown, "https://push.example/a", 'a', 1)),
      ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto none, tx->ListPushSubscriptions(made.north, made.ann));
  EXPECT_TRUE(none.empty());
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(PushContractTest, ASubscriptionIsDeletedByItsPatientOnly) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId phone,
                       tx->PutPushSubscription(Subscription(made.north, made.ann,
                                                            "https://push.example/phone", 'a', 1)));
  ASSERT_OK_AND_ASSIGN(PushSubscriptionId laptop,
                       tx->PutPushSubscription(Subscription(
                           made.north, made.ann, "https://push.example/laptop", 'b', 2)));
  const std::string not_found = "push subscription " + std::to_string(phone.value()) + " not found";
  // Another patient's id, or the right patient in another clinic: not found, nothing deleted.
  ASSERT_ERROR_AND_ASSIGN(Error other, tx->DeletePushSubscription(made.north, made.ben, phone),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other.message, not_found);
  EXPECT_ERROR(tx->DeletePushSubscription(made.south, made.ann, phone), ErrorCode::kNotFound);
  ASSERT_OK(tx->DeletePushSubscription(made.north, made.ann, phone));
  ASSERT_ERROR_AND_ASSIGN(Error twice, tx->DeletePushSubscription(made.north, made.ann, phone),
                          ErrorCode::kNotFound);
  EXPECT_EQ(twice.message, not_found);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto reader, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto left, reader->ListPushSubscriptions(made.north, made.ann));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, laptop);
}

TYPED_TEST(PushContractTest, WritesNeedAReadWriteTransaction) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ClinicId north;
  PatientId ann;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(Clinics made, MakeClinics(*tx));
    north = made.north;
    ann = made.ann;
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto reader, db.store->BeginReadOnly());
  EXPECT_ERROR(reader->CreateVapidKeys(north, Keys('a', 1)), ErrorCode::kFailedPrecondition);
  EXPECT_ERROR(
      reader->PutPushSubscription(Subscription(north, ann, "https://push.example/a", 'a', 1)),
      ErrorCode::kFailedPrecondition);
  EXPECT_ERROR(reader->DeletePushSubscription(north, ann, PushSubscriptionId(1)),
               ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace backcare::store::testing
