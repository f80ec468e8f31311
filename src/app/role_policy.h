// The role policy: which roles may perform which use-case action, written once. Each service
// checks its action's Permission with RequireRole (actor.h); the HTTP route table
// (src/http/api/route_table.cc) refers to the same Permission for the route that calls the action,
// so a route can never allow a role its use case refuses, or the other way round. Row-level rules
// (a patient sees only their own chart, a therapist only their own notes) stay in the services.
// docs/use-cases.md lists who may call what.
#ifndef BACKCARE_APP_ROLE_POLICY_H_
#define BACKCARE_APP_ROLE_POLICY_H_

#include <initializer_list>
#include <string_view>

#include "core/clinic/user.h"

namespace backcare::app {

// A set of roles, as bits.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<clinic::Role> roles) {
    for (clinic::Role role : roles) bits_ |= Bit(role);
  }
  constexpr bool Has(clinic::Role role) const { return (bits_ & Bit(role)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  static constexpr unsigned Bit(clinic::Role role) { return 1u << static_cast<unsigned>(role); }
  unsigned bits_ = 0;
};

// A use-case action and the roles allowed to perform it.
struct Permission {
  RoleSet roles;
  // Completes the denial "role 'front_desk' may not <operation>".
  std::string_view operation;
};

// Any signed-in role (what remains is row-level: whose data it is).
inline constexpr RoleSet kAnyRole = {clinic::Role::kAdmin, clinic::Role::kTherapist,
                                     clinic::Role::kFrontDesk, clinic::Role::kPatient};
inline constexpr RoleSet kStaffRoles = {clinic::Role::kAdmin, clinic::Role::kTherapist,
                                        clinic::Role::kFrontDesk};
// Roles that see clinical detail (screening precautions) on reads other roles share, such as the
// schedule and the plan; front desk and patients get those reads without it.
inline constexpr RoleSet kClinicalRoles = {clinic::Role::kAdmin, clinic::Role::kTherapist};
inline constexpr RoleSet kSchedulerRoles = {clinic::Role::kTherapist, clinic::Role::kFrontDesk};

// Accounts and API tokens.
inline constexpr Permission kCreateUsers = {{clinic::Role::kAdmin}, "create users"};
inline constexpr Permission kListUsers = {{clinic::Role::kAdmin}, "list users"};
inline constexpr Permission kChangeUsers = {{clinic::Role::kAdmin}, "change users"};
// Two-step sign-in is for staff logins; patients' portal logins do not have it.
inline constexpr Permission kUseTwoStepSignIn = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kFrontDesk},
    "use two-step sign-in"};
inline constexpr Permission kCreateApiTokens = {{clinic::Role::kAdmin, clinic::Role::kTherapist},
                                                "create API tokens"};
inline constexpr Permission kRevokeApiTokens = {{clinic::Role::kAdmin},
                                                "see and revoke every API token"};
// A therapist's and a patient's own calendar feed (their sessions).
inline constexpr Permission kSubscribeCalendar = {
    {clinic::Role::kTherapist, clinic::Role::kPatient}, "subscribe to a calendar feed"};
// Invitations: admins invite staff (kCreateUsers); any staff member invites a patient to the
// portal. Admins issue password-reset links.
inline constexpr Permission kInvitePatients = {kStaffRoles, "invite patients to the portal"};
inline constexpr Permission kIssuePasswordResets = {{clinic::Role::kAdmin},
                                                    "issue password-reset links"};

// The clinic and its therapists.
inline constexpr Permission kReadClinicSettings = {kStaffRoles, "read clinic settings"};
inline constexpr Permission kChangeClinicSettings = {{clinic::Role::kAdmin},
                                                     "change clinic settings"};
// The protocol versions the clinic may follow (the plan, bands and home program are no secret).
inline constexpr Permission kReadProtocols = {kStaffRoles, "read protocols"};
inline constexpr Permission kAddTherapists = {{clinic::Role::kAdmin}, "add therapists"};
inline constexpr Permission kListTherapists = {kStaffRoles, "list therapists"};
// Closures and holidays: the front desk keeps the diary, so it may change them with the admins.
inline constexpr Permission kManageClosures = {{clinic::Role::kAdmin, clinic::Role::kFrontDesk},
                                               "manage clinic closures"};
inline constexpr Permission kListClosures = {kStaffRoles, "list clinic closures"};

// Patients. Reading a chart is open to every role; the service shows a patient only their own.
inline constexpr Permission kRegisterPatients = {kStaffRoles, "register patients"};
// A patient's access log (who looked at the record): the patient themself (the service shows a
// patient only their own) and admins, who answer a patient's right-of-access request.
inline constexpr Permission kReadAccessLogs = {{clinic::Role::kAdmin, clinic::Role::kPatient},
                                               "read access logs"};
inline constexpr Permission kListPatients = {kStaffRoles, "list patients"};
inline constexpr Permission kReadPatientCharts = {kAnyRole, "read patient charts"};
inline constexpr Permission kUpdateContactDetails = {
    {clinic::Role::kTherapist, clinic::Role::kFrontDesk, clinic::Role::kPatient},
    "update contact details"};
inline constexpr Permission kScreenPatients = {{clinic::Role::kTherapist}, "screen patients"};
inline constexpr Permission kReadScreenings = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient},
    "read screening history"};

// Questionnaires, progress and the home program.
inline constexpr Permission kSubmitQuestionnaires = {
    {clinic::Role::kTherapist, clinic::Role::kPatient}, "submit questionnaires"};
inline constexpr Permission kReadQuestionnaireResponses = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient},
    "read questionnaire responses"};
inline constexpr Permission kReadProgress = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient}, "read progress"};
// The printable progress report (app/report_service.h): clinicians, and a patient their own.
inline constexpr Permission kReadPatientReports = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient},
    "read progress reports"};
inline constexpr Permission kAssignHomePrograms = {{clinic::Role::kTherapist},
                                                   "assign home programs"};
inline constexpr Permission kReadHomePrograms = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient}, "read home programs"};
inline constexpr Permission kReadReminderSettings = {kAnyRole, "read reminder settings"};
inline constexpr Permission kChangeReminderSettings = {kAnyRole, "change reminder settings"};
// Push subscriptions: a patient subscribes their own browser (staff cannot subscribe a browser to
// a patient's notifications); staff may see and remove them (a lost phone).
inline constexpr Permission kReadPushSubscriptions = {kAnyRole, "read push subscriptions"};
inline constexpr Permission kSubscribeToPush = {{clinic::Role::kPatient},
                                                "subscribe to push notifications"};
inline constexpr Permission kRemovePushSubscriptions = {kAnyRole, "remove push subscriptions"};
inline constexpr Permission kLogAdherence = {{clinic::Role::kPatient},
                                             "log home-program adherence"};
inline constexpr Permission kReadPortalSummaries = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient},
    "read patient portal summaries"};

// Courses and sessions. Reading a patient's courses and sessions is open to every role; the
// service shows a patient only their own.
inline constexpr Permission kStartCourses = {kSchedulerRoles, "start courses"};
inline constexpr Permission kListCourses = {kAnyRole, "list courses"};
inline constexpr Permission kReadPatientPlans = {kAnyRole, "read patient plans"};
inline constexpr Permission kReadSchedule = {kStaffRoles, "read the schedule"};
inline constexpr Permission kBookSessions = {kSchedulerRoles, "book sessions"};
inline constexpr Permission kCancelSessions = {
    {clinic::Role::kTherapist, clinic::Role::kFrontDesk, clinic::Role::kPatient},
    "cancel sessions"};
inline constexpr Permission kRescheduleSessions = {kSchedulerRoles, "reschedule sessions"};
inline constexpr Permission kMarkSessionsAttended = {kSchedulerRoles, "mark sessions attended"};
inline constexpr Permission kMarkSessionsMissed = {kSchedulerRoles, "mark sessions missed"};
// Ending a course is a clinical decision: the treating therapist, or an admin.
inline constexpr Permission kDischargeCourses = {{clinic::Role::kAdmin, clinic::Role::kTherapist},
                                                 "discharge courses"};

// The FHIR read API's clinical types with no /api/v1 read of their own (docs/fhir.md): attended
// sessions as encounters and courses as care plans are clinical detail, which front desk does
// not see.
inline constexpr Permission kReadEncounters = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient}, "read encounters"};
inline constexpr Permission kReadCarePlans = {
    {clinic::Role::kAdmin, clinic::Role::kTherapist, clinic::Role::kPatient}, "read care plans"};

// Session notes.
inline constexpr Permission kReadSessionNotes = {{clinic::Role::kAdmin, clinic::Role::kTherapist},
                                                 "read session notes"};
inline constexpr Permission kWriteSessionNotes = {{clinic::Role::kTherapist},
                                                  "write session notes"};
inline constexpr Permission kSignSessionNotes = {{clinic::Role::kTherapist}, "sign session notes"};
inline constexpr Permission kAddAddenda = {{clinic::Role::kTherapist}, "add addenda"};

// Alerts.
inline constexpr Permission kReadAlerts = {{clinic::Role::kAdmin, clinic::Role::kTherapist},
                                           "read alerts"};
inline constexpr Permission kAcknowledgeAlerts = {{clinic::Role::kTherapist}, "acknowledge alerts"};

// Reports on the clinic's own data (outcomes against the protocol's claims).
inline constexpr Permission kReadOutcomeReports = {kClinicalRoles, "read outcome reports"};

// The clinic's data as CSV files (docs/csv.md): whole-clinic exports and bulk imports.
inline constexpr Permission kExportClinicData = {{clinic::Role::kAdmin}, "export clinic data"};
inline constexpr Permission kImportClinicData = {{clinic::Role::kAdmin}, "import clinic data"};

}  // namespace backcare::app

#endif  // BACKCARE_APP_ROLE_POLICY_H_
