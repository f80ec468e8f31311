// Progress use case: a patient's pain scores over time against the protocol's expected band
// (core/progress/trajectory.h), with the current status. Baseline is the first NPRS of the active
// (or latest) course; each later NPRS gets its reduction from baseline, the expected band at its
// week since the course start, and a status (ahead, on_track, behind, off_track).
#ifndef BACKCARE_APP_PROGRESS_SERVICE_H_
#define BACKCARE_APP_PROGRESS_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/time.h"

namespace backcare::app {

struct ProgressPoint {
  ResponseId response_id;
  clinic::Timestamp taken_at;
  double week = 0;  // weeks since the course start, two decimals
  double nprs = 0;
  double reduction_percent = 0;  // from baseline; negative when worse
  double expected_min_percent = 0;
  double expected_max_percent = 0;
  std::string status;  // "ahead", "on_track", "behind", "off_track"
};

struct ProgressReport {
  PatientId patient_id;
  std::optional<CourseId> course_id;    // nullopt: no course yet
  std::optional<double> baseline_nprs;  // nullopt: no NPRS yet
  std::vector<ProgressPoint> points;    // every NPRS after the baseline, by time
  std::string status;                   // of the last point; "no_data" when there is none
  // Other instruments' scores by time (ODI, RMDQ, PEG, STarT Back): instrument, score, time.
  struct Score {
    std::string instrument;
    std::optional<double> score;
    clinic::Timestamp taken_at;
  };
  std::vector<Score> other_scores;
};

class ProgressService {
 public:
  explicit ProgressService(const AppContext& context);

  // Therapists and admins for any patient of the clinic; a patient their own. kPermissionDenied
  // for front desk. Audits "progress.read".
  Result<ProgressReport> GetProgress(const RequestContext& context, PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PROGRESS_SERVICE_H_
