#include "app/cohort/cohort_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace backcare::app::cohort {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// The model's parameters (docs/analytics.md, "Synthetic cohort model").
constexpr double kNotEvaluableShare = 0.02;     // baseline 0
constexpr double kSciaticShare = 0.25;          // screening records radiating leg pain
constexpr double kNonResponderShare = 0.22;     // final reduction 0-20 %, at mean adherence
constexpr double kNonResponderAdherence = 0.3;  // fewer non-responders per unit of propensity
constexpr double kMeanFinalReduction = 0.78;    // responders, before adherence and sciatic terms
constexpr double kFinalReductionSpread = 0.12;  // standard deviation
constexpr double kAdherenceEffect = 0.25;       // final reduction per unit of propensity
constexpr double kSciaticPenalty = 0.08;        // lower final reduction
constexpr double kHalfTimeWeeks = 2.5;          // weeks to half the final reduction
constexpr double kSciaticHalfTimeWeeks = 4.5;   // ... for sciatic patients
constexpr double kDropoutShare = 0.23;          // responders who drop out (if before as_of)
constexpr double kNonResponderDropoutShare = 0.4;
constexpr double kAttendance = 0.93;              // planned sessions attended
constexpr double kSessionCheckpointShare = 0.65;  // a tagged NPRS after the Nth session
constexpr double kWeekCheckpointShare = 0.6;      // a tagged NPRS near a week checkpoint
constexpr int kStructuralEndDay = 84;             // adherence drops to a third after week 12

clinic::Date AddDays(clinic::Date date, int count) {
  return clinic::Date{sys_days{date} + days{count}};
}

int DaysBetween(clinic::Date from, clinic::Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

}  // namespace

double CohortRandom::Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

int CohortRandom::Between(int low, int high) {
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(high) - low + 1);
  // Lemire's multiply-shift on the top 32 bits; the bias (< span / 2^32) does not matter here.
  const std::uint64_t draw = (engine_() >> 32) * span >> 32;
  return low + static_cast<int>(draw);
}

double CohortRandom::Normal() {
  double sum = 0;
  for (int i = 0; i < 12; ++i) {
    sum += Unit();
  }
  return sum - 6.0;
}

Result<CohortModel> CohortModel::Create(const protocol::Protocol& protocol, clinic::Date as_of) {
  std::vector<FieldError> errors;
  if (!as_of.ok()) {
    errors.push_back({"", "as_of", "expected a valid date"});
  }
  if (protocol.phases.empty() || protocol.phases.front().cadence.sessions_per_week <= 0) {
    errors.push_back({"", "protocol.phases", "expected a first phase with sessions per week"});
  }
  CohortModel model;
  for (const protocol::HomeExercise& exercise : protocol.home_program) {
    if (exercise.kind == protocol::HomeExerciseKind::kCore) {
      if (model.core_exercises_.empty()) {
        model.core_start_week_ = exercise.start_week;
      }
      model.core_start_week_ = std::min(model.core_start_week_, exercise.start_week);
      model.core_exercises_.push_back(exercise.id);
    }
  }
  if (model.core_exercises_.empty()) {
    errors.push_back({"", "protocol.home_program", "expected an exercise of kind core"});
  }
  const bool has_baseline =
      std::any_of(protocol.checkpoints.begin(), protocol.checkpoints.end(),
                  [](const protocol::Checkpoint& checkpoint) { return checkpoint.at_baseline; });
  if (!has_baseline) {
    errors.push_back({"", "protocol.checkpoints", "expected a baseline checkpoint"});
  }
  if (!errors.empty()) {
    return InvalidInput("the protocol cannot drive a synthetic cohort", std::move(errors));
  }
  model.protocol_ = protocol;
  model.as_of_ = as_of;
  for (const protocol::Phase& phase : protocol.phases) {
    model.program_weeks_ = std::max(model.program_weeks_, phase.end_week);
  }
  return model;
}

CohortCourse CohortModel::Draw(CohortRandom& random, int therapists) const {
  CohortCourse course;
  course.therapist_index = random.Between(0, std::max(therapists, 1) - 1);
  course.start_date = AddDays(as_of_, -random.Between(0, kStartSpreadDays - 1));
  course.date_of_birth =
      clinic::Date{course.start_date.year() - std::chrono::years{random.Between(25, 80)},
                   std::chrono::month{static_cast<unsigned>(random.Between(1, 12))},
                   std::chrono::day{static_cast<unsigned>(random.Between(1, 28))}};
  if (random.Chance(kNotEvaluableShare)) {
    course.baseline = 0;
  } else {
    // Triangular on 3..10, most often 6 or 7.
    course.baseline = std::min(10, 3 + static_cast<int>(4.0 * (random.Unit() + random.Unit())));
  }
  course.sciatic = random.Chance(kSciaticShare);
  const double u = random.Unit();
  course.adherence_propensity = u * u * u * u * u;  // mostly low, a few high

  // The trajectory: reduction(t) = final * w / (w + half_time), w in weeks since the start.
  const double mean_propensity = 1.0 / 6.0;  // E[u^5]
  const bool non_responder = random.Chance(std::clamp(
      kNonResponderShare - kNonResponderAdherence * (course.adherence_propensity - mean_propensity),
      0.05, 0.5));
  double final_reduction =
      non_responder
          ? 0.2 * random.Unit()
          : std::clamp(kMeanFinalReduction + kFinalReductionSpread * random.Normal(), 0.3, 1.0);
  final_reduction += kAdherenceEffect * (course.adherence_propensity - mean_propensity);
  double half_time = kHalfTimeWeeks;
  if (course.sciatic) {
    final_reduction -= kSciaticPenalty;
    half_time = kSciaticHalfTimeWeeks;
  }
  final_reduction = std::clamp(final_reduction, 0.0, 1.0);
  half_time *= 0.8 + 0.4 * random.Unit();
  const int baseline = course.baseline;
  const auto score_on_day = [&](int day) {
    const double weeks = std::max(day, 0) / 7.0;
    const double reduction = final_reduction * weeks / (weeks + half_time);
    const double value = baseline * (1.0 - reduction) + 0.7 * random.Normal();
    return std::clamp(static_cast<int>(std::floor(value + 0.5)), 0, 10);
  };

  // Dropout and completion bound the recorded days: [.., last_day].
  const bool drops_out = random.Chance(non_responder ? kNonResponderDropoutShare : kDropoutShare);
  const double dropout_draw = random.Unit();
  const int dropout_offset =
      7 * (1 + static_cast<int>(20.0 * dropout_draw * dropout_draw)) + random.Between(0, 6);
  const int days_known = DaysBetween(course.start_date, as_of_);  // as_of - start, >= 0
  int last_day = days_known;
  if (drops_out && dropout_offset <= days_known) {
    course.dropout_date = AddDays(course.start_date, dropout_offset);
    last_day = dropout_offset - 1;
  } else if (7 * program_weeks_ <= days_known) {
    course.completed_date = AddDays(course.start_date, 7 * program_weeks_);
    last_day = 7 * program_weeks_;
  }

  // The baseline, at intake up to a week before the start.
  const int intake_day = -random.Between(0, 7);
  course.responses.push_back({AddDays(course.start_date, intake_day),
                              random.Between(9 * 60, 17 * 60 - 1), baseline, "baseline", false});

  // Attended sessions following each phase's cadence.
  for (const protocol::Phase& phase : protocol_.phases) {
    std::vector<int> planned;
    const protocol::Cadence& cadence = phase.cadence;
    if (cadence.sessions_per_week > 0) {
      const int per_week = cadence.sessions_per_week;
      for (int week = phase.start_week; week < phase.end_week; ++week) {
        for (int j = 0; j < per_week; ++j) {
          planned.push_back(7 * week + 7 * j / per_week + random.Between(0, per_week == 1 ? 2 : 1));
        }
      }
    } else {
      int week = phase.start_week;
      for (const protocol::IntervalStep& step : cadence.interval_steps) {
        const int until = step.until_week.value_or(phase.end_week);
        for (; week < until && step.interval_weeks > 0; week += step.interval_weeks) {
          planned.push_back(7 * week + random.Between(0, 2));
        }
      }
    }
    for (const int day : planned) {
      const bool attended = random.Chance(kAttendance);
      const int minute = 60 * random.Between(8, 17);
      if (attended && day <= last_day) {
        course.sessions.push_back({AddDays(course.start_date, day), minute, phase.id});
      }
    }
  }

  // Checkpoint-tagged NPRS, some missed.
  std::vector<std::pair<int, CohortResponse>> later;  // (day, response)
  for (const protocol::Checkpoint& checkpoint : protocol_.checkpoints) {
    if (checkpoint.after_session) {
      const bool taken = random.Chance(kSessionCheckpointShare);
      const auto index = static_cast<std::size_t>(*checkpoint.after_session - 1);
      if (taken && index < course.sessions.size()) {
        const CohortSession& session = course.sessions[index];
        const int day = DaysBetween(course.start_date, session.date);
        later.push_back(
            {day, {session.date, session.start_minute_utc + 60, score_on_day(day), checkpoint.id}});
      }
    } else if (checkpoint.week) {
      const bool taken = random.Chance(kWeekCheckpointShare);
      const int day = 7 * *checkpoint.week + random.Between(-3, 6);
      const int minute = random.Between(8 * 60, 20 * 60 - 1);
      const int score = score_on_day(day);
      if (taken && day <= last_day) {
        later.push_back({day, {AddDays(course.start_date, day), minute, score, checkpoint.id}});
      }
    }
  }
  // Untagged weekly check-ins, each patient answering at their own rate.
  const double check_in_rate = 0.1 + 0.35 * random.Unit();
  for (int week = 1; week <= program_weeks_; ++week) {
    const bool taken = random.Chance(check_in_rate);
    const int day = 7 * week + random.Between(0, 2);
    const int minute = random.Between(8 * 60, 22 * 60 - 1);
    if (taken && day <= last_day) {
      later.push_back({day, {AddDays(course.start_date, day), minute, score_on_day(day), ""}});
    }
  }
  std::stable_sort(later.begin(), later.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.minute_utc < b.second.minute_utc;
  });
  for (auto& [day, response] : later) {
    course.responses.push_back(std::move(response));
  }

  // Core exercises logged as done on some days from the core exercises' start week.
  const int last_program_day = std::min(last_day, 7 * program_weeks_ - 1);
  for (int day = 7 * core_start_week_; day <= last_program_day; ++day) {
    const double chance =
        day < kStructuralEndDay ? course.adherence_propensity : course.adherence_propensity / 3.0;
    if (random.Chance(chance)) {
      course.adherence.push_back(
          {AddDays(course.start_date, day),
           core_exercises_[static_cast<std::size_t>(day) % core_exercises_.size()]});
    }
  }
  return course;
}

}  // namespace backcare::app::cohort
