#include "core/session/session_rules.h"

#include <string>
#include <string_view>

#include "core/plan/calendar_types.h"

namespace backcare::session {
namespace {

using clinic::SessionStatus;

std::string At(clinic::Timestamp at) {
  return plan::FormatUtc(std::chrono::floor<std::chrono::minutes>(at));
}

std::string Label(const clinic::Session& session) {
  return "session " + std::to_string(session.id.value());
}

Status CheckNotBegun(const clinic::Session& session, clinic::Timestamp now, std::string_view verb) {
  if (session.start <= now) {
    return FailedPrecondition(Label(session) + " started at " + At(session.start) +
                              ": record it as attended or missed, not " + std::string(verb));
  }
  return OkStatus();
}

}  // namespace

Status CheckOutcomeTime(const clinic::Session& session, Outcome outcome, clinic::Timestamp now) {
  if (now < session.start) {
    return FailedPrecondition(Label(session) + " starts at " + At(session.start) + " (now " +
                              At(now) + "): it can be marked " +
                              (outcome == Outcome::kAttended ? "attended" : "missed") +
                              " only from its start");
  }
  return OkStatus();
}

Status CheckNoteDraftable(const clinic::Session& session, clinic::Timestamp now) {
  if (session.status == SessionStatus::kCancelled || session.status == SessionStatus::kMissed) {
    return FailedPrecondition(Label(session) + " is " +
                              std::string(clinic::SessionStatusName(session.status)) +
                              "; it takes no note");
  }
  if (now < session.start) {
    return FailedPrecondition(Label(session) + " starts at " + At(session.start) + " (now " +
                              At(now) + "): a note can be drafted only from its start");
  }
  return OkStatus();
}

Status CheckMovable(const clinic::Session& session, clinic::Timestamp now) {
  return CheckNotBegun(session, now, "moved");
}

Status CheckCancellable(const clinic::Session& session, bool by_patient,
                        const CancellationPolicy& policy, clinic::Timestamp now) {
  RETURN_IF_ERROR(CheckNotBegun(session, now, "cancelled"));
  if (by_patient && session.start - now < policy.patient_notice) {
    const auto left = std::chrono::floor<std::chrono::hours>(session.start - now);
    return FailedPrecondition(Label(session) + " starts at " + At(session.start) + ", in " +
                              std::to_string(left.count()) + " h: the clinic asks for " +
                              std::to_string(policy.patient_notice.count()) +
                              " h notice to cancel; please call the clinic");
  }
  return OkStatus();
}

}  // namespace backcare::session
