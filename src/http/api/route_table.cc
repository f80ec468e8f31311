// The route table. Adding a row here is all it takes to serve a route; the OpenAPI agreement
// test and the role-matrix test then fail until docs/openapi.yaml and the matrix's expectations
// (tests/http/) describe it.
#include "http/api/route_table.h"

#include <nlohmann/json.hpp>

#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

using clinic::Role;
using enum HttpMethod;

constexpr RoleSet kAll = {Role::kAdmin, Role::kTherapist, Role::kFrontDesk, Role::kPatient};
constexpr RoleSet kStaff = {Role::kAdmin, Role::kTherapist, Role::kFrontDesk};
constexpr RoleSet kAdmin = {Role::kAdmin};
constexpr RoleSet kTherapist = {Role::kTherapist};
constexpr RoleSet kPatient = {Role::kPatient};
constexpr RoleSet kAdminTherapist = {Role::kAdmin, Role::kTherapist};
constexpr RoleSet kClinical = {Role::kAdmin, Role::kTherapist, Role::kPatient};
constexpr RoleSet kBooking = {Role::kTherapist, Role::kFrontDesk};
constexpr RoleSet kBookingPatient = {Role::kTherapist, Role::kFrontDesk, Role::kPatient};
constexpr RoleSet kTherapistPatient = {Role::kTherapist, Role::kPatient};

constexpr Access kPublic = Access::kPublic;
constexpr Access kSignedIn = Access::kSignedIn;
constexpr Csrf kCsrf = Csrf::kRequired;
constexpr Audit kNone = Audit::kNone;
constexpr Audit kAudited = Audit::kAudited;

const Route kRoutes[] = {
    // method, pattern, handler, roles, access, csrf, audit, summary
    {kGet, "/healthz", Healthz, {}, kPublic, kCsrf, kNone, "Liveness check"},
    {kPost,
     "/api/v1/login",
     Login,
     {},
     kPublic,
     Csrf::kExempt,
     kAudited,
     "Log in with email and password: sets the session cookie, returns the CSRF token"},
    {kPost, "/api/v1/logout", Logout, kAll, kSignedIn, kCsrf, kNone, "End the session"},
    {kGet, "/api/v1/me", Me, kAll, kSignedIn, kCsrf, kNone, "Who is signed in"},

    {kGet, "/api/v1/clinic", GetClinic, kStaff, kSignedIn, kCsrf, kNone, "The clinic's settings"},
    {kPut, "/api/v1/clinic", UpdateClinic, kAdmin, kSignedIn, kCsrf, kAudited,
     "Change the clinic's name and time zone"},
    {kGet, "/api/v1/therapists", ListTherapists, kStaff, kSignedIn, kCsrf, kNone,
     "The clinic's therapists"},
    {kPost, "/api/v1/therapists", CreateTherapist, kAdmin, kSignedIn, kCsrf, kAudited,
     "Add a therapist"},
    {kGet, "/api/v1/users", ListUsers, kAdmin, kSignedIn, kCsrf, kNone, "The clinic's logins"},
    {kPost, "/api/v1/users", CreateUser, kAdmin, kSignedIn, kCsrf, kAudited, "Create a login"},
    {kPut, "/api/v1/users/{id}/state", SetUserState, kAdmin, kSignedIn, kCsrf, kAudited,
     "Enable or disable a login"},
    {kPost, "/api/v1/api-tokens", CreateApiToken, kAdminTherapist, kSignedIn, kCsrf, kAudited,
     "Issue an API token acting as the caller's role"},
    {kDelete, "/api/v1/api-tokens/{id}", RevokeApiToken, kAdmin, kSignedIn, kCsrf, kAudited,
     "Revoke an API token"},

    {kGet, "/api/v1/patients", ListPatients, kStaff, kSignedIn, kCsrf, kAudited,
     "The clinic's patients"},
    {kPost, "/api/v1/patients", RegisterPatient, kStaff, kSignedIn, kCsrf, kAudited,
     "Register a patient"},
    {kGet, "/api/v1/patients/{id}", GetPatient, kAll, kSignedIn, kCsrf, kAudited,
     "A patient's chart: contact details and clinical summary"},
    {kPut, "/api/v1/patients/{id}/contact", UpdateContact, kBookingPatient, kSignedIn, kCsrf,
     kAudited, "Update a patient's contact details"},
    {kPost, "/api/v1/patients/{id}/intake", Intake, kTherapist, kSignedIn, kCsrf, kAudited,
     "Intake: safety screening and baseline questionnaires"},
    {kGet, "/api/v1/patients/{id}/responses", ListResponses, kClinical, kSignedIn, kCsrf, kAudited,
     "A patient's questionnaire responses"},
    {kPost, "/api/v1/patients/{id}/responses", SubmitResponse, kTherapistPatient, kSignedIn, kCsrf,
     kAudited, "Submit a questionnaire"},
    {kGet, "/api/v1/patients/{id}/progress", GetProgress, kClinical, kSignedIn, kCsrf, kAudited,
     "Pain scores over time against the expected band"},
    {kGet, "/api/v1/patients/{id}/home-program", GetHomeProgram, kClinical, kSignedIn, kCsrf,
     kAudited, "The home program with recent adherence"},
    {kPost, "/api/v1/patients/{id}/home-program", AssignHomeProgram, kTherapist, kSignedIn, kCsrf,
     kAudited, "Assign home-program exercises"},
    {kPost, "/api/v1/patients/{id}/adherence", LogAdherence, kPatient, kSignedIn, kCsrf, kAudited,
     "Log a day's home-program adherence (the patient)"},
    {kGet, "/api/v1/patients/{id}/courses", ListCourses, kAll, kSignedIn, kCsrf, kAudited,
     "A patient's courses"},
    {kPost, "/api/v1/patients/{id}/courses", StartCourse, kBooking, kSignedIn, kCsrf, kAudited,
     "Start a course: the planner books every session"},
    {kGet, "/api/v1/patients/{id}/plan", PatientPlan, kAll, kSignedIn, kCsrf, kAudited,
     "A patient's sessions"},
    {kGet, "/api/v1/patients/{id}/notes", ListNotes, kAdminTherapist, kSignedIn, kCsrf, kAudited,
     "A patient's session notes"},

    {kGet, "/api/v1/schedule", Schedule, kStaff, kSignedIn, kCsrf, kAudited,
     "Sessions starting in [from, to), across therapists"},
    {kPost, "/api/v1/sessions", BookSession, kBooking, kSignedIn, kCsrf, kAudited,
     "Book an extra session on an active course"},
    {kPost, "/api/v1/sessions/{id}/cancel", CancelSession, kBookingPatient, kSignedIn, kCsrf,
     kAudited, "Cancel a booked session"},
    {kPost, "/api/v1/sessions/{id}/reschedule", RescheduleSession, kBooking, kSignedIn, kCsrf,
     kAudited, "Move a booked session"},
    {kPost, "/api/v1/sessions/{id}/attend", AttendSession, kBooking, kSignedIn, kCsrf, kAudited,
     "Mark a session attended"},
    {kPost, "/api/v1/sessions/{id}/miss", MissSession, kBooking, kSignedIn, kCsrf, kAudited,
     "Mark a session missed"},
    {kGet, "/api/v1/sessions/{id}/note", GetSessionNote, kAdminTherapist, kSignedIn, kCsrf,
     kAudited, "The note of a session"},
    {kPost, "/api/v1/sessions/{id}/note", DraftNote, kTherapist, kSignedIn, kCsrf, kAudited,
     "Draft the note of a session"},
    {kGet, "/api/v1/notes/{id}", GetNote, kAdminTherapist, kSignedIn, kCsrf, kAudited,
     "A session note"},
    {kPut, "/api/v1/notes/{id}", UpdateNote, kTherapist, kSignedIn, kCsrf, kAudited,
     "Replace a draft note's content"},
    {kPost, "/api/v1/notes/{id}/sign", SignNote, kTherapist, kSignedIn, kCsrf, kAudited,
     "Sign a draft note (it never changes again)"},
    {kPost, "/api/v1/notes/{id}/addenda", AddAddendum, kTherapist, kSignedIn, kCsrf, kAudited,
     "Add an addendum to a signed note"},

    {kGet, "/api/v1/alerts", ListAlerts, kAdminTherapist, kSignedIn, kCsrf, kAudited,
     "The clinic's alerts (open, or all with ?status=all)"},
    {kPost, "/api/v1/alerts/{id}/acknowledge", AcknowledgeAlert, kTherapist, kSignedIn, kCsrf,
     kAudited, "Acknowledge an alert"},
};

}  // namespace

std::span<const Route> RouteTable() { return kRoutes; }

std::string RouteTableJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const Route& route : RouteTable()) {
    nlohmann::json roles = nlohmann::json::array();
    for (clinic::Role role : kEveryRole) {
      if (route.access == Access::kSignedIn && route.roles.Has(role)) {
        roles.push_back(std::string(clinic::RoleName(role)));
      }
    }
    out.push_back({{"method", std::string(HttpMethodName(route.method))},
                   {"pattern", std::string(route.pattern)},
                   {"roles", std::move(roles)},
                   {"access", route.access == Access::kPublic ? "public" : "signed_in"},
                   {"csrf", route.csrf == Csrf::kRequired ? "required" : "exempt"},
                   {"audit", route.audit == Audit::kAudited ? "audited" : "none"},
                   {"summary", std::string(route.summary)}});
  }
  return out.dump(2);
}

}  // namespace backcare::http::api
