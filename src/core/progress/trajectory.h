// The expected pain-reduction trajectory a protocol implies, and where a patient stands against
// it. Pure functions of (protocol, week, reduction); docs/instruments.md has the same rules.
//
// Expected band. Knots are (week 0, 0-0 %) and, for every phase with an expected_reduction band,
// (the phase's end_week, its band), in phase order. Between two knots the band's min and max are
// each interpolated linearly; from the last knot on the band stays at the last band. For the
// article's protocol ([0,4) 30-50 %, [4,12) 60-80 %, [12,26) no band): week 2 -> 15-25 %,
// week 4 -> 30-50 %, week 8 -> 45-65 %, week 12 and later -> 60-80 %.
//
// Status. The checkpoint is the end_week of the first phase that has a band, and the threshold
// that band's min (article: week 4, 30 %). At or after the checkpoint week a reduction below the
// threshold is `off_track`: the alert that says re-assess or refer. Otherwise the reduction is
// compared with the expected band: above max `ahead`, below min `behind`, else (edges included)
// `on_track`.
//
// Arithmetic. Weeks and percentages are Decimal2 values; the interpolated band is rounded to two
// decimals (ties away from zero) from the exact ratio, and the status compares the reduction with
// that rounded band, so what is shown is what is judged. Protocol percentages are taken to the
// nearest hundredth.
#ifndef BACKCARE_CORE_PROGRESS_TRAJECTORY_H_
#define BACKCARE_CORE_PROGRESS_TRAJECTORY_H_

#include <string_view>

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

enum class ProgressStatus { kAhead, kOnTrack, kBehind, kOffTrack };

// "ahead", "on_track", "behind", "off_track".
std::string_view ProgressStatusName(ProgressStatus status);

// The off-track rule a protocol implies.
struct Checkpoint {
  int week = 0;          // end_week of the first phase with a band
  Decimal2 min_percent;  // that band's min
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

struct ProgressAssessment {
  Decimal2 week;
  Decimal2 reduction_percent;
  ExpectedBand expected;
  Checkpoint checkpoint;
  ProgressStatus status = ProgressStatus::kOnTrack;
};

// The checkpoint of `protocol`. kInvalidInput "protocol 'ID' has no phase with an
// expected_reduction band" when there is none.
Result<Checkpoint> OffTrackCheckpoint(const protocol::Protocol& protocol);

// The expected band at `week` (weeks since course start, >= 0).
// Errors (kInvalidInput): "week: expected >= 0, got -1.00"; the no-band error above.
Result<ExpectedBand> ExpectedBandAt(const protocol::Protocol& protocol, Decimal2 week);

// Where a patient with `reduction_percent` pain reduction from baseline (may be negative when
// worse) stands at `week`. Same errors as ExpectedBandAt.
Result<ProgressAssessment> AssessProgress(const protocol::Protocol& protocol, Decimal2 week,
                                          Decimal2 reduction_percent);

}  // namespace backcare::progress

#endif  // BACKCARE_CORE_PROGRESS_TRAJECTORY_H_
