// The outcomes report's snapshot (issue #15; docs/analytics.md): one entry per course in each of a
// few flat columns, holding what the report reads of the course once its raw rows (CourseRow) are
// resolved against the protocol: baseline, each checkpoint's anchor and score, core-exercise
// adherence, the first >= 30 % reduction, therapist, clinic, sciatic signs. A report is then one
// pass over the columns; a write to one course replaces that course's entries. Pure.
#ifndef BACKCARE_CORE_OUTCOMES_COHORT_H_
#define BACKCARE_CORE_OUTCOMES_COHORT_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/outcomes/claims.h"

namespace backcare::outcomes {

// The reduction the time-to-response curve waits for (IMMPACT's moderately important change).
inline constexpr double kResponsePercent = 30;

// One course, resolved: what the columns keep of it.
struct CourseFacts {
  std::int64_t course_id = 0;
  std::int64_t clinic_id = 0;
  std::int64_t therapist_id = 0;  // 0: no primary therapist
  Day start;
  std::optional<double> baseline;
  bool sciatic = false;
  bool core_adherent = false;
  std::optional<Day> dropout;  // discontinued on this date
  // Per checkpoint of the protocol, in its order: the anchor date and the score that counts.
  std::vector<std::optional<Day>> anchors;
  std::vector<std::optional<double>> scores;
  // The first scored NPRS on or after the start with a >= 30 % reduction from the baseline, and
  // the latest scored NPRS date on or after the start (the start itself when there is none).
  std::optional<Day> first_response;
  Day last_observation;
};

// Resolves `course` against `protocol` (AnchorDate, CheckpointScore, AdheresToCoreExercises).
CourseFacts ResolveCourse(const protocol::Protocol& protocol, const CourseRow& course);

// The columns. Day numbers count days since 1970-01-01; kNoDay marks an absent date and NaN an
// absent score. Therapists and clinics are kept as small slot numbers into `therapist_ids` and
// `clinic_ids`, so a report can count per group into plain arrays.
class Cohort {
 public:
  static constexpr std::int32_t kNoDay = std::numeric_limits<std::int32_t>::min();

  explicit Cohort(std::size_t checkpoints = 0);

  std::size_t size() const { return course_id.size(); }
  std::size_t checkpoints() const { return anchor.size(); }

  // Appends a course; returns its row.
  std::size_t Add(const CourseFacts& facts);
  // Replaces row `row` (a course whose rows changed).
  void Set(std::size_t row, const CourseFacts& facts);
  // Removes row `row` by moving the last row into its place (a course no longer reported).
  void Remove(std::size_t row);
  void Reserve(std::size_t rows);

  std::vector<std::int64_t> course_id;
  std::vector<std::int32_t> start;
  std::vector<float> baseline;
  std::vector<std::uint32_t> therapist_slot;
  std::vector<std::uint32_t> clinic_slot;
  std::vector<std::uint8_t> sciatic;
  std::vector<std::uint8_t> core_adherent;
  std::vector<std::int32_t> dropout;
  std::vector<std::int32_t> first_response;
  std::vector<std::int32_t> last_observation;
  std::vector<std::vector<std::int32_t>> anchor;  // [checkpoint][row]
  std::vector<std::vector<float>> score;          // [checkpoint][row]

  std::vector<std::int64_t> therapist_ids;  // by slot
  std::vector<std::int64_t> clinic_ids;     // by slot

 private:
  void Write(std::size_t row, const CourseFacts& facts);
  static std::uint32_t SlotOf(std::vector<std::int64_t>& ids,
                              std::unordered_map<std::int64_t, std::uint32_t>& slots,
                              std::int64_t id);
  std::unordered_map<std::int64_t, std::uint32_t> therapist_slots_;
  std::unordered_map<std::int64_t, std::uint32_t> clinic_slots_;
};

std::int32_t DayNumber(Day day);
Day DayOf(std::int32_t number);

}  // namespace backcare::outcomes

#endif  // BACKCARE_CORE_OUTCOMES_COHORT_H_
