// Contract for Transaction::LatestScoredResponse on every backend: the latest scored response of
// one instrument for one patient, ordered by taken_at then id, never another patient's or
// clinic's. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using instrument::InstrumentId;
using instrument::ScoreStatus;

clinic::Timestamp At(int day) {
  using std::chrono::sys_days;
  return clinic::Timestamp(sys_days(std::chrono::year{2024} / 3 / 1)) + std::chrono::days(day);
}

struct Clinic {
  ClinicId clinic;
  PatientId patient;
  PatientId other_patient;
};

Result<Clinic> MakeClinic(ports::Transaction& tx, const std::string& name) {
  Clinic made;
  ASSIGN_OR_RETURN(made.clinic, tx.CreateClinic({ClinicId(), name, "Europe/Berlin"}));
  clinic::Patient patient;
  patient.given_name = "Pat";
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  ASSIGN_OR_RETURN(made.patient, tx.CreatePatient(made.clinic, patient));
  patient.family_name = "Other";
  ASSIGN_OR_RETURN(made.other_patient, tx.CreatePatient(made.clinic, patient));
  return made;
}

clinic::QuestionnaireResponse Response(PatientId patient, InstrumentId instrument, int day,
                                       std::optional<double> score) {
  clinic::QuestionnaireResponse response;
  response.patient_id = patient;
  response.instrument_id = instrument;
  response.answers = {score ? static_cast<int>(*score) : std::optional<int>()};
  response.score = score;
  response.score_status = score ? ScoreStatus::kScored : ScoreStatus::kNotScorable;
  response.checkpoint_id = "baseline";
  response.taken_at = At(day);
  return response;
}

template <typename Backend>
class LatestScoredResponseTest : public ::testing::Test {};

TYPED_TEST_SUITE(LatestScoredResponseTest, AllBackends, BackendNames);

TYPED_TEST(LatestScoredResponseTest, PicksTheLatestScoredResponseOfTheInstrument) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  auto tx = db.store->Begin();
  ASSERT_OK(tx);
  auto north = MakeClinic(**tx, "North");
  ASSERT_OK(north);
  auto south = MakeClinic(**tx, "South");
  ASSERT_OK(south);
  const PatientId patient = north->patient;
  // Inserted out of time order; the two on day 5 tie on taken_at, so the later id (score 3) wins.
  for (const auto& response :
       {Response(patient, InstrumentId::kNprs, 9, std::nullopt),  // latest, but unscored
        Response(patient, InstrumentId::kNprs, 5, 4.0),
        Response(patient, InstrumentId::kNprs, 1, 7.0),
        Response(patient, InstrumentId::kNprs, 5, 3.0),
        Response(patient, InstrumentId::kOdi, 8, 30.0),
        Response(north->other_patient, InstrumentId::kNprs, 7, 1.0)}) {
    ASSERT_TRUE((*tx)->AddResponse(north->clinic, response).has_value());
  }
  // Another clinic's patient: never seen through North's clinic id.
  ASSERT_TRUE(
      (*tx)
          ->AddResponse(south->clinic, Response(south->patient, InstrumentId::kNprs, 30, 9.0))
          .has_value());
  ASSERT_TRUE((*tx)->Commit().has_value());

  auto read = db.store->BeginReadOnly();
  ASSERT_OK(read);
  auto nprs = (*read)->LatestScoredResponse(north->clinic, patient, InstrumentId::kNprs);
  ASSERT_OK(nprs);
  ASSERT_TRUE(nprs->has_value());
  EXPECT_EQ((*nprs)->score, 3.0);
  EXPECT_EQ((*nprs)->taken_at, At(5));
  EXPECT_EQ((*nprs)->patient_id, patient);

  auto odi = (*read)->LatestScoredResponse(north->clinic, patient, InstrumentId::kOdi);
  ASSERT_TRUE(odi.has_value());
  ASSERT_TRUE(odi->has_value());
  EXPECT_EQ((*odi)->score, 30.0);

  auto none = (*read)->LatestScoredResponse(north->clinic, patient, InstrumentId::kStartBack);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());

  auto other =
      (*read)->LatestScoredResponse(north->clinic, north->other_patient, InstrumentId::kNprs);
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(other->has_value());
  EXPECT_EQ((*other)->score, 1.0);

  // South's patient, asked for under North's clinic id: nothing of South leaks.
  ASSERT_NE(south->patient, patient);
  auto foreign = (*read)->LatestScoredResponse(north->clinic, south->patient, InstrumentId::kNprs);
  ASSERT_TRUE(foreign.has_value());
  EXPECT_FALSE(foreign->has_value());
  auto south_own =
      (*read)->LatestScoredResponse(south->clinic, south->patient, InstrumentId::kNprs);
  ASSERT_TRUE(south_own.has_value());
  ASSERT_TRUE(south_own->has_value());
  EXPECT_EQ((*south_own)->score, 9.0);
}

}  // namespace
}  // namespace backcare::store::testing
