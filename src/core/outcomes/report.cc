#include "core/outcomes/report.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace backcare::outcomes {
namespace {

constexpr std::int32_t kDueAfterDays = 14;

// A claim the report tests: the claim and the column of its checkpoint.
struct PlannedClaim {
  const protocol::Claim* claim = nullptr;
  std::size_t checkpoint = 0;
  bool comparison = false;
};

struct ClaimTally {
  CheckpointRates overall;
  CheckpointRates adherent;
  CheckpointRates not_adherent;
};

// One group's counts while the pass runs.
struct Tally {
  std::int64_t courses = 0;
  std::int64_t not_evaluable = 0;
  std::vector<ClaimTally> claims;
  std::vector<BandCounts> bands;
};

std::vector<PlannedClaim> PlanClaims(const protocol::Protocol& protocol) {
  std::vector<PlannedClaim> planned;
  for (const protocol::Claim& claim : protocol.claims) {
    for (std::size_t c = 0; c < protocol.checkpoints.size(); ++c) {
      if (protocol.checkpoints[c].id != claim.checkpoint) continue;
      planned.push_back(
          {.claim = &claim, .checkpoint = c, .comparison = claim.kind == "comparison"});
      break;
    }
  }
  return planned;
}

Tally EmptyTally(std::size_t claims, const std::vector<BandCounts>& bands) {
  Tally tally;
  tally.claims.resize(claims);
  tally.bands = bands;
  return tally;
}

std::optional<double> ScoreAt(float value) {
  if (std::isnan(value)) return std::nullopt;
  return static_cast<double>(value);
}

// Adds one due course's outcome to `rates`: scored or not, and a responder or not.
void Count(CheckpointRates& rates, bool scored, bool responder) {
  ++rates.itt.n;
  if (!scored) {
    ++rates.missing;
    return;
  }
  ++rates.complete_case.n;
  if (responder) {
    ++rates.itt.k;
    ++rates.complete_case.k;
  }
}

void CountBand(BandCounts& band, const std::optional<double>& score, double baseline) {
  ++band.due;
  if (!score) {
    ++band.missing;
    return;
  }
  const double reduction = 100 * (baseline - *score);  // compared with percent x baseline
  if (reduction < band.band.min_percent * baseline) {
    ++band.below;
  } else if (reduction > band.band.max_percent * baseline) {
    ++band.above;
  } else {
    ++band.within;
  }
}

void Finish(CheckpointRates& rates) {
  rates.itt = RateOf(rates.itt.k, rates.itt.n);
  rates.complete_case = RateOf(rates.complete_case.k, rates.complete_case.n);
}

ClaimResult FinishClaim(const PlannedClaim& planned, ClaimTally tally) {
  ClaimResult result;
  result.claim = planned.claim;
  result.overall = tally.overall;
  result.adherent = tally.adherent;
  result.not_adherent = tally.not_adherent;
  Finish(result.overall);
  Finish(result.adherent);
  Finish(result.not_adherent);
  if (planned.comparison) {
    result.difference =
        stats::NewcombeDifference(result.adherent.itt.k, result.adherent.itt.n,
                                  result.not_adherent.itt.k, result.not_adherent.itt.n);
    if (result.adherent.itt.rate && result.not_adherent.itt.rate) {
      result.difference_estimate = *result.adherent.itt.rate - *result.not_adherent.itt.rate;
    }
    result.verdict = !result.difference            ? "not_shown"
                     : result.difference->low > 0  ? "supported"
                     : result.difference->high < 0 ? "contradicted"
                                                   : "not_shown";
  } else {
    const double claimed = planned.claim->proportion.value_or(0);
    const std::optional<stats::Interval>& ci = result.overall.itt.interval;
    result.verdict = !ci                  ? "no_data"
                     : ci->high < claimed ? "below_claim"
                     : ci->low > claimed  ? "above_claim"
                                          : "consistent";
  }
  return result;
}

ClaimsReport FinishClaims(const std::vector<PlannedClaim>& planned, const Tally& tally, Day as_of) {
  ClaimsReport report;
  report.as_of = as_of;
  report.courses = tally.courses;
  report.not_evaluable = tally.not_evaluable;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    report.claims.push_back(FinishClaim(planned[i], tally.claims[i]));
  }
  return report;
}

std::vector<GroupReport> FinishGroups(const std::vector<PlannedClaim>& planned,
                                      const std::vector<Tally>& tallies,
                                      const std::vector<std::int64_t>& ids, Day as_of) {
  std::vector<GroupReport> groups;
  for (std::size_t slot = 0; slot < tallies.size(); ++slot) {
    const Tally& tally = tallies[slot];
    if (tally.courses + tally.not_evaluable == 0) continue;
    groups.push_back(
        {.id = ids[slot], .claims = FinishClaims(planned, tally, as_of), .bands = tally.bands});
  }
  std::sort(groups.begin(), groups.end(),
            [](const GroupReport& a, const GroupReport& b) { return a.id < b.id; });
  return groups;
}

}  // namespace

std::vector<BandedPhase> BandedPhases(const protocol::Protocol& protocol) {
  std::vector<BandedPhase> banded;
  for (const protocol::Phase& phase : protocol.phases) {
    if (!phase.expected_reduction) continue;
    for (std::size_t c = 0; c < protocol.checkpoints.size(); ++c) {
      if (protocol.checkpoints[c].week == phase.end_week) {
        banded.push_back({.phase = &phase, .checkpoint = c});
        break;
      }
    }
  }
  return banded;
}

OutcomesReport BuildOutcomesReport(const protocol::Protocol& protocol, const Cohort& cohort,
                                   const CohortFilter& filter, Day as_of) {
  const std::vector<PlannedClaim> planned = PlanClaims(protocol);
  const std::vector<BandedPhase> banded = BandedPhases(protocol);
  std::vector<BandCounts> empty_bands;
  empty_bands.reserve(banded.size());
  for (const BandedPhase& b : banded) {
    empty_bands.push_back({.phase_id = b.phase->id,
                           .checkpoint_id = protocol.checkpoints[b.checkpoint].id,
                           .band = *b.phase->expected_reduction});
  }
  Tally all = EmptyTally(planned.size(), empty_bands);
  std::vector<Tally> by_therapist(cohort.therapist_ids.size(),
                                  EmptyTally(planned.size(), empty_bands));
  std::vector<Tally> by_clinic(cohort.clinic_ids.size(), EmptyTally(planned.size(), empty_bands));
  std::vector<stats::SurvivalCount> per_day;  // index = days from the start
  OutcomesReport report;

  const std::int32_t today = DayNumber(as_of);
  const std::int32_t from = filter.from ? DayNumber(*filter.from) : Cohort::kNoDay;
  const std::int32_t to = filter.to ? DayNumber(*filter.to) : today;
  const auto wanted = [&](const std::optional<std::int64_t>& id,
                          const std::vector<std::int64_t>& ids,
                          std::uint32_t slot) { return !id || ids[slot] == *id; };

  for (std::size_t row = 0; row < cohort.size(); ++row) {
    const std::int32_t start = cohort.start[row];
    if (start > today || start < from || start > to) continue;
    if (!wanted(filter.clinic_id, cohort.clinic_ids, cohort.clinic_slot[row]) ||
        !wanted(filter.therapist_id, cohort.therapist_ids, cohort.therapist_slot[row]) ||
        (filter.sciatic && (cohort.sciatic[row] != 0) != *filter.sciatic)) {
      continue;
    }
    const std::array<Tally*, 3> tallies = {&all, &by_therapist[cohort.therapist_slot[row]],
                                           &by_clinic[cohort.clinic_slot[row]]};
    const float baseline_value = cohort.baseline[row];
    if (std::isnan(baseline_value) || baseline_value <= 0) {
      for (Tally* tally : tallies) ++tally->not_evaluable;
      continue;
    }
    const auto baseline = static_cast<double>(baseline_value);
    for (Tally* tally : tallies) ++tally->courses;

    const std::int32_t dropout = cohort.dropout[row];
    const bool dropped_out = dropout != Cohort::kNoDay && dropout <= today;
    if (dropped_out) ++report.dropouts;
    const std::int32_t responded = cohort.first_response[row];
    const bool event = responded != Cohort::kNoDay && responded <= today;
    std::int32_t last_seen = std::min(cohort.last_observation[row], today);
    if (dropped_out) last_seen = std::min(last_seen, dropout);
    const auto time =
        static_cast<std::size_t>(std::max(0, (event ? responded : last_seen) - start));
    if (per_day.size() <= time) per_day.resize(time + 1);
    ++(event ? per_day[time].events : per_day[time].censored);

    const bool adherent = cohort.core_adherent[row] != 0;
    for (std::size_t i = 0; i < planned.size(); ++i) {
      const std::size_t c = planned[i].checkpoint;
      const std::int32_t anchor = cohort.anchor[c][row];
      if (anchor == Cohort::kNoDay || today < anchor + kDueAfterDays) continue;
      const std::optional<double> score = ScoreAt(cohort.score[c][row]);
      const bool responder =
          score && IsResponder(baseline, *score, planned[i].claim->min_reduction_percent);
      for (Tally* tally : tallies) {
        ClaimTally& claim = tally->claims[i];
        Count(claim.overall, score.has_value(), responder);
        if (planned[i].comparison) {
          Count(adherent ? claim.adherent : claim.not_adherent, score.has_value(), responder);
        }
      }
    }
    for (std::size_t b = 0; b < banded.size(); ++b) {
      const std::size_t c = banded[b].checkpoint;
      const std::int32_t anchor = cohort.anchor[c][row];
      if (anchor == Cohort::kNoDay || today < anchor + kDueAfterDays) continue;
      const std::optional<double> score = ScoreAt(cohort.score[c][row]);
      for (Tally* tally : tallies) CountBand(tally->bands[b], score, baseline);
    }
  }

  report.claims = FinishClaims(planned, all, as_of);
  report.bands = all.bands;
  std::vector<stats::SurvivalCount> counts;
  for (std::size_t t = 0; t < per_day.size(); ++t) {
    if (per_day[t].events + per_day[t].censored == 0) continue;
    counts.push_back({.time = static_cast<double>(t),
                      .events = per_day[t].events,
                      .censored = per_day[t].censored});
  }
  report.time_to_response = stats::EstimateKaplanMeier(counts);
  report.by_therapist = FinishGroups(planned, by_therapist, cohort.therapist_ids, as_of);
  report.by_clinic = FinishGroups(planned, by_clinic, cohort.clinic_ids, as_of);
  return report;
}

}  // namespace backcare::outcomes
