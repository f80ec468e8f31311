#include "app/access_log_service.h"

#include <limits>
#include <map>
#include <utility>

#include "app/service_support.h"

namespace backcare::app {

AccessLogService::AccessLogService(AppContext context) : context_(std::move(context)) {}

Result<AccessLogPage> AccessLogService::ListAccessLog(const RequestContext& context,
                                                      PatientId patient_id,
                                                      const AccessLogQuery& query) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadAccessLogs));
  // Whose record first: another patient's id is "not found", whatever the query says.
  RETURN_IF_ERROR(internal::CheckOwnRecord(context.actor, patient_id));
  std::vector<FieldError> errors;
  if (query.limit < 1 || query.limit > AccessLogQuery::kMaxLimit) {
    errors.push_back({"", "limit", "expected 1 to 200"});
  }
  if (query.before && *query.before < 1) {
    errors.push_back({"", "before", "expected a positive event id"});
  }
  if (!errors.empty()) return InvalidInput("invalid access-log query", std::move(errors));

  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient, transaction->GetPatient(clinic_id, patient_id));
  // One more than the page: whether an older page exists.
  ASSIGN_OR_RETURN(
      std::vector<clinic::AuditEvent> events,
      transaction->ListPatientAccessEvents(
          clinic_id, patient.id, query.before.value_or(std::numeric_limits<std::int64_t>::max()),
          query.limit + 1));
  AccessLogPage page;
  if (static_cast<int>(events.size()) > query.limit) {
    events.resize(static_cast<std::size_t>(query.limit));
    page.next = events.back().seq;
  }
  std::map<std::int64_t, std::string> names;  // by user id: at most `limit` look-ups
  for (const clinic::AuditEvent& event : events) {
    AccessLogEntry entry;
    entry.id = event.seq;
    entry.at = event.at;
    entry.action = event.action;
    const clinic::AccessRecord access = clinic::ClassifyAccess(event.action);
    entry.kind = access.kind;
    entry.record = access.record;
    if (!event.actor) {
      entry.role = "system";
      entry.name = "backcare";
    } else {
      entry.role = event.role;
      auto name = names.find(event.actor->value());
      if (name == names.end()) {
        ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(clinic_id, *event.actor));
        name = names.emplace(event.actor->value(), std::move(user.display_name)).first;
      }
      entry.name = name->second;
    }
    page.entries.push_back(std::move(entry));
  }
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "access_log.read", "patient", patient.id.value()));
  return page;
}

}  // namespace backcare::app
