// Contract for a session note's objective measures (schema version 15) on every backend: a note
// without them reads back without them; written on create or on a draft update they read back
// exactly (minutes, and cm to one decimal, negative fingertip-to-floor included); a draft update
// can clear them; a value out of range is refused by its field path and writes nothing; notes
// listed for a patient carry them. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using namespace std::chrono_literals;

clinic::Timestamp At(int day) {
  return clinic::Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 2 / 2)) +
         std::chrono::days(day) + 9h;
}

// A clinic with a therapist (and their login), a patient, a course and three sessions.
struct World {
  ClinicId clinic;
  UserId therapist_user;
  PatientId patient;
  std::vector<SessionId> sessions;
};

Result<World> MakeWorld(ports::Transaction& tx) {
  World world;
  ASSIGN_OR_RETURN(world.clinic, tx.CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  clinic::Therapist therapist;
  therapist.given_name = "Tess";
  therapist.family_name = "Example";
  ASSIGN_OR_RETURN(TherapistId therapist_id, tx.CreateTherapist(world.clinic, therapist));
  clinic::User user;
  user.email = "tess@example.test";
  user.display_name = "Tess";
  user.role = clinic::Role::kTherapist;
  user.password_hash = "$argon2id$synthetic";
  user.therapist_id = therapist_id;
  ASSIGN_OR_RETURN(world.therapist_user, tx.CreateUser(world.clinic, user));
  clinic::Patient patient;
  patient.given_name = "Pat";
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  ASSIGN_OR_RETURN(world.patient, tx.CreatePatient(world.clinic, patient));
  clinic::Course course;
  course.patient_id = world.patient;
  course.therapist_id = therapist_id;
  course.protocol_id = "deep-tissue-chronic-low-back-pain";
  course.protocol_version = 1;
  course.start_date = std::chrono::year{2026} / 2 / 2;
  ASSIGN_OR_RETURN(CourseId course_id, tx.CreateCourse(world.clinic, course));
  for (int day : {0, 7, 14}) {
    clinic::Session session;
    session.course_id = course_id;
    session.therapist_id = therapist_id;
    session.start = At(day);
    session.end = At(day) + 60min;
    session.phase_id = "initial_relief";
    ASSIGN_OR_RETURN(SessionId id, tx.CreateSession(world.clinic, session));
    world.sessions.push_back(id);
  }
  return world;
}

session::SessionNote MakeNote(const World& world, SessionId session_id,
                              session::ObjectiveMeasures measures) {
  session::SessionNote note;
  note.session_id = session_id;
  note.author_id = world.therapist_user;
  note.soap = {"stands longer", "", "improving", "continue"};
  note.measures = measures;
  note.created_at = At(0);
  note.updated_at = At(0);
  return note;
}

template <typename Backend>
class NoteMeasuresContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(NoteMeasuresContractTest, AllBackends, BackendNames);

TYPED_TEST(NoteMeasuresContractTest, MeasuresReadBackExactlyAndAbsentStaysAbsent) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  NoteId none_id;
  NoteId all_id;
  NoteId some_id;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx));
    ASSERT_OK_AND_ASSIGN(none_id,
                         tx->CreateNote(world.clinic, MakeNote(world, world.sessions[0], {})));
    ASSERT_OK_AND_ASSIGN(all_id, tx->CreateNote(world.clinic, MakeNote(world, world.sessions[1],
                                                                       {480, 15.0, -30.0})));
    ASSERT_OK_AND_ASSIGN(some_id,
                         tx->CreateNote(world.clinic, MakeNote(world, world.sessions[2],
                                                               {std::nullopt, 0.1, std::nullopt})));
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(session::SessionNote none, read->GetNote(world.clinic, none_id));
  EXPECT_EQ(none.measures, session::ObjectiveMeasures{});
  ASSERT_OK_AND_ASSIGN(session::SessionNote all, read->GetNote(world.clinic, all_id));
  EXPECT_EQ(all.measures.standing_tolerance_minutes, 480);
  EXPECT_EQ(all.measures.schober_cm, 15.0);
  EXPECT_EQ(all.measures.fingertip_to_floor_cm, -30.0);
  ASSERT_OK_AND_ASSIGN(session::SessionNote some, read->GetNote(world.clinic, some_id));
  EXPECT_EQ(some.measures, (session::ObjectiveMeasures{std::nullopt, 0.1, std::nullopt}));
  // Listed for the patient, in session order, with their measures.
  ASSERT_OK_AND_ASSIGN(auto listed, read->ListNotesForPatient(world.clinic, world.patient));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].measures, session::ObjectiveMeasures{});
  EXPECT_EQ(listed[1].measures, (session::ObjectiveMeasures{480, 15.0, -30.0}));
  EXPECT_EQ(listed[2].measures.schober_cm, 0.1);
}

TYPED_TEST(NoteMeasuresContractTest, ADraftUpdateWritesAndClearsThem) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  session::SessionNote note = MakeNote(world, world.sessions[0], {});
  ASSERT_OK_AND_ASSIGN(note.id, tx->CreateNote(world.clinic, note));
  note.measures = {35, 4.5, 12.3};
  ASSERT_OK(tx->UpdateDraftNote(world.clinic, note));
  ASSERT_OK_AND_ASSIGN(session::SessionNote updated, tx->GetNote(world.clinic, note.id));
  EXPECT_EQ(updated.measures, (session::ObjectiveMeasures{35, 4.5, 12.3}));
  note.measures.schober_cm.reset();
  note.measures.standing_tolerance_minutes = 0;
  ASSERT_OK(tx->UpdateDraftNote(world.clinic, note));
  ASSERT_OK_AND_ASSIGN(session::SessionNote cleared, tx->GetNote(world.clinic, note.id));
  EXPECT_EQ(cleared.measures, (session::ObjectiveMeasures{0, std::nullopt, 12.3}));
}

TYPED_TEST(NoteMeasuresContractTest, OutOfRangeMeasuresAreRefusedByPathAndWriteNothing) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_ERROR_AND_ASSIGN(
      Error created,
      tx->CreateNote(world.clinic, MakeNote(world, world.sessions[0], {481, 15.1, -30.1})),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(created.ToString(),
            "session note: 3 invalid field(s)\n"
            "objective_measures.standing_tolerance_minutes: expected 0..480, got 481\n"
            "objective_measures.schober_cm: expected 0.0..15.0 cm with at most one decimal, got "
            "15.1\n"
            "objective_measures.fingertip_to_floor_cm: expected -30.0..80.0 cm with at most one "
            "decimal, got -30.1");
  ASSERT_ERROR(tx->FindNoteForSession(world.clinic, world.sessions[0]), ErrorCode::kNotFound);

  session::SessionNote note = MakeNote(world, world.sessions[0], {20, 3.0, 40.0});
  ASSERT_OK_AND_ASSIGN(note.id, tx->CreateNote(world.clinic, note));
  session::SessionNote bad = note;
  bad.measures.fingertip_to_floor_cm = 80.05;
  ASSERT_ERROR_AND_ASSIGN(Error updated, tx->UpdateDraftNote(world.clinic, bad),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(updated.fields.size(), 1u);
  EXPECT_EQ(updated.fields[0].path, "objective_measures.fingertip_to_floor_cm");
  ASSERT_OK_AND_ASSIGN(session::SessionNote kept, tx->GetNote(world.clinic, note.id));
  EXPECT_EQ(kept.measures, (session::ObjectiveMeasures{20, 3.0, 40.0}));
}

}  // namespace
}  // namespace backcare::store::testing
