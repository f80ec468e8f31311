#include "core/outcomes/cohort.h"

#include <cmath>

namespace backcare::outcomes {
namespace {

constexpr float kNoScore = std::numeric_limits<float>::quiet_NaN();

std::int32_t DayOrNone(const std::optional<Day>& day) {
  return day ? DayNumber(*day) : Cohort::kNoDay;
}

float ScoreOrNone(const std::optional<double>& score) {
  return score ? static_cast<float>(*score) : kNoScore;
}

}  // namespace

std::int32_t DayNumber(Day day) {
  return static_cast<std::int32_t>(day.time_since_epoch().count());
}

Day DayOf(std::int32_t number) { return Day{std::chrono::days{number}}; }

CourseFacts ResolveCourse(const protocol::Protocol& protocol, const CourseRow& course) {
  CourseFacts facts;
  facts.course_id = course.course_id;
  facts.clinic_id = course.clinic_id;
  facts.therapist_id = course.therapist_id;
  facts.start = course.start;
  facts.baseline = course.baseline;
  facts.sciatic = course.sciatic;
  facts.core_adherent = AdheresToCoreExercises(course);
  facts.dropout = course.dropout;
  for (const protocol::Checkpoint& checkpoint : protocol.checkpoints) {
    const std::optional<Day> anchor = AnchorDate(protocol, checkpoint, course);
    facts.anchors.push_back(anchor);
    facts.scores.push_back(anchor ? CheckpointScore(course, checkpoint.id, *anchor) : std::nullopt);
  }
  facts.last_observation = course.start;
  for (const Score& score : course.nprs) {
    if (score.date < course.start) continue;
    if (score.date > facts.last_observation) facts.last_observation = score.date;
    const bool responded = course.baseline && *course.baseline > 0 &&
                           IsResponder(*course.baseline, score.value, kResponsePercent);
    if (responded && (!facts.first_response || score.date < *facts.first_response)) {
      facts.first_response = score.date;
    }
  }
  return facts;
}

Cohort::Cohort(std::size_t checkpoints) : anchor(checkpoints), score(checkpoints) {}

void Cohort::Reserve(std::size_t rows) {
  course_id.reserve(rows);
  start.reserve(rows);
  baseline.reserve(rows);
  therapist_slot.reserve(rows);
  clinic_slot.reserve(rows);
  sciatic.reserve(rows);
  core_adherent.reserve(rows);
  dropout.reserve(rows);
  first_response.reserve(rows);
  last_observation.reserve(rows);
  for (auto& column : anchor) column.reserve(rows);
  for (auto& column : score) column.reserve(rows);
}

std::size_t Cohort::Add(const CourseFacts& facts) {
  const std::size_t row = size();
  course_id.push_back(0);
  start.push_back(0);
  baseline.push_back(kNoScore);
  therapist_slot.push_back(0);
  clinic_slot.push_back(0);
  sciatic.push_back(0);
  core_adherent.push_back(0);
  dropout.push_back(kNoDay);
  first_response.push_back(kNoDay);
  last_observation.push_back(kNoDay);
  for (auto& column : anchor) column.push_back(kNoDay);
  for (auto& column : score) column.push_back(kNoScore);
  Write(row, facts);
  return row;
}

void Cohort::Set(std::size_t row, const CourseFacts& facts) { Write(row, facts); }

void Cohort::Remove(std::size_t row) {
  const std::size_t last = size() - 1;
  const auto move_last = [&](auto& column) {
    column[row] = column[last];
    column.pop_back();
  };
  move_last(course_id);
  move_last(start);
  move_last(baseline);
  move_last(therapist_slot);
  move_last(clinic_slot);
  move_last(sciatic);
  move_last(core_adherent);
  move_last(dropout);
  move_last(first_response);
  move_last(last_observation);
  for (auto& column : anchor) move_last(column);
  for (auto& column : score) move_last(column);
}

void Cohort::Write(std::size_t row, const CourseFacts& facts) {
  course_id[row] = facts.course_id;
  start[row] = DayNumber(facts.start);
  baseline[row] = ScoreOrNone(facts.baseline);
  therapist_slot[row] = SlotOf(therapist_ids, therapist_slots_, facts.therapist_id);
  clinic_slot[row] = SlotOf(clinic_ids, clinic_slots_, facts.clinic_id);
  sciatic[row] = facts.sciatic ? 1 : 0;
  core_adherent[row] = facts.core_adherent ? 1 : 0;
  dropout[row] = DayOrNone(facts.dropout);
  first_response[row] = DayOrNone(facts.first_response);
  last_observation[row] = DayNumber(facts.last_observation);
  for (std::size_t c = 0; c < anchor.size(); ++c) {
    anchor[c][row] = c < facts.anchors.size() ? DayOrNone(facts.anchors[c]) : kNoDay;
    score[c][row] = c < facts.scores.size() ? ScoreOrNone(facts.scores[c]) : kNoScore;
  }
}

std::uint32_t Cohort::SlotOf(std::vector<std::int64_t>& ids,
                             std::unordered_map<std::int64_t, std::uint32_t>& slots,
                             std::int64_t id) {
  const auto [it, added] = slots.try_emplace(id, static_cast<std::uint32_t>(ids.size()));
  if (added) ids.push_back(id);
  return it->second;
}

}  // namespace backcare::outcomes
