#include "core/progress/progress_report.h"

#include <chrono>
#include <cmath>

#include "core/instrument/change.h"
#include "core/instrument/decimal.h"
#include "core/instrument/instrument.h"
#include "core/progress/trajectory.h"

namespace backcare::progress {
namespace {

using instrument::Decimal2;

// Weeks from `start` to `at` (at >= start), two decimals.
Decimal2 WeekOf(clinic::Timestamp start, clinic::Timestamp at) {
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(at - start).count();
  return instrument::RoundRatio(elapsed, 7 * 24 * 3600);
}

Decimal2 ToDecimal(double value) {
  return Decimal2::FromHundredths(static_cast<std::int64_t>(std::llround(value * 100.0)));
}

// The change of `id` from its baseline to its latest later score, if both exist.
Result<std::optional<ProgressReport::FunctionChange>> FunctionChangeOf(
    std::span<const clinic::QuestionnaireResponse> responses, instrument::InstrumentId id,
    clinic::Timestamp start_day_end) {
  const clinic::QuestionnaireResponse* baseline = BaselineOf(responses, id, start_day_end);
  if (baseline == nullptr) return std::optional<ProgressReport::FunctionChange>();
  const clinic::QuestionnaireResponse* latest = nullptr;
  bool after_baseline = false;
  for (const clinic::QuestionnaireResponse& response : responses) {
    if (&response == baseline) {
      after_baseline = true;
    } else if (after_baseline && response.instrument_id == id && response.score) {
      latest = &response;
    }
  }
  if (latest == nullptr) return std::optional<ProgressReport::FunctionChange>();
  ASSIGN_OR_RETURN(
      instrument::Change change,
      instrument::ComputeChange(id, ToDecimal(*baseline->score), ToDecimal(*latest->score)));
  ProgressReport::FunctionChange result;
  result.instrument = id;
  result.latest_response_id = latest->id;
  result.baseline = change.baseline.ToDouble();
  result.latest = change.followup.ToDouble();
  result.points_change = change.points_change.ToDouble();
  if (change.percent_change) result.percent_change = change.percent_change->ToDouble();
  result.responder_class = std::string(instrument::ResponderClassName(change.responder_class));
  const std::optional<int> mcid = instrument::GetInstrument(id).mcid_points;
  result.worse = mcid.has_value() && -change.points_change.hundredths() >= 100 * *mcid;
  return std::optional<ProgressReport::FunctionChange>(result);
}

// UTC midnight after the course's start date.
clinic::Timestamp StartDayEnd(const clinic::Course& course) {
  return clinic::Timestamp{std::chrono::sys_days{course.start_date}.time_since_epoch()} +
         std::chrono::days{1};
}

}  // namespace

Result<std::vector<ProgressReport::FunctionChange>> CourseChanges(
    const clinic::Course& course, std::span<const clinic::QuestionnaireResponse> responses) {
  std::vector<ProgressReport::FunctionChange> changes;
  for (const instrument::InstrumentId id :
       {instrument::InstrumentId::kNprs, instrument::InstrumentId::kOdi,
        instrument::InstrumentId::kRmdq, instrument::InstrumentId::kPeg}) {
    ASSIGN_OR_RETURN(std::optional<ProgressReport::FunctionChange> change,
                     FunctionChangeOf(responses, id, StartDayEnd(course)));
    if (change) changes.push_back(std::move(*change));
  }
  return changes;
}

Result<ProgressReport> BuildProgressReport(
    const protocol::Protocol& protocol, PatientId patient_id,
    const std::optional<clinic::Course>& course,
    std::span<const clinic::QuestionnaireResponse> responses) {
  ProgressReport report;
  report.patient_id = patient_id;
  report.status = "no_data";
  for (const clinic::QuestionnaireResponse& response : responses) {
    if (response.instrument_id != instrument::InstrumentId::kNprs) {
      report.other_scores.push_back({response.instrument_id, response.score, response.taken_at});
    }
  }
  if (!course) {
    return report;
  }
  report.course_id = course->id;
  // UTC midnight of the start date (for week arithmetic).
  const clinic::Timestamp start{std::chrono::sys_days{course->start_date}.time_since_epoch()};
  const clinic::Timestamp start_day_end = start + std::chrono::days{1};
  for (const instrument::InstrumentId id :
       {instrument::InstrumentId::kOdi, instrument::InstrumentId::kRmdq}) {
    ASSIGN_OR_RETURN(std::optional<ProgressReport::FunctionChange> change,
                     FunctionChangeOf(responses, id, start_day_end));
    if (change) report.function_changes.push_back(std::move(*change));
  }
  const clinic::QuestionnaireResponse* baseline = nullptr;
  for (const clinic::QuestionnaireResponse& response : responses) {
    if (response.instrument_id == instrument::InstrumentId::kNprs && response.score &&
        response.taken_at < start_day_end) {
      baseline = &response;  // the latest before the end of the start date
    }
  }
  if (baseline == nullptr) {
    for (const clinic::QuestionnaireResponse& response : responses) {
      if (response.instrument_id == instrument::InstrumentId::kNprs && response.score) {
        baseline = &response;
        break;
      }
    }
  }
  if (baseline == nullptr) {
    return report;
  }
  report.baseline_nprs = baseline->score;
  const Decimal2 base = ToDecimal(*baseline->score);
  const std::int64_t mcid_hundredths =
      100 * instrument::GetInstrument(instrument::InstrumentId::kNprs).mcid_points.value_or(0);
  bool after_baseline = false;
  for (const clinic::QuestionnaireResponse& response : responses) {
    if (&response == baseline) {
      after_baseline = true;
      continue;
    }
    if (!after_baseline || response.instrument_id != instrument::InstrumentId::kNprs ||
        !response.score || response.taken_at < start) {
      continue;
    }
    const Decimal2 score = ToDecimal(*response.score);
    ProgressPoint point;
    point.response_id = response.id;
    point.taken_at = response.taken_at;
    const Decimal2 week = WeekOf(start, response.taken_at);
    point.week = week.ToDouble();
    point.nprs = score.ToDouble();
    point.points_change =
        Decimal2::FromHundredths(base.hundredths() - score.hundredths()).ToDouble();
    ProgressStatus status = ProgressStatus::kNotEvaluable;
    if (base.hundredths() != 0) {
      const Decimal2 reduction =
          instrument::RoundRatio(100 * (base.hundredths() - score.hundredths()), base.hundredths());
      ASSIGN_OR_RETURN(ProgressAssessment assessment, AssessProgress(protocol, week, reduction));
      point.reduction_percent = reduction.ToDouble();
      if (assessment.expected) {
        point.expected_min_percent = assessment.expected->min_percent.ToDouble();
        point.expected_max_percent = assessment.expected->max_percent.ToDouble();
      }
      status = assessment.status;
    }
    if (mcid_hundredths > 0 && score.hundredths() - base.hundredths() >= mcid_hundredths) {
      status = ProgressStatus::kWorse;
    }
    point.status = std::string(ProgressStatusName(status));
    report.points.push_back(std::move(point));
  }
  if (!report.points.empty()) {
    report.status = report.points.back().status;
  }
  return report;
}

ProgressReport PhraseProgressFor(instrument::Audience audience, ProgressReport report) {
  if (audience != instrument::Audience::kPatient) return report;
  report.audience = audience;
  report.summary = std::string(instrument::PlainProgressSummary(report.status));
  report.status.clear();
  for (ProgressPoint& point : report.points) {
    point.summary = std::string(instrument::PlainProgressSummary(point.status));
    point.status.clear();
  }
  for (ProgressReport::FunctionChange& change : report.function_changes) {
    change.summary = std::string(instrument::PlainChangeSummary(change.responder_class));
    change.responder_class.clear();
  }
  return report;
}

const clinic::QuestionnaireResponse* BaselineOf(
    std::span<const clinic::QuestionnaireResponse> responses, instrument::InstrumentId id,
    clinic::Timestamp start_day_end) {
  const clinic::QuestionnaireResponse* baseline = nullptr;
  for (const clinic::QuestionnaireResponse& response : responses) {
    if (response.instrument_id == id && response.score && response.taken_at < start_day_end) {
      baseline = &response;
    }
  }
  if (baseline != nullptr) return baseline;
  for (const clinic::QuestionnaireResponse& response : responses) {
    if (response.instrument_id == id && response.score) return &response;
  }
  return nullptr;
}

double WeeksSince(clinic::Timestamp start, clinic::Timestamp at) {
  return at < start ? 0 : WeekOf(start, at).ToDouble();
}

}  // namespace backcare::progress
