#include "core/progress/due_check_in.h"

#include <algorithm>
#include <chrono>

namespace backcare::progress {
namespace {

std::chrono::sys_days Days(clinic::Date date) { return std::chrono::sys_days{date}; }

}  // namespace

std::set<std::string> AnsweredCheckpoints(const std::vector<protocol::Checkpoint>& checkpoints,
                                          const std::vector<TaggedResponse>& responses) {
  std::set<std::string> answered;
  for (const protocol::Checkpoint& checkpoint : checkpoints) {
    if (checkpoint.instruments.empty()) continue;
    const bool all = std::all_of(
        checkpoint.instruments.begin(), checkpoint.instruments.end(),
        [&](const std::string& instrument) {
          return std::any_of(responses.begin(), responses.end(), [&](const TaggedResponse& r) {
            return r.checkpoint_id == checkpoint.id && r.instrument == instrument;
          });
        });
    if (all) answered.insert(checkpoint.id);
  }
  return answered;
}

std::optional<clinic::Date> CheckpointAnchor(const protocol::Checkpoint& checkpoint,
                                             clinic::Date course_start,
                                             const std::vector<clinic::Date>& attended_dates) {
  if (checkpoint.at_baseline) return std::nullopt;
  if (checkpoint.after_session) {
    const int n = *checkpoint.after_session;
    if (n < 1 || static_cast<std::size_t>(n) > attended_dates.size()) return std::nullopt;
    return attended_dates[static_cast<std::size_t>(n - 1)];
  }
  if (checkpoint.week) {
    return clinic::Date{Days(course_start) + std::chrono::days{7 * *checkpoint.week}};
  }
  return std::nullopt;
}

std::optional<DueCheckIn> FindDueCheckIn(const std::vector<protocol::Checkpoint>& checkpoints,
                                         clinic::Date course_start,
                                         const std::vector<clinic::Date>& attended_dates,
                                         clinic::Date today,
                                         const std::set<std::string>& answered) {
  const std::chrono::sys_days earliest = Days(today) - std::chrono::days{kCheckInWindowDays};
  std::optional<DueCheckIn> due;
  for (const protocol::Checkpoint& checkpoint : checkpoints) {
    if (answered.contains(checkpoint.id)) continue;
    const std::optional<clinic::Date> anchor =
        CheckpointAnchor(checkpoint, course_start, attended_dates);
    if (!anchor || Days(*anchor) > Days(today) || Days(*anchor) < earliest) continue;
    if (!due || Days(*anchor) > Days(due->since)) {
      due = DueCheckIn{checkpoint.id, checkpoint.instruments, *anchor};
    }
  }
  return due;
}

bool WeeklyCheckInDue(std::optional<clinic::Date> last_nprs_day, clinic::Date today) {
  if (!last_nprs_day) return true;
  return Days(*last_nprs_day) <= Days(today) - std::chrono::days{kWeeklyCheckInDays};
}

}  // namespace backcare::progress
