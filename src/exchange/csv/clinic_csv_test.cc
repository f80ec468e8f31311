#include "exchange/csv/clinic_csv.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace backcare::exchange {
namespace {

using std::chrono::sys_days;

constexpr const char* kPatientsHeader =
    "patient_id,family_name,given_name,date_of_birth,phone,email\r\n";

std::vector<std::string> Messages(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const FieldError& error : errors) out.push_back(error.ToString());
  return out;
}

TEST(ClinicCsvTest, InstantsKeepMicroseconds) {
  const clinic::Timestamp whole =
      sys_days{clinic::Date{std::chrono::year{2024}, std::chrono::March, std::chrono::day{18}}} +
      std::chrono::hours{9} + std::chrono::minutes{5};
  EXPECT_EQ(FormatCsvInstant(whole), "2024-03-18T09:05:00Z");
  const clinic::Timestamp fine = whole + std::chrono::microseconds{250};
  EXPECT_EQ(FormatCsvInstant(fine), "2024-03-18T09:05:00.000250Z");
  EXPECT_EQ(ParseCsvInstant("2024-03-18T09:05:00.000250Z"), fine);
  EXPECT_EQ(ParseCsvInstant("2024-03-18T09:05:00Z"), whole);
  EXPECT_EQ(ParseCsvInstant("2024-03-18T09:05:00.5Z"), whole + std::chrono::milliseconds{500});
  for (const char* bad : {"2024-03-18 09:05:00Z", "2024-03-18T24:00:00Z", "2024-03-18T09:05:00",
                          "2024-03-18T09:05:00.Z", "2024-03-18T09:05:00.1234567Z", ""}) {
    EXPECT_FALSE(ParseCsvInstant(bad).has_value()) << bad;
  }
}

TEST(ClinicCsvTest, ParsesPatients) {
  const std::string text = std::string(kPatientsHeader) +
                           "7,Doe,Jane,1980-02-29,'+44 20 7946 0000,jane@example.test\r\n"
                           ",O'Neil,,1975-01-01,,\r\n";
  const ParsedCsv<clinic::PatientImportRow> parsed = ParsePatientsCsv(text, "p.csv");
  EXPECT_TRUE(parsed.errors.empty()) << ::testing::PrintToString(Messages(parsed.errors));
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[0].line, 2);
  EXPECT_EQ(parsed.rows[0].patient.phone, "+44 20 7946 0000");  // neutralisation undone
  EXPECT_EQ(parsed.rows[0].patient.email, "jane@example.test");
  EXPECT_EQ(parsed.rows[1].patient.family_name, "O'Neil");
  EXPECT_EQ(parsed.rows[1].line, 3);
}

TEST(ClinicCsvTest, WrongHeaderIsTheOnlyProblem) {
  const ParsedCsv<clinic::PatientImportRow> parsed =
      ParsePatientsCsv("patient_id,surname,given_name,date_of_birth,phone,email\n1,x\n", "p.csv");
  EXPECT_TRUE(parsed.rows.empty());
  EXPECT_EQ(
      Messages(parsed.errors),
      std::vector<std::string>{"p.csv:1: column family_name: expected the header "
                               "patient_id,family_name,given_name,date_of_birth,phone,email"});
  EXPECT_EQ(
      Messages(ParsePatientsCsv("", "p.csv").errors),
      std::vector<std::string>{"p.csv:1: expected the header "
                               "patient_id,family_name,given_name,date_of_birth,phone,email"});
}

TEST(ClinicCsvTest, ReportsEveryBadRowWithLineAndColumn) {
  const std::string text = std::string(kPatientsHeader) +
                           "1,Doe,Jane,1980-13-01,,\n"  // bad date
                           "2,,Jim,1980-01-01,,\n"      // no family name
                           "3,Ok,Ok,1980-01-01,,\n"     // fine
                           "4,Doe\n"                    // too few fields
                           "x," +
                           std::string(201, 'a') +
                           ",,1980-01-01,,\n"  // id, over-long
                           "6,Late,Quote,1980-01-01,,\"open\n";
  const ParsedCsv<clinic::PatientImportRow> parsed = ParsePatientsCsv(text, "p.csv");
  ASSERT_EQ(parsed.rows.size(), 1u);
  EXPECT_EQ(parsed.rows[0].line, 4);
  EXPECT_EQ(Messages(parsed.errors),
            (std::vector<std::string>{
                "p.csv:2: column date_of_birth: expected a date YYYY-MM-DD",
                "p.csv:3: column family_name: expected a value",
                "p.csv:5: expected 6 fields, got 2",
                "p.csv:6: column patient_id: expected an integer in [1, 9223372036854775807]",
                "p.csv:6: column family_name: expected at most 200 characters, got 201",
                "p.csv:7: column email: a quoted field is not closed at the end of the file",
            }));
}

TEST(ClinicCsvTest, ResponsesParseAnswersAndIgnoreTheExportedScore) {
  const std::string text =
      CsvHeader(CsvKind::kResponses) +
      "1,2,,Doe,Jane,1980-01-01,,,odi,baseline,2024-03-18T09:00:00Z,1;2;;3;4;5;0;1;2;3,99,scored\n"
      "2,2,,Doe,Jane,1980-01-01,,,vas,,2024-03-18T09:00:00Z,x,,\n";
  const ParsedCsv<clinic::ResponseImportRow> parsed = ParseResponsesCsv(text, "r.csv");
  ASSERT_EQ(parsed.rows.size(), 1u);
  const clinic::QuestionnaireResponse& response = parsed.rows[0].response;
  EXPECT_EQ(response.instrument_id, instrument::InstrumentId::kOdi);
  ASSERT_EQ(response.answers.size(), 10u);
  EXPECT_FALSE(response.answers[2].has_value());
  EXPECT_EQ(response.answers[9], 3);
  EXPECT_FALSE(response.score.has_value());
  EXPECT_EQ(Messages(parsed.errors),
            (std::vector<std::string>{
                "r.csv:3: column instrument: expected one of: nprs, odi, rmdq, peg, startback",
                "r.csv:3: column answers: expected item answers 0-1000 separated by ';' (blank = "
                "not answered)",
            }));
}

TEST(ClinicCsvTest, ExportNeutralisesCellsAndSkipsOtherPatientsRecords) {
  clinic::Patient patient;
  patient.id = PatientId{4};
  patient.family_name = "=HYPERLINK(\"x\")";
  patient.given_name = "@a";
  patient.date_of_birth =
      clinic::Date{std::chrono::year{1970}, std::chrono::January, std::chrono::day{2}};
  patient.phone = "-1";
  ports::PatientRecords records;
  clinic::AdherenceEntry mine;
  mine.patient_id = PatientId{4};
  mine.date = patient.date_of_birth;
  mine.exercise_id = "cat_cow";
  mine.completion = clinic::Completion::kDone;
  clinic::AdherenceEntry other = mine;
  other.patient_id = PatientId{5};  // deleted, not in the block's list
  clinic::AdherenceEntry rated = mine;
  rated.exercise_id = "dead_bug";
  rated.pain_rating = 8;
  records.adherence = {mine, other, rated};
  std::string out;
  const std::vector<clinic::Patient> patients = {patient};
  AppendCsvRows(CsvKind::kPatients, patients, records, {}, out);
  EXPECT_EQ(out, "4,\"'=HYPERLINK(\"\"x\"\")\",'@a,1970-01-02,'-1,\r\n");
  out.clear();
  AppendCsvRows(CsvKind::kAdherence, patients, records, {}, out);
  EXPECT_EQ(out, "4,1970-01-02,cat_cow,done,\r\n4,1970-01-02,dead_bug,done,8\r\n");
}

}  // namespace
}  // namespace backcare::exchange
