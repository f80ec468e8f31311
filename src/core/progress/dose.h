// The dose a patient has received so far: sessions attended against sessions planned up to now.
// Shown beside the progress status (progress_report.h) so a patient who attended 1 of 8 sessions
// is not read as a failure of the full-dose protocol. Pure: `now` is passed in.
#ifndef BACKCARE_CORE_PROGRESS_DOSE_H_
#define BACKCARE_CORE_PROGRESS_DOSE_H_

#include <span>

#include "core/clinic/session.h"
#include "core/clinic/time.h"

namespace backcare::progress {

struct Dose {
  int attended = 0;         // sessions with status attended
  int planned_to_date = 0;  // sessions starting at or before now, not cancelled
  friend bool operator==(const Dose&, const Dose&) = default;
};

// The dose of one course's `sessions` at `now`. A cancelled session does not count as planned
// (it was replaced or dropped); a booked session still booked after its start counts as planned
// and not attended, as does a missed one.
Dose CountDose(std::span<const clinic::Session> sessions, clinic::Timestamp now);

}  // namespace backcare::progress

#endif  // BACKCARE_CORE_PROGRESS_DOSE_H_
