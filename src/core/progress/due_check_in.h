// Which check-in the patient portal asks for today. A protocol checkpoint (protocol.h
// `[[checkpoints]]`) falls due on its anchor date: after_session N on the day of the course's Nth
// attended session, week N on course start + 7*N days. A due checkpoint stays due for
// kCheckInWindowDays after its anchor until every one of its instruments has a response tagged
// with it in this course. Baseline checkpoints are never due here: only staff may tag a baseline
// (checkpoint_tag.h). Between checkpoints the portal offers a weekly NPRS.
#ifndef BACKCARE_CORE_PROGRESS_DUE_CHECK_IN_H_
#define BACKCARE_CORE_PROGRESS_DUE_CHECK_IN_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clinic/time.h"
#include "core/protocol/protocol.h"

namespace backcare::progress {

// How many days after its anchor date a checkpoint is still offered (the anchor day is day 0).
inline constexpr int kCheckInWindowDays = 14;
// The weekly NPRS is due when none was taken on any of the last kWeeklyCheckInDays days.
inline constexpr int kWeeklyCheckInDays = 7;

struct DueCheckIn {
  std::string checkpoint_id;
  std::vector<std::string> instruments;  // the checkpoint's, in protocol order
  clinic::Date since;                    // its anchor date
  friend bool operator==(const DueCheckIn&, const DueCheckIn&) = default;
};

// A response of the course as the rule needs it: the checkpoint it was tagged with ("" for none)
// and its instrument id ("nprs", ...).
struct TaggedResponse {
  std::string checkpoint_id;
  std::string instrument;
};

// The ids of `checkpoints` every one of whose instruments has a response in `responses` tagged
// with that checkpoint. A checkpoint without instruments is never answered.
std::set<std::string> AnsweredCheckpoints(const std::vector<protocol::Checkpoint>& checkpoints,
                                          const std::vector<TaggedResponse>& responses);

// The anchor date of `checkpoint` in a course that started on `course_start` whose attended
// sessions fell on `attended_dates` (clinic-local days, in session order), or nullopt: for a
// baseline checkpoint, and for after_session N while fewer than N sessions were attended.
std::optional<clinic::Date> CheckpointAnchor(const protocol::Checkpoint& checkpoint,
                                             clinic::Date course_start,
                                             const std::vector<clinic::Date>& attended_dates);

// The checkpoint due `today` (a clinic-local day): among the checkpoints not in `answered` whose
// anchor date lies in [today - kCheckInWindowDays, today], the one with the latest anchor (ties:
// the first in protocol order); nullopt when there is none. Dates must be ok().
std::optional<DueCheckIn> FindDueCheckIn(const std::vector<protocol::Checkpoint>& checkpoints,
                                         clinic::Date course_start,
                                         const std::vector<clinic::Date>& attended_dates,
                                         clinic::Date today, const std::set<std::string>& answered);

// True when the weekly NPRS is due `today`: no NPRS was taken (`last_nprs_day`, the clinic-local
// day of the newest one, nullopt when none) on any of the kWeeklyCheckInDays days ending today.
// A response dated after today (clock skew) counts as recent.
bool WeeklyCheckInDue(std::optional<clinic::Date> last_nprs_day, clinic::Date today);

}  // namespace backcare::progress

#endif  // BACKCARE_CORE_PROGRESS_DUE_CHECK_IN_H_
