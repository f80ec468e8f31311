// A questionnaire response: one completed instrument (NPRS, ODI, ...) with its raw answers and
// the score the instrument module computed. The store keeps answers and score as given; it does
// not score.
#ifndef BACKCARE_CORE_CLINIC_RESPONSE_H_
#define BACKCARE_CORE_CLINIC_RESPONSE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/clinic/time.h"
#include "core/instrument/instrument.h"
#include "core/instrument/score.h"

namespace backcare::clinic {

struct QuestionnaireResponse {
  ResponseId id;  // assigned by the store
  ClinicId clinic_id;
  PatientId patient_id;
  std::optional<CourseId> course_id;
  instrument::InstrumentId instrument_id = instrument::InstrumentId::kNprs;  // stored by its name
  // One entry per item in instrument order; nullopt = item not answered. Values in [0, 1000].
  std::vector<std::optional<int>> answers;
  std::optional<double> score;  // nullopt when the scoring rule could not score (too many missing)
  instrument::ScoreStatus score_status = instrument::ScoreStatus::kNotScorable;  // ScoreStatusName
  std::string checkpoint_id;  // e.g. "baseline", "week_4"; may be empty (ad hoc)
  Timestamp taken_at;
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const QuestionnaireResponse&, const QuestionnaireResponse&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_RESPONSE_H_
