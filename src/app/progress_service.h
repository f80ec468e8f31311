// Progress use case: a patient's pain scores over time against the protocol's expected band
// (core/progress/trajectory.h), with the current status. Baseline is the first NPRS of the active
// (or latest) course; each later NPRS gets its reduction from baseline, the expected band at its
// week since the course start, and a status (ahead, on_track, behind, off_track, no_band, worse,
// not_evaluable), with the dose received so far (sessions attended vs planned to date).
#ifndef BACKCARE_APP_PROGRESS_SERVICE_H_
#define BACKCARE_APP_PROGRESS_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/progress/progress_report.h"

namespace backcare::app {

// The report is computed in the core (core/progress/progress_report.h).
using progress::ProgressPoint;
using progress::ProgressReport;

class ProgressService {
 public:
  explicit ProgressService(AppContext context);

  // Therapists and admins for any patient of the clinic; a patient their own. kPermissionDenied
  // for front desk. Audits "progress.read". A patient's report is phrased for them
  // (PhraseProgressFor): plain sentences in `summary` instead of statuses and change classes.
  Result<ProgressReport> GetProgress(const RequestContext& context, PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PROGRESS_SERVICE_H_
