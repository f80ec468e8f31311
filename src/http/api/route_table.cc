// The route table. Adding a row here is all it takes to serve a route; the OpenAPI agreement
// test and the role-matrix test then fail until docs/openapi.yaml and the matrix's expectations
// (tests/http/) describe it. A signed-in route's roles are those of the use-case action it calls
// (app/role_policy.h), so the route and the service cannot disagree.
#include "http/api/route_table.h"

#include <nlohmann/json.hpp>

#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

using enum HttpMethod;

constexpr Access kPublic = Access::kPublic;
constexpr Access kSignedIn = Access::kSignedIn;
constexpr Csrf kCsrf = Csrf::kRequired;
constexpr Audit kNone = Audit::kNone;
constexpr Audit kAudited = Audit::kAudited;
constexpr bool kOpenWhileRestricted = true;
constexpr app::RoleSet kStaff = app::kUseTwoStepSignIn.roles;

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
    {kPost,
     "/api/v1/login/mfa",
     LoginMfa,
     {},
     kPublic,
     Csrf::kExempt,
     kAudited,
     "The second step of a login with two-step sign-in: the authenticator's code or a recovery "
     "code; sets the session cookie"},
    {kPost, "/api/v1/logout", Logout, app::kAnyRole, kSignedIn, kCsrf, kNone, "End the session",
     kOpenWhileRestricted},
    {kGet, "/api/v1/me", Me, app::kAnyRole, kSignedIn, kCsrf, kNone,
     "Who is signed in, and what their session must do first", kOpenWhileRestricted},
    {kPost, "/api/v1/me/password", ChangePassword, app::kAnyRole, kSignedIn, kCsrf, kAudited,
     "Change one's own password (the current one required): every session ends, this one is "
     "renewed",
     kOpenWhileRestricted},
    {kGet, "/api/v1/me/sessions", ListMySessions, app::kAnyRole, kSignedIn, kCsrf, kNone,
     "One's own signed-in browsers: when, from where, which is this one", kOpenWhileRestricted},
    {kDelete, "/api/v1/me/sessions/{id}", RevokeMySession, app::kAnyRole, kSignedIn, kCsrf, kNone,
     "Sign one of one's own browsers out", kOpenWhileRestricted},
    {kGet, "/api/v1/me/mfa", GetMfa, kStaff, kSignedIn, kCsrf, kNone,
     "One's two-step sign-in: on or off, recovery codes left, whether the clinic requires it",
     kOpenWhileRestricted},
    {kPost, "/api/v1/me/mfa/enrolment", BeginMfaEnrolment, kStaff, kSignedIn, kCsrf, kAudited,
     "Start setting up two-step sign-in: a new secret, its otpauth URI and QR code (SVG)",
     kOpenWhileRestricted},
    {kPost, "/api/v1/me/mfa/enrolment/confirm", ConfirmMfaEnrolment, kStaff, kSignedIn, kCsrf,
     kAudited, "Turn two-step sign-in on with a code from the new secret: the recovery codes, once",
     kOpenWhileRestricted},
    {kPost, "/api/v1/me/mfa/recovery-codes", RenewRecoveryCodes, kStaff, kSignedIn, kCsrf, kAudited,
     "New recovery codes for a current code; the earlier ones stop working"},
    {kDelete, "/api/v1/me/mfa", DisableMfa, kStaff, kSignedIn, kCsrf, kAudited,
     "Turn one's two-step sign-in off (the password required; not where the clinic requires it)"},

    {kGet, "/api/v1/clinic", GetClinic, app::kReadClinicSettings.roles, kSignedIn, kCsrf, kNone,
     "The clinic's settings"},
    {kPut, "/api/v1/clinic", UpdateClinic, app::kChangeClinicSettings.roles, kSignedIn, kCsrf,
     kAudited,
     "Change the clinic's name, time zone, patients' cancellation notice and active protocol"},
    {kGet, "/api/v1/instruments", ListInstruments, app::kAnyRole, kSignedIn, kCsrf, kNone,
     "The outcome questionnaires: items, answer ranges and labels"},
    {kGet, "/api/v1/screening/conditions", ListScreeningConditions, app::kAnyRole, kSignedIn, kCsrf,
     kNone, "The screening conditions, in order, with the decision group each leads to"},
    {kGet, "/api/v1/protocols", ListProtocols, app::kReadProtocols.roles, kSignedIn, kCsrf, kNone,
     "The protocol versions stored, with the one new courses follow"},
    {kGet, "/api/v1/protocols/{protocol_id}/versions/{version}", GetProtocolVersion,
     app::kReadProtocols.roles, kSignedIn, kCsrf, kNone, "One protocol version, as JSON"},
    {kGet, "/api/v1/clinic/closures", ListClosures, app::kListClosures.roles, kSignedIn, kCsrf,
     kNone, "The clinic's closures and holidays"},
    {kPost, "/api/v1/clinic/closures", AddClosure, app::kManageClosures.roles, kSignedIn, kCsrf,
     kAudited, "Add a closure or holiday: whole days the clinic is closed"},
    {kDelete, "/api/v1/clinic/closures/{id}", DeleteClosure, app::kManageClosures.roles, kSignedIn,
     kCsrf, kAudited, "Delete a closure"},
    {kGet, "/api/v1/therapists", ListTherapists, app::kListTherapists.roles, kSignedIn, kCsrf,
     kNone, "The clinic's therapists"},
    {kPost, "/api/v1/therapists", CreateTherapist, app::kAddTherapists.roles, kSignedIn, kCsrf,
     kAudited, "Add a therapist"},
    {kGet, "/api/v1/users", ListUsers, app::kListUsers.roles, kSignedIn, kCsrf, kNone,
     "The clinic's logins"},
    {kPost, "/api/v1/users", CreateUser, app::kCreateUsers.roles, kSignedIn, kCsrf, kAudited,
     "Create a login"},
    {kPost, "/api/v1/calendar-feed", CreateCalendarFeed, app::kSubscribeCalendar.roles, kSignedIn,
     kCsrf, kAudited,
     "Make (or remake) the caller's secret calendar feed URL; an earlier URL stops working"},
    {kDelete, "/api/v1/calendar-feed", RevokeCalendarFeed, app::kSubscribeCalendar.roles, kSignedIn,
     kCsrf, kAudited, "Revoke the caller's calendar feed"},
    {kGet,
     "/cal/{token}",
     CalendarFeed,
     {},
     kPublic,
     kCsrf,
     kAudited,
     "A calendar feed (iCalendar, /cal/<token>.ics): the sessions of its therapist or patient"},
    {kPost, "/api/v1/invitations", InviteUser, app::kInvitePatients.roles, kSignedIn, kCsrf,
     kAudited,
     "Invite a login by one-time link (admins: any role; other staff: patients to the portal)"},
    {kPost, "/api/v1/users/{id}/password-reset", CreatePasswordReset,
     app::kIssuePasswordResets.roles, kSignedIn, kCsrf, kAudited,
     "Issue a one-time password-reset link for a login"},
    {kPost,
     "/api/v1/access-links/check",
     CheckAccessLink,
     {},
     kPublic,
     Csrf::kExempt,
     kNone,
     "Who an invitation or reset link is for, without using it"},
    {kPost,
     "/api/v1/password-reset",
     RequestPasswordReset,
     {},
     kPublic,
     Csrf::kExempt,
     kAudited,
     "Forgot my password: email a reset link to the login with this email, if there is one"},
    {kPost,
     "/api/v1/set-password",
     SetPassword,
     {},
     kPublic,
     Csrf::kExempt,
     kAudited,
     "Set a password with a one-time link; the link is then used up"},
    {kPost, "/api/v1/users/{id}/mfa-reset", ResetUserMfa, app::kChangeUsers.roles, kSignedIn, kCsrf,
     kAudited,
     "Remove a login's two-step sign-in and recovery codes (a lost phone); its sessions end"},
    {kPut, "/api/v1/users/{id}/state", SetUserState, app::kChangeUsers.roles, kSignedIn, kCsrf,
     kAudited, "Enable or disable a login"},
    {kGet, "/api/v1/api-tokens", ListApiTokens, app::kCreateApiTokens.roles, kSignedIn, kCsrf,
     kNone,
     "API tokens, active and revoked (never a secret): the clinic's for admins, one's own for "
     "therapists"},
    {kPost, "/api/v1/api-tokens", CreateApiToken, app::kCreateApiTokens.roles, kSignedIn, kCsrf,
     kAudited, "Issue an API token acting as the caller's role"},
    {kDelete, "/api/v1/api-tokens/{id}", RevokeApiToken, app::kCreateApiTokens.roles, kSignedIn,
     kCsrf, kAudited, "Revoke an API token (admins any of the clinic's, therapists their own)"},

    {kGet, "/api/v1/patients", ListPatients, app::kListPatients.roles, kSignedIn, kCsrf, kAudited,
     "The clinic's patients"},
    {kPost, "/api/v1/patients", RegisterPatient, app::kRegisterPatients.roles, kSignedIn, kCsrf,
     kAudited, "Register a patient"},
    {kGet, "/api/v1/patients/{id}", GetPatient, app::kReadPatientCharts.roles, kSignedIn, kCsrf,
     kAudited, "A patient's chart: contact details and clinical summary"},
    {kPut, "/api/v1/patients/{id}/contact", UpdateContact, app::kUpdateContactDetails.roles,
     kSignedIn, kCsrf, kAudited, "Update a patient's contact details"},
    {kPost, "/api/v1/patients/{id}/intake", Intake, app::kScreenPatients.roles, kSignedIn, kCsrf,
     kAudited, "Intake: safety screening and baseline questionnaires"},
    {kGet, "/api/v1/patients/{id}/screening", GetScreening, app::kReadScreenings.roles, kSignedIn,
     kCsrf, kAudited, "The screening as it stands: decision, reasons and precautions"},
    {kGet, "/api/v1/patients/{id}/screenings", ListScreenings, app::kReadScreenings.roles,
     kSignedIn, kCsrf, kAudited, "A patient's screenings, oldest first"},
    {kPost, "/api/v1/patients/{id}/referral-outcome", RecordReferralOutcome,
     app::kScreenPatients.roles, kSignedIn, kCsrf, kAudited,
     "Record a referral's outcome: medical clearance or discontinuation"},
    {kGet, "/api/v1/patients/{id}/responses", ListResponses, app::kReadQuestionnaireResponses.roles,
     kSignedIn, kCsrf, kAudited, "A patient's questionnaire responses"},
    {kPost, "/api/v1/patients/{id}/responses", SubmitResponse, app::kSubmitQuestionnaires.roles,
     kSignedIn, kCsrf, kAudited, "Submit a questionnaire"},
    {kGet, "/api/v1/patients/{id}/progress", GetProgress, app::kReadProgress.roles, kSignedIn,
     kCsrf, kAudited, "Pain scores over time against the expected band"},
    {kGet, "/api/v1/patients/{id}/report", PatientReport, app::kReadPatientReports.roles, kSignedIn,
     kCsrf, kAudited, "A printable progress report of one course (HTML for one or two A4 pages)"},
    {kGet, "/api/v1/patients/{id}/home-program", GetHomeProgram, app::kReadHomePrograms.roles,
     kSignedIn, kCsrf, kAudited, "The home program with recent adherence"},
    {kPost, "/api/v1/patients/{id}/home-program", AssignHomeProgram, app::kAssignHomePrograms.roles,
     kSignedIn, kCsrf, kAudited, "Assign home-program exercises"},
    {kPost, "/api/v1/patients/{id}/adherence", LogAdherence, app::kLogAdherence.roles, kSignedIn,
     kCsrf, kAudited, "Log a day's home-program adherence (the patient)"},
    {kGet, "/api/v1/patients/{id}/courses", ListCourses, app::kListCourses.roles, kSignedIn, kCsrf,
     kAudited, "A patient's courses"},
    {kPost, "/api/v1/patients/{id}/courses", StartCourse, app::kStartCourses.roles, kSignedIn,
     kCsrf, kAudited, "Start a course: the planner books every session"},
    {kGet, "/api/v1/patients/{id}/plan", PatientPlan, app::kReadPatientPlans.roles, kSignedIn,
     kCsrf, kAudited, "A patient's sessions"},
    {kGet, "/api/v1/patients/{id}/notes", ListNotes, app::kReadSessionNotes.roles, kSignedIn, kCsrf,
     kAudited, "A patient's session notes"},
    {kGet, "/api/v1/patients/{id}/access-log", GetAccessLog, app::kReadAccessLogs.roles, kSignedIn,
     kCsrf, kAudited,
     "Who looked at a patient's record: staff and system events about it, newest first"},

    {kPost, "/api/v1/courses/{id}/discharge", DischargeCourse, app::kDischargeCourses.roles,
     kSignedIn, kCsrf, kAudited,
     "End a course with its outcome; future bookings are cancelled; final scores against baseline"},
    {kGet, "/api/v1/schedule", Schedule, app::kReadSchedule.roles, kSignedIn, kCsrf, kAudited,
     "Sessions starting in [from, to), across therapists"},
    {kGet, "/api/v1/reports/outcomes", OutcomesReport, app::kReadOutcomeReports.roles, kSignedIn,
     kCsrf, kAudited, "The protocol's claims tested on the clinic's own courses"},
    {kGet, "/api/v1/export/{file}", ExportCsv, app::kExportClinicData.roles, kSignedIn, kCsrf,
     kAudited, "One CSV file of the clinic's records (patients.csv, ...), streamed"},
    {kGet, "/api/v1/availability", Availability, app::kReadSchedule.roles, kSignedIn, kCsrf, kNone,
     "Each therapist's working hours and free time on dates [from, to)"},
    {kPost, "/api/v1/sessions", BookSession, app::kBookSessions.roles, kSignedIn, kCsrf, kAudited,
     "Book an extra session on an active course"},
    {kPost, "/api/v1/sessions/{id}/cancel", CancelSession, app::kCancelSessions.roles, kSignedIn,
     kCsrf, kAudited, "Cancel a booked session"},
    {kPost, "/api/v1/sessions/{id}/reschedule", RescheduleSession, app::kRescheduleSessions.roles,
     kSignedIn, kCsrf, kAudited, "Move a booked session"},
    {kPost, "/api/v1/sessions/{id}/attend", AttendSession, app::kMarkSessionsAttended.roles,
     kSignedIn, kCsrf, kAudited, "Mark a session attended"},
    {kPost, "/api/v1/sessions/{id}/miss", MissSession, app::kMarkSessionsMissed.roles, kSignedIn,
     kCsrf, kAudited, "Mark a session missed"},
    {kGet, "/api/v1/sessions/{id}/note", GetSessionNote, app::kReadSessionNotes.roles, kSignedIn,
     kCsrf, kAudited, "The note of a session"},
    {kPost, "/api/v1/sessions/{id}/note", DraftNote, app::kWriteSessionNotes.roles, kSignedIn,
     kCsrf, kAudited, "Draft the note of a session"},
    {kGet, "/api/v1/notes/{id}", GetNote, app::kReadSessionNotes.roles, kSignedIn, kCsrf, kAudited,
     "A session note"},
    {kPut, "/api/v1/notes/{id}", UpdateNote, app::kWriteSessionNotes.roles, kSignedIn, kCsrf,
     kAudited, "Replace a draft note's content"},
    {kPost, "/api/v1/notes/{id}/sign", SignNote, app::kSignSessionNotes.roles, kSignedIn, kCsrf,
     kAudited, "Sign a draft note (it never changes again)"},
    {kPost, "/api/v1/notes/{id}/addenda", AddAddendum, app::kAddAddenda.roles, kSignedIn, kCsrf,
     kAudited, "Add an addendum to a signed note"},

    {kGet, "/api/v1/alerts", ListAlerts, app::kReadAlerts.roles, kSignedIn, kCsrf, kAudited,
     "The clinic's alerts (open, or all with ?status=all)"},
    {kPost, "/api/v1/alerts/{id}/acknowledge", AcknowledgeAlert, app::kAcknowledgeAlerts.roles,
     kSignedIn, kCsrf, kAudited, "Acknowledge an alert"},

    // The FHIR R4 read API (docs/fhir.md): every error is an OperationOutcome. Which types a role
    // reads is the use cases' policy (front desk: administrative types only; a patient: their
    // own records), so the rows allow every role.
    {kGet,
     "/fhir/R4/metadata",
     FhirMetadata,
     {},
     kPublic,
     kCsrf,
     kNone,
     "FHIR CapabilityStatement: the types, interactions and search parameters served"},
    {kGet, "/fhir/R4/{type}", FhirSearch, app::kAnyRole, kSignedIn, kCsrf, kAudited,
     "FHIR search of one resource type: a searchset Bundle, paged with next links"},
    {kGet, "/fhir/R4/{type}/{id}", FhirRead, app::kAnyRole, kSignedIn, kCsrf, kAudited,
     "FHIR read of one resource"},
    // Bulk Data export (admins; docs/fhir.md "Bulk export").
    {kGet, "/fhir/R4/$export", FhirExportSystem, app::kExportClinicData.roles, kSignedIn, kCsrf,
     kAudited, "FHIR Bulk Data export of the whole clinic: 202 and the status URL"},
    {kPost, "/fhir/R4/$export", FhirExportSystem, app::kExportClinicData.roles, kSignedIn, kCsrf,
     kAudited, "FHIR Bulk Data export of the whole clinic (parameters in the query string)"},
    {kGet, "/fhir/R4/Patient/$export", FhirExportPatients, app::kExportClinicData.roles, kSignedIn,
     kCsrf, kAudited, "FHIR Bulk Data export of every patient's records: 202 and the status URL"},
    {kPost, "/fhir/R4/Patient/$export", FhirExportPatients, app::kExportClinicData.roles, kSignedIn,
     kCsrf, kAudited,
     "FHIR Bulk Data export of every patient's records (parameters in the query string)"},
    {kGet, "/fhir/R4/$export-status/{id}", FhirExportStatus, app::kExportClinicData.roles,
     kSignedIn, kCsrf, kNone, "A bulk export's status: 202 while running, then the manifest"},
    {kDelete, "/fhir/R4/$export-status/{id}", FhirExportDelete, app::kExportClinicData.roles,
     kSignedIn, kCsrf, kAudited, "Cancel a bulk export, or delete its files"},
    {kGet, "/fhir/R4/$export-file/{id}/{file}", FhirExportFile, app::kExportClinicData.roles,
     kSignedIn, kCsrf, kAudited, "One NDJSON file of a finished bulk export"},
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
