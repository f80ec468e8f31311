// Questionnaire use cases: submitting an instrument's answers (scored by core/instrument) and
// listing a patient's responses. A submitted NPRS is also judged against the protocol's expected
// band (core/progress) and raises an "off_track" alert when the patient is off track.
#ifndef BACKCARE_APP_QUESTIONNAIRE_SERVICE_H_
#define BACKCARE_APP_QUESTIONNAIRE_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/instrument/instrument.h"
#include "core/instrument/plain_language.h"
#include "core/instrument/score.h"

namespace backcare::app {

// One completed instrument as submitted.
struct QuestionnaireAnswers {
  std::string instrument;                   // "nprs", "odi", "rmdq", "peg", "startback"
  std::vector<std::optional<int>> answers;  // item order; nullopt = left blank
  std::string checkpoint_id;                // "baseline", "week_4", ...; empty = ad hoc
};

// A stored response with its score.
struct ScoredResponse {
  ResponseId id;
  instrument::InstrumentId instrument = instrument::InstrumentId::kNprs;
  std::optional<double> score;  // nullopt when not scorable
  instrument::ScoreStatus score_status = instrument::ScoreStatus::kNotScorable;
  std::string band;  // ODI band / STarT Back risk group; empty when none (and for a patient)
  // Who the view is phrased for: the caller's AudienceOf (core/instrument/plain_language.h). For
  // a patient `band` is empty and `summary` holds its plain sentence (empty without a band).
  instrument::Audience audience = instrument::Audience::kStaff;
  std::string summary;
  std::string checkpoint_id;
  clinic::Timestamp taken_at;
};

struct SubmitQuestionnaire {
  PatientId patient_id;
  QuestionnaireAnswers questionnaire;
};

class QuestionnaireService {
 public:
  explicit QuestionnaireService(AppContext context);

  // Therapists submit for any patient of the clinic; patients only for themselves. The response
  // is attached to the patient's active course, if any. kPermissionDenied for admin and
  // front_desk; kNotFound for a patient of another clinic (or another patient, for a patient);
  // kInvalidInput "questionnaire: ..." with field "questionnaire.instrument" (unknown id) or the
  // scoring error (wrong answer count, answer out of range). Audits "response.create"; may raise
  // "off_track" (NPRS, see progress_service.h for the rule).
  Result<ScoredResponse> Submit(const RequestContext& context, const SubmitQuestionnaire& request);

  // The patient's responses by time. Therapists and admins; patients their own. Audits
  // "response.list". Here and from Submit, a patient reads a plain `summary`, never the `band`.
  Result<std::vector<ScoredResponse>> ListResponses(const RequestContext& context,
                                                    PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_QUESTIONNAIRE_SERVICE_H_
