#include "app/clinic_import.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/clinic_export.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

clinic::PatientImportRow PatientRow(int line, std::string family, std::string given,
                                    clinic::Date born, std::string email = "") {
  clinic::PatientImportRow row;
  row.line = line;
  row.patient.family_name = std::move(family);
  row.patient.given_name = std::move(given);
  row.patient.date_of_birth = born;
  row.patient.email = std::move(email);
  return row;
}

std::vector<clinic::Patient> Patients(TestClinic& t) {
  auto read = t.store->BeginReadOnly();
  return (*read)->ListPatients(t.clinic_id, ports::PatientFilter::kExcludeDeleted).value();
}

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> out;
  for (const FieldError& field : error.fields) out.push_back(field.ToString());
  return out;
}

std::vector<std::string> AuditActions(TestClinic& t) {
  auto read = t.store->BeginReadOnly();
  // The events are held here: a range-for over a temporary Result's value() would outlive it.
  const std::vector<clinic::AuditEvent> events =
      (*read)->ListAuditEvents(t.clinic_id, 0, 100000).value();
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const clinic::AuditEvent& event : events) {
    out.push_back(event.action);
  }
  return out;
}

const ImportOptions kWrite{"p.csv", ImportMode::kWrite};
const ImportOptions kDryRun{"p.csv", ImportMode::kDryRun};

TEST(ClinicImportTest, ImportsPatientsAndAuditsEach) {
  TestClinic t;
  const std::size_t audited_before = AuditActions(t).size();
  const std::vector<clinic::PatientImportRow> rows = {
      PatientRow(2, "Three", "Tia", Day(1990, 1, 1), "tia@example.test"),
      PatientRow(3, "Four", "Fay", Day(1991, 2, 3))};
  ASSERT_OK_AND_ASSIGN(ImportSummary summary, ImportPatients(t.context, t.admin, rows, kWrite));
  EXPECT_EQ(summary.rows, 2);
  const std::vector<clinic::Patient> patients = Patients(t);
  ASSERT_EQ(patients.size(), 4u);
  EXPECT_EQ(patients[2].email, "tia@example.test");
  EXPECT_EQ(patients[3].family_name, "Four");
  const std::vector<std::string> actions = AuditActions(t);
  EXPECT_EQ(
      std::vector<std::string>(actions.begin() + static_cast<long>(audited_before), actions.end()),
      (std::vector<std::string>{"patient.create", "patient.create"}));
}

TEST(ClinicImportTest, OneBadRowAtTheEndWritesNothingAndEveryProblemIsListed) {
  TestClinic t;
  std::vector<clinic::PatientImportRow> rows;
  rows.reserve(55);
  for (int i = 0; i < 50; ++i) {
    rows.push_back(PatientRow(i + 2, "Many", "P" + std::to_string(i), Day(1980, 1, 1)));
  }
  rows.push_back(PatientRow(52, "Late", "L", Day(2030, 1, 1)));   // born after today
  rows.push_back(PatientRow(53, "One", "Pat", Day(1980, 1, 2)));  // stored patient 1
  rows.push_back(PatientRow(54, "Many", "P3", Day(1980, 1, 1)));  // line 5
  rows.push_back(PatientRow(55, "E", "", Day(1980, 1, 1), "X@example.test"));
  rows.push_back(PatientRow(56, "F", "", Day(1980, 1, 1), "x@EXAMPLE.test"));  // same email
  ASSERT_ERROR_AND_ASSIGN(Error error, ImportPatients(t.context, t.admin, rows, kWrite),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "4 problem(s) in p.csv; nothing written");
  EXPECT_EQ(Fields(error),
            (std::vector<std::string>{
                "p.csv:52: column date_of_birth: expected a date not after today",
                "p.csv:53: column family_name: duplicate: the same family name, given name and "
                "date of birth as patient " +
                    std::to_string(t.patient_1.value()),
                "p.csv:54: column family_name: duplicate: the same family name, given name and "
                "date of birth as line 5",
                "p.csv:56: column email: duplicate: the same email as line 55",
            }));
  EXPECT_EQ(Patients(t).size(), 2u);  // nothing written
}

TEST(ClinicImportTest, DryRunChecksAndWritesNothing) {
  TestClinic t;
  const std::size_t audited_before = AuditActions(t).size();
  const std::vector<clinic::PatientImportRow> rows = {
      PatientRow(2, "Three", "Tia", Day(1990, 1, 1))};
  ASSERT_OK_AND_ASSIGN(ImportSummary summary, ImportPatients(t.context, t.admin, rows, kDryRun));
  EXPECT_EQ(summary.rows, 1);
  EXPECT_EQ(Patients(t).size(), 2u);
  EXPECT_EQ(AuditActions(t).size(), audited_before);
}

TEST(ClinicImportTest, OnlyAdminsImportAndExport) {
  TestClinic t;
  for (const RequestContext* who : {&t.therapist, &t.front_desk, &t.patient}) {
    EXPECT_ERROR(ImportPatients(t.context, *who, {}, kWrite), ErrorCode::kPermissionDenied);
    EXPECT_ERROR(
        ExportClinicRecords(t.context, *who, [](const ExportBlock&) { return OkStatus(); }),
        ErrorCode::kPermissionDenied);
  }
}

TEST(ClinicExportTest, ReadsBlockByBlockAndAuditsTheExport) {
  TestClinic t;
  t.ScreenClear(t.patient_1);  // a baseline NPRS of patient 1
  int blocks = 0;
  std::vector<std::int64_t> patients;
  std::size_t responses = 0;
  ASSERT_OK(ExportClinicRecords(
      t.context, t.admin,
      [&](const ExportBlock& block) {
        ++blocks;
        for (const clinic::Patient& patient : block.patients)
          patients.push_back(patient.id.value());
        responses += block.records.responses.size();
        EXPECT_EQ(block.therapists.size(), 2u);
        return OkStatus();
      },
      /*block_patients=*/1));
  EXPECT_EQ(blocks, 2);
  EXPECT_EQ(patients, (std::vector<std::int64_t>{t.patient_1.value(), t.patient_2.value()}));
  EXPECT_EQ(responses, 1u);
  ASSERT_OK(t.audit_log.Flush());
  EXPECT_EQ(AuditActions(t).back(), "clinic.export");

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ClinicExportCursor> cursor,
                       ClinicExportCursor::Start(t.context, t.admin, 1));
  std::vector<std::int64_t> pulled;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(const ExportBlock* block, cursor->Next());
    if (block == nullptr) break;
    for (const clinic::Patient& patient : block->patients) pulled.push_back(patient.id.value());
  }
  EXPECT_EQ(pulled, patients);
  EXPECT_ERROR(ClinicExportCursor::Start(t.context, t.front_desk), ErrorCode::kPermissionDenied);
}

TEST(ClinicImportTest, ResponsesAreScoredFromTheAnswersAndDuplicatesReported) {
  TestClinic t;
  clinic::ResponseImportRow odi;
  odi.line = 2;
  odi.patient.family_name = "One";
  odi.patient.given_name = "Pat";
  odi.patient.date_of_birth = Day(1980, 1, 2);
  odi.response.instrument_id = instrument::InstrumentId::kOdi;
  odi.response.answers = {1, 2, 3, 4, 5, 0, 1, 2, 3, 4};
  odi.response.score = 99;  // ignored
  odi.response.taken_at = testing::At(2024, 2, 1, 9);
  ASSERT_OK(ImportResponses(t.context, t.admin, std::vector{odi}, {"r.csv", ImportMode::kWrite}));
  auto read = t.store->BeginReadOnly();
  const std::vector<clinic::QuestionnaireResponse> stored =
      (*read)->ListResponses(t.clinic_id, t.patient_1).value();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].score, 50.0);  // 25 of 50
  EXPECT_EQ(stored[0].score_status, instrument::ScoreStatus::kScored);
  read->reset();

  clinic::ResponseImportRow unknown = odi;
  unknown.line = 3;
  unknown.patient.family_name = "Nobody";
  clinic::ResponseImportRow short_answers = odi;
  short_answers.line = 4;
  short_answers.response.answers = {1, 2};
  short_answers.response.taken_at = testing::At(2024, 2, 2, 9);
  clinic::ResponseImportRow no_course = odi;
  no_course.line = 5;
  no_course.course_start_date = Day(2024, 1, 1);
  no_course.response.taken_at = testing::At(2024, 2, 3, 9);
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      ImportResponses(t.context, t.admin, std::vector{odi, unknown, short_answers, no_course},
                      {"r.csv", ImportMode::kWrite}),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(error),
            (std::vector<std::string>{
                "r.csv:2: column taken_at: duplicate: the same patient, instrument and time as "
                "response " +
                    std::to_string(stored[0].id.value()),
                "r.csv:3: column patient_family_name: no patient of the clinic has this family "
                "name, given name and date of birth",
                "r.csv:4: column answers: odi: expected 10 answers, got 2",
                "r.csv:5: column course_start_date: the patient has no course starting on this "
                "date",
            }));
}

TEST(ClinicImportTest, SessionsCreateTheirCourseOnceAndNameUnknownTherapists) {
  TestClinic t;
  clinic::SessionImportRow first;
  first.line = 2;
  first.patient.family_name = "Two";
  first.patient.given_name = "Pam";
  first.patient.date_of_birth = Day(1975, 6, 7);
  first.protocol_id = t.protocol.id;
  first.protocol_version = t.protocol.version;
  first.course_start_date = Day(2024, 1, 8);
  first.therapist_license_number = "T-2";
  first.session.start = testing::At(2024, 1, 8, 9);
  first.session.end = testing::At(2024, 1, 8, 10);
  first.session.status = clinic::SessionStatus::kAttended;
  first.session.phase_id = "initial_relief";
  clinic::SessionImportRow second = first;
  second.line = 3;
  second.session.start = testing::At(2024, 1, 10, 9);
  second.session.end = testing::At(2024, 1, 10, 10);

  clinic::SessionImportRow stranger = first;
  stranger.line = 4;
  stranger.therapist_license_number = "T-9";
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          ImportSessions(t.context, t.admin, std::vector{first, second, stranger},
                                         {"s.csv", ImportMode::kWrite}),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(error), (std::vector<std::string>{
                               "s.csv:4: column therapist_license_number: no therapist of the "
                               "clinic has this license number"}));

  ASSERT_OK_AND_ASSIGN(ImportSummary summary,
                       ImportSessions(t.context, t.admin, std::vector{first, second},
                                      {"s.csv", ImportMode::kWrite}));
  EXPECT_EQ(summary.courses_created, 1);
  auto read = t.store->BeginReadOnly();
  const std::vector<clinic::Course> courses =
      (*read)->ListCoursesForPatient(t.clinic_id, t.patient_2).value();
  ASSERT_EQ(courses.size(), 1u);
  EXPECT_EQ(courses[0].start_date, Day(2024, 1, 8));
  const std::vector<clinic::Session> sessions =
      (*read)->ListSessionsForPatient(t.clinic_id, t.patient_2).value();
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].therapist_id, t.therapist_b);
  EXPECT_EQ(sessions[1].course_id, courses[0].id);
  read->reset();
  const std::vector<std::string> actions = AuditActions(t);
  EXPECT_EQ(std::vector<std::string>(actions.end() - 3, actions.end()),
            (std::vector<std::string>{"course.create", "session.create", "session.create"}));
}

}  // namespace
}  // namespace backcare::app
