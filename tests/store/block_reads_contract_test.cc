// Contract for the reads that walk a clinic block by block (app::ReadCharts, the FHIR search and
// bulk export) on every backend: ListPatientsAfter pages ListPatients by id (deleted patients
// left out or kept by the filter, other clinics never), and ListPatientAlerts returns the alerts
// about an id range of patients, acknowledged or not, by id. Test data is synthetic.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

std::vector<std::int64_t> Ids(const auto& rows) {
  std::vector<std::int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.id.value());
  return ids;
}

struct Clinics {
  ClinicId north;
  ClinicId south;
  UserId admin;
  std::vector<PatientId> patients;  // north's five, the third soft-deleted
  PatientId elsewhere;              // south's one, made between north's second and third
};

Result<Clinics> MakeClinics(ports::Transaction& tx) {
  Clinics c;
  ASSIGN_OR_RETURN(c.north, tx.CreateClinic(clinic::Clinic{ClinicId(), "North", "Europe/Berlin"}));
  ASSIGN_OR_RETURN(c.south, tx.CreateClinic(clinic::Clinic{ClinicId(), "South", "Europe/Berlin"}));
  clinic::User admin;
  admin.email = "ada@example.test";
  admin.role = clinic::Role::kAdmin;
  admin.password_hash = "$argon2id$synthetic";
  ASSIGN_OR_RETURN(c.admin, tx.CreateUser(c.north, admin));
  for (int i = 0; i < 5; ++i) {
    clinic::Patient patient;
    patient.family_name = "Synthetic " + std::to_string(i);
    patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
    ASSIGN_OR_RETURN(PatientId id, tx.CreatePatient(c.north, patient));
    c.patients.push_back(id);
    if (i == 1) {
      patient.family_name = "Elsewhere";
      ASSIGN_OR_RETURN(c.elsewhere, tx.CreatePatient(c.south, patient));
    }
  }
  clinic::RetentionRecord retention;
  retention.deleted_at = kTestClockStart;
  retention.deleted_by = c.admin;
  retention.reason = "duplicate record";
  retention.retain_until = std::chrono::year{2036} / 1 / 1;
  RETURN_IF_ERROR(tx.SoftDeletePatient(c.north, c.patients[2], retention));
  return c;
}

template <typename Backend>
class BlockReadsContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(BlockReadsContractTest, AllBackends, BackendNames);

TYPED_TEST(BlockReadsContractTest, ListPatientsAfterPagesByIdWithinTheClinic) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics c, MakeClinics(*tx));
  ASSERT_OK(tx->Commit());
  const std::vector<PatientId>& p = c.patients;
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  using ports::PatientFilter;
  ASSERT_OK_AND_ASSIGN(auto first, read->ListPatientsAfter(c.north, PatientFilter::kExcludeDeleted,
                                                           PatientId(0), 2));
  EXPECT_EQ(Ids(first), (std::vector{p[0].value(), p[1].value()}));
  // South's patient has an id between p[1] and p[3]; p[2] is deleted.
  ASSERT_OK_AND_ASSIGN(auto second,
                       read->ListPatientsAfter(c.north, PatientFilter::kExcludeDeleted, p[1], 2));
  EXPECT_EQ(Ids(second), (std::vector{p[3].value(), p[4].value()}));
  ASSERT_OK_AND_ASSIGN(auto last,
                       read->ListPatientsAfter(c.north, PatientFilter::kExcludeDeleted, p[4], 2));
  EXPECT_TRUE(last.empty());
  ASSERT_OK_AND_ASSIGN(auto with_deleted,
                       read->ListPatientsAfter(c.north, PatientFilter::kIncludeDeleted, p[1], 2));
  EXPECT_EQ(Ids(with_deleted), (std::vector{p[2].value(), p[3].value()}));
  EXPECT_TRUE(with_deleted[0].deletion.has_value());
  ASSERT_OK_AND_ASSIGN(auto none,
                       read->ListPatientsAfter(c.north, PatientFilter::kIncludeDeleted, p[0], 0));
  EXPECT_TRUE(none.empty());
  ASSERT_OK_AND_ASSIGN(auto south, read->ListPatientsAfter(c.south, PatientFilter::kExcludeDeleted,
                                                           PatientId(0), 10));
  EXPECT_EQ(Ids(south), std::vector{c.elsewhere.value()});
  // The pages together are ListPatients.
  ASSERT_OK_AND_ASSIGN(auto all, read->ListPatients(c.north, PatientFilter::kExcludeDeleted));
  std::vector<std::int64_t> paged = Ids(first);
  for (std::int64_t id : Ids(second)) paged.push_back(id);
  EXPECT_EQ(paged, Ids(all));
}

TYPED_TEST(BlockReadsContractTest, ListPatientAlertsReturnsTheRangesAlertsById) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Clinics c, MakeClinics(*tx));
  const std::vector<PatientId>& p = c.patients;
  auto add = [&](ClinicId clinic, std::optional<PatientId> patient, int minute) {
    clinic::Alert alert;
    alert.patient_id = patient;
    alert.kind = "off_track";
    // Created out of id order: the range read is by id, not by time.
    alert.created_at = kTestClockStart - std::chrono::minutes(minute);
    return tx->AddAlert(clinic, alert);
  };
  ASSERT_OK_AND_ASSIGN(AlertId on_first, add(c.north, p[0], 1));
  ASSERT_OK_AND_ASSIGN(AlertId on_fourth, add(c.north, p[3], 5));
  ASSERT_OK_AND_ASSIGN(AlertId on_second, add(c.north, p[1], 9));
  ASSERT_OK(add(c.north, std::nullopt, 2));  // about no patient
  ASSERT_OK(add(c.south, c.elsewhere, 3));   // another clinic's
  ASSERT_OK_AND_ASSIGN(AlertId on_fifth, add(c.north, p[4], 4));
  ASSERT_OK(tx->AcknowledgeAlert(c.north, on_second, c.admin, kTestClockStart));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto block, read->ListPatientAlerts(c.north, p[0], p[3]));
  EXPECT_EQ(Ids(block), (std::vector{on_first.value(), on_fourth.value(), on_second.value()}));
  EXPECT_TRUE(block[2].acknowledged_at.has_value());
  ASSERT_OK_AND_ASSIGN(auto one, read->ListPatientAlerts(c.north, p[4], p[4]));
  EXPECT_EQ(Ids(one), std::vector{on_fifth.value()});
  ASSERT_OK_AND_ASSIGN(auto empty, read->ListPatientAlerts(c.north, p[4], p[0]));
  EXPECT_TRUE(empty.empty());
  ASSERT_OK_AND_ASSIGN(auto south, read->ListPatientAlerts(c.south, p[0], p[4]));
  EXPECT_EQ(south.size(), 1u);
}

}  // namespace
}  // namespace backcare::store::testing
