// A patient's progress report: their pain scores (NPRS) over the current course against the
// protocol's expected band (trajectory.h), with the other instruments' scores. BuildProgressReport
// is a pure function of (protocol, course, responses); ProgressService (src/app) reads it and
// QuestionnaireService raises the "off_track" alert from it.
//
// Baseline: the latest NPRS taken before the end of the course's start date, or, when there is
// none, the first NPRS after it. Points: every later NPRS taken on or after the start date, with
// week = elapsed time / 7 days (two decimals), points_change = baseline - score (negative when
// worse) and reduction = 100 * (baseline - score) / baseline (two decimals). Status of a point:
//   - `worse` when score - baseline >= the NPRS minimal important change (2 points, the
//     mcid_points of the instrument definition; Ostelo et al., Spine 2008;33:90), from any
//     baseline including 0: QuestionnaireService raises the "worse" alert from it;
//   - else, from a baseline of 0, `not_evaluable` (no percentage exists; reduction is null);
//   - else AssessProgress's status (ahead, on_track, behind, off_track, no_band).
#ifndef BACKCARE_CORE_PROGRESS_PROGRESS_REPORT_H_
#define BACKCARE_CORE_PROGRESS_PROGRESS_REPORT_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/course.h"
#include "core/clinic/response.h"
#include "core/clinic/time.h"
#include "core/instrument/plain_language.h"
#include "core/progress/dose.h"
#include "core/protocol/protocol.h"

namespace backcare::progress {

struct ProgressPoint {
  ResponseId response_id;
  clinic::Timestamp taken_at;
  double week = 0;  // weeks since the course start, two decimals
  double nprs = 0;
  double points_change = 0;                    // baseline - nprs; negative when worse
  std::optional<double> reduction_percent;     // from baseline; nullopt from a baseline of 0
  std::optional<double> expected_min_percent;  // nullopt where the protocol gives no band
  std::optional<double> expected_max_percent;
  // "ahead", "on_track", "behind", "off_track", "no_band", "worse", "not_evaluable"
  std::string status;
  std::string summary;  // set (and status empty) only in a report phrased for a patient
};

struct ProgressReport {
  PatientId patient_id;
  std::optional<CourseId> course_id;    // nullopt: no course yet
  std::optional<double> baseline_nprs;  // nullopt: no NPRS yet
  std::vector<ProgressPoint> points;    // every NPRS after the baseline, by time
  std::string status;                   // of the last point; "no_data" when there is none
  // Who the report is phrased for (PhraseProgressFor). For kPatient every status and change class
  // is empty and `summary` (here, in each point and in each function change) holds its plain
  // sentence (instrument/plain_language.h) instead.
  instrument::Audience audience = instrument::Audience::kStaff;
  std::string summary;
  // Sessions attended vs planned to date in the course, shown beside the status (dose.h); set by
  // ProgressService, nullopt without a course.
  std::optional<Dose> dose;
  // Other instruments' scores by time (ODI, RMDQ, PEG, STarT Back): instrument, score, time.
  struct Score {
    instrument::InstrumentId instrument = instrument::InstrumentId::kOdi;
    std::optional<double> score;
    clinic::Timestamp taken_at;
  };
  std::vector<Score> other_scores;
  // ODI and RMDQ change from their baseline (same baseline rule as NPRS) to their latest score in
  // the course, classified by ComputeChange; `worse` when latest - baseline >= the instrument's
  // minimal important change (ODI 10, RMDQ 5 points). Empty without a course.
  struct FunctionChange {
    instrument::InstrumentId instrument = instrument::InstrumentId::kOdi;
    ResponseId latest_response_id;
    double baseline = 0;
    double latest = 0;
    double points_change = 0;              // baseline - latest; negative when worse
    std::optional<double> percent_change;  // nullopt from a baseline of 0
    std::string responder_class;           // change.h class name
    bool worse = false;
    std::string summary;  // set (and responder_class empty) only in a report for a patient
  };
  std::vector<FunctionChange> function_changes;
};

// The report of `patient_id` for `course` (nullopt: no course yet, so no points) from their
// `responses` in time order. Errors: those of AssessProgress (an invalid protocol).
Result<ProgressReport> BuildProgressReport(
    const protocol::Protocol& protocol, PatientId patient_id,
    const std::optional<clinic::Course>& course,
    std::span<const clinic::QuestionnaireResponse> responses);

// The change of NPRS, ODI, RMDQ and PEG from each one's baseline (the latest score before the end
// of the course's start date, else its first) to its latest later score, in that order, leaving
// out an instrument without both: a discharge summary's final scores against baseline, each with
// its responder class (change.h). `responses` in time order.
Result<std::vector<ProgressReport::FunctionChange>> CourseChanges(
    const clinic::Course& course, std::span<const clinic::QuestionnaireResponse> responses);

// `report` as `audience` reads it. kStaff: unchanged. kPatient: the clinician labels (report and
// point status, function change class) are replaced by their plain sentences in `summary`
// (PlainProgressSummary, PlainChangeSummary) and cleared, so no caller can show them by mistake.
ProgressReport PhraseProgressFor(instrument::Audience audience, ProgressReport report);

// The baseline of instrument `id` by the rule above: the latest scored response before
// `start_day_end` (the end of the course's start date), else the first scored one; nullptr when
// there is none. The printable report (app/report_service.h) uses the same rule.
const clinic::QuestionnaireResponse* BaselineOf(
    std::span<const clinic::QuestionnaireResponse> responses, instrument::InstrumentId id,
    clinic::Timestamp start_day_end);

// Weeks from `start` to `at` as the report's points count them (two decimals); 0 before `start`.
double WeeksSince(clinic::Timestamp start, clinic::Timestamp at);

}  // namespace backcare::progress

#endif  // BACKCARE_CORE_PROGRESS_PROGRESS_REPORT_H_
