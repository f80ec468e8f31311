// The expected pain-reduction trajectory a protocol implies, and where a patient stands against
// it. Pure functions of (protocol, week, reduction); docs/instruments.md has the same rules.
//
// Expected band. Knots are (week 0, 0-0 %) and, for every phase with an expected_reduction band,
// (the phase's end_week, its band), in phase order. Between two knots the band's min and max are
// each interpolated linearly. After the last knot there is no band (the protocol gives none there):
// for the article's protocol ([0,4) 30-50 %, [4,12) 60-80 %, [12,26) no band): week 2 -> 15-25 %,
// week 4 -> 30-50 %, week 8 -> 45-65 %, week 12 -> 60-80 %, after week 12 none.
//
// Checkpoints. Every knot after week 0 is a banded checkpoint: its week and its band's min
// (article: week 4, 30 %; week 12, 60 %). The checkpoint in force at a week is the latest one
// reached.
//
// Status. With a checkpoint in force and a reduction below its min, `off_track`: the alert that
// says re-assess or refer (it stays in force after the last knot: a patient who falls back below
// the last checkpoint's threshold is off track). Otherwise, where there is a band, the reduction
// is compared with it: above max `ahead`, below min `behind`, else (edges included) `on_track`;
// where there is none, `no_band`. (`worse` and `not_evaluable` are decided on the scores
// themselves, in progress_report.h.)
//
// Arithmetic. Weeks and percentages are Decimal2 values; the interpolated band is rounded to two
// decimals (ties away from zero) from the exact ratio, and the status compares the reduction with
// that rounded band, so what is shown is what is judged. Protocol percentages are taken to the
// nearest hundredth.
#ifndef BACKCARE_CORE_PROGRESS_TRAJECTORY_H_
#define BACKCARE_CORE_PROGRESS_TRAJECTORY_H_

#include <optional>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/instrument/decimal.h"
#include "core/protocol/protocol.h"

namespace backcare::progress {

using instrument::Decimal2;

struct ExpectedBand {
  Decimal2 min_percent;
  Decimal2 max_percent;
  friend bool operator==(const ExpectedBand&, const ExpectedBand&) = default;
};

enum class ProgressStatus { kAhead, kOnTrack, kBehind, kOffTrack, kNoBand, kWorse, kNotEvaluable };

// "ahead", "on_track", "behind", "off_track", "no_band", "worse", "not_evaluable".
std::string_view ProgressStatusName(ProgressStatus status);

// An off-track rule a protocol implies.
struct Checkpoint {
  int week = 0;          // end_week of a phase with a band
  Decimal2 min_percent;  // that band's min
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

struct ProgressAssessment {
  Decimal2 week;
  Decimal2 reduction_percent;
  std::optional<ExpectedBand> expected;  // nullopt after the last banded checkpoint
  // The checkpoint in force (the latest reached); before the first one, the first one.
  Checkpoint checkpoint;
  ProgressStatus status = ProgressStatus::kOnTrack;
};

// The first checkpoint of `protocol`. kInvalidInput "protocol 'ID' has no phase with an
// expected_reduction band" when there is none.
Result<Checkpoint> OffTrackCheckpoint(const protocol::Protocol& protocol);

// Every banded checkpoint of `protocol`, in week order (same error as OffTrackCheckpoint).
Result<std::vector<Checkpoint>> BandedCheckpoints(const protocol::Protocol& protocol);

// The expected band at `week` (weeks since course start, >= 0); nullopt after the last knot.
// Errors (kInvalidInput): "week: expected >= 0, got -1.00"; the no-band error above.
Result<std::optional<ExpectedBand>> ExpectedBandAt(const protocol::Protocol& protocol,
                                                   Decimal2 week);

// Where a patient with `reduction_percent` pain reduction from baseline (may be negative when
// worse) stands at `week`. Same errors as ExpectedBandAt.
Result<ProgressAssessment> AssessProgress(const protocol::Protocol& protocol, Decimal2 week,
                                          Decimal2 reduction_percent);

}  // namespace backcare::progress

#endif  // BACKCARE_CORE_PROGRESS_TRAJECTORY_H_
