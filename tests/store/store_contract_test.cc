// The store contract suite: the same behaviour, error codes and messages on every backend
// (memory, SQLite in memory, SQLite file, PostgreSQL). Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>

#include "testing/fault_injecting_store.h"
#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using ::backcare::testing::Describe;
using namespace std::chrono_literals;
using ::backcare::testing::FaultInjectingStore;
using std::chrono::sys_days;

clinic::Timestamp At(int day, int hour = 9) {
  return clinic::Timestamp(sys_days(std::chrono::year{2024} / 3 / 1)) + std::chrono::days(day) +
         std::chrono::hours(hour);
}

clinic::Date Day(int day) {
  return clinic::Date(sys_days(std::chrono::year{2024} / 3 / 1) + std::chrono::days(day));
}

// One clinic with a therapist (and their login), a patient and a course.
struct World {
  ClinicId clinic;
  TherapistId therapist;
  UserId therapist_user;
  PatientId patient;
  CourseId course;
};

Result<World> MakeWorld(ports::Transaction& tx, std::string clinic_name = "North") {
  World world;
  ASSIGN_OR_RETURN(world.clinic, tx.CreateClinic({ClinicId(), clinic_name, "Europe/Berlin"}));
  clinic::Therapist therapist;
  therapist.given_name = "Tess";
  therapist.family_name = "Example";
  therapist.license_number = "T-1";
  ASSIGN_OR_RETURN(world.therapist, tx.CreateTherapist(world.clinic, therapist));
  clinic::User user;
  user.email = "tess@example.test";
  user.display_name = "Tess";
  user.role = clinic::Role::kTherapist;
  user.password_hash = "$argon2id$synthetic";
  user.therapist_id = world.therapist;
  ASSIGN_OR_RETURN(world.therapist_user, tx.CreateUser(world.clinic, user));
  clinic::Patient patient;
  patient.given_name = "Pat";
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  patient.phone = "+00 000";
  patient.email = "pat@example.test";
  ASSIGN_OR_RETURN(world.patient, tx.CreatePatient(world.clinic, patient));
  clinic::Course course;
  course.patient_id = world.patient;
  course.therapist_id = world.therapist;
  course.protocol_id = "deep-tissue-chronic-low-back-pain";
  course.protocol_version = 1;
  course.start_date = Day(0);
  ASSIGN_OR_RETURN(world.course, tx.CreateCourse(world.clinic, course));
  return world;
}

clinic::Session MakeSession(const World& world, int day) {
  clinic::Session session;
  session.course_id = world.course;
  session.therapist_id = world.therapist;
  session.start = At(day);
  session.end = At(day) + 60min;
  session.phase_id = "initial_relief";
  return session;
}

session::SessionNote MakeNote(const World& world, SessionId session_id) {
  session::SessionNote note;
  note.session_id = session_id;
  note.author_id = world.therapist_user;
  note.soap = {"reports stiffness", "tight erectors", "improving", "continue"};
  note.techniques.strip_passes = {
      {"erector_spinae", session::Side::kBilateral, "sacrum_to_neck", 3}};
  note.techniques.trigger_points = {{"quadratus_lumborum", session::Side::kLeft, 75},
                                    {"gluteus_medius", session::Side::kRight, 60}};
  note.techniques.release_areas = {{"thoracolumbar_fascia", 8}};
  note.techniques.pressure = session::Pressure::kFirm;
  note.techniques.tolerance = session::Tolerance::kFair;
  note.techniques.deviation_reason = "held\tlonger: tolerated\nwell";  // kept exactly
  note.nprs_before = 6;
  note.nprs_after = 4;
  note.adverse_events = {{session::AdverseEventKind::kSoreness, session::Severity::kMild,
                          "tab\there\nnewline \\ backslash"}};
  note.created_at = At(1, 10);
  note.updated_at = At(1, 10);
  return note;
}

clinic::QuestionnaireResponse MakeResponse(const World& world, int day, double score) {
  clinic::QuestionnaireResponse response;
  response.patient_id = world.patient;
  response.course_id = world.course;
  response.instrument_id = instrument::InstrumentId::kOdi;
  response.answers = {3, std::nullopt, 2, 0, 5};
  response.score = score;
  response.score_status = instrument::ScoreStatus::kScored;
  response.checkpoint_id = "baseline";
  response.taken_at = At(day);
  return response;
}

template <typename Backend>
class StoreContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(StoreContractTest, AllBackends, BackendNames);

// A note records only what was entered: no pressure or tolerance reads back as none (#20).
TYPED_TEST(StoreContractTest, ANoteWithoutPressureOrToleranceReadsBackWithout) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK_AND_ASSIGN(SessionId session_id,
                       tx->CreateSession(world.clinic, MakeSession(world, 1)));
  session::SessionNote note = MakeNote(world, session_id);
  note.techniques = {};
  note.techniques.no_hands_on_reason = "deferred";
  ASSERT_OK_AND_ASSIGN(NoteId note_id, tx->CreateNote(world.clinic, note));
  ASSERT_OK_AND_ASSIGN(session::SessionNote read, tx->GetNote(world.clinic, note_id));
  EXPECT_FALSE(read.techniques.pressure.has_value());
  EXPECT_FALSE(read.techniques.tolerance.has_value());
  EXPECT_EQ(read.techniques.no_hands_on_reason, "deferred");
  read.techniques.pressure = session::Pressure::kLight;
  ASSERT_OK(tx->UpdateDraftNote(world.clinic, read));
  ASSERT_OK_AND_ASSIGN(session::SessionNote updated, tx->GetNote(world.clinic, note_id));
  EXPECT_EQ(updated.techniques.pressure, session::Pressure::kLight);
  EXPECT_FALSE(updated.techniques.tolerance.has_value());
}

TYPED_TEST(StoreContractTest, EveryRecordRoundTrips) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK_AND_ASSIGN(SessionId session_id,
                       tx->CreateSession(world.clinic, MakeSession(world, 1)));
  session::SessionNote note = MakeNote(world, session_id);
  ASSERT_OK_AND_ASSIGN(NoteId note_id, tx->CreateNote(world.clinic, note));
  ASSERT_OK_AND_ASSIGN(ResponseId response_id,
                       tx->AddResponse(world.clinic, MakeResponse(world, 0, 42.5)));
  clinic::ScreeningResult screening;
  screening.patient_id = world.patient;
  screening.condition_ids = {"anticoagulants", "recent_surgery"};
  screening.decision = screening::Decision::kModify;
  screening.screened_by = world.therapist_user;
  screening.screened_at = At(0, 8);
  ASSERT_OK_AND_ASSIGN(auto screening_id, tx->AddScreeningResult(world.clinic, screening));
  clinic::HomeProgramAssignment assignment;
  assignment.patient_id = world.patient;
  assignment.course_id = world.course;
  assignment.exercise_ids = {"pelvic_tilt", "bird_dog"};
  assignment.start_date = Day(2);
  ASSERT_OK_AND_ASSIGN(auto assignment_id, tx->AddHomeProgramAssignment(world.clinic, assignment));
  clinic::Alert alert;
  alert.patient_id = world.patient;
  alert.kind = "adverse_event";
  alert.severity = clinic::AlertSeverity::kCritical;
  alert.record_type = "session_note";
  alert.record_id = note_id.value();
  alert.created_at = At(1, 11);
  ASSERT_OK_AND_ASSIGN(AlertId alert_id, tx->AddAlert(world.clinic, alert));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, read->GetClinic(world.clinic));
  clinic::Clinic expected_clinic{world.clinic, "North", "Europe/Berlin", 24};
  expected_clinic.updated_at = kTestClockStart;  // stamped by the store with its clock
  EXPECT_EQ(clinic, expected_clinic);
  ASSERT_OK_AND_ASSIGN(clinic::User user, read->GetUser(world.clinic, world.therapist_user));
  EXPECT_EQ(user.email, "tess@example.test");
  EXPECT_EQ(user.role, clinic::Role::kTherapist);
  EXPECT_EQ(user.therapist_id, world.therapist);
  EXPECT_EQ(user.clinic_id, world.clinic);
  ASSERT_OK_AND_ASSIGN(clinic::Patient patient, read->GetPatient(world.clinic, world.patient));
  EXPECT_EQ(patient.date_of_birth, std::chrono::year{1980} / 5 / 17);
  EXPECT_FALSE(patient.deletion);
  ASSERT_OK_AND_ASSIGN(clinic::Course course, read->GetCourse(world.clinic, world.course));
  EXPECT_EQ(course.protocol_version, 1);
  EXPECT_EQ(course.status, clinic::CourseStatus::kActive);
  ASSERT_OK_AND_ASSIGN(clinic::Session session, read->GetSession(world.clinic, session_id));
  EXPECT_EQ(session.patient_id, world.patient);
  EXPECT_EQ(session.start, At(1));
  EXPECT_EQ(session.sequence, 0);
  ASSERT_OK_AND_ASSIGN(session::SessionNote stored, read->GetNote(world.clinic, note_id));
  note.id = note_id;
  note.clinic_id = world.clinic;
  EXPECT_EQ(stored, note);
  ASSERT_OK_AND_ASSIGN(auto response, read->GetResponse(world.clinic, response_id));
  clinic::QuestionnaireResponse expected_response = MakeResponse(world, 0, 42.5);
  expected_response.id = response_id;
  expected_response.clinic_id = world.clinic;
  expected_response.updated_at = kTestClockStart;
  EXPECT_EQ(response, expected_response);
  ASSERT_OK_AND_ASSIGN(auto screenings, read->ListScreeningResults(world.clinic, world.patient));
  screening.id = screening_id;
  screening.clinic_id = world.clinic;
  screening.updated_at = kTestClockStart;
  EXPECT_EQ(screenings, std::vector<clinic::ScreeningResult>{screening});
  ASSERT_OK_AND_ASSIGN(auto assignments,
                       read->ListHomeProgramAssignments(world.clinic, world.patient));
  assignment.id = assignment_id;
  assignment.clinic_id = world.clinic;
  assignment.updated_at = kTestClockStart;
  EXPECT_EQ(assignments, std::vector<clinic::HomeProgramAssignment>{assignment});
  ASSERT_OK_AND_ASSIGN(clinic::Alert stored_alert, read->GetAlert(world.clinic, alert_id));
  alert.id = alert_id;
  alert.clinic_id = world.clinic;
  alert.updated_at = kTestClockStart;
  EXPECT_EQ(stored_alert, alert);
}

TYPED_TEST(StoreContractTest, ForeignClinicRecordsAreNotFoundLikeAbsentOnes) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World north, MakeWorld(*tx, "North"));
  ASSERT_OK_AND_ASSIGN(World south, MakeWorld(*tx, "South"));
  ASSERT_OK_AND_ASSIGN(SessionId session_id,
                       tx->CreateSession(north.clinic, MakeSession(north, 1)));
  ASSERT_OK_AND_ASSIGN(NoteId note_id, tx->CreateNote(north.clinic, MakeNote(north, session_id)));

  struct Case {
    std::string name;
    std::string outcome;  // Describe(result): "ok" or "code: message"
    std::string message;
  };
  const std::int64_t absent = 999999;
  std::vector<Case> cases = {
      {"patient", Describe(tx->GetPatient(south.clinic, north.patient)),
       "patient " + std::to_string(north.patient.value()) + " not found"},
      {"absent patient", Describe(tx->GetPatient(south.clinic, PatientId(absent))),
       "patient 999999 not found"},
      {"course", Describe(tx->GetCourse(south.clinic, north.course)),
       "course " + std::to_string(north.course.value()) + " not found"},
      {"user", Describe(tx->GetUser(south.clinic, north.therapist_user)),
       "user " + std::to_string(north.therapist_user.value()) + " not found"},
      {"therapist", Describe(tx->GetTherapist(south.clinic, north.therapist)),
       "therapist " + std::to_string(north.therapist.value()) + " not found"},
      {"session", Describe(tx->GetSession(south.clinic, session_id)),
       "session " + std::to_string(session_id.value()) + " not found"},
      {"note", Describe(tx->GetNote(south.clinic, note_id)),
       "session note " + std::to_string(note_id.value()) + " not found"},
      {"course of foreign patient",
       Describe(tx->CreateCourse(
           south.clinic, clinic::Course{CourseId(), ClinicId(), north.patient, std::nullopt, "p", 1,
                                        Day(0), clinic::CourseStatus::kActive})),
       "patient " + std::to_string(north.patient.value()) + " not found"},
      {"session on foreign course",
       Describe(tx->CreateSession(south.clinic, MakeSession(north, 2))),
       "course " + std::to_string(north.course.value()) + " not found"},
      {"update foreign patient",
       Describe(tx->UpdatePatient(south.clinic, clinic::Patient{north.patient, ClinicId(), "A", "B",
                                                                Day(0), "", "", std::nullopt})),
       "patient " + std::to_string(north.patient.value()) + " not found"},
      {"sign foreign note",
       Describe(tx->SignNote(south.clinic, note_id, south.therapist_user, At(2))),
       "session note " + std::to_string(note_id.value()) + " not found"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.outcome, "not_found: " + c.message) << c.name;
  }
  ASSERT_OK_AND_ASSIGN(auto south_patients,
                       tx->ListPatients(south.clinic, ports::PatientFilter::kIncludeDeleted));
  ASSERT_EQ(south_patients.size(), 1u);
  EXPECT_EQ(south_patients[0].id, south.patient);
  ASSERT_OK_AND_ASSIGN(auto south_notes, tx->ListNotesForPatient(south.clinic, north.patient));
  EXPECT_TRUE(south_notes.empty());
}

TYPED_TEST(StoreContractTest, EmailIsUniqueWithinAClinicOnly) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World north;
  World south;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(north, MakeWorld(*tx, "North"));
    ASSERT_OK_AND_ASSIGN(south, MakeWorld(*tx, "South"));  // same email, other clinic: fine
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  clinic::User duplicate;
  duplicate.email = "tess@example.test";
  duplicate.role = clinic::Role::kAdmin;
  ASSERT_ERROR_AND_ASSIGN(Error result, tx->CreateUser(north.clinic, duplicate),
                          ErrorCode::kConflict);
  EXPECT_EQ(result.message, "users.email: already exists");
  ASSERT_EQ(result.fields.size(), 1u);
  EXPECT_EQ(result.fields[0].path, "email");
}

TYPED_TEST(StoreContractTest, SignedNotesOnlyTakeAddenda) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK_AND_ASSIGN(SessionId session_id,
                       tx->CreateSession(world.clinic, MakeSession(world, 1)));
  session::SessionNote note = MakeNote(world, session_id);
  ASSERT_OK_AND_ASSIGN(NoteId note_id, tx->CreateNote(world.clinic, note));
  const std::string id = std::to_string(note_id.value());

  ASSERT_ERROR_AND_ASSIGN(
      Error early,
      tx->AddAddendum(world.clinic, note_id, {world.therapist_user, At(1, 12), "late"}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.message, "session note " + id + " is a draft");

  note.id = note_id;
  note.nprs_after = 3;
  ASSERT_OK(tx->UpdateDraftNote(world.clinic, note));
  ASSERT_OK(tx->SignNote(world.clinic, note_id, world.therapist_user, At(1, 13)));

  for (Status refused : {tx->UpdateDraftNote(world.clinic, note),
                         tx->SignNote(world.clinic, note_id, world.therapist_user, At(1, 14)),
                         tx->DeleteDraftNote(world.clinic, note_id)}) {
    ASSERT_ERROR_AND_ASSIGN(Error error, refused, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(error.message, "session note " + id + " is signed");
  }
  ASSERT_OK(tx->AddAddendum(world.clinic, note_id, {world.therapist_user, At(2), "first"}));
  ASSERT_OK(tx->AddAddendum(world.clinic, note_id, {world.therapist_user, At(3), "second"}));
  ASSERT_ERROR(tx->AddAddendum(world.clinic, note_id, {world.therapist_user, At(3), ""}),
               ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(session::SessionNote stored,
                       read->FindNoteForSession(world.clinic, session_id));
  EXPECT_EQ(stored.status, session::NoteStatus::kSigned);
  EXPECT_EQ(stored.signed_by, world.therapist_user);
  EXPECT_EQ(stored.signed_at, At(1, 13));
  EXPECT_EQ(stored.nprs_after, 3);
  ASSERT_EQ(stored.addenda.size(), 2u);
  EXPECT_EQ(stored.addenda[0].text, "first");
  EXPECT_EQ(stored.addenda[1].text, "second");
  EXPECT_EQ(stored.addenda[1].at, At(3));
}

TYPED_TEST(StoreContractTest, OneNotePerSessionAndDraftsMayBeDeleted) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
    ASSERT_OK_AND_ASSIGN(SessionId session_id,
                         tx->CreateSession(world.clinic, MakeSession(world, 1)));
    ASSERT_OK_AND_ASSIGN(NoteId note_id, tx->CreateNote(world.clinic, MakeNote(world, session_id)));
    ASSERT_OK(tx->DeleteDraftNote(world.clinic, note_id));
    ASSERT_ERROR_AND_ASSIGN(Error gone, tx->FindNoteForSession(world.clinic, session_id),
                            ErrorCode::kNotFound);
    EXPECT_EQ(gone.message, "session note not found");
    ASSERT_OK(tx->CreateNote(world.clinic, MakeNote(world, session_id)));
    ASSERT_ERROR_AND_ASSIGN(Error second, tx->CreateNote(world.clinic, MakeNote(world, session_id)),
                            ErrorCode::kConflict);
    EXPECT_EQ(second.message, "session_notes.session_id: already exists");
  }
}

TYPED_TEST(StoreContractTest, InvalidNotesListEveryBadField) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK_AND_ASSIGN(SessionId session_id,
                       tx->CreateSession(world.clinic, MakeSession(world, 1)));
  session::SessionNote note = MakeNote(world, session_id);
  note.nprs_before = 11;
  note.techniques.trigger_points[1].hold_seconds = 0;
  ASSERT_ERROR_AND_ASSIGN(Error result, tx->CreateNote(world.clinic, note),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(result.ToString(),
            "session note: 2 invalid field(s)\n"
            "nprs_before: expected 0..10, got 11\n"
            "techniques.trigger_points[1].hold_seconds: expected 1..600, got 0");
  clinic::Session backwards = MakeSession(world, 3);
  backwards.end = backwards.start;
  ASSERT_ERROR_AND_ASSIGN(Error session, tx->CreateSession(world.clinic, backwards),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(session.ToString(), "session: 1 invalid field(s)\nend: expected end after start");
}

TYPED_TEST(StoreContractTest, SoftDeletedPatientsAreKeptWithARetentionRecord) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  clinic::RetentionRecord retention{At(5), world.therapist_user, "patient request",
                                    std::chrono::year{2034} / 3 / 6};
  ASSERT_OK(tx->SoftDeletePatient(world.clinic, world.patient, retention));
  ASSERT_OK_AND_ASSIGN(auto listed,
                       tx->ListPatients(world.clinic, ports::PatientFilter::kExcludeDeleted));
  EXPECT_TRUE(listed.empty());
  ASSERT_OK_AND_ASSIGN(auto all,
                       tx->ListPatients(world.clinic, ports::PatientFilter::kIncludeDeleted));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].deletion, retention);
  ASSERT_OK_AND_ASSIGN(clinic::Patient patient, tx->GetPatient(world.clinic, world.patient));
  EXPECT_EQ(patient.deletion, retention);
  const std::string message = "patient " + std::to_string(world.patient.value()) + " is deleted";
  for (Status refused : {tx->SoftDeletePatient(world.clinic, world.patient, retention),
                         tx->UpdatePatient(world.clinic, patient)}) {
    ASSERT_ERROR_AND_ASSIGN(Error error, refused, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(error.message, message);
  }
  ASSERT_OK_AND_ASSIGN(auto courses, tx->ListCoursesForPatient(world.clinic, world.patient));
  EXPECT_EQ(courses.size(), 1u);  // nothing was erased
}

TYPED_TEST(StoreContractTest, AuditEventsAppendInSequence) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK_AND_ASSIGN(auto none, tx->LastAuditEvent(world.clinic));
  EXPECT_FALSE(none);
  std::vector<clinic::AuditEvent> events;
  for (int seq = 1; seq <= 3; ++seq) {
    clinic::AuditEvent event;
    event.seq = seq;
    event.at = At(seq);
    event.actor = seq == 1 ? std::nullopt : std::optional<UserId>(world.therapist_user);
    event.role = "therapist";
    event.action = "note.sign";
    event.record_type = "session_note";
    event.record_id = 7;
    event.from_address = "127.0.0.1";
    event.prev_hash = seq == 1 ? "" : events.back().hash;
    event.hash = "h" + std::to_string(seq);
    ASSERT_OK(tx->AppendAuditEvent(world.clinic, event));
    event.clinic_id = world.clinic;
    events.push_back(event);
  }
  clinic::AuditEvent gap = events.back();
  gap.seq = 5;
  ASSERT_ERROR_AND_ASSIGN(Error refused, tx->AppendAuditEvent(world.clinic, gap),
                          ErrorCode::kConflict);
  EXPECT_EQ(refused.message, "audit_events.seq: already exists");
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListAuditEvents(world.clinic, 0, 10));
  EXPECT_EQ(listed, events);
  ASSERT_OK_AND_ASSIGN(auto page, tx->ListAuditEvents(world.clinic, 1, 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].seq, 2);
  ASSERT_OK_AND_ASSIGN(auto last, tx->LastAuditEvent(world.clinic));
  EXPECT_EQ(last, events.back());
}

TYPED_TEST(StoreContractTest, AuditEventsAppendInBatchesCheckedBeforeAnyIsWritten) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  auto make = [&](int seq, std::optional<UserId> actor) {
    clinic::AuditEvent event;
    event.clinic_id = world.clinic;
    event.seq = seq;
    event.at = At(seq);
    event.actor = actor;
    event.role = "therapist";
    event.action = "patient.read";
    event.record_type = "patient";
    event.record_id = seq;
    event.from_address = "127.0.0.1";
    event.prev_hash = seq == 1 ? "" : "h" + std::to_string(seq - 1);
    event.hash = "h" + std::to_string(seq);
    return event;
  };
  const std::vector<clinic::AuditEvent> first = {make(1, world.therapist_user),
                                                 make(2, world.therapist_user)};
  ASSERT_OK(tx->AppendAuditEvents(world.clinic, first));

  // A gap inside a batch: refused, and the batch's valid first event is not written either.
  const std::vector<clinic::AuditEvent> gap = {make(3, std::nullopt), make(5, std::nullopt)};
  ASSERT_ERROR_AND_ASSIGN(Error gap_error, tx->AppendAuditEvents(world.clinic, gap),
                          ErrorCode::kConflict);
  EXPECT_EQ(gap_error.message, "audit_events.seq: already exists");
  // An actor of no user of the clinic, second in the batch: likewise.
  const std::vector<clinic::AuditEvent> stranger = {make(3, std::nullopt), make(4, UserId{999})};
  ASSERT_ERROR_AND_ASSIGN(Error stranger_error, tx->AppendAuditEvents(world.clinic, stranger),
                          ErrorCode::kNotFound);
  EXPECT_EQ(stranger_error.message, "user 999 not found");
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListAuditEvents(world.clinic, 0, 10));
  EXPECT_EQ(listed, first);

  const std::vector<clinic::AuditEvent> next = {make(3, std::nullopt),
                                                make(4, world.therapist_user)};
  ASSERT_OK(tx->AppendAuditEvents(world.clinic, next));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(listed, read->ListAuditEvents(world.clinic, 0, 10));
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[2], next[0]);
  EXPECT_EQ(listed[3], next[1]);
}

TYPED_TEST(StoreContractTest, SessionsListInOrderAndCountChanges) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  ASSERT_OK_AND_ASSIGN(SessionId later, tx->CreateSession(world.clinic, MakeSession(world, 5)));
  ASSERT_OK_AND_ASSIGN(SessionId earlier, tx->CreateSession(world.clinic, MakeSession(world, 2)));
  ASSERT_OK_AND_ASSIGN(SessionId outside, tx->CreateSession(world.clinic, MakeSession(world, 9)));
  ASSERT_OK_AND_ASSIGN(auto in_range, tx->ListSessionsInRange(world.clinic, {At(2), At(9)}));
  ASSERT_EQ(in_range.size(), 2u);
  EXPECT_EQ(in_range[0].id, earlier);
  EXPECT_EQ(in_range[1].id, later);
  ASSERT_OK_AND_ASSIGN(auto for_course, tx->ListSessionsForCourse(world.clinic, world.course));
  ASSERT_EQ(for_course.size(), 3u);
  EXPECT_EQ(for_course[2].id, outside);
  ASSERT_OK_AND_ASSIGN(clinic::Session session, tx->GetSession(world.clinic, later));
  session.status = clinic::SessionStatus::kAttended;
  ASSERT_OK(tx->UpdateSession(world.clinic, session));
  ASSERT_OK(tx->UpdateSession(world.clinic, session));
  ASSERT_OK_AND_ASSIGN(clinic::Session updated, tx->GetSession(world.clinic, later));
  EXPECT_EQ(updated.sequence, 2);
  EXPECT_EQ(updated.status, clinic::SessionStatus::kAttended);
  ASSERT_OK_AND_ASSIGN(auto calendar,
                       tx->ListSessionsForTherapist(world.clinic, world.therapist, {At(5), At(6)}));
  ASSERT_EQ(calendar.size(), 1u);
  EXPECT_EQ(calendar[0].id, later);
}

TYPED_TEST(StoreContractTest, AdherenceEntriesReplaceBySameKey) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  auto entry = [&](int day, std::string exercise, clinic::Completion done) {
    return clinic::AdherenceEntry{ClinicId(),          world.patient, Day(day),
                                  std::move(exercise), done,          ""};
  };
  ASSERT_OK(
      tx->RecordAdherence(world.clinic, entry(3, "pelvic_tilt", clinic::Completion::kNotDone)));
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry(3, "bird_dog", clinic::Completion::kDone)));
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry(1, "pelvic_tilt", clinic::Completion::kDone)));
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry(3, "pelvic_tilt", clinic::Completion::kDone)));
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry(9, "pelvic_tilt", clinic::Completion::kDone)));
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListAdherence(world.clinic, world.patient, Day(1), Day(3)));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].date, Day(1));
  EXPECT_EQ(listed[1].exercise_id, "bird_dog");
  EXPECT_EQ(listed[2].exercise_id, "pelvic_tilt");
  EXPECT_EQ(listed[2].completion, clinic::Completion::kDone);
  EXPECT_EQ(listed[2].clinic_id, world.clinic);
  EXPECT_EQ(listed[2].pain_rating, std::nullopt);
}

TYPED_TEST(StoreContractTest, AdherencePainRatingsAreKeptReplacedAndRangeChecked) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  clinic::AdherenceEntry entry;
  entry.patient_id = world.patient;
  entry.date = Day(2);
  entry.exercise_id = "dead_bug";
  entry.completion = clinic::Completion::kDone;
  entry.pain_rating = 8;
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry));
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListAdherence(world.clinic, world.patient, Day(2), Day(2)));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].pain_rating, 8);
  // Writing the same key again replaces the rating too: 0 is a rating, nullopt clears it.
  entry.pain_rating = 0;
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry));
  ASSERT_OK_AND_ASSIGN(listed, tx->ListAdherence(world.clinic, world.patient, Day(2), Day(2)));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].pain_rating, 0);
  entry.pain_rating.reset();
  ASSERT_OK(tx->RecordAdherence(world.clinic, entry));
  ASSERT_OK_AND_ASSIGN(listed, tx->ListAdherence(world.clinic, world.patient, Day(2), Day(2)));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].pain_rating, std::nullopt);
  for (int bad : {-1, 11}) {
    entry.pain_rating = bad;
    ASSERT_ERROR_AND_ASSIGN(Error error, tx->RecordAdherence(world.clinic, entry),
                            ErrorCode::kInvalidInput);
    ASSERT_EQ(error.fields.size(), 1u) << bad;
    EXPECT_EQ(error.fields[0].ToString(),
              "pain_rating: expected 0..10, got " + std::to_string(bad));
  }
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(StoreContractTest, AlertsAreAcknowledgedOnce) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(World world, MakeWorld(*tx));
  clinic::Alert alert;
  alert.kind = "off_track";
  alert.created_at = At(4);
  alert.detail = "Rated Dead bug 8/10 on 2026-12-07 (clinic threshold 7)";
  ASSERT_OK_AND_ASSIGN(AlertId second, tx->AddAlert(world.clinic, alert));
  alert.detail.clear();
  alert.created_at = At(2);
  ASSERT_OK_AND_ASSIGN(AlertId first, tx->AddAlert(world.clinic, alert));
  ASSERT_OK(tx->AcknowledgeAlert(world.clinic, first, world.therapist_user, At(5)));
  ASSERT_ERROR_AND_ASSIGN(Error again,
                          tx->AcknowledgeAlert(world.clinic, first, world.therapist_user, At(6)),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.message, "alert " + std::to_string(first.value()) + " is already acknowledged");
  ASSERT_OK_AND_ASSIGN(auto open,
                       tx->ListAlerts(world.clinic, ports::AlertFilter::kUnacknowledged));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, second);
  EXPECT_EQ(open[0].detail, "Rated Dead bug 8/10 on 2026-12-07 (clinic threshold 7)");
  ASSERT_OK_AND_ASSIGN(auto all, tx->ListAlerts(world.clinic, ports::AlertFilter::kAll));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(all[0].acknowledged_at, At(5));
  EXPECT_EQ(all[0].acknowledged_by, world.therapist_user);
  EXPECT_EQ(all[0].detail, "");
}

TYPED_TEST(StoreContractTest, BulkResponsesAreAllOrNothing) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  World other;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    ASSERT_OK_AND_ASSIGN(other, MakeWorld(*tx, "South"));
    ASSERT_OK(tx->Commit());
  }
  std::vector<clinic::QuestionnaireResponse> batch;
  for (int i = 0; i < 300; ++i) {
    batch.push_back(MakeResponse(world, i % 30, i * 0.5));
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(std::int64_t added, tx->BulkAddResponses(world.clinic, batch));
    EXPECT_EQ(added, 300);
    ASSERT_OK(tx->Commit());
  }
  batch.push_back(MakeResponse(other, 1, 1));  // a patient of another clinic
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_ERROR_AND_ASSIGN(Error refused, tx->BulkAddResponses(world.clinic, batch),
                            ErrorCode::kNotFound);
    EXPECT_EQ(refused.message, "responses[300].patient_id: patient " +
                                   std::to_string(other.patient.value()) + " not found");
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto listed, read->ListResponses(world.clinic, world.patient));
  ASSERT_EQ(listed.size(), 300u);
  EXPECT_EQ(listed.front().taken_at, At(0));
  EXPECT_EQ(listed.back().taken_at, At(29));
  std::size_t paged = 0;
  ResponseId after;
  while (true) {
    ASSERT_OK_AND_ASSIGN(auto page, read->ListClinicResponses(world.clinic, after, 128));
    if (page.empty()) {
      break;
    }
    paged += page.size();
    after = page.back().id;
  }
  EXPECT_EQ(paged, 300u);
}

// ReadPatientRecords returns a block of patients' rows of every kind, ordered by patient, and
// nothing of patients outside the block or of another clinic (#15: the outcomes snapshot).
TYPED_TEST(StoreContractTest, PatientRecordsOfABlockComeByPatientAndStayInTheClinic) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  World other;
  PatientId second;
  CourseId second_course;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    ASSERT_OK_AND_ASSIGN(other, MakeWorld(*tx, "South"));
    clinic::Patient patient;
    patient.family_name = "Second";
    patient.date_of_birth = std::chrono::year{1990} / 1 / 1;
    ASSERT_OK_AND_ASSIGN(second, tx->CreatePatient(world.clinic, patient));
    clinic::Course course = tx->GetCourse(world.clinic, world.course).value();
    course.patient_id = second;
    ASSERT_OK_AND_ASSIGN(second_course, tx->CreateCourse(world.clinic, course));
    for (const World* w : {&world, &other}) {
      // Written in reverse time order, so the reads must sort.
      for (int day = 3; day >= 1; --day) {
        ASSERT_OK(tx->CreateSession(w->clinic, MakeSession(*w, day)));
        ASSERT_OK(tx->AddResponse(w->clinic, MakeResponse(*w, day, day)));
        clinic::AdherenceEntry entry;
        entry.patient_id = w->patient;
        entry.date = Day(day);
        entry.exercise_id = "bird_dog";
        entry.completion = clinic::Completion::kDone;
        ASSERT_OK(tx->RecordAdherence(w->clinic, entry));
      }
      clinic::ScreeningResult screening;
      screening.patient_id = w->patient;
      screening.condition_ids = {"radiating_leg_pain"};
      screening.screened_by = w->therapist_user;
      screening.screened_at = At(0);
      ASSERT_OK(tx->AddScreeningResult(w->clinic, screening));
    }
    clinic::Session session = MakeSession(world, 0);  // the second patient's, earliest of all
    session.course_id = second_course;
    ASSERT_OK(tx->CreateSession(world.clinic, session));
    clinic::QuestionnaireResponse response = MakeResponse(world, 0, 7);
    response.patient_id = second;
    response.course_id = second_course;
    ASSERT_OK(tx->AddResponse(world.clinic, response));
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  const PatientId first = std::min(world.patient, second);
  const PatientId last = std::max(world.patient, second);
  ASSERT_OK_AND_ASSIGN(ports::PatientRecords both,
                       read->ReadPatientRecords(world.clinic, first, last));
  ASSERT_EQ(both.courses.size(), 2u);
  EXPECT_EQ(both.courses[0].patient_id, first);
  EXPECT_EQ(both.courses[1].patient_id, last);
  ASSERT_EQ(both.sessions.size(), 4u);
  ASSERT_EQ(both.responses.size(), 4u);
  const std::size_t of_world = world.patient == first ? 0 : 1;  // where the first's rows start
  const std::size_t world_rows = of_world == 0 ? 0 : 1;
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(both.sessions[world_rows + i].start, At(static_cast<int>(i) + 1));
    EXPECT_EQ(both.responses[world_rows + i].taken_at, At(static_cast<int>(i) + 1));
    EXPECT_EQ(both.responses[world_rows + i].patient_id, world.patient);
  }
  EXPECT_EQ(both.sessions[of_world == 0 ? 3 : 0].patient_id, second);
  ASSERT_EQ(both.adherence.size(), 3u);
  EXPECT_EQ(both.adherence[0].date, Day(1));
  EXPECT_EQ(both.adherence[2].date, Day(3));
  ASSERT_EQ(both.screenings.size(), 1u);
  EXPECT_EQ(both.screenings[0].condition_ids, std::vector<std::string>{"radiating_leg_pain"});

  ASSERT_OK_AND_ASSIGN(clinic::ScreeningResult one,
                       read->GetScreeningResult(world.clinic, both.screenings[0].id));
  EXPECT_EQ(one, both.screenings[0]);
  ASSERT_OK_AND_ASSIGN(ports::PatientRecords foreign_screening,
                       read->ReadPatientRecords(other.clinic, other.patient, other.patient));
  ASSERT_ERROR_AND_ASSIGN(
      Error not_here, read->GetScreeningResult(world.clinic, foreign_screening.screenings.at(0).id),
      ErrorCode::kNotFound);
  EXPECT_EQ(not_here.message, "screening result " +
                                  std::to_string(foreign_screening.screenings[0].id.value()) +
                                  " not found");
  ASSERT_OK_AND_ASSIGN(ports::PatientRecords only_second,
                       read->ReadPatientRecords(world.clinic, second, second));
  EXPECT_EQ(only_second.courses.size(), 1u);
  EXPECT_EQ(only_second.sessions.size(), 1u);
  EXPECT_EQ(only_second.responses.size(), 1u);
  EXPECT_TRUE(only_second.adherence.empty());
  EXPECT_TRUE(only_second.screenings.empty());

  // The other clinic's patient id inside the range reads nothing of it from this clinic.
  ASSERT_OK_AND_ASSIGN(ports::PatientRecords foreign,
                       read->ReadPatientRecords(world.clinic, other.patient, other.patient));
  EXPECT_TRUE(foreign.courses.empty());
  EXPECT_TRUE(foreign.responses.empty());
  EXPECT_TRUE(foreign.adherence.empty());
  ASSERT_OK_AND_ASSIGN(ports::PatientRecords backwards,
                       read->ReadPatientRecords(world.clinic, last, first));
  EXPECT_TRUE(backwards.courses.empty());
}

TYPED_TEST(StoreContractTest, BulkSessionsAreStoredLikeCreatedOnesAndAllOrNothing) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  World other;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    ASSERT_OK_AND_ASSIGN(other, MakeWorld(*tx, "South"));
    ASSERT_OK(tx->Commit());
  }
  const auto make = [&](int minute) {
    clinic::Session session;
    session.course_id = world.course;
    session.therapist_id = world.therapist;
    session.start = At(0) + std::chrono::minutes{minute};
    session.end = session.start + std::chrono::minutes{1};
    session.status = clinic::SessionStatus::kAttended;
    session.phase_id = "initial_relief";
    return session;
  };
  // 10,500 rows into an empty table: the branch that sets the indexes aside and rebuilds them.
  std::vector<clinic::Session> batch;
  for (int i = 0; i < 10500; ++i) {
    batch.push_back(make(i));
  }
  SessionId created;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(std::int64_t added, tx->BulkAddSessions(world.clinic, batch));
    EXPECT_EQ(added, 10500);
    ASSERT_OK_AND_ASSIGN(created, tx->CreateSession(world.clinic, make(20000)));
    ASSERT_OK(tx->Commit());
  }
  {
    ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
    ASSERT_OK_AND_ASSIGN(auto listed, read->ListSessionsForCourse(world.clinic, world.course));
    ASSERT_EQ(listed.size(), 10501u);
    clinic::Session expected = make(0);
    expected.id = listed.front().id;
    expected.clinic_id = world.clinic;
    expected.patient_id = world.patient;
    expected.updated_at = kTestClockStart;
    EXPECT_EQ(listed.front(), expected);
    EXPECT_EQ(listed[10499].start, make(10499).start);
    EXPECT_LT(listed[10499].id.value(), created.value());  // ids follow the input order
    ASSERT_OK_AND_ASSIGN(clinic::Session single, read->GetSession(world.clinic, created));
    expected = make(20000);
    expected.id = created;
    expected.clinic_id = world.clinic;
    expected.patient_id = world.patient;
    expected.updated_at = kTestClockStart;
    EXPECT_EQ(single, expected);
    ASSERT_OK_AND_ASSIGN(auto of_therapist,
                         read->ListSessionsForTherapist(world.clinic, world.therapist,
                                                        {At(0), At(0) + std::chrono::hours{1}}));
    EXPECT_EQ(of_therapist.size(), 60u);  // read through the therapist's calendar
  }
  struct Case {
    std::string name;
    std::vector<clinic::Session> batch;
    ErrorCode code;
    std::string message;
    std::string first_field;
  };
  std::vector<Case> cases;
  {
    std::vector<clinic::Session> foreign_course = {make(0), make(1)};
    foreign_course[1].course_id = other.course;
    cases.push_back(
        {"a course of another clinic", foreign_course, ErrorCode::kNotFound,
         "sessions[1].course_id: course " + std::to_string(other.course.value()) + " not found",
         ""});
    std::vector<clinic::Session> foreign_therapist = {make(0), make(1), make(2)};
    foreign_therapist[2].therapist_id = other.therapist;
    cases.push_back({"a therapist of another clinic", foreign_therapist, ErrorCode::kNotFound,
                     "sessions[2].therapist_id: therapist " +
                         std::to_string(other.therapist.value()) + " not found",
                     ""});
    std::vector<clinic::Session> backwards = {make(0), make(1), make(2), make(3)};
    backwards[3].end = backwards[3].start;
    cases.push_back({"an end not after the start", backwards, ErrorCode::kInvalidInput,
                     "sessions[3]: 1 invalid field(s)", "sessions[3].end"});
  }
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_ERROR_AND_ASSIGN(Error refused, tx->BulkAddSessions(world.clinic, c.batch), c.code);
    EXPECT_EQ(refused.message, c.message) << c.name;
    if (!c.first_field.empty()) {
      ASSERT_FALSE(refused.fields.empty()) << c.name;
      EXPECT_EQ(refused.fields[0].path, c.first_field) << c.name;
    }
    ASSERT_OK_AND_ASSIGN(auto listed, tx->ListSessionsForCourse(world.clinic, world.course));
    EXPECT_EQ(listed.size(), 10501u) << c.name;
  }
}

TYPED_TEST(StoreContractTest, BulkResponsesNameTheFirstBadRowAndField) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  World other;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    ASSERT_OK_AND_ASSIGN(other, MakeWorld(*tx, "South"));
    ASSERT_OK(tx->Commit());
  }
  auto batch_with = [&](std::size_t row, auto change) {
    std::vector<clinic::QuestionnaireResponse> batch;
    for (int i = 0; i < 5; ++i) {
      batch.push_back(MakeResponse(world, i, i));
    }
    change(batch[row]);
    return batch;
  };
  struct Case {
    std::string name;
    std::vector<clinic::QuestionnaireResponse> batch;
    ErrorCode code;
    std::string message;
    std::vector<FieldError> fields;
  };
  const std::string course = std::to_string(other.course.value());
  const std::vector<Case> cases = {
      {"two bad fields in row 2",
       batch_with(2,
                  [](auto& r) {
                    r.answers[0] = -1;
                    r.answers[4] = 1001;
                  }),
       ErrorCode::kInvalidInput,
       "responses[2]: 2 invalid field(s)",
       {{"", "responses[2].answers[0]", "expected 0..1000, got -1"},
        {"", "responses[2].answers[4]", "expected 0..1000, got 1001"}}},
      {"another clinic's patient in row 4",
       batch_with(4, [&](auto& r) { r.patient_id = other.patient; }),
       ErrorCode::kNotFound,
       "responses[4].patient_id: patient " + std::to_string(other.patient.value()) + " not found",
       {}},
      {"another patient's course in row 1",
       batch_with(1, [&](auto& r) { r.course_id = other.course; }),
       ErrorCode::kNotFound,
       "responses[1].course_id: course " + course + " not found",
       {}},
      {"fields are checked before references",
       batch_with(3,
                  [&](auto& r) {
                    r.patient_id = other.patient;
                    r.answers[0] = -1;
                  }),
       ErrorCode::kInvalidInput,
       "responses[3]: 1 invalid field(s)",
       {{"", "responses[3].answers[0]", "expected 0..1000, got -1"}}},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    SCOPED_TRACE(c.name);
    ASSERT_ERROR_AND_ASSIGN(Error refused, tx->BulkAddResponses(world.clinic, c.batch), c.code);
    EXPECT_EQ(refused.message, c.message) << c.name;
    EXPECT_EQ(refused.fields, c.fields) << c.name;
    // Refused before anything was written: the transaction is still usable and holds no row.
    ASSERT_OK_AND_ASSIGN(auto listed, tx->ListResponses(world.clinic, world.patient));
    EXPECT_TRUE(listed.empty()) << c.name;
  }
}

// Text with every character the COPY and backup formats escape (and look-alikes of their escapes
// and NULL marker), unicode, NULL course and score, reals with 17 significant digits, and instants
// with microseconds on both sides of the epoch.
std::vector<clinic::QuestionnaireResponse> AwkwardResponses(const World& world) {
  const std::vector<std::string> texts = {"tab\there",
                                          "new\nline",
                                          "carriage\rreturn\r\n",
                                          "back\\slash",
                                          "\\N",
                                          "\\.",
                                          "\\",
                                          "ends with \\",
                                          "x\\ty\\nz\\\\",
                                          "\b\f\v\x01\x7f",
                                          "Zoë 東京 🙂 e\u0301",
                                          "",
                                          " "};
  const std::vector<std::optional<double>> scores = {
      0.1, 1.0 / 3, 1e-300, 1.7976931348623157e308, 123456789.12345679, -2.5, 42, std::nullopt};
  const std::vector<std::int64_t> micros = {1'700'000'000'123'456, -1, 1, 9'000'000'000'000'001,
                                            -9'000'000'000'000'001};
  std::vector<clinic::QuestionnaireResponse> out;
  for (std::size_t i = 0; i < texts.size() * scores.size(); ++i) {
    clinic::QuestionnaireResponse response;
    response.patient_id = world.patient;
    if (i % 3 != 0) {
      response.course_id = world.course;
    }
    const auto instruments = instrument::InstrumentCatalog();
    response.instrument_id = instruments[i % instruments.size()].id;
    response.answers = {static_cast<int>(i % 11), std::nullopt, 1000};
    if (i % 5 == 0) {
      response.answers.clear();
    }
    response.score = scores[i % scores.size()];
    response.score_status =
        i % 2 == 0 ? instrument::ScoreStatus::kScored : instrument::ScoreStatus::kNotScorable;
    response.checkpoint_id = texts[(i + 2) % texts.size()];
    response.taken_at = clinic::FromUnixMicros(micros[i % micros.size()]);
    out.push_back(std::move(response));
  }
  return out;
}

TYPED_TEST(StoreContractTest, BulkResponsesKeepAwkwardValuesExactly) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx, "North"));
    ASSERT_OK(tx->Commit());
  }
  // A small load (indexes and keys kept in place), then one large enough to set them aside and
  // rebuild them (see sql::RebuildPaysOff): both write the same text.
  const std::vector<clinic::QuestionnaireResponse> awkward = AwkwardResponses(world);
  const std::vector<clinic::QuestionnaireResponse> large = [&] {
    std::vector<clinic::QuestionnaireResponse> out;
    for (std::size_t i = 0; i < 10'000; ++i) {
      out.push_back(awkward[i % awkward.size()]);
    }
    return out;
  }();
  std::vector<clinic::QuestionnaireResponse> expected;
  for (const auto* batch : {&awkward, &large}) {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(std::int64_t added, tx->BulkAddResponses(world.clinic, *batch));
    EXPECT_EQ(added, static_cast<std::int64_t>(batch->size()));
    ASSERT_OK(tx->Commit());
    expected.insert(expected.end(), batch->begin(), batch->end());
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto listed,
                       read->ListClinicResponses(world.clinic, ResponseId(), 1'000'000));
  ASSERT_EQ(listed.size(), expected.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(listed[i].id.value(), listed[i - 1].id.value());  // ids follow the input order
    }
    expected[i].id = listed[i].id;
    expected[i].clinic_id = world.clinic;
    expected[i].updated_at = kTestClockStart;
    ASSERT_EQ(listed[i], expected[i]) << "row " << i;
  }
}

TYPED_TEST(StoreContractTest, AClinicsCancellationNoticeIsKeptWithinRange) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId id, tx->CreateClinic({ClinicId(), "Notice", "UTC", 48}));
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, tx->GetClinic(id));
  EXPECT_EQ(clinic.patient_cancel_notice_hours, 48);
  clinic.patient_cancel_notice_hours = 0;
  ASSERT_OK(tx->UpdateClinic(clinic));
  ASSERT_OK_AND_ASSIGN(clinic::Clinic updated, tx->GetClinic(id));
  EXPECT_EQ(updated.patient_cancel_notice_hours, 0);
  EXPECT_EQ(updated.mfa_policy, clinic::MfaPolicy::kOptional);
  clinic.mfa_policy = clinic::MfaPolicy::kStaff;
  ASSERT_OK(tx->UpdateClinic(clinic));
  ASSERT_OK_AND_ASSIGN(updated, tx->GetClinic(id));
  EXPECT_EQ(updated.mfa_policy, clinic::MfaPolicy::kStaff);
  EXPECT_EQ(updated.exercise_pain_alert_threshold, 7);
  clinic.exercise_pain_alert_threshold = 10;
  ASSERT_OK(tx->UpdateClinic(clinic));
  ASSERT_OK_AND_ASSIGN(updated, tx->GetClinic(id));
  EXPECT_EQ(updated.exercise_pain_alert_threshold, 10);
  for (int bad : {0, 11}) {
    clinic::Clinic wrong = clinic;
    wrong.exercise_pain_alert_threshold = bad;
    ASSERT_ERROR_AND_ASSIGN(Error error, tx->UpdateClinic(wrong), ErrorCode::kInvalidInput);
    ASSERT_EQ(error.fields.size(), 1u) << bad;
    EXPECT_EQ(error.fields[0].ToString(),
              "exercise_pain_alert_threshold: expected 1..10, got " + std::to_string(bad));
  }
  clinic.patient_cancel_notice_hours = 721;
  ASSERT_ERROR_AND_ASSIGN(Error error, tx->UpdateClinic(clinic), ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].ToString(), "patient_cancel_notice_hours: expected 0..720, got 721");
  ASSERT_ERROR(tx->CreateClinic({ClinicId(), "Bad", "UTC", -1}), ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(StoreContractTest, UncommittedTransactionsLeaveNothing) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK(MakeWorld(*tx));
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto clinics, read->ListClinics());
  EXPECT_TRUE(clinics.empty());
  ASSERT_ERROR_AND_ASSIGN(Error write, read->CreateClinic({ClinicId(), "X", "UTC"}),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(write.message, "transaction is read-only");
  ASSERT_OK(read->Commit());
  ASSERT_ERROR_AND_ASSIGN(Error finished, read->ListClinics(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(finished.message, "transaction is finished");
}

// Registers a patient with a course, a session, a note, a baseline response and an audit event,
// all in one unit of work.
Status RegisterPatient(ports::ClinicStore& store, ClinicId clinic_id, const World& world) {
  ASSIGN_OR_RETURN(auto tx, store.Begin());
  clinic::Patient patient;
  patient.family_name = "Second";
  patient.date_of_birth = std::chrono::year{1975} / 1 / 2;
  ASSIGN_OR_RETURN(PatientId patient_id, tx->CreatePatient(clinic_id, patient));
  clinic::Course course;
  course.patient_id = patient_id;
  course.protocol_id = "deep-tissue-chronic-low-back-pain";
  course.protocol_version = 1;
  course.start_date = Day(0);
  ASSIGN_OR_RETURN(CourseId course_id, tx->CreateCourse(clinic_id, course));
  World second = world;
  second.patient = patient_id;
  second.course = course_id;
  ASSIGN_OR_RETURN(SessionId session_id, tx->CreateSession(clinic_id, MakeSession(second, 1)));
  RETURN_IF_ERROR(tx->CreateNote(clinic_id, MakeNote(second, session_id)));
  RETURN_IF_ERROR(tx->AddResponse(clinic_id, MakeResponse(second, 0, 30)));
  clinic::AuditEvent event;
  event.seq = 1;
  event.at = At(0);
  event.action = "patient.create";
  event.hash = "h1";
  RETURN_IF_ERROR(tx->AppendAuditEvent(clinic_id, event));
  return tx->Commit();
}

TYPED_TEST(StoreContractTest, AFailedUnitOfWorkLeavesNothingBehind) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  World world;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(world, MakeWorld(*tx));
    ASSERT_OK(tx->Commit());
  }
  FaultInjectingStore counting(*db.store, 0);
  ASSERT_OK(RegisterPatient(counting, world.clinic, world));
  const int calls = counting.calls();
  ASSERT_GE(calls, 7);
  // Undo the successful run by starting again on a fresh clinic for each failing step.
  for (int fail_at = 1; fail_at <= calls; ++fail_at) {
    World target;
    {
      ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
      ASSERT_OK_AND_ASSIGN(target, MakeWorld(*tx, "Clinic " + std::to_string(fail_at)));
      ASSERT_OK(tx->Commit());
    }
    FaultInjectingStore faulty(*db.store, fail_at);
    SCOPED_TRACE("fail_at=" + std::to_string(fail_at));
    ASSERT_ERROR_AND_ASSIGN(Error error, RegisterPatient(faulty, target.clinic, target),
                            ErrorCode::kUnavailable);
    EXPECT_EQ(error.message, "injected fault at call " + std::to_string(fail_at));
    ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
    ASSERT_OK_AND_ASSIGN(auto patients,
                         read->ListPatients(target.clinic, ports::PatientFilter::kIncludeDeleted));
    EXPECT_EQ(patients.size(), 1u) << "fail_at=" << fail_at;
    ASSERT_OK_AND_ASSIGN(auto sessions, read->ListSessionsInRange(target.clinic, {At(-1), At(99)}));
    EXPECT_TRUE(sessions.empty()) << "fail_at=" << fail_at;
    ASSERT_OK_AND_ASSIGN(auto audit, read->LastAuditEvent(target.clinic));
    EXPECT_FALSE(audit) << "fail_at=" << fail_at;
  }
}

}  // namespace
}  // namespace backcare::store::testing
