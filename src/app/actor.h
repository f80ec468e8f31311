// Who is calling a use case: the Actor (an authenticated user of one clinic, with its role and the
// therapist or patient record its login is linked to) and the RequestContext a caller (HTTP, CLI,
// demo) passes to every use case. Use cases authorize on the Actor and write its user id, role
// and the remote address into the audit trail.
#ifndef BACKCARE_APP_ACTOR_H_
#define BACKCARE_APP_ACTOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "app/role_policy.h"
#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/user.h"

namespace backcare::app {

struct Actor {
  // The login; unassigned (0) for the system itself (CLI bootstrap, demo generator), which the
  // audit trail records with no user and role "system".
  UserId user_id;
  clinic::Role role = clinic::Role::kFrontDesk;
  ClinicId clinic_id;
  std::optional<TherapistId> therapist_id;  // set for therapists with a linked record
  std::optional<PatientId> patient_id;      // set for patients (always, for role kPatient)
  friend bool operator==(const Actor&, const Actor&) = default;
};

struct RequestContext {
  Actor actor;
  std::string remote_address;  // e.g. "127.0.0.1"; "cli" or "" for local tools
};

// The actor of a login: its id, role, clinic and linked therapist or patient.
Actor ActorFor(const clinic::User& user);

// The installation itself acting on `clinic_id` with admin rights (bootstrap, demo generator).
Actor SystemActor(ClinicId clinic_id);

// True for SystemActor-made actors.
bool IsSystem(const Actor& actor);

// The role name written to the audit trail: RoleName(actor.role), or "system".
std::string AuditRoleName(const Actor& actor);

// OkStatus when actor.role is one of permission.roles (role_policy.h); otherwise
// kPermissionDenied "role 'front_desk' may not <operation>" (operation like "read session notes").
Status RequireRole(const Actor& actor, const Permission& permission);

}  // namespace backcare::app

#endif  // BACKCARE_APP_ACTOR_H_
