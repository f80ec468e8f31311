// Contract for a course's discharge (schema version 14) on every backend: a course is created
// without one; UpdateCourse writes it once and it reads back whole (the note exactly as given);
// a stored discharge is never changed or dropped; a discharge comes only with status completed or
// discontinued and a note of at most 4,000 characters; discharged_by is a user of the clinic; a
// refused update writes nothing. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

clinic::Date Day(int day) {
  using std::chrono::sys_days;
  return clinic::Date(sys_days(std::chrono::year{2026} / 1 / 5) + std::chrono::days(day));
}

// A clinic with a therapist, two logins (therapist and front desk), a patient and two courses.
struct World {
  ClinicId clinic;
  TherapistId therapist;
  UserId therapist_user;
  UserId desk_user;
  clinic::Course course;
  clinic::Course other_course;
};

Result<UserId> AddUser(ports::Transaction& tx, ClinicId clinic_id, std::string email,
                       clinic::Role role, std::optional<TherapistId> therapist) {
  clinic::User user;
  user.email = std::move(email);
  user.display_name = "Synthetic";
  user.role = role;
  user.password_hash = "$argon2id$synthetic";
  user.therapist_id = therapist;
  return tx.CreateUser(clinic_id, user);
}

Result<World> MakeWorld(ports::Transaction& tx, const std::string& name) {
  World world;
  ASSIGN_OR_RETURN(world.clinic, tx.CreateClinic({ClinicId(), name, "Europe/Berlin"}));
  clinic::Therapist therapist;
  therapist.given_name = "Tess";
  therapist.family_name = "Example";
  ASSIGN_OR_RETURN(world.therapist, tx.CreateTherapist(world.clinic, therapist));
  ASSIGN_OR_RETURN(world.therapist_user, AddUser(tx, world.clinic, "tess@example.test",
                                                 clinic::Role::kTherapist, world.therapist));
  ASSIGN_OR_RETURN(world.desk_user, AddUser(tx, world.clinic, "desk@example.test",
                                            clinic::Role::kFrontDesk, std::nullopt));
  clinic::Patient patient;
  patient.given_name = "Pat";
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  ASSIGN_OR_RETURN(PatientId patient_id, tx.CreatePatient(world.clinic, patient));
  for (clinic::Course* course : {&world.course, &world.other_course}) {
    course->clinic_id = world.clinic;
    course->patient_id = patient_id;
    course->therapist_id = world.therapist;
    course->protocol_id = "deep-tissue-chronic-low-back-pain";
    course->protocol_version = 1;
    course->start_date = Day(0);
    ASSIGN_OR_RETURN(course->id, tx.CreateCourse(world.clinic, *course));
    course->updated_at = kTestClockStart;  // the store's clock, which these tests never move
  }
  return world;
}

// `course` discharged by `by` with `outcome` (status to match) and `note`.
clinic::Course Discharged(clinic::Course course, UserId by,
                          clinic::DischargeOutcome outcome = clinic::DischargeOutcome::kGoalsMet,
                          std::string note = "Goals met.") {
  course.status = clinic::StatusAfterDischarge(outcome);
  course.discharge = clinic::Discharge{outcome, Day(40), by, std::move(note)};
  return course;
}

// Text a note may hold: line breaks, a tab, quotes, a backslash, "\N", non-ASCII and emoji.
const std::string kAwkwardNote =
    "Pain 2/10 \"much better\"; O'Brien's advice.\r\n\tHome program \\ kept.\n\\N\nZoë 東京 "
    "🙂 "
    "e\u0301\n";

// `count` copies of a 2-byte character: `count` characters, 2 * count bytes.
std::string Umlauts(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += "ü";
  }
  return text;
}

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> fields;
  for (const FieldError& field : error.fields) {
    fields.push_back(field.path);
  }
  return fields;
}

template <typename Backend>
class CourseDischargeContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(CourseDischargeContractTest, AllBackends, BackendNames);

TYPED_TEST(CourseDischargeContractTest, ADischargeIsReadBackWhole) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    // A new course has no discharge.
    ASSERT_OK_AND_ASSIGN(clinic::Course created, tx->GetCourse(world.clinic, world.course.id));
    EXPECT_EQ(created, world.course);
    EXPECT_FALSE(created.discharge.has_value());
    ASSERT_OK(tx->Commit());
  }
  const std::vector<clinic::DischargeOutcome> outcomes = {
      clinic::DischargeOutcome::kGoalsMet, clinic::DischargeOutcome::kPlateau,
      clinic::DischargeOutcome::kReferredOn, clinic::DischargeOutcome::kPatientChoice,
      clinic::DischargeOutcome::kLostToFollowUp};
  for (clinic::DischargeOutcome outcome : outcomes) {
    SCOPED_TRACE(std::string(NameOf(clinic::kDischargeOutcomeNames, outcome)));
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    clinic::Course course;
    course.patient_id = world.course.patient_id;
    course.protocol_id = "p";
    course.protocol_version = 2;
    course.start_date = Day(1);
    ASSERT_OK_AND_ASSIGN(course.id, tx->CreateCourse(world.clinic, course));
    course.clinic_id = world.clinic;
    course.updated_at = kTestClockStart;
    const clinic::Course discharged = Discharged(course, world.desk_user, outcome, "");
    ASSERT_OK(tx->UpdateCourse(world.clinic, discharged));
    ASSERT_OK(tx->Commit());
    ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
    ASSERT_OK_AND_ASSIGN(clinic::Course found, read->GetCourse(world.clinic, course.id));
    EXPECT_EQ(found, discharged);
  }

  // Awkward text, and a note of exactly 4,000 characters (8,000 bytes).
  const clinic::Course awkward = Discharged(world.course, world.therapist_user,
                                            clinic::DischargeOutcome::kReferredOn, kAwkwardNote);
  const clinic::Course longest = Discharged(world.other_course, world.therapist_user,
                                            clinic::DischargeOutcome::kPlateau, Umlauts(4000));
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK(tx->UpdateCourse(world.clinic, awkward));
    ASSERT_OK(tx->UpdateCourse(world.clinic, longest));
    // The transaction sees its own writes.
    ASSERT_OK_AND_ASSIGN(clinic::Course own, tx->GetCourse(world.clinic, awkward.id));
    EXPECT_EQ(own, awkward);
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::Course found, read->GetCourse(world.clinic, awkward.id));
  EXPECT_EQ(found, awkward);
  ASSERT_TRUE(found.discharge.has_value());
  EXPECT_EQ(found.discharge->note, kAwkwardNote);
  EXPECT_EQ(found.status, clinic::CourseStatus::kDiscontinued);
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::Course> listed, read->ListCourses(world.clinic));
  ASSERT_EQ(listed.size(), 7u);
  EXPECT_EQ(listed[0], awkward);
  EXPECT_EQ(listed[1], longest);
  ASSERT_OK_AND_ASSIGN(listed, read->ListCoursesForPatient(world.clinic, awkward.patient_id));
  ASSERT_EQ(listed.size(), 7u);
  EXPECT_EQ(listed[1].discharge->note.size(), 8000u);
}

TYPED_TEST(CourseDischargeContractTest, ADischargeIsWrittenOnce) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx, "North"));
  const clinic::Course discharged = Discharged(world.course, world.therapist_user);
  ASSERT_OK(tx->UpdateCourse(world.clinic, discharged));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  // The same discharge again, with another therapist field: fine (therapist is not pinned).
  clinic::Course same = discharged;
  same.therapist_id = std::nullopt;
  ASSERT_OK(tx->UpdateCourse(world.clinic, same));
  // Changed in any part, or dropped: refused.
  std::vector<clinic::Course> refused;
  clinic::Course changed = same;
  changed.discharge->note += " Edited.";
  refused.push_back(changed);
  changed = same;
  changed.discharge->outcome = clinic::DischargeOutcome::kPlateau;
  refused.push_back(changed);
  changed = same;
  changed.discharge->discharged_on = Day(41);
  refused.push_back(changed);
  changed = same;
  changed.discharge->discharged_by = world.desk_user;
  refused.push_back(changed);
  changed = same;
  changed.discharge->outcome = clinic::DischargeOutcome::kPatientChoice;
  changed.status = clinic::CourseStatus::kDiscontinued;
  refused.push_back(changed);
  changed = same;
  changed.discharge.reset();
  refused.push_back(changed);
  changed.status = clinic::CourseStatus::kActive;  // reopened
  refused.push_back(changed);
  for (const clinic::Course& course : refused) {
    ASSERT_ERROR_AND_ASSIGN(Error error, tx->UpdateCourse(world.clinic, course),
                            ErrorCode::kFailedPrecondition);
    EXPECT_EQ(error.message,
              "course " + std::to_string(world.course.id.value()) + " was discharged already");
  }
  ASSERT_OK_AND_ASSIGN(clinic::Course found, tx->GetCourse(world.clinic, world.course.id));
  EXPECT_EQ(found, same);
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(found, read->GetCourse(world.clinic, world.course.id));
  EXPECT_EQ(found, same);
}

TYPED_TEST(CourseDischargeContractTest, InvalidDischargesAreRefusedAndNothingIsWritten) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx, "North"));

  // A course is created without a discharge.
  clinic::Course created = Discharged(world.course, world.therapist_user);
  created.id = CourseId();
  ASSERT_ERROR_AND_ASSIGN(Error error, tx->CreateCourse(world.clinic, created),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(error), std::vector<std::string>{"discharge"});

  // A discharge only with status completed or discontinued.
  for (clinic::CourseStatus status :
       {clinic::CourseStatus::kActive, clinic::CourseStatus::kPaused}) {
    clinic::Course open = Discharged(world.course, world.therapist_user);
    open.status = status;
    ASSERT_ERROR_AND_ASSIGN(error, tx->UpdateCourse(world.clinic, open), ErrorCode::kInvalidInput);
    EXPECT_EQ(Fields(error), std::vector<std::string>{"discharge"});
  }
  // A note of at most 4,000 characters.
  clinic::Course long_note = Discharged(world.course, world.therapist_user,
                                        clinic::DischargeOutcome::kGoalsMet, Umlauts(4001));
  ASSERT_ERROR_AND_ASSIGN(error, tx->UpdateCourse(world.clinic, long_note),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(error), std::vector<std::string>{"discharge.note"});
  long_note.discharge->note = std::string(4001, 'x');
  ASSERT_ERROR_AND_ASSIGN(error, tx->UpdateCourse(world.clinic, long_note),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(error), std::vector<std::string>{"discharge.note"});
  // Both at once: both named.
  long_note.status = clinic::CourseStatus::kPaused;
  ASSERT_ERROR_AND_ASSIGN(error, tx->UpdateCourse(world.clinic, long_note),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(error), (std::vector<std::string>{"discharge", "discharge.note"}));

  // Nothing was written: one course per create, neither discharged.
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::Course> listed, read->ListCourses(world.clinic));
  EXPECT_EQ(listed, (std::vector<clinic::Course>{world.course, world.other_course}));
}

TYPED_TEST(CourseDischargeContractTest, DischargedByIsAUserOfTheClinic) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World north, MakeWorld(*tx, "North"));
  ASSERT_OK_AND_ASSIGN(World south, MakeWorld(*tx, "South"));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  // Another clinic's user, or no user at all: not found, the same message.
  for (UserId by : {south.therapist_user, UserId(987'654'321)}) {
    ASSERT_ERROR_AND_ASSIGN(Error error,
                            tx->UpdateCourse(north.clinic, Discharged(north.course, by)),
                            ErrorCode::kNotFound);
    EXPECT_EQ(error.message, "user " + std::to_string(by.value()) + " not found");
  }
  ASSERT_OK_AND_ASSIGN(clinic::Course found, tx->GetCourse(north.clinic, north.course.id));
  EXPECT_EQ(found, north.course);
  // The transaction goes on after the refusals.
  const clinic::Course discharged = Discharged(north.course, north.desk_user);
  ASSERT_OK(tx->UpdateCourse(north.clinic, discharged));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(found, read->GetCourse(north.clinic, north.course.id));
  EXPECT_EQ(found, discharged);
  ASSERT_OK_AND_ASSIGN(found, read->GetCourse(south.clinic, south.course.id));
  EXPECT_EQ(found, south.course);
}

TYPED_TEST(CourseDischargeContractTest, ARolledBackOrReadOnlyTransactionWritesNoDischarge) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    ASSERT_OK(tx->Commit());
  }
  const clinic::Course discharged = Discharged(world.course, world.therapist_user);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK(tx->UpdateCourse(world.clinic, discharged));
  }  // rolled back
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_ERROR_AND_ASSIGN(Error refused, read->UpdateCourse(world.clinic, discharged),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.message, "transaction is read-only");
  ASSERT_OK_AND_ASSIGN(clinic::Course found, read->GetCourse(world.clinic, world.course.id));
  EXPECT_EQ(found, world.course);
  EXPECT_FALSE(found.discharge.has_value());
}

}  // namespace
}  // namespace backcare::store::testing
