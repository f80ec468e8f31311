#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {
namespace {

Status CheckResponseRefs(const State& state, ClinicId clinic_id,
                         const clinic::QuestionnaireResponse& response) {
  RETURN_IF_ERROR(ValidateResponse(response));
  RETURN_IF_ERROR(Require(state.patients, "patient", clinic_id, response.patient_id.value()));
  if (response.course_id) {
    const clinic::Course* course = Find(state.courses, clinic_id, response.course_id->value());
    if (!course || course->patient_id != response.patient_id) {
      return NotFoundError("course", response.course_id->value());
    }
  }
  return OkStatus();
}

}  // namespace

Result<ResponseId> MemoryTransaction::AddResponse(ClinicId clinic_id,
                                                  const clinic::QuestionnaireResponse& response) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(CheckResponseRefs(draft(), clinic_id, response));
  clinic::QuestionnaireResponse row = response;
  row.taken_at = Micros(row.taken_at);
  row.updated_at = WriteTime();
  return Insert(draft(), draft().responses, std::move(row), clinic_id);
}

Result<clinic::QuestionnaireResponse> MemoryTransaction::GetResponse(ClinicId clinic_id,
                                                                     ResponseId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().responses, "response", clinic_id, id.value());
}

Result<std::vector<clinic::QuestionnaireResponse>> MemoryTransaction::ListResponses(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  auto rows = Select(state().responses, [&](const auto& row) {
    return row.clinic_id == clinic_id && row.patient_id == patient_id;
  });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.taken_at, a.id) < std::tie(b.taken_at, b.id);
  });
  return rows;
}

Result<std::optional<clinic::QuestionnaireResponse>> MemoryTransaction::LatestScoredResponse(
    ClinicId clinic_id, PatientId patient_id, instrument::InstrumentId instrument_id) {
  RETURN_IF_ERROR(CheckOpen());
  const clinic::QuestionnaireResponse* latest = nullptr;
  for (const auto& [id, row] : state().responses) {
    if (row.clinic_id == clinic_id && row.patient_id == patient_id &&
        row.instrument_id == instrument_id && row.score &&
        (latest == nullptr ||
         std::tie(latest->taken_at, latest->id) < std::tie(row.taken_at, row.id))) {
      latest = &row;
    }
  }
  if (latest == nullptr) {
    return std::optional<clinic::QuestionnaireResponse>();
  }
  return std::optional<clinic::QuestionnaireResponse>(*latest);
}

Result<std::vector<clinic::QuestionnaireResponse>> MemoryTransaction::ListClinicResponses(
    ClinicId clinic_id, ResponseId after, int limit) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<clinic::QuestionnaireResponse> out;
  for (auto it = state().responses.upper_bound(after.value());
       it != state().responses.end() && static_cast<int>(out.size()) < limit; ++it) {
    if (it->second.clinic_id == clinic_id) {
      out.push_back(it->second);
    }
  }
  return out;
}

Result<std::int64_t> MemoryTransaction::BulkAddResponses(
    ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(ValidateResponses(responses));
  const ResponseReferences references = FirstResponseReferences(responses);
  for (std::size_t row : references.patient_rows) {
    const std::int64_t patient = responses[row].patient_id.value();
    if (!Find(draft().patients, clinic_id, patient)) {
      return BulkNotFoundError(row, "patient_id", "patient", patient);
    }
  }
  for (std::size_t row : references.course_rows) {
    const clinic::QuestionnaireResponse& response = responses[row];
    const clinic::Course* course = Find(draft().courses, clinic_id, response.course_id->value());
    if (!course || course->patient_id != response.patient_id) {
      return BulkNotFoundError(row, "course_id", "course", response.course_id->value());
    }
  }
  const clinic::Timestamp now = WriteTime();
  for (const auto& response : responses) {
    clinic::QuestionnaireResponse row = response;
    row.updated_at = now;
    row.taken_at = Micros(row.taken_at);
    Insert(draft(), draft().responses, std::move(row), clinic_id);
  }
  return static_cast<std::int64_t>(responses.size());
}

}  // namespace backcare::store::memory
