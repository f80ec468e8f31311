// Internal to src/app: scoring and storing one questionnaire (shared by intake and Submit), and
// the off-track check that follows an NPRS.
#ifndef BACKCARE_APP_QUESTIONNAIRE_SUPPORT_H_
#define BACKCARE_APP_QUESTIONNAIRE_SUPPORT_H_

#include <optional>
#include <string_view>

#include "app/actor.h"
#include "app/questionnaire_service.h"
#include "core/base/result.h"
#include "core/clinic/response.h"
#include "core/ports/clinic_store.h"
#include "core/protocol/protocol.h"

namespace backcare::app::internal {

// The view of `response` with its `band` as `audience` reads it: staff the band, a patient its
// plain sentence (PlainBandSummary) and no band.
ScoredResponse ViewOfResponse(const clinic::QuestionnaireResponse& response, std::string_view band,
                              instrument::Audience audience);

// Scores `questionnaire` with core/instrument, stores it taken at `now` and audits
// "response.create". kInvalidInput with field "<field>.instrument", "<field>.answers" or
// "<field>.checkpoint_id" (not a checkpoint of `protocol`); kPermissionDenied when a patient tags
// a baseline checkpoint (core/progress/checkpoint_tag.h).
Result<ScoredResponse> ScoreAndStore(ports::Transaction& transaction, const RequestContext& context,
                                     const protocol::Protocol& protocol, clinic::Timestamp now,
                                     PatientId patient_id, std::optional<CourseId> course_id,
                                     const QuestionnaireAnswers& questionnaire,
                                     std::string_view field);

// Raises "off_track" (or "worse") when `response_id` (an NPRS) is the patient's latest progress
// point, its status is off_track (or worse), and no alert of that kind of the patient is open.
Result<std::optional<AlertId>> CheckOffTrack(ports::Transaction& transaction,
                                             const RequestContext& context,
                                             const protocol::Protocol& protocol,
                                             clinic::Timestamp now, PatientId patient_id,
                                             ResponseId response_id);

}  // namespace backcare::app::internal

#endif  // BACKCARE_APP_QUESTIONNAIRE_SUPPORT_H_
