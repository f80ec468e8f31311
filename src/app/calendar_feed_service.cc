#include "app/calendar_feed_service.h"

#include <map>
#include <memory>
#include <utility>

#include "app/audit_trail.h"
#include "app/crypto/crypto.h"
#include "app/role_policy.h"
#include "app/service_support.h"

namespace backcare::app {
namespace {

constexpr std::size_t kFeedRandomBytes = 32;

Error FeedNotFound() { return NotFound("feed not found"); }

plan::PlannedSessionStatus PlannedStatus(clinic::SessionStatus status) {
  switch (status) {
    case clinic::SessionStatus::kCancelled:
      return plan::PlannedSessionStatus::kCancelled;
    case clinic::SessionStatus::kMissed:
      return plan::PlannedSessionStatus::kMissed;
    case clinic::SessionStatus::kBooked:
    case clinic::SessionStatus::kAttended:
      return plan::PlannedSessionStatus::kPlanned;
  }
  return plan::PlannedSessionStatus::kPlanned;
}

// The sessions grouped into one plan per course, each session as the iCalendar writer reads it.
std::vector<plan::CoursePlan> PlansOf(const std::vector<clinic::Session>& sessions,
                                      const ports::TimeZone& zone) {
  std::map<std::int64_t, plan::CoursePlan> by_course;
  for (const clinic::Session& session : sessions) {
    plan::CoursePlan& course = by_course[session.course_id.value()];
    course.course_id = session.course_id;
    course.patient_id = session.patient_id;
    course.time_zone = zone.Name();
    plan::PlannedSession planned;
    planned.number = static_cast<int>(session.id.value());
    planned.phase_id = session.phase_id;
    planned.utc_start = std::chrono::floor<std::chrono::minutes>(session.start);
    planned.utc_end = std::chrono::floor<std::chrono::minutes>(session.end);
    planned.local_start = zone.ToLocal(planned.utc_start);
    planned.local_end = zone.ToLocal(planned.utc_end);
    planned.therapist = session.therapist_id;
    planned.status = PlannedStatus(session.status);
    planned.sequence = session.sequence;
    course.sessions.push_back(std::move(planned));
  }
  std::vector<plan::CoursePlan> plans;
  plans.reserve(by_course.size());
  for (auto& [id, course] : by_course) plans.push_back(std::move(course));
  return plans;
}

}  // namespace

CalendarFeedService::CalendarFeedService(AppContext context) : context_(std::move(context)) {}

Result<IssuedFeed> CalendarFeedService::CreateFeed(const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kSubscribeCalendar));
  IssuedFeed issued;
  issued.token = crypto::RandomUrlSafeToken(kFeedRandomBytes);
  issued.path = "/cal/" + issued.token + ".ics";
  const clinic::CalendarFeed feed{crypto::Sha256Hex(issued.token), context.actor.clinic_id,
                                  context.actor.user_id, internal::Now(context_)};
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->ReplaceCalendarFeed(feed));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, feed.created_at, "calendar_feed.create",
                              "user", context.actor.user_id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return issued;
}

Status CalendarFeedService::RevokeFeed(const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kSubscribeCalendar));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->DeleteCalendarFeed(context.actor.clinic_id, context.actor.user_id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_),
                              "calendar_feed.revoke", "user", context.actor.user_id.value()));
  return transaction->Commit();
}

Result<FeedContent> CalendarFeedService::ReadFeed(std::string_view token,
                                                  std::string_view remote_address) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  auto feed = transaction->FindCalendarFeed(crypto::Sha256Hex(token));
  if (!feed) {
    if (feed.error().code == ErrorCode::kNotFound) return FeedNotFound();
    return std::move(feed).error();
  }
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(feed->clinic_id, feed->user_id));
  if (user.state != clinic::AccountState::kActive) return FeedNotFound();
  const Actor actor = ActorFor(user);
  if (!kSubscribeCalendar.roles.Has(actor.role)) return FeedNotFound();
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(feed->clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   context_.time_zones(clinic.time_zone));
  const clinic::Timestamp now = internal::Now(context_);
  const clinic::Timestamp since = now - kFeedHistory;
  std::vector<clinic::Session> sessions;
  FeedContent content;
  content.calendar_name = clinic.name + " sessions";
  content.generated_at = now;
  if (actor.therapist_id) {
    content.therapist_id = actor.therapist_id;
    ASSIGN_OR_RETURN(sessions,
                     transaction->ListSessionsForTherapist(clinic.id, *actor.therapist_id,
                                                           {since, now + std::chrono::days(3660)}));
  } else if (actor.patient_id) {
    ASSIGN_OR_RETURN(sessions, transaction->ListSessionsForPatient(clinic.id, *actor.patient_id));
    std::erase_if(sessions, [&](const clinic::Session& s) { return s.start < since; });
  }
  transaction.reset();
  content.plans = PlansOf(sessions, *zone);
  RETURN_IF_ERROR(internal::AuditRead(context_, RequestContext{actor, std::string(remote_address)},
                                      "calendar_feed.read", "user", actor.user_id.value()));
  return content;
}

}  // namespace backcare::app
