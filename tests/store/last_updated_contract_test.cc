// Contract for the records' updated_at (schema version 18, FHIR meta.lastUpdated) on every
// backend: the store stamps every insert and every update of a clinic, therapist, patient, course,
// session, response, screening, home program assignment, adherence entry and alert with its
// clock's time (whatever the caller put in the field), every read returns it, an update (status
// changes, acknowledgements, soft deletion, adherence replacement included) moves it to the
// clock's new time and leaves the other records alone, and a write that fails or is rolled back
// leaves it as it was. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;

constexpr clinic::Date kFirstDay = std::chrono::year{2026} / 2 / 2;

clinic::Timestamp At(int day, int hour) {
  return clinic::Timestamp(sys_days(kFirstDay)) + std::chrono::days(day) + std::chrono::hours(hour);
}

clinic::Date Day(int day) { return clinic::Date(sys_days(kFirstDay) + std::chrono::days(day)); }

// What a caller might leave in the field: the store must not keep it.
const clinic::Timestamp kGarbage = clinic::FromUnixMicros(42);

// One of everything the exports read, all written in one transaction.
struct World {
  ClinicId clinic;
  TherapistId therapist;
  UserId user;
  PatientId patient;
  CourseId course;
  SessionId session;
  ResponseId response;
  clinic::ScreeningId screening;
  clinic::AssignmentId assignment;
  AlertId alert;
};

clinic::AdherenceEntry MakeAdherence(PatientId patient, clinic::Completion completion) {
  clinic::AdherenceEntry entry;
  entry.patient_id = patient;
  entry.date = Day(3);
  entry.exercise_id = "pelvic_tilt";
  entry.completion = completion;
  entry.updated_at = kGarbage;
  return entry;
}

clinic::QuestionnaireResponse MakeResponse(const World& world, int day) {
  clinic::QuestionnaireResponse response;
  response.patient_id = world.patient;
  response.course_id = world.course;
  response.instrument_id = instrument::InstrumentId::kNprs;
  response.answers = {5};
  response.score = 5;
  response.score_status = instrument::ScoreStatus::kScored;
  response.checkpoint_id = "baseline";
  response.taken_at = At(day, 9);
  response.updated_at = kGarbage;
  return response;
}

clinic::Session MakeSession(const World& world, int day) {
  clinic::Session session;
  session.course_id = world.course;
  session.therapist_id = world.therapist;
  session.start = At(day, 10);
  session.end = At(day, 11);
  session.phase_id = "initial_relief";
  session.updated_at = kGarbage;
  return session;
}

Result<World> MakeWorld(ports::Transaction& tx) {
  World world;
  clinic::Clinic clinic{ClinicId(), "North", "Europe/Berlin"};
  clinic.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.clinic, tx.CreateClinic(clinic));
  clinic::Therapist therapist;
  therapist.family_name = "Example";
  therapist.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.therapist, tx.CreateTherapist(world.clinic, therapist));
  clinic::User user;
  user.email = "tess@example.test";
  user.role = clinic::Role::kTherapist;
  user.password_hash = "$argon2id$synthetic";
  user.therapist_id = world.therapist;
  ASSIGN_OR_RETURN(world.user, tx.CreateUser(world.clinic, user));
  clinic::Patient patient;
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  patient.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.patient, tx.CreatePatient(world.clinic, patient));
  clinic::Course course;
  course.patient_id = world.patient;
  course.therapist_id = world.therapist;
  course.protocol_id = "deep-tissue-chronic-low-back-pain";
  course.protocol_version = 1;
  course.start_date = Day(0);
  course.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.course, tx.CreateCourse(world.clinic, course));
  ASSIGN_OR_RETURN(world.session, tx.CreateSession(world.clinic, MakeSession(world, 1)));
  ASSIGN_OR_RETURN(world.response, tx.AddResponse(world.clinic, MakeResponse(world, 0)));
  clinic::ScreeningResult screening;
  screening.patient_id = world.patient;
  screening.condition_ids = {"anticoagulants"};
  screening.decision = screening::Decision::kModify;
  screening.screened_by = world.user;
  screening.screened_at = At(0, 8);
  screening.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.screening, tx.AddScreeningResult(world.clinic, screening));
  clinic::HomeProgramAssignment assignment;
  assignment.patient_id = world.patient;
  assignment.course_id = world.course;
  assignment.exercise_ids = {"pelvic_tilt"};
  assignment.start_date = Day(2);
  assignment.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.assignment, tx.AddHomeProgramAssignment(world.clinic, assignment));
  RETURN_IF_ERROR(
      tx.RecordAdherence(world.clinic, MakeAdherence(world.patient, clinic::Completion::kNotDone)));
  clinic::Alert alert;
  alert.patient_id = world.patient;
  alert.kind = "off_track";
  alert.created_at = At(1, 12);
  alert.updated_at = kGarbage;
  ASSIGN_OR_RETURN(world.alert, tx.AddAlert(world.clinic, alert));
  return world;
}

// Every record's updated_at as the port reads it, by name, through the single-record reads, the
// lists and the bulk read.
struct Stamps {
  std::vector<std::pair<std::string, clinic::Timestamp>> values;
  void Add(std::string name, clinic::Timestamp at) { values.emplace_back(std::move(name), at); }
  clinic::Timestamp Of(std::string_view name) const {
    for (const auto& [n, at] : values) {
      if (n == name) return at;
    }
    ADD_FAILURE() << "no record " << name;
    return {};
  }
};

Result<Stamps> ReadStamps(ports::ClinicStore& store, const World& world) {
  ASSIGN_OR_RETURN(auto tx, store.BeginReadOnly());
  Stamps stamps;
  ASSIGN_OR_RETURN(clinic::Clinic clinic, tx->GetClinic(world.clinic));
  stamps.Add("clinic", clinic.updated_at);
  ASSIGN_OR_RETURN(std::vector<clinic::Clinic> clinics, tx->ListClinics());
  stamps.Add("clinic (list)", clinics.at(0).updated_at);
  ASSIGN_OR_RETURN(clinic::Therapist therapist, tx->GetTherapist(world.clinic, world.therapist));
  stamps.Add("therapist", therapist.updated_at);
  ASSIGN_OR_RETURN(auto therapists, tx->ListTherapists(world.clinic));
  stamps.Add("therapist (list)", therapists.at(0).updated_at);
  ASSIGN_OR_RETURN(clinic::Patient patient, tx->GetPatient(world.clinic, world.patient));
  stamps.Add("patient", patient.updated_at);
  ASSIGN_OR_RETURN(auto patients,
                   tx->ListPatients(world.clinic, ports::PatientFilter::kIncludeDeleted));
  stamps.Add("patient (list)", patients.at(0).updated_at);
  ASSIGN_OR_RETURN(clinic::Course course, tx->GetCourse(world.clinic, world.course));
  stamps.Add("course", course.updated_at);
  ASSIGN_OR_RETURN(auto courses, tx->ListCourses(world.clinic));
  stamps.Add("course (list)", courses.at(0).updated_at);
  ASSIGN_OR_RETURN(clinic::Session session, tx->GetSession(world.clinic, world.session));
  stamps.Add("session", session.updated_at);
  ASSIGN_OR_RETURN(auto sessions, tx->ListSessionsForPatient(world.clinic, world.patient));
  stamps.Add("session (list)", sessions.at(0).updated_at);
  ASSIGN_OR_RETURN(auto response, tx->GetResponse(world.clinic, world.response));
  stamps.Add("response", response.updated_at);
  ASSIGN_OR_RETURN(auto responses, tx->ListResponses(world.clinic, world.patient));
  stamps.Add("response (list)", responses.at(0).updated_at);
  ASSIGN_OR_RETURN(auto screening, tx->GetScreeningResult(world.clinic, world.screening));
  stamps.Add("screening", screening.updated_at);
  ASSIGN_OR_RETURN(auto assignments, tx->ListHomeProgramAssignments(world.clinic, world.patient));
  stamps.Add("assignment", assignments.at(0).updated_at);
  ASSIGN_OR_RETURN(auto adherence, tx->ListAdherence(world.clinic, world.patient, Day(0), Day(9)));
  stamps.Add("adherence", adherence.at(0).updated_at);
  ASSIGN_OR_RETURN(clinic::Alert alert, tx->GetAlert(world.clinic, world.alert));
  stamps.Add("alert", alert.updated_at);
  ASSIGN_OR_RETURN(auto alerts, tx->ListAlerts(world.clinic, ports::AlertFilter::kAll));
  stamps.Add("alert (list)", alerts.at(0).updated_at);
  ASSIGN_OR_RETURN(ports::PatientRecords records,
                   tx->ReadPatientRecords(world.clinic, world.patient, world.patient));
  stamps.Add("course (records)", records.courses.at(0).updated_at);
  stamps.Add("session (records)", records.sessions.at(0).updated_at);
  stamps.Add("response (records)", records.responses.at(0).updated_at);
  stamps.Add("screening (records)", records.screenings.at(0).updated_at);
  stamps.Add("adherence (records)", records.adherence.at(0).updated_at);
  return stamps;
}

// Checks that every record in `stamps` has `expected`, except those named in `others`, which
// have the time given there.
void ExpectStamps(const Stamps& stamps, clinic::Timestamp expected,
                  const std::vector<std::pair<std::string, clinic::Timestamp>>& others = {}) {
  for (const auto& [name, at] : stamps.values) {
    clinic::Timestamp want = expected;
    for (const auto& [other, other_at] : others) {
      if (name.starts_with(other)) want = other_at;
    }
    EXPECT_EQ(clinic::ToUnixMicros(at), clinic::ToUnixMicros(want)) << name;
  }
}

template <typename Backend>
class LastUpdatedContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(LastUpdatedContractTest, AllBackends, BackendNames);

TYPED_TEST(LastUpdatedContractTest, EveryInsertIsStampedWithTheClockAndReadsBack) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(Stamps stamps, ReadStamps(*db.store, world));
  EXPECT_EQ(stamps.values.size(), 22u);  // 17 single-record and list reads, 5 bulk
  ExpectStamps(stamps, kTestClockStart);
}

TYPED_TEST(LastUpdatedContractTest, BulkAddsStampEveryRowWithTheClock) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK(tx->Commit());
  const clinic::Timestamp later = kTestClockStart + 90min;
  db.clock->Set(later);
  std::vector<clinic::QuestionnaireResponse> responses = {MakeResponse(world, 4),
                                                          MakeResponse(world, 5)};
  std::vector<clinic::Session> sessions = {MakeSession(world, 4), MakeSession(world, 5)};
  ASSERT_OK_AND_ASSIGN(auto bulk, db.store->Begin());
  ASSERT_OK(bulk->BulkAddResponses(world.clinic, responses));
  ASSERT_OK(bulk->BulkAddSessions(world.clinic, sessions));
  ASSERT_OK(bulk->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto stored_responses, read->ListResponses(world.clinic, world.patient));
  ASSERT_EQ(stored_responses.size(), 3u);
  EXPECT_EQ(stored_responses[0].updated_at, kTestClockStart);  // the one MakeWorld added
  EXPECT_EQ(stored_responses[1].updated_at, later);
  EXPECT_EQ(stored_responses[2].updated_at, later);
  ASSERT_OK_AND_ASSIGN(auto stored_sessions,
                       read->ListSessionsForPatient(world.clinic, world.patient));
  ASSERT_EQ(stored_sessions.size(), 3u);
  EXPECT_EQ(stored_sessions[0].updated_at, kTestClockStart);
  EXPECT_EQ(stored_sessions[1].updated_at, later);
  EXPECT_EQ(stored_sessions[2].updated_at, later);
}

TYPED_TEST(LastUpdatedContractTest, EveryUpdateMovesItToTheClockAndLeavesTheRestAlone) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK(tx->Commit());

  // One write per record, each at its own time.
  const clinic::Timestamp t0 = kTestClockStart;
  std::vector<std::pair<std::string, clinic::Timestamp>> moved;
  auto step = [&](std::string name) {
    db.clock->Advance(1h);
    moved.emplace_back(std::move(name), db.clock->Now());
  };
  ASSERT_OK_AND_ASSIGN(auto update, db.store->Begin());
  step("clinic");
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, update->GetClinic(world.clinic));
  clinic.mfa_policy = clinic::MfaPolicy::kStaff;
  ASSERT_OK(update->UpdateClinic(clinic));
  step("therapist");
  ASSERT_OK_AND_ASSIGN(clinic::Therapist therapist,
                       update->GetTherapist(world.clinic, world.therapist));
  therapist.state = clinic::TherapistState::kInactive;  // a status change
  ASSERT_OK(update->UpdateTherapist(world.clinic, therapist));
  step("course");
  ASSERT_OK_AND_ASSIGN(clinic::Course course, update->GetCourse(world.clinic, world.course));
  course.status = clinic::CourseStatus::kPaused;
  ASSERT_OK(update->UpdateCourse(world.clinic, course));
  step("session");
  ASSERT_OK_AND_ASSIGN(clinic::Session session, update->GetSession(world.clinic, world.session));
  session.status = clinic::SessionStatus::kAttended;
  ASSERT_OK(update->UpdateSession(world.clinic, session));
  step("adherence");
  ASSERT_OK(update->RecordAdherence(world.clinic,
                                    MakeAdherence(world.patient, clinic::Completion::kDone)));
  step("alert");
  ASSERT_OK(update->AcknowledgeAlert(world.clinic, world.alert, world.user, At(2, 9)));
  ASSERT_OK(update->Commit());
  ASSERT_OK_AND_ASSIGN(Stamps updated, ReadStamps(*db.store, world));
  // The responses, screening and assignment are never updated; the patient not yet.
  ExpectStamps(updated, t0, moved);

  step("patient");
  ASSERT_OK_AND_ASSIGN(auto edit, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(clinic::Patient patient, edit->GetPatient(world.clinic, world.patient));
  patient.phone = "+00 111";
  patient.updated_at = kGarbage;
  ASSERT_OK(edit->UpdatePatient(world.clinic, patient));
  ASSERT_OK(edit->Commit());
  ASSERT_OK_AND_ASSIGN(Stamps edited, ReadStamps(*db.store, world));
  ExpectStamps(edited, t0, moved);

  db.clock->Advance(1h);
  const clinic::Timestamp deleted_at = db.clock->Now();
  ASSERT_OK_AND_ASSIGN(auto remove, db.store->Begin());
  ASSERT_OK(remove->SoftDeletePatient(world.clinic, world.patient,
                                      {At(3, 9), world.user, "patient request", Day(3650)}));
  ASSERT_OK(remove->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::Patient deleted, read->GetPatient(world.clinic, world.patient));
  EXPECT_EQ(deleted.updated_at, deleted_at);
  ASSERT_OK_AND_ASSIGN(clinic::Alert alert, read->GetAlert(world.clinic, world.alert));
  EXPECT_EQ(alert.acknowledged_at, At(2, 9));  // the acknowledgement's own time is kept apart
}

TYPED_TEST(LastUpdatedContractTest, AFailedOrRolledBackWriteLeavesItAlone) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK(tx->AcknowledgeAlert(world.clinic, world.alert, world.user, At(2, 9)));
  ASSERT_OK(tx->Commit());
  db.clock->Advance(1h);

  {  // Updates of every kind, then no Commit: rolled back when the transaction goes.
    ASSERT_OK_AND_ASSIGN(auto rolled_back, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, rolled_back->GetClinic(world.clinic));
    ASSERT_OK(rolled_back->UpdateClinic(clinic));
    ASSERT_OK_AND_ASSIGN(clinic::Patient patient,
                         rolled_back->GetPatient(world.clinic, world.patient));
    ASSERT_OK(rolled_back->UpdatePatient(world.clinic, patient));
    ASSERT_OK_AND_ASSIGN(clinic::Session session,
                         rolled_back->GetSession(world.clinic, world.session));
    ASSERT_OK(rolled_back->UpdateSession(world.clinic, session));
    ASSERT_OK(rolled_back->RecordAdherence(
        world.clinic, MakeAdherence(world.patient, clinic::Completion::kDone)));
  }
  ASSERT_OK_AND_ASSIGN(Stamps after_rollback, ReadStamps(*db.store, world));
  ExpectStamps(after_rollback, kTestClockStart);

  // Writes the store refuses before touching the database, in a transaction that then commits.
  ASSERT_OK_AND_ASSIGN(auto refused, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(clinic::Course course, refused->GetCourse(world.clinic, world.course));
  course.start_date = Day(1);  // pinned
  EXPECT_FALSE(refused->UpdateCourse(world.clinic, course).has_value());
  EXPECT_FALSE(refused->AcknowledgeAlert(world.clinic, world.alert, world.user, At(2, 10))
                   .has_value());  // already acknowledged
  ASSERT_OK_AND_ASSIGN(clinic::Session session, refused->GetSession(world.clinic, world.session));
  session.therapist_id = TherapistId(world.therapist.value() + 1000);  // no such therapist
  EXPECT_FALSE(refused->UpdateSession(world.clinic, session).has_value());
  ASSERT_OK_AND_ASSIGN(clinic::Patient patient, refused->GetPatient(world.clinic, world.patient));
  patient.family_name = "";  // invalid
  EXPECT_FALSE(refused->UpdatePatient(world.clinic, patient).has_value());
  ASSERT_OK(refused->Commit());
  ASSERT_OK_AND_ASSIGN(Stamps after_refusals, ReadStamps(*db.store, world));
  ExpectStamps(after_refusals, kTestClockStart);
}

}  // namespace
}  // namespace backcare::store::testing
