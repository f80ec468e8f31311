// The SQL of questionnaire responses, including the bulk add of an import. Each function is the
// ports::Transaction method of the same name (the contract is in core/ports/clinic_store.h), run
// on `db`'s open transaction; the caller (sql_transaction.cc) has checked that the transaction is
// open, writable for writes, and that the clinic of an add exists. `now` is the write's instant,
// stored as each record's updated_at.
#ifndef BACKCARE_STORE_SQL_RESPONSES_H_
#define BACKCARE_STORE_SQL_RESPONSES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/response.h"
#include "core/clinic/time.h"
#include "core/instrument/instrument.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<ResponseId> AddResponse(Connection& db, ClinicId clinic_id,
                               const clinic::QuestionnaireResponse& response,
                               clinic::Timestamp now);
Result<clinic::QuestionnaireResponse> GetResponse(Connection& db, ClinicId clinic_id,
                                                  ResponseId id);
Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(Connection& db, ClinicId clinic_id,
                                                                 PatientId patient_id);
Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
    Connection& db, ClinicId clinic_id, PatientId patient_id,
    instrument::InstrumentId instrument_id);
// Responses of the patients with first <= id <= last, by patient, taken_at, id.
Result<std::vector<clinic::QuestionnaireResponse>> ListResponsesOfPatients(Connection& db,
                                                                           ClinicId clinic_id,
                                                                           PatientId first,
                                                                           PatientId last);
Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(Connection& db,
                                                                       ClinicId clinic_id,
                                                                       ResponseId after, int limit);
// Checks every row and each distinct reference once, then loads the rows in chunks through one
// BulkLoad (which may set the table's indexes aside and rebuild them; see connection.h).
Result<std::int64_t> BulkAddResponses(Connection& db, ClinicId clinic_id,
                                      std::span<const clinic::QuestionnaireResponse> responses,
                                      clinic::Timestamp now);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_RESPONSES_H_
