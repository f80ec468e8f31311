// The lifecycle rules of one session in time: what may be recorded about a session, and by whom,
// given the current instant. Pure: the caller passes `now` (the use cases read their clock).
//
//  - Attended or missed is recorded only from the session's start on: a visit that has not
//    begun has no outcome yet.
//  - A note is drafted only once the session has begun (a therapist may start it during the
//    visit) and never for a cancelled or missed session; it is signed only for an attended one
//    (app/note_service).
//  - A session is cancelled only before it starts (afterwards it was attended or missed). Staff
//    may cancel at any time before the start; a patient only with at least the clinic's notice
//    (CancellationPolicy), so a late cancellation goes through the front desk, who record it.
#ifndef BACKCARE_CORE_SESSION_SESSION_RULES_H_
#define BACKCARE_CORE_SESSION_SESSION_RULES_H_

#include <chrono>

#include "core/base/result.h"
#include "core/clinic/session.h"
#include "core/clinic/time.h"

namespace backcare::session {

// How much notice a patient must give to cancel a session themselves (a clinic setting).
struct CancellationPolicy {
  std::chrono::hours patient_notice{24};
};

enum class Outcome { kAttended, kMissed };

// kFailedPrecondition "session N starts at 2024-03-04T09:00Z (now 2024-03-04T08:00Z): it can be
// marked attended only from its start" when now < session.start. The session's status is the
// caller's to check (only booked sessions take an outcome).
Status CheckOutcomeTime(const clinic::Session& session, Outcome outcome, clinic::Timestamp now);

// kFailedPrecondition when the session is cancelled or missed ("session N is missed; it takes no
// note") or has not begun ("session N starts at ...: a note can be drafted only from its start").
Status CheckNoteDraftable(const clinic::Session& session, clinic::Timestamp now);

// kFailedPrecondition "session N started at ...: record it as attended or missed, not moved"
// once the session has begun (a booked session is moved only before its start).
Status CheckMovable(const clinic::Session& session, clinic::Timestamp now);

// kFailedPrecondition "session N started at ...: record it as attended or missed, not cancelled"
// once the session has begun; for a patient, also "session N starts at ..., in 5 h: the clinic
// asks for 24 h notice to cancel; please call the clinic" when less notice is left.
Status CheckCancellable(const clinic::Session& session, bool by_patient,
                        const CancellationPolicy& policy, clinic::Timestamp now);

}  // namespace backcare::session

#endif  // BACKCARE_CORE_SESSION_SESSION_RULES_H_
