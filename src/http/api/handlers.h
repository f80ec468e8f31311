// Every route handler (one per route-table row). Internal to src/http/api; the route table
// (route_table.cc) is the only caller.
#ifndef BACKCARE_HTTP_API_HANDLERS_H_
#define BACKCARE_HTTP_API_HANDLERS_H_

#include "http/api/route_table.h"

namespace backcare::http::api {

// auth_handlers.cc: health, login/logout, who am I, clinic, closures, therapists, users, API
// tokens.
HttpResponse Healthz(HandlerContext& context);
HttpResponse Login(HandlerContext& context);
HttpResponse Logout(HandlerContext& context);
HttpResponse Me(HandlerContext& context);
HttpResponse GetClinic(HandlerContext& context);
HttpResponse UpdateClinic(HandlerContext& context);
HttpResponse ListProtocols(HandlerContext& context);
HttpResponse ListInstruments(HandlerContext& context);
HttpResponse ListScreeningConditions(HandlerContext& context);
HttpResponse GetProtocolVersion(HandlerContext& context);
HttpResponse ListClosures(HandlerContext& context);
HttpResponse AddClosure(HandlerContext& context);
HttpResponse DeleteClosure(HandlerContext& context);
HttpResponse ListTherapists(HandlerContext& context);
HttpResponse CreateTherapist(HandlerContext& context);
HttpResponse ListUsers(HandlerContext& context);
HttpResponse InviteUser(HandlerContext& context);
HttpResponse CreateCalendarFeed(HandlerContext& context);
HttpResponse RevokeCalendarFeed(HandlerContext& context);
HttpResponse CalendarFeed(HandlerContext& context);
HttpResponse CreatePasswordReset(HandlerContext& context);
HttpResponse CheckAccessLink(HandlerContext& context);
HttpResponse SetPassword(HandlerContext& context);
HttpResponse Unsubscribe(HandlerContext& context);
HttpResponse ChangePassword(HandlerContext& context);
HttpResponse LoginMfa(HandlerContext& context);
HttpResponse GetMfa(HandlerContext& context);
HttpResponse BeginMfaEnrolment(HandlerContext& context);
HttpResponse ConfirmMfaEnrolment(HandlerContext& context);
HttpResponse RenewRecoveryCodes(HandlerContext& context);
HttpResponse DisableMfa(HandlerContext& context);
HttpResponse ResetUserMfa(HandlerContext& context);
HttpResponse ListMySessions(HandlerContext& context);
HttpResponse RevokeMySession(HandlerContext& context);
HttpResponse RequestPasswordReset(HandlerContext& context);
HttpResponse CreateUser(HandlerContext& context);
HttpResponse SetUserState(HandlerContext& context);
HttpResponse CreateApiToken(HandlerContext& context);
HttpResponse ListApiTokens(HandlerContext& context);
HttpResponse RevokeApiToken(HandlerContext& context);

// patient_handlers.cc: patients, intake, questionnaires, progress, home program.
HttpResponse ListPatients(HandlerContext& context);
HttpResponse RegisterPatient(HandlerContext& context);
HttpResponse GetPatient(HandlerContext& context);
HttpResponse UpdateContact(HandlerContext& context);
HttpResponse Intake(HandlerContext& context);
HttpResponse GetScreening(HandlerContext& context);
HttpResponse ListScreenings(HandlerContext& context);
HttpResponse RecordReferralOutcome(HandlerContext& context);
HttpResponse ListResponses(HandlerContext& context);
HttpResponse SubmitResponse(HandlerContext& context);
HttpResponse GetProgress(HandlerContext& context);
HttpResponse GetHomeProgram(HandlerContext& context);
HttpResponse GetReminders(HandlerContext& context);
HttpResponse PutReminders(HandlerContext& context);
HttpResponse AssignHomeProgram(HandlerContext& context);
HttpResponse LogAdherence(HandlerContext& context);
HttpResponse GetAccessLog(HandlerContext& context);
HttpResponse GetPortal(HandlerContext& context);

// push_handlers.cc: a patient's Web Push subscriptions and the test notification.
HttpResponse ListPushSubscriptions(HandlerContext& context);
HttpResponse CreatePushSubscription(HandlerContext& context);
HttpResponse DeletePushSubscription(HandlerContext& context);
HttpResponse SendTestPush(HandlerContext& context);

// schedule_handlers.cc: courses, sessions, the schedule, notes, alerts.
HttpResponse ListCourses(HandlerContext& context);
HttpResponse StartCourse(HandlerContext& context);
HttpResponse PatientPlan(HandlerContext& context);
HttpResponse Schedule(HandlerContext& context);
HttpResponse Availability(HandlerContext& context);
HttpResponse BookSession(HandlerContext& context);
HttpResponse CancelSession(HandlerContext& context);
HttpResponse RescheduleSession(HandlerContext& context);
HttpResponse AttendSession(HandlerContext& context);
HttpResponse MissSession(HandlerContext& context);
HttpResponse ListNotes(HandlerContext& context);
HttpResponse DischargeCourse(HandlerContext& context);

// report_handlers.cc: reports on the clinic's own data and a patient's printable report.
HttpResponse OutcomesReport(HandlerContext& context);
HttpResponse PatientReport(HandlerContext& context);
// export_handlers.cc: the clinic's records as CSV files, streamed (docs/csv.md).
HttpResponse ExportCsv(HandlerContext& context);
HttpResponse GetSessionNote(HandlerContext& context);
HttpResponse DraftNote(HandlerContext& context);
HttpResponse GetNote(HandlerContext& context);
HttpResponse UpdateNote(HandlerContext& context);
HttpResponse SignNote(HandlerContext& context);
HttpResponse AddAddendum(HandlerContext& context);
HttpResponse ListAlerts(HandlerContext& context);
HttpResponse AcknowledgeAlert(HandlerContext& context);

// fhir_handlers.cc: the FHIR R4 read API (docs/fhir.md).
HttpResponse FhirMetadata(HandlerContext& context);
HttpResponse FhirRead(HandlerContext& context);
HttpResponse FhirSearch(HandlerContext& context);
HttpResponse FhirExportSystem(HandlerContext& context);
HttpResponse FhirExportPatients(HandlerContext& context);
HttpResponse FhirExportStatus(HandlerContext& context);
HttpResponse FhirExportDelete(HandlerContext& context);
HttpResponse FhirExportFile(HandlerContext& context);

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_HANDLERS_H_
