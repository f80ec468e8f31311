// Testing the protocol's claims on a clinic's own courses (issue #15; docs/analytics.md): which
// checkpoints are due, the score that counts at each, who is a responder, and each claim's
// intention-to-treat and complete-case rates with Wilson intervals and a verdict. Pure: the
// caller gives one CourseRow per course (the columnar snapshot's row) and the report date.
#ifndef BACKCARE_CORE_OUTCOMES_CLAIMS_H_
#define BACKCARE_CORE_OUTCOMES_CLAIMS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "core/stats/proportions.h"

namespace backcare::outcomes {

using Day = std::chrono::sys_days;  // a clinic-local civil date

// One scored NPRS of the patient, on the clinic's date it was taken; `checkpoint` is the tag it
// was submitted with ("" = an untagged check-in).
struct Score {
  Day date;
  double value = 0;
  std::string checkpoint;
};

// What the report needs of one course.
struct CourseRow {
  std::int64_t course_id = 0;
  std::int64_t clinic_id = 0;
  std::int64_t therapist_id = 0;  // 0: none
  bool sciatic = false;           // the patient's screening records sciatic signs
  std::optional<Day> dropout;     // discontinued (discharged early) on this date
  Day start;
  // The patient's latest scored NPRS tagged "baseline" taken no later than the start date.
  std::optional<double> baseline;
  std::vector<Day> attended;  // the clinic dates of its attended sessions, in order
  // The scored NPRS of the course and those with no course, in any order.
  std::vector<Score> nprs;
  // The distinct dates on which a home-program exercise of kind "core" was logged done.
  std::vector<Day> core_done;
};

// A checkpoint's anchor date for `course`: start + 7 x week for a week checkpoint; for a session
// checkpoint the date of the Nth attended session, or while fewer were attended start + 7 x
// ceil(N / the first phase's sessions per week) days. nullopt for the baseline checkpoint (or a
// protocol whose first phase has no weekly cadence, for a session checkpoint).
std::optional<Day> AnchorDate(const protocol::Protocol& protocol,
                              const protocol::Checkpoint& checkpoint, const CourseRow& course);

// Due once its window has closed: as_of >= anchor + 14 days.
bool IsDue(Day anchor, Day as_of);

// The score that counts at a checkpoint: the latest score tagged with it; failing that, the
// untagged score taken in [anchor - 7 days, anchor + 14 days) closest to the anchor by date
// (ties: the earlier date, then the later in `nprs` order).
std::optional<double> CheckpointScore(const CourseRow& course, const std::string& checkpoint_id,
                                      Day anchor);

// 100 x (baseline - score) >= min_reduction_percent x baseline; exact when all three are whole
// numbers (NPRS scores are): the products of small integers are exact in a double.
bool IsResponder(double baseline, double score, double min_reduction_percent);

// Core-exercise adherence: core exercises done on at least 35 distinct dates in
// [start + 14 days, start + 84 days).
bool AdheresToCoreExercises(const CourseRow& course);

// k of n with its rate and 95 % Wilson interval (both nullopt when n is 0).
struct Rate {
  std::int64_t k = 0;
  std::int64_t n = 0;
  std::optional<double> rate;
  std::optional<stats::Interval> interval;
};
Rate RateOf(std::int64_t k, std::int64_t n);

// One group's counts at a checkpoint: intention to treat (n = due courses, a missing score is not
// a response) and complete case (n = due courses with a score).
struct CheckpointRates {
  Rate itt;
  Rate complete_case;
  std::int64_t missing = 0;  // itt.n - complete_case.n
};

struct ClaimResult {
  const protocol::Claim* claim = nullptr;  // into the protocol passed in
  // kind "proportion": all evaluable courses; "comparison": adherent / not adherent.
  CheckpointRates overall;
  CheckpointRates adherent;
  CheckpointRates not_adherent;
  std::optional<stats::Interval> difference;  // comparison: adherent - not adherent (Newcombe)
  std::optional<double> difference_estimate;
  // proportion: "below_claim" | "above_claim" | "consistent" (the ITT interval against the
  // claimed proportion), or "no_data" when no course is due; comparison: "supported" |
  // "contradicted" | "not_shown" (from the difference's interval; also when a group is empty).
  std::string verdict;
};

struct ClaimsReport {
  Day as_of;
  std::int64_t courses = 0;         // evaluable: baseline > 0
  std::int64_t not_evaluable = 0;   // no baseline, or a baseline of 0
  std::vector<ClaimResult> claims;  // in the protocol's order
};

// OK when the report can test every claim of `protocol`: it reads NPRS scores only, so a claim on
// another instrument is kInvalidInput naming "claims[i].instrument" (rather than a rate computed
// from the wrong scores).
Status CheckReportable(const protocol::Protocol& protocol);

// Every claim of `protocol` on `courses` as of `as_of`. A claim naming a checkpoint the protocol
// lacks is left out (protocol validation refuses such files).
ClaimsReport TestClaims(const protocol::Protocol& protocol, std::span<const CourseRow> courses,
                        Day as_of);

}  // namespace backcare::outcomes

#endif  // BACKCARE_CORE_OUTCOMES_CLAIMS_H_
