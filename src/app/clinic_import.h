// Importing CSV rows into a clinic (`backcare import csv`, docs/csv.md): patients, sessions (with
// the courses they belong to) and questionnaire responses, as the codec (src/exchange/csv) read
// them. All or nothing: every row is checked against the file's other rows and the store first,
// every problem collected ("FILE:LINE", "column NAME", message); only when there is none are the
// rows written, in one transaction, each audited like the API write that creates it. A dry run
// checks the same and writes nothing.
//
// Natural keys: a patient is its email, or lacking one its family name, given name and date of
// birth (clinic::PatientKey); a session is (patient, start); a response is (patient, instrument,
// taken_at). A row whose key is taken by a stored record or an earlier row is a duplicate,
// reported as a problem. Rows name patients by key, never by id, so an export imports into another
// clinic.
#ifndef BACKCARE_APP_CLINIC_IMPORT_H_
#define BACKCARE_APP_CLINIC_IMPORT_H_

#include <cstdint>
#include <span>
#include <string>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/import_row.h"

namespace backcare::app {

enum class ImportMode { kWrite, kDryRun };

struct ImportOptions {
  std::string source;  // the file's name, for locations ("patients.csv:12")
  ImportMode mode = ImportMode::kWrite;
};

// What was written (or, for a dry run, would be).
struct ImportSummary {
  std::int64_t rows = 0;
  std::int64_t courses_created = 0;  // sessions only
};

// Every function: admins only (kPermissionDenied); kInvalidInput "N problem(s) in FILE; nothing
// written" with one FieldError per problem (location "FILE:LINE", path "column NAME") in line
// order; the store's errors otherwise (nothing written either: one transaction).

// Problems: date_of_birth after today; a duplicate ("email": same email as patient P / line L;
// "family_name": same names and date of birth). Audits "patient.create" per patient.
Result<ImportSummary> ImportPatients(const AppContext& app, const RequestContext& context,
                                     std::span<const clinic::PatientImportRow> rows,
                                     const ImportOptions& options);

// Problems: an unknown or ambiguous patient; no therapist with the license number; an unknown
// protocol version; a duplicate (patient, start). A session's course is the patient's course of
// that protocol version starting on course_start_date, created when there is none (audited
// "course.create"). Sessions go in through BulkAddSessions; audits "session.create" per session.
Result<ImportSummary> ImportSessions(const AppContext& app, const RequestContext& context,
                                     std::span<const clinic::SessionImportRow> rows,
                                     const ImportOptions& options);

// Problems: an unknown or ambiguous patient; no course of the patient starting on
// course_start_date; answers the instrument refuses (count, range); a duplicate (patient,
// instrument, taken_at). The score is computed from the answers (core/instrument/score.h), never
// read from the file. Responses go in through BulkAddResponses; audits "response.create" each.
Result<ImportSummary> ImportResponses(const AppContext& app, const RequestContext& context,
                                      std::span<const clinic::ResponseImportRow> rows,
                                      const ImportOptions& options);

}  // namespace backcare::app

#endif  // BACKCARE_APP_CLINIC_IMPORT_H_
