// Internal to src/app: builds a ProgressReport from a patient's stored responses and course, the
// rule shared by ProgressService (reads it) and QuestionnaireService (raises "off_track" from it).
//
// Baseline: the latest NPRS taken before the end of the course's start date, or, when there is
// none, the first NPRS after it. Points: every later NPRS taken on or after the start date, with
// week = elapsed time / 7 days (two decimals) and reduction = 100 * (baseline - score) / baseline
// (two decimals), judged by progress::AssessProgress. A baseline of 0 gives no points.
#ifndef BACKCARE_APP_PROGRESS_RULES_H_
#define BACKCARE_APP_PROGRESS_RULES_H_

#include <optional>
#include <span>

#include "app/progress_service.h"
#include "core/base/result.h"
#include "core/clinic/course.h"
#include "core/clinic/response.h"
#include "core/protocol/protocol.h"

namespace backcare::app::internal {

Result<ProgressReport> BuildProgress(const protocol::Protocol& protocol, PatientId patient_id,
                                     const std::optional<clinic::Course>& course,
                                     std::span<const clinic::QuestionnaireResponse> responses);

}  // namespace backcare::app::internal

#endif  // BACKCARE_APP_PROGRESS_RULES_H_
