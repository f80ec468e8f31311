// Contract for ports::Transaction::ListPatientAccessEvents (a patient's access log, schema
// version 19) on every backend: the events about the patient's own records (the patient row and
// each record that belongs to the patient), newest first, a page before a cursor, never another
// patient's or another clinic's, never the patient's own logins' events. On SQLite the query is
// checked to run on the audit_events_record index. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/sql/audit.h"
#include "store/sql/mapping.h"
#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using std::chrono::sys_days;

constexpr clinic::Date kFirstDay = std::chrono::year{2026} / 3 / 2;

clinic::Timestamp At(int day, int hour) {
  return clinic::Timestamp(sys_days(kFirstDay)) + std::chrono::days(day) + std::chrono::hours(hour);
}

// One patient's records: every kind the access log follows.
struct Records {
  PatientId patient;
  UserId login;  // the patient's portal login
  CourseId course;
  SessionId session;
  NoteId note;
  ResponseId response;
  clinic::ScreeningId screening;
  clinic::AssignmentId assignment;
  AlertId alert;
};

struct World {
  ClinicId clinic;
  TherapistId therapist;
  UserId therapist_user;
  Records ann;
  Records bob;
};

Result<UserId> AddUser(ports::Transaction& tx, ClinicId clinic, std::string email,
                       clinic::Role role, std::optional<TherapistId> therapist,
                       std::optional<PatientId> patient) {
  clinic::User user;
  user.email = std::move(email);
  user.display_name = "Synthetic";
  user.role = role;
  user.password_hash = "$argon2id$synthetic";
  user.therapist_id = therapist;
  user.patient_id = patient;
  return tx.CreateUser(clinic, user);
}

Result<Records> AddPatientRecords(ports::Transaction& tx, const World& world, std::string name) {
  Records records;
  clinic::Patient patient;
  patient.family_name = name;
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  ASSIGN_OR_RETURN(records.patient, tx.CreatePatient(world.clinic, patient));
  ASSIGN_OR_RETURN(records.login, AddUser(tx, world.clinic, name + "@example.test",
                                          clinic::Role::kPatient, std::nullopt, records.patient));
  clinic::Course course;
  course.patient_id = records.patient;
  course.therapist_id = world.therapist;
  course.protocol_id = "deep-tissue-chronic-low-back-pain";
  course.protocol_version = 1;
  course.start_date = kFirstDay;
  ASSIGN_OR_RETURN(records.course, tx.CreateCourse(world.clinic, course));
  clinic::Session session;
  session.course_id = records.course;
  session.therapist_id = world.therapist;
  session.start = At(1, 10);
  session.end = At(1, 11);
  session.phase_id = "initial_relief";
  ASSIGN_OR_RETURN(records.session, tx.CreateSession(world.clinic, session));
  session::SessionNote note;
  note.session_id = records.session;
  note.author_id = world.therapist_user;
  note.soap = {"s", "o", "a", "p"};
  note.created_at = At(1, 11);
  note.updated_at = At(1, 11);
  ASSIGN_OR_RETURN(records.note, tx.CreateNote(world.clinic, note));
  clinic::QuestionnaireResponse response;
  response.patient_id = records.patient;
  response.course_id = records.course;
  response.instrument_id = instrument::InstrumentId::kNprs;
  response.answers = {5};
  response.score = 5;
  response.score_status = instrument::ScoreStatus::kScored;
  response.checkpoint_id = "baseline";
  response.taken_at = At(0, 9);
  ASSIGN_OR_RETURN(records.response, tx.AddResponse(world.clinic, response));
  clinic::ScreeningResult screening;
  screening.patient_id = records.patient;
  screening.decision = screening::Decision::kClear;
  screening.screened_by = world.therapist_user;
  screening.screened_at = At(0, 8);
  ASSIGN_OR_RETURN(records.screening, tx.AddScreeningResult(world.clinic, screening));
  clinic::HomeProgramAssignment assignment;
  assignment.patient_id = records.patient;
  assignment.course_id = records.course;
  assignment.exercise_ids = {"pelvic_tilt"};
  assignment.start_date = kFirstDay;
  ASSIGN_OR_RETURN(records.assignment, tx.AddHomeProgramAssignment(world.clinic, assignment));
  clinic::Alert alert;
  alert.patient_id = records.patient;
  alert.kind = "off_track";
  alert.created_at = At(1, 12);
  ASSIGN_OR_RETURN(records.alert, tx.AddAlert(world.clinic, alert));
  return records;
}

// Appends events to a clinic's chain (seq and hashes follow on from the last event).
class Chain {
 public:
  Chain(ports::Transaction& tx, ClinicId clinic) : tx_(tx), clinic_(clinic) {}
  // The event's seq.
  Result<std::int64_t> Add(std::optional<UserId> actor, std::string action, std::string record_type,
                           std::int64_t record_id) {
    clinic::AuditEvent event;
    event.seq = ++seq_;
    event.at = At(2, 9) + std::chrono::seconds(seq_);
    event.actor = actor;
    event.role = actor ? "therapist" : "system";
    event.action = std::move(action);
    event.record_type = std::move(record_type);
    event.record_id = record_id;
    event.prev_hash = seq_ == 1 ? "" : "h" + std::to_string(seq_ - 1);
    event.hash = "h" + std::to_string(seq_);
    RETURN_IF_ERROR(tx_.AppendAuditEvent(clinic_, event));
    return seq_;
  }

 private:
  ports::Transaction& tx_;
  ClinicId clinic_;
  std::int64_t seq_ = 0;
};

std::vector<std::int64_t> Seqs(const std::vector<clinic::AuditEvent>& events) {
  std::vector<std::int64_t> seqs;
  for (const clinic::AuditEvent& event : events) seqs.push_back(event.seq);
  return seqs;
}

template <typename Backend>
class AccessLogContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(AccessLogContractTest, AllBackends, BackendNames);

TYPED_TEST(AccessLogContractTest, ListsEventsAboutThePatientsRecordsNewestFirst) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  World world;
  ASSERT_OK_AND_ASSIGN(world.clinic, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  clinic::Therapist therapist;
  therapist.family_name = "Example";
  ASSERT_OK_AND_ASSIGN(world.therapist, tx->CreateTherapist(world.clinic, therapist));
  ASSERT_OK_AND_ASSIGN(world.therapist_user,
                       AddUser(*tx, world.clinic, "tess@example.test", clinic::Role::kTherapist,
                               world.therapist, std::nullopt));
  ASSERT_OK_AND_ASSIGN(world.ann, AddPatientRecords(*tx, world, "ann"));
  ASSERT_OK_AND_ASSIGN(world.bob, AddPatientRecords(*tx, world, "bob"));
  // Another clinic whose chain names the same ids: never Ann's.
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));

  const UserId tess = world.therapist_user;
  const Records& ann = world.ann;
  const Records& bob = world.bob;
  Chain chain(*tx, world.clinic);
  std::vector<std::int64_t> expected;  // Ann's, oldest first
  auto about_ann = [&](std::optional<UserId> actor, std::string action, std::string type,
                       std::int64_t id) -> Status {
    ASSIGN_OR_RETURN(std::int64_t seq, chain.Add(actor, std::move(action), std::move(type), id));
    expected.push_back(seq);
    return OkStatus();
  };
  auto not_ann = [&](std::optional<UserId> actor, std::string action, std::string type,
                     std::int64_t id) -> Status {
    RETURN_IF_ERROR(chain.Add(actor, std::move(action), std::move(type), id));
    return OkStatus();
  };
  ASSERT_OK(about_ann(tess, "chart.read", "patient", ann.patient.value()));
  ASSERT_OK(not_ann(tess, "chart.read", "patient", bob.patient.value()));
  ASSERT_OK(about_ann(std::nullopt, "cohort.generate", "course", ann.course.value()));
  ASSERT_OK(about_ann(tess, "session.attend", "session", ann.session.value()));
  ASSERT_OK(not_ann(tess, "session.attend", "session", bob.session.value()));
  ASSERT_OK(about_ann(tess, "note.sign", "session_note", ann.note.value()));
  ASSERT_OK(not_ann(tess, "note.sign", "session_note", bob.note.value()));
  ASSERT_OK(about_ann(tess, "response.create", "response", ann.response.value()));
  ASSERT_OK(about_ann(tess, "screening.create", "screening", ann.screening.value()));
  ASSERT_OK(about_ann(tess, "home_program.assign", "home_program", ann.assignment.value()));
  ASSERT_OK(about_ann(tess, "alert.acknowledge", "alert", ann.alert.value()));
  ASSERT_OK(not_ann(tess, "alert.acknowledge", "alert", bob.alert.value()));
  // The patient's own login is left out; the clinic and user records are nobody's chart.
  ASSERT_OK(not_ann(ann.login, "progress.read", "patient", ann.patient.value()));
  ASSERT_OK(not_ann(ann.login, "response.create", "response", ann.response.value()));
  ASSERT_OK(not_ann(tess, "patient.list", "clinic", world.clinic.value()));
  ASSERT_OK(not_ann(tess, "user.update", "user", ann.login.value()));
  ASSERT_OK(not_ann(tess, "clinic.update", "clinic", ann.patient.value()));
  // Bob's login reading Ann (it cannot, but the store does not judge): shown, it is not Ann's.
  ASSERT_OK(about_ann(bob.login, "chart.read", "patient", ann.patient.value()));
  Chain other(*tx, south);
  ASSERT_OK(other.Add(std::nullopt, "chart.read", "patient", ann.patient.value()));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  const std::vector<std::int64_t> newest_first(expected.rbegin(), expected.rend());
  ASSERT_OK_AND_ASSIGN(auto all, read->ListPatientAccessEvents(world.clinic, ann.patient,
                                                               std::int64_t{1} << 62, 200));
  EXPECT_EQ(Seqs(all), newest_first);
  ASSERT_FALSE(all.empty());
  // Whole events, as appended (the first: Bob's login's read of Ann's chart).
  EXPECT_EQ(all[0].clinic_id, world.clinic);
  EXPECT_EQ(all[0].actor, std::optional<UserId>(bob.login));
  EXPECT_EQ(all[0].action, "chart.read");
  EXPECT_EQ(all[0].record_type, "patient");
  EXPECT_EQ(all[0].record_id, ann.patient.value());
  EXPECT_EQ(all.back().actor, std::optional<UserId>(tess));
  EXPECT_EQ(all.back().at, At(2, 9) + std::chrono::seconds(1));

  // Pages: limit, then before the last seq of the page.
  ASSERT_OK_AND_ASSIGN(auto first, read->ListPatientAccessEvents(world.clinic, ann.patient,
                                                                 std::int64_t{1} << 62, 3));
  EXPECT_EQ(Seqs(first), std::vector<std::int64_t>(newest_first.begin(), newest_first.begin() + 3));
  ASSERT_OK_AND_ASSIGN(
      auto second, read->ListPatientAccessEvents(world.clinic, ann.patient, first.back().seq, 3));
  EXPECT_EQ(Seqs(second),
            std::vector<std::int64_t>(newest_first.begin() + 3, newest_first.begin() + 6));
  ASSERT_OK_AND_ASSIGN(auto none, read->ListPatientAccessEvents(world.clinic, ann.patient, 1, 50));
  EXPECT_TRUE(none.empty());
  ASSERT_OK_AND_ASSIGN(auto zero, read->ListPatientAccessEvents(world.clinic, ann.patient,
                                                                std::int64_t{1} << 62, 0));
  EXPECT_TRUE(zero.empty());

  // Bob sees the four staff events about his records; a patient of another clinic, or none at all,
  // nothing.
  ASSERT_OK_AND_ASSIGN(auto bobs, read->ListPatientAccessEvents(world.clinic, bob.patient,
                                                                std::int64_t{1} << 62, 50));
  EXPECT_EQ(bobs.size(), 4u);
  ASSERT_OK_AND_ASSIGN(
      auto foreign, read->ListPatientAccessEvents(south, ann.patient, std::int64_t{1} << 62, 50));
  EXPECT_EQ(foreign.size(), 1u);  // South's own event about its record numbered like Ann
  ASSERT_OK_AND_ASSIGN(auto nobody, read->ListPatientAccessEvents(world.clinic, PatientId(999),
                                                                  std::int64_t{1} << 62, 50));
  EXPECT_TRUE(nobody.empty());
}

// The query plan looks every branch up by index: no step scans audit_events.
TYPED_TEST(AccessLogContractTest, RunsOnTheRecordIndexOnSqlite) {
  if constexpr (!std::is_same_v<TypeParam, SqliteMemoryBackend> &&
                !std::is_same_v<TypeParam, SqliteFileBackend>) {
    GTEST_SKIP() << "EXPLAIN QUERY PLAN is SQLite's";
  } else {
    BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
    ASSERT_OK_AND_ASSIGN(auto connection, db.sql->pool().Acquire(sql::TxMode::kRead));
    ASSERT_OK(connection->Begin(sql::TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(auto rows,
                         connection->Query("EXPLAIN QUERY PLAN " + sql::PatientAccessEventsSql(),
                                           sql::Params{std::int64_t{1}, std::int64_t{1},
                                                       std::int64_t{100}, std::int64_t{50}}));
    int record_index_steps = 0;
    std::string plan;
    for (const sql::Row& row : rows) {
      // Columns id, parent, notused, detail.
      ASSERT_EQ(row.size(), 4u);
      ASSERT_TRUE(std::holds_alternative<std::string>(row[3]));
      const std::string& detail = std::get<std::string>(row[3]);
      plan += detail + "\n";
      EXPECT_EQ(detail.find("SCAN audit_events"), std::string::npos) << detail;
      if (detail.find("audit_events USING INDEX audit_events_record") != std::string::npos) {
        ++record_index_steps;
      }
    }
    EXPECT_EQ(record_index_steps, 8) << plan;  // the patient row and seven kinds of record
  }
}

}  // namespace
}  // namespace backcare::store::testing
