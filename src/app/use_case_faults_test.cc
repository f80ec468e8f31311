// Every use case that writes is one unit of work: whichever store call fails, nothing of it
// remains. For intake, start course, book, sign note and submit questionnaire, these tests count
// the store calls a successful run makes, then fail call N for every N from 1 to that count
// (FaultInjectingStore) and check that the clinic's records and audit chain are exactly as before,
// on the memory store and on SQLite.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "app/audit_trail.h"
#include "app/clinic_import.h"
#include "testing/app_testing.h"
#include "testing/clinic_dump.h"
#include "testing/fault_injecting_store.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using ::backcare::testing::FaultInjectingStore;
using testing::At;
using testing::Day;
using testing::DumpClinic;
using testing::FreeWeekday;
using testing::TempSqliteDatabase;
using testing::TestClinic;

// The services of `t`, but working through `store` (a decorator over t.store).
struct ServicesOver {
  ServicesOver(TestClinic& t, ports::ClinicStore& store)
      : context{store, t.clock, t.protocols, t.context.time_zones, t.audit_log},
        patients(context),
        schedule(context),
        notes(context),
        questionnaires(context) {}
  AppContext context;
  PatientService patients;
  ScheduleService schedule;
  NoteService notes;
  QuestionnaireService questionnaires;
};

// A use case under test: prepares `t` (outside the injected faults), then returns the call that
// runs the use case once through `services`.
using UseCase = std::function<std::function<Status(ServicesOver&)>(TestClinic& t)>;

struct Case {
  const char* name;
  UseCase prepare;
};

// Runs `use_case` once to count its store calls, then fails each call in turn on a fresh clinic.
void ExpectAllOrNothing(const std::function<std::unique_ptr<store::Database>()>& open,
                        const Case& c) {
  int calls = 0;
  {
    TestClinic t(open());
    auto run = c.prepare(t);
    FaultInjectingStore counting(*t.store, 0);
    ServicesOver services(t, counting);
    ASSERT_OK(run(services)) << c.name;
    calls = counting.calls();
  }
  ASSERT_GE(calls, 3) << c.name << " makes fewer store calls than a unit of work needs";
  TestClinic t(open());
  auto run = c.prepare(t);
  for (int fail_at = 1; fail_at <= calls; ++fail_at) {
    SCOPED_TRACE(std::string(c.name) + ": store call " + std::to_string(fail_at) + " of " +
                 std::to_string(calls) + " fails");
    ASSERT_OK(t.audit_log.Flush());  // events of earlier reads, so the chain holds still
    const std::string before = DumpClinic(*t.store, t.clinic_id);
    FaultInjectingStore faulty(*t.store, fail_at);
    ServicesOver services(t, faulty);
    ASSERT_ERROR_AND_ASSIGN(Error error, run(services), ErrorCode::kUnavailable);
    EXPECT_EQ(error.message, "injected fault at call " + std::to_string(fail_at))
        << "failed call: " << faulty.methods().back();
    ASSERT_OK(t.audit_log.Flush());
    EXPECT_EQ(DumpClinic(*t.store, t.clinic_id), before)
        << "the failure at " << faulty.methods().back() << " left records behind";
    auto chain = t.store->BeginReadOnly();
    ASSERT_OK(chain);
    EXPECT_OK(VerifyAuditChain(**chain, t.clinic_id));
  }
  // Nothing half-written blocks the use case: it still succeeds on the same clinic afterwards.
  ServicesOver services(t, *t.store);
  EXPECT_OK(run(services)) << c.name << " after the failures";
}

// A started course of patient 1 with its first session attended (the note use cases need one).
SessionId AttendedSession(TestClinic& t) {
  t.ScreenClear(t.patient_1);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  BACKCARE_CHECK(course.has_value());
  const SessionId session = course->sessions.front();
  BACKCARE_CHECK(t.schedule.MarkAttended(t.front_desk, session).has_value());
  return session;
}

NoteContent SomeNote() {
  NoteContent content;
  content.soap.subjective = "synthetic";
  content.soap.assessment = "synthetic";
  content.techniques.trigger_points.push_back({"quadratus_lumborum", session::Side::kLeft, 75});
  return content;
}

const Case kCases[] = {
    {"intake",
     [](TestClinic& t) {
       return [&t](ServicesOver& s) -> Status {
         IntakeRequest intake;
         intake.patient_id = t.patient_1;
         intake.findings.push_back({"radiating_leg_pain", std::nullopt});
         intake.baseline.push_back({"nprs", {7}, "baseline"});
         intake.baseline.push_back({"odi", {2, 1, 2, 2, 2, 2, 1, 2, 2, 2}, "baseline"});
         auto result = s.patients.Intake(t.therapist, intake);
         if (!result) return std::move(result).error();
         return OkStatus();
       };
     }},
    {"start course",
     [](TestClinic& t) {
       t.ScreenClear(t.patient_2);
       return [&t](ServicesOver& s) -> Status {
         auto started = s.schedule.StartCourse(t.front_desk,
                                               {t.patient_2, Day(2024, 3, 4), t.therapist_b, {}});
         if (!started) return std::move(started).error();
         return OkStatus();
       };
     }},
    {"book",
     [](TestClinic& t) {
       t.ScreenClear(t.patient_1);
       auto course = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
       BACKCARE_CHECK(course.has_value());
       const CourseId id = course->course_id;
       const clinic::Timestamp free = FreeWeekday(t, {t.patient_1}, Day(2024, 4, 8), 12);
       return [&t, id, free](ServicesOver& s) -> Status {
         auto booked = s.schedule.Book(t.front_desk, {id, t.therapist_b, free, ""});
         if (!booked) return std::move(booked).error();
         return OkStatus();
       };
     }},
    {"sign note",
     [](TestClinic& t) {
       const SessionId session = AttendedSession(t);
       auto note = t.notes.DraftNote(t.therapist, session, SomeNote());
       BACKCARE_CHECK(note.has_value());
       const NoteId id = *note;
       return [&t, id](ServicesOver& s) { return s.notes.SignNote(t.therapist, id); };
     }},
    {"submit questionnaire",
     [](TestClinic& t) {
       t.ScreenClear(t.patient_1);
       return [&t](ServicesOver& s) -> Status {
         auto submitted = s.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {4}, ""}});
         if (!submitted) return std::move(submitted).error();
         return OkStatus();
       };
     }},
    // The CSV imports (clinic_import.h): every row in one transaction, or none.
    {"import patients",
     [](TestClinic& t) {
       return [&t](ServicesOver& s) -> Status {
         std::vector<clinic::PatientImportRow> rows(2);
         rows[0].line = 2;
         rows[0].patient.family_name = "Imported";
         rows[0].patient.date_of_birth = Day(1980, 1, 1);
         rows[1].line = 3;
         rows[1].patient.family_name = "Imported";
         rows[1].patient.date_of_birth = Day(1981, 1, 1);
         auto imported = ImportPatients(s.context, t.admin, rows, {"p.csv", ImportMode::kWrite});
         if (!imported) return std::move(imported).error();
         return OkStatus();
       };
     }},
    {"import sessions",
     [](TestClinic& t) {
       return [&t](ServicesOver& s) -> Status {
         std::vector<clinic::SessionImportRow> rows(2);
         for (std::size_t i = 0; i < rows.size(); ++i) {
           clinic::SessionImportRow& row = rows[i];
           row.line = static_cast<int>(i) + 2;
           row.patient = {"", "One", "Pat", Day(1980, 1, 2)};
           row.protocol_id = t.protocol.id;
           row.protocol_version = t.protocol.version;
           row.course_start_date = Day(2024, 1, 8);
           row.therapist_license_number = "T-1";
           row.session.start = At(2024, 1, 8 + 2 * static_cast<unsigned>(i), 9);
           row.session.end = row.session.start + std::chrono::hours{1};
           row.session.status = clinic::SessionStatus::kAttended;
         }
         auto imported = ImportSessions(s.context, t.admin, rows, {"s.csv", ImportMode::kWrite});
         if (!imported) return std::move(imported).error();
         return OkStatus();
       };
     }},
    {"import responses",
     [](TestClinic& t) {
       return [&t](ServicesOver& s) -> Status {
         std::vector<clinic::ResponseImportRow> rows(2);
         for (std::size_t i = 0; i < rows.size(); ++i) {
           clinic::ResponseImportRow& row = rows[i];
           row.line = static_cast<int>(i) + 2;
           row.patient = {"", "Two", "Pam", Day(1975, 6, 7)};
           row.response.instrument_id = instrument::InstrumentId::kNprs;
           row.response.answers = {5};
           row.response.taken_at = At(2024, 2, 1 + static_cast<unsigned>(i), 9);
         }
         auto imported = ImportResponses(s.context, t.admin, rows, {"r.csv", ImportMode::kWrite});
         if (!imported) return std::move(imported).error();
         return OkStatus();
       };
     }},
};

std::unique_ptr<store::Database> Memory() { return testing::NewTestStore(); }

class UseCaseFaultsTest : public ::testing::TestWithParam<int> {};

TEST_P(UseCaseFaultsTest, OnTheMemoryStore) { ExpectAllOrNothing(Memory, kCases[GetParam()]); }

TEST_P(UseCaseFaultsTest, OnSqlite) {
  TempSqliteDatabase counting_run;
  TempSqliteDatabase faulty_runs;
  bool first = true;
  ExpectAllOrNothing(
      [&] {
        const bool counting = first;
        first = false;
        return counting ? counting_run.Open() : faulty_runs.Open();
      },
      kCases[GetParam()]);
}

INSTANTIATE_TEST_SUITE_P(EveryWritingUseCase, UseCaseFaultsTest,
                         ::testing::Range(0, static_cast<int>(std::size(kCases))),
                         [](const ::testing::TestParamInfo<int>& param) {
                           std::string name = kCases[param.param].name;
                           for (char& ch : name) {
                             if (ch == ' ') ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace backcare::app
