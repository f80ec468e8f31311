// A CSV import file as `backcare import csv` reads it (exchange/csv: libcsv under ReadCsv, then
// ParsePatientsCsv / ParseSessionsCsv / ParseResponsesCsv). The first byte picks the kind, the
// rest is the file. Invariants: every problem names the file and a line, with a message; rows
// come out in line order, after the header; rows that read cleanly read the same again from the
// file the export writes for them (for patients: AppendCsvRows, then ParsePatientsCsv), so the
// export's quoting and formula neutralisation round-trip whatever the text holds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/csv/clinic_csv.h"
#include "exchange/csv/csv_reader.h"
#include "fuzz_support.h"

namespace {

using namespace backcare;
using fuzz::Require;

constexpr std::string_view kSource = "f.csv";

template <typename Row>
void CheckParsed(const exchange::ParsedCsv<Row>& parsed) {
  for (const FieldError& error : parsed.errors) {
    Require(error.location.starts_with("f.csv:"), "a problem names the file and line");
    Require(!error.message.empty(), "a problem carries a message");
  }
  int last = 1;
  for (const Row& row : parsed.rows) {
    Require(row.line > last, "rows come in line order, after the header");
    last = row.line;
  }
}

void CheckPatientsRoundTrip(const exchange::ParsedCsv<clinic::PatientImportRow>& parsed) {
  std::vector<clinic::Patient> patients;
  for (const clinic::PatientImportRow& row : parsed.rows) {
    clinic::Patient patient = row.patient;
    patient.id = PatientId(static_cast<std::int64_t>(patients.size()) + 1);
    patients.push_back(std::move(patient));
  }
  std::string file = exchange::CsvHeader(exchange::CsvKind::kPatients);
  exchange::AppendCsvRows(exchange::CsvKind::kPatients, patients, ports::PatientRecords{}, {},
                          file);
  const exchange::ParsedCsv<clinic::PatientImportRow> again =
      exchange::ParsePatientsCsv(file, kSource);
  Require(again.errors.empty(), "an exported patient reads without problems");
  Require(again.rows.size() == patients.size(), "every exported patient reads back");
  for (std::size_t i = 0; i < patients.size(); ++i) {
    clinic::Patient back = again.rows[i].patient;
    back.id = patients[i].id;
    Require(back == patients[i], "an exported patient reads back the same");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const exchange::CsvTable table = exchange::ReadCsv(text);
  int last = 0;
  for (const exchange::CsvRecord& record : table.records) {
    Require(record.line > last, "records come in line order");
    last = record.line;
  }
  for (const exchange::CsvProblem& problem : table.problems) {
    Require(problem.line >= 1 && !problem.message.empty(), "a reading problem has a line");
  }
  switch (data[0] % 3) {
    case 0: {
      const auto parsed = exchange::ParsePatientsCsv(text, kSource);
      CheckParsed(parsed);
      CheckPatientsRoundTrip(parsed);
      break;
    }
    case 1:
      CheckParsed(exchange::ParseSessionsCsv(text, kSource));
      break;
    default:
      CheckParsed(exchange::ParseResponsesCsv(text, kSource));
      break;
  }
  return 0;
}
