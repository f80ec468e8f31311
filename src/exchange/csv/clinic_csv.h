// The clinic's CSV files (docs/csv.md lists every column, its type and format): one file per
// kind — patients, courses, sessions, responses, adherence — with a header row. Writing turns
// records into rows (csv_writer.h neutralises and quotes them); reading turns an import file
// (csv_reader.h) into import rows (core/clinic/import_row.h), checking the header, each cell's
// format and length, and naming every problem "FILE:LINE: column NAME: message".
// Dates are "YYYY-MM-DD"; instants UTC "YYYY-MM-DDTHH:MM:SSZ", with ".ffffff" when not a whole
// second. Pure: text in, values out.
#ifndef BACKCARE_EXCHANGE_CSV_CLINIC_CSV_H_
#define BACKCARE_EXCHANGE_CSV_CLINIC_CSV_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/clinic/import_row.h"
#include "core/clinic/therapist.h"
#include "core/ports/clinic_store.h"

namespace backcare::exchange {

enum class CsvKind { kPatients, kCourses, kSessions, kResponses, kAdherence };

// "patients", "courses", "sessions", "responses", "adherence".
std::string_view CsvKindName(CsvKind kind);
std::optional<CsvKind> ParseCsvKind(std::string_view name);
// The kinds, in export order.
std::span<const CsvKind> AllCsvKinds();

// The column names of `kind`, in file order.
std::span<const std::string_view> CsvColumns(CsvKind kind);
// The header record of `kind` (with CRLF).
std::string CsvHeader(CsvKind kind);

// "2024-03-18T09:05:07Z", or "2024-03-18T09:05:07.250000Z" when not a whole second.
std::string FormatCsvInstant(clinic::Timestamp at);
// Inverse of FormatCsvInstant (1 to 6 fraction digits); nullopt otherwise.
std::optional<clinic::Timestamp> ParseCsvInstant(std::string_view text);

// One block of the clinic's records to write: `patients` (not deleted, by id) and their records
// (records of patients not in `patients` are skipped), `therapists` of the clinic (for license
// numbers). Appends the rows of `kind` to `out`, in the order of the records.
void AppendCsvRows(CsvKind kind, std::span<const clinic::Patient> patients,
                   const ports::PatientRecords& records,
                   std::span<const clinic::Therapist> therapists, std::string& out);

// What a file holds for the import, with every problem found (location "FILE:LINE", path
// "column NAME"); rows with a problem are left out. A wrong header is the only problem then.
template <typename Row>
struct ParsedCsv {
  std::vector<Row> rows;
  std::vector<FieldError> errors;
};

// `source` names the file in locations. Files longer than kMaxImportRows data rows are refused
// as a whole (one problem at the first row beyond).
inline constexpr std::size_t kMaxImportRows = 1000000;
ParsedCsv<clinic::PatientImportRow> ParsePatientsCsv(std::string_view text,
                                                     std::string_view source);
ParsedCsv<clinic::SessionImportRow> ParseSessionsCsv(std::string_view text,
                                                     std::string_view source);
ParsedCsv<clinic::ResponseImportRow> ParseResponsesCsv(std::string_view text,
                                                       std::string_view source);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_CSV_CLINIC_CSV_H_
