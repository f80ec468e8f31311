#include "app/actor.h"

#include <string>

namespace backcare::app {

Actor ActorFor(const clinic::User& user) {
  Actor actor;
  actor.user_id = user.id;
  actor.role = user.role;
  actor.clinic_id = user.clinic_id;
  actor.therapist_id = user.therapist_id;
  actor.patient_id = user.patient_id;
  return actor;
}

Actor SystemActor(ClinicId clinic_id) {
  Actor actor;
  actor.user_id = UserId{};
  actor.role = clinic::Role::kAdmin;
  actor.clinic_id = clinic_id;
  return actor;
}

bool IsSystem(const Actor& actor) { return !actor.user_id.is_assigned(); }

std::string AuditRoleName(const Actor& actor) {
  if (IsSystem(actor)) {
    return "system";
  }
  return std::string(clinic::RoleName(actor.role));
}

Status RequireRole(const Actor& actor, const Permission& permission) {
  if (permission.roles.Has(actor.role)) {
    return OkStatus();
  }
  return PermissionDenied("role '" + std::string(clinic::RoleName(actor.role)) + "' may not " +
                          std::string(permission.operation));
}

}  // namespace backcare::app
