#include "core/progress/dose.h"

namespace backcare::progress {

Dose CountDose(std::span<const clinic::Session> sessions, clinic::Timestamp now) {
  Dose dose;
  for (const clinic::Session& session : sessions) {
    if (session.status == clinic::SessionStatus::kAttended) ++dose.attended;
    if (session.status != clinic::SessionStatus::kCancelled && session.start <= now) {
      ++dose.planned_to_date;
    }
  }
  return dose;
}

}  // namespace backcare::progress
