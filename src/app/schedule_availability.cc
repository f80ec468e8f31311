// ScheduleService::Availability: the therapists' working hours and free time for the week grid
// (core/plan/availability.h does the arithmetic; this loads its inputs).
#include <algorithm>
#include <utility>

#include "app/role_policy.h"
#include "app/schedule_service.h"
#include "app/service_support.h"
#include "core/plan/planner.h"

namespace backcare::app {

Result<std::vector<TherapistAvailability>> ScheduleService::Availability(
    const RequestContext& context, plan::DateRange dates, std::optional<TherapistId> therapist_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadSchedule));
  if (dates.last < dates.first) {
    return InvalidInput("availability range is invalid",
                        {{"", "to", "expected a date after 'from'"}});
  }
  if (dates.last - dates.first >= std::chrono::days{kMaxAvailabilityDays}) {
    return InvalidInput(
        "availability range is invalid",
        {{"", "to",
          "expected at most " + std::to_string(kMaxAvailabilityDays) + " days after 'from'"}});
  }
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   internal::ClinicZone(context_, clinic));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::ProtocolFor(*transaction, context_, clinic_id, std::nullopt));
  std::vector<clinic::Therapist> therapists;
  if (therapist_id) {
    ASSIGN_OR_RETURN(clinic::Therapist one, transaction->GetTherapist(clinic_id, *therapist_id));
    therapists.push_back(std::move(one));
  } else {
    ASSIGN_OR_RETURN(therapists, transaction->ListTherapists(clinic_id));
    std::erase_if(therapists, [](const clinic::Therapist& therapist) {
      return therapist.state != clinic::TherapistState::kActive;
    });
  }
  ASSIGN_OR_RETURN(std::vector<clinic::ClinicClosure> closures,
                   transaction->ListClosures(clinic_id));
  // Every session that can touch a local date of the range: UTC offsets stay within a day.
  const clinic::Timestamp from{std::chrono::sys_days{dates.first.time_since_epoch()} -
                               std::chrono::days{1}};
  const clinic::Timestamp to{std::chrono::sys_days{dates.last.time_since_epoch()} +
                             std::chrono::days{2}};
  ASSIGN_OR_RETURN(std::vector<clinic::Session> sessions,
                   transaction->ListSessionsInRange(clinic_id, {from, to}));
  RETURN_IF_ERROR(transaction->Commit());

  const std::vector<plan::WeeklyWindow> opening_hours = plan::DefaultOpeningHours();
  std::vector<TherapistAvailability> result;
  result.reserve(therapists.size());
  for (clinic::Therapist& therapist : therapists) {
    std::vector<plan::BusyInterval> busy;
    for (const clinic::Session& session : sessions) {
      if (session.therapist_id != therapist.id ||
          session.status == clinic::SessionStatus::kCancelled) {
        continue;
      }
      busy.push_back({zone->ToLocal(internal::ToUtcMinutes(session.start)),
                      zone->ToLocal(internal::ToUtcMinutes(session.end))});
    }
    result.push_back({std::move(therapist),
                      plan::DailyAvailability(opening_hours, closures, busy, dates,
                                              std::chrono::minutes(protocol->session_minutes))});
  }
  return result;
}

}  // namespace backcare::app
