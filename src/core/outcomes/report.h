// The outcomes report over a Cohort (issue #15; docs/analytics.md): each claim's ITT and
// complete-case rates with verdicts, the Kaplan-Meier time to a first >= 30 % reduction, the
// share of due courses below, within and above each phase's expected band, and the claims and
// bands per therapist and per clinic. One pass over the columns; pure.
#ifndef BACKCARE_CORE_OUTCOMES_REPORT_H_
#define BACKCARE_CORE_OUTCOMES_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/outcomes/claims.h"
#include "core/outcomes/cohort.h"
#include "core/stats/survival.h"

namespace backcare::outcomes {

// Which courses a report covers; an unset field does not filter.
struct CohortFilter {
  std::optional<std::int64_t> clinic_id;
  std::optional<std::int64_t> therapist_id;
  std::optional<Day> from;  // course start on or after
  std::optional<Day> to;    // course start on or before
  std::optional<bool> sciatic;
};

// Due courses at the end of a phase with an expected band, by where their reduction fell.
struct BandCounts {
  std::string phase_id;
  std::string checkpoint_id;  // the week checkpoint at the phase's end
  protocol::PercentBand band;
  std::int64_t due = 0;
  std::int64_t below = 0;
  std::int64_t within = 0;
  std::int64_t above = 0;
  std::int64_t missing = 0;  // due without a score
};

struct GroupReport {
  std::int64_t id = 0;  // therapist or clinic id (0: courses without a primary therapist)
  ClaimsReport claims;
  std::vector<BandCounts> bands;
};

struct OutcomesReport {
  ClaimsReport claims;        // as_of, the population and every claim
  std::int64_t dropouts = 0;  // evaluable courses discontinued on or before as_of
  // Days from the start to the first NPRS with a >= 30 % reduction; a course without one is
  // censored at its dropout or its last NPRS, whichever is earlier, and never after as_of.
  stats::KaplanMeier time_to_response;
  std::vector<BandCounts> bands;
  std::vector<GroupReport> by_therapist;  // by therapist id
  std::vector<GroupReport> by_clinic;     // by clinic id
};

// The report on the courses of `cohort` that `filter` keeps and that started on or before
// `as_of`. `cohort` must have been resolved against `protocol` (one column per checkpoint).
OutcomesReport BuildOutcomesReport(const protocol::Protocol& protocol, const Cohort& cohort,
                                   const CohortFilter& filter, Day as_of);

// The phases with an expected band and the week checkpoint at their end, e.g. initial_relief
// (weeks 0-4, 30-50 %) at week_4. A phase without such a checkpoint has no band row.
struct BandedPhase {
  const protocol::Phase* phase = nullptr;
  std::size_t checkpoint = 0;  // index into protocol.checkpoints
};
std::vector<BandedPhase> BandedPhases(const protocol::Protocol& protocol);

}  // namespace backcare::outcomes

#endif  // BACKCARE_CORE_OUTCOMES_REPORT_H_
