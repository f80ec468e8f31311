#include "store/sql/responses.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "core/instrument/instrument.h"
#include "core/instrument/score.h"
#include "store/common/validation.h"
#include "store/sql/codec.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

Result<clinic::QuestionnaireResponse> ReadResponse(const Row& row) {
  RowReader r(row, "questionnaire_responses");
  clinic::QuestionnaireResponse response;
  response.id = ResponseId(r.Int("id"));
  response.clinic_id = ClinicId(r.Int("clinic_id"));
  response.patient_id = PatientId(r.Int("patient_id"));
  response.course_id = r.OptionalId<CourseId>("course_id");
  response.instrument_id = r.Enum("instrument_id", instrument::ParseInstrumentName);
  response.answers = r.List("answers", DecodeAnswers);
  response.score = r.OptionalDouble("score");
  response.score_status = r.Enum("score_status", instrument::ParseScoreStatus);
  response.checkpoint_id = r.Text("checkpoint_id");
  response.taken_at = r.Time("taken_at_us");
  response.updated_at = r.Time("updated_at_us");
  RETURN_IF_ERROR(r.status());
  return response;
}

constexpr Mapping<clinic::QuestionnaireResponse> kResponses{
    "id, clinic_id, patient_id, course_id, instrument_id, answers, score, score_status, "
    "checkpoint_id, taken_at_us, updated_at_us",
    "questionnaire_responses", "response", &ReadResponse};

// The columns AddResponse and BulkAddResponses write, in the order of ResponseParams.
const std::vector<std::string>& ResponseColumns() {
  static const std::vector<std::string> kColumns = {
      "clinic_id", "patient_id",   "course_id",     "instrument_id", "answers",
      "score",     "score_status", "checkpoint_id", "taken_at_us",   "updated_at_us"};
  return kColumns;
}

Params ResponseParams(ClinicId clinic_id, const clinic::QuestionnaireResponse& response,
                      clinic::Timestamp now) {
  return {V(clinic_id),
          V(response.patient_id),
          V(response.course_id),
          V(instrument::InstrumentName(response.instrument_id)),
          V(EncodeAnswers(response.answers)),
          V(response.score),
          V(instrument::ScoreStatusName(response.score_status)),
          V(response.checkpoint_id),
          V(response.taken_at),
          V(now)};
}

// ResponseParams into an existing row of 10 cells, reusing its text buffers.
void FillResponseRow(Row& row, ClinicId clinic_id, const clinic::QuestionnaireResponse& response,
                     clinic::Timestamp now) {
  auto text = [](Value& cell, std::string_view value) {
    if (auto* existing = std::get_if<std::string>(&cell)) {
      existing->assign(value);
    } else {
      cell = std::string(value);
    }
  };
  row[0] = clinic_id.value();
  row[1] = response.patient_id.value();
  row[2] = V(response.course_id);
  text(row[3], instrument::InstrumentName(response.instrument_id));
  text(row[4], EncodeAnswers(response.answers));
  row[5] = V(response.score);
  text(row[6], instrument::ScoreStatusName(response.score_status));
  text(row[7], response.checkpoint_id);
  row[8] = V(response.taken_at);
  row[9] = V(now);
}

// The first row of a bulk add whose patient, or whose course of that patient, is not in the
// clinic, as kNotFound "responses[<row>].<field>: <what> <id> not found".
Status CheckBulkReferences(Connection& db, ClinicId clinic_id,
                           std::span<const clinic::QuestionnaireResponse> responses) {
  const ResponseReferences references = FirstResponseReferences(responses);
  for (std::size_t row : references.patient_rows) {
    const std::int64_t patient = responses[row].patient_id.value();
    ASSIGN_OR_RETURN(bool found, Exists(db, "patients", clinic_id, patient));
    if (!found) {
      return BulkNotFoundError(row, "patient_id", "patient", patient);
    }
  }
  for (std::size_t row : references.course_rows) {
    const clinic::QuestionnaireResponse& response = responses[row];
    ASSIGN_OR_RETURN(
        bool found, CourseOfPatientExists(db, clinic_id, *response.course_id, response.patient_id));
    if (!found) {
      return BulkNotFoundError(row, "course_id", "course", response.course_id->value());
    }
  }
  return OkStatus();
}

}  // namespace

Result<ResponseId> AddResponse(Connection& db, ClinicId clinic_id,
                               const clinic::QuestionnaireResponse& response,
                               clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateResponse(response));
  RETURN_IF_ERROR(Require(db, "patients", "patient", clinic_id, response.patient_id.value()));
  if (response.course_id) {
    RETURN_IF_ERROR(RequireCourseOf(db, clinic_id, *response.course_id, response.patient_id));
  }
  return Insert<ResponseId>(db, "questionnaire_responses",
                            "INSERT INTO questionnaire_responses (clinic_id, "
                            "patient_id, course_id, instrument_id, answers, score, "
                            "score_status, checkpoint_id, taken_at_us, updated_at_us) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                            ResponseParams(clinic_id, response, now));
}

Result<clinic::QuestionnaireResponse> GetResponse(Connection& db, ClinicId clinic_id,
                                                  ResponseId id) {
  return SelectOne(db, kResponses, "WHERE clinic_id = $1 AND id = $2", {V(clinic_id), V(id)},
                   id.value());
}

Result<std::vector<clinic::QuestionnaireResponse>> ListResponses(Connection& db, ClinicId clinic_id,
                                                                 PatientId patient_id) {
  return SelectAll(db, kResponses,
                   "WHERE clinic_id = $1 AND patient_id = $2 ORDER BY taken_at_us, id",
                   {V(clinic_id), V(patient_id)});
}

Result<std::optional<clinic::QuestionnaireResponse>> LatestScoredResponse(
    Connection& db, ClinicId clinic_id, PatientId patient_id,
    instrument::InstrumentId instrument_id) {
  static const std::string kQuery =
      SelectSql(kResponses,
                "WHERE clinic_id = $1 AND patient_id = $2 AND instrument_id = $3 "
                "AND score IS NOT NULL ORDER BY taken_at_us DESC, id DESC LIMIT 1");
  return QueryFirst(db, kQuery,
                    {V(clinic_id), V(patient_id), V(instrument::InstrumentName(instrument_id))},
                    kResponses.read);
}

Result<std::vector<clinic::QuestionnaireResponse>> ListResponsesOfPatients(Connection& db,
                                                                           ClinicId clinic_id,
                                                                           PatientId first,
                                                                           PatientId last) {
  return SelectAll(db, kResponses,
                   "WHERE clinic_id = $1 AND patient_id >= $2 AND patient_id <= $3 "
                   "ORDER BY patient_id, taken_at_us, id",
                   {V(clinic_id), V(first), V(last)});
}

Result<std::vector<clinic::QuestionnaireResponse>> ListClinicResponses(Connection& db,
                                                                       ClinicId clinic_id,
                                                                       ResponseId after,
                                                                       int limit) {
  return SelectAll(db, kResponses, "WHERE clinic_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                   {V(clinic_id), V(after), V(std::max(limit, 0))});
}

Result<std::int64_t> BulkAddResponses(Connection& db, ClinicId clinic_id,
                                      std::span<const clinic::QuestionnaireResponse> responses,
                                      clinic::Timestamp now) {
  RETURN_IF_ERROR(ValidateResponses(responses));
  RETURN_IF_ERROR(CheckBulkReferences(db, clinic_id, responses));
  const std::vector<std::string>& columns = ResponseColumns();
  ASSIGN_OR_RETURN(auto load, db.BeginBulkLoad("questionnaire_responses", columns,
                                               static_cast<std::int64_t>(responses.size())));
  constexpr std::size_t kChunk = 8192;
  // Rows are reused from chunk to chunk, so their text cells keep their buffers.
  std::vector<Row> rows(std::min(kChunk, responses.size()), Row(columns.size()));
  for (std::size_t start = 0; start < responses.size(); start += kChunk) {
    const std::size_t count = std::min(kChunk, responses.size() - start);
    for (std::size_t i = 0; i < count; ++i) {
      FillResponseRow(rows[i], clinic_id, responses[start + i], now);
    }
    RETURN_IF_ERROR(load->Append(std::span<const Row>(rows.data(), count)));
  }
  RETURN_IF_ERROR(load->Finish());
  return static_cast<std::int64_t>(responses.size());
}

}  // namespace backcare::store::sql
