#include "testing/forwarding_store.h"

namespace backcare::testing {

Status ForwardingTransaction::BeforeCall(std::string_view) { return OkStatus(); }

Status ForwardingTransaction::Commit() {
  RETURN_IF_ERROR(BeforeCall("Commit"));
  return inner_->Commit();
}

Result<ClinicId> ForwardingTransaction::CreateClinic(const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(BeforeCall("CreateClinic"));
  return inner_->CreateClinic(clinic);
}

Result<clinic::Clinic> ForwardingTransaction::GetClinic(ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("GetClinic"));
  return inner_->GetClinic(clinic_id);
}

Result<std::vector<clinic::Clinic>> ForwardingTransaction::ListClinics() {
  RETURN_IF_ERROR(BeforeCall("ListClinics"));
  return inner_->ListClinics();
}

Status ForwardingTransaction::UpdateClinic(const clinic::Clinic& clinic) {
  RETURN_IF_ERROR(BeforeCall("UpdateClinic"));
  return inner_->UpdateClinic(clinic);
}

Result<UserId> ForwardingTransaction::CreateUser(ClinicId clinic_id, const clinic::User& user) {
  RETURN_IF_ERROR(BeforeCall("CreateUser"));
  return inner_->CreateUser(clinic_id, user);
}

Result<clinic::User> ForwardingTransaction::GetUser(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(BeforeCall("GetUser"));
  return inner_->GetUser(clinic_id, user_id);
}

Result<clinic::User> ForwardingTransaction::FindUserByEmail(ClinicId clinic_id,
                                                            std::string_view email) {
  RETURN_IF_ERROR(BeforeCall("FindUserByEmail"));
  return inner_->FindUserByEmail(clinic_id, email);
}

Result<std::vector<clinic::User>> ForwardingTransaction::ListUsers(ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("ListUsers"));
  return inner_->ListUsers(clinic_id);
}

Status ForwardingTransaction::UpdateUser(ClinicId clinic_id, const clinic::User& user) {
  RETURN_IF_ERROR(BeforeCall("UpdateUser"));
  return inner_->UpdateUser(clinic_id, user);
}

Result<TherapistId> ForwardingTransaction::CreateTherapist(ClinicId clinic_id,
                                                           const clinic::Therapist& therapist) {
  RETURN_IF_ERROR(BeforeCall("CreateTherapist"));
  return inner_->CreateTherapist(clinic_id, therapist);
}

Result<clinic::Therapist> ForwardingTransaction::GetTherapist(ClinicId clinic_id, TherapistId id) {
  RETURN_IF_ERROR(BeforeCall("GetTherapist"));
  return inner_->GetTherapist(clinic_id, id);
}

Result<std::vector<clinic::Therapist>> ForwardingTransaction::ListTherapists(ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("ListTherapists"));
  return inner_->ListTherapists(clinic_id);
}

Status ForwardingTransaction::UpdateTherapist(ClinicId clinic_id,
                                              const clinic::Therapist& therapist) {
  RETURN_IF_ERROR(BeforeCall("UpdateTherapist"));
  return inner_->UpdateTherapist(clinic_id, therapist);
}

Result<PatientId> ForwardingTransaction::CreatePatient(ClinicId clinic_id,
                                                       const clinic::Patient& patient) {
  RETURN_IF_ERROR(BeforeCall("CreatePatient"));
  return inner_->CreatePatient(clinic_id, patient);
}

Result<clinic::Patient> ForwardingTransaction::GetPatient(ClinicId clinic_id, PatientId id) {
  RETURN_IF_ERROR(BeforeCall("GetPatient"));
  return inner_->GetPatient(clinic_id, id);
}

Result<std::vector<clinic::Patient>> ForwardingTransaction::ListPatients(
    ClinicId clinic_id, ports::PatientFilter filter) {
  RETURN_IF_ERROR(BeforeCall("ListPatients"));
  return inner_->ListPatients(clinic_id, filter);
}

Result<std::vector<clinic::Patient>> ForwardingTransaction::ListPatientsAfter(
    ClinicId clinic_id, ports::PatientFilter filter, PatientId after, std::int64_t limit) {
  RETURN_IF_ERROR(BeforeCall("ListPatientsAfter"));
  return inner_->ListPatientsAfter(clinic_id, filter, after, limit);
}

Status ForwardingTransaction::UpdatePatient(ClinicId clinic_id, const clinic::Patient& patient) {
  RETURN_IF_ERROR(BeforeCall("UpdatePatient"));
  return inner_->UpdatePatient(clinic_id, patient);
}

Status ForwardingTransaction::SoftDeletePatient(ClinicId clinic_id, PatientId id,
                                                const clinic::RetentionRecord& retention) {
  RETURN_IF_ERROR(BeforeCall("SoftDeletePatient"));
  return inner_->SoftDeletePatient(clinic_id, id, retention);
}

Result<CourseId> ForwardingTransaction::CreateCourse(ClinicId clinic_id,
                                                     const clinic::Course& course) {
  RETURN_IF_ERROR(BeforeCall("CreateCourse"));
  return inner_->CreateCourse(clinic_id, course);
}

Result<clinic::Course> ForwardingTransaction::GetCourse(ClinicId clinic_id, CourseId id) {
  RETURN_IF_ERROR(BeforeCall("GetCourse"));
  return inner_->GetCourse(clinic_id, id);
}

Result<std::vector<clinic::Course>> ForwardingTransaction::ListCourses(ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("ListCourses"));
  return inner_->ListCourses(clinic_id);
}

Result<std::vector<clinic::Course>> ForwardingTransaction::ListCoursesForPatient(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListCoursesForPatient"));
  return inner_->ListCoursesForPatient(clinic_id, patient_id);
}

Status ForwardingTransaction::UpdateCourse(ClinicId clinic_id, const clinic::Course& course) {
  RETURN_IF_ERROR(BeforeCall("UpdateCourse"));
  return inner_->UpdateCourse(clinic_id, course);
}

Result<SessionId> ForwardingTransaction::CreateSession(ClinicId clinic_id,
                                                       const clinic::Session& session) {
  RETURN_IF_ERROR(BeforeCall("CreateSession"));
  return inner_->CreateSession(clinic_id, session);
}

Result<std::int64_t> ForwardingTransaction::BulkAddSessions(
    ClinicId clinic_id, std::span<const clinic::Session> sessions) {
  RETURN_IF_ERROR(BeforeCall("BulkAddSessions"));
  return inner_->BulkAddSessions(clinic_id, sessions);
}

Result<clinic::Session> ForwardingTransaction::GetSession(ClinicId clinic_id, SessionId id) {
  RETURN_IF_ERROR(BeforeCall("GetSession"));
  return inner_->GetSession(clinic_id, id);
}

Status ForwardingTransaction::UpdateSession(ClinicId clinic_id, const clinic::Session& session) {
  RETURN_IF_ERROR(BeforeCall("UpdateSession"));
  return inner_->UpdateSession(clinic_id, session);
}

Result<std::vector<clinic::Session>> ForwardingTransaction::ListSessionsForCourse(
    ClinicId clinic_id, CourseId course_id) {
  RETURN_IF_ERROR(BeforeCall("ListSessionsForCourse"));
  return inner_->ListSessionsForCourse(clinic_id, course_id);
}

Result<std::vector<clinic::Session>> ForwardingTransaction::ListSessionsForPatient(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListSessionsForPatient"));
  return inner_->ListSessionsForPatient(clinic_id, patient_id);
}

Result<std::vector<clinic::Session>> ForwardingTransaction::ListSessionsForTherapist(
    ClinicId clinic_id, TherapistId therapist_id, ports::TimeRange range) {
  RETURN_IF_ERROR(BeforeCall("ListSessionsForTherapist"));
  return inner_->ListSessionsForTherapist(clinic_id, therapist_id, range);
}

Result<std::vector<clinic::Session>> ForwardingTransaction::ListSessionsInRange(
    ClinicId clinic_id, ports::TimeRange range) {
  RETURN_IF_ERROR(BeforeCall("ListSessionsInRange"));
  return inner_->ListSessionsInRange(clinic_id, range);
}

Result<NoteId> ForwardingTransaction::CreateNote(ClinicId clinic_id,
                                                 const session::SessionNote& note) {
  RETURN_IF_ERROR(BeforeCall("CreateNote"));
  return inner_->CreateNote(clinic_id, note);
}

Result<session::SessionNote> ForwardingTransaction::GetNote(ClinicId clinic_id, NoteId id) {
  RETURN_IF_ERROR(BeforeCall("GetNote"));
  return inner_->GetNote(clinic_id, id);
}

Result<session::SessionNote> ForwardingTransaction::FindNoteForSession(ClinicId clinic_id,
                                                                       SessionId session_id) {
  RETURN_IF_ERROR(BeforeCall("FindNoteForSession"));
  return inner_->FindNoteForSession(clinic_id, session_id);
}

Result<std::vector<session::SessionNote>> ForwardingTransaction::ListNotesForPatient(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListNotesForPatient"));
  return inner_->ListNotesForPatient(clinic_id, patient_id);
}

Status ForwardingTransaction::UpdateDraftNote(ClinicId clinic_id,
                                              const session::SessionNote& note) {
  RETURN_IF_ERROR(BeforeCall("UpdateDraftNote"));
  return inner_->UpdateDraftNote(clinic_id, note);
}

Status ForwardingTransaction::SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                                       clinic::Timestamp signed_at) {
  RETURN_IF_ERROR(BeforeCall("SignNote"));
  return inner_->SignNote(clinic_id, id, signer, signed_at);
}

Status ForwardingTransaction::AddAddendum(ClinicId clinic_id, NoteId id,
                                          const session::Addendum& addendum) {
  RETURN_IF_ERROR(BeforeCall("AddAddendum"));
  return inner_->AddAddendum(clinic_id, id, addendum);
}

Status ForwardingTransaction::DeleteDraftNote(ClinicId clinic_id, NoteId id) {
  RETURN_IF_ERROR(BeforeCall("DeleteDraftNote"));
  return inner_->DeleteDraftNote(clinic_id, id);
}

Result<ResponseId> ForwardingTransaction::AddResponse(
    ClinicId clinic_id, const clinic::QuestionnaireResponse& response) {
  RETURN_IF_ERROR(BeforeCall("AddResponse"));
  return inner_->AddResponse(clinic_id, response);
}

Result<clinic::QuestionnaireResponse> ForwardingTransaction::GetResponse(ClinicId clinic_id,
                                                                         ResponseId id) {
  RETURN_IF_ERROR(BeforeCall("GetResponse"));
  return inner_->GetResponse(clinic_id, id);
}

Result<std::vector<clinic::QuestionnaireResponse>> ForwardingTransaction::ListResponses(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListResponses"));
  return inner_->ListResponses(clinic_id, patient_id);
}

Result<std::optional<clinic::QuestionnaireResponse>> ForwardingTransaction::LatestScoredResponse(
    ClinicId clinic_id, PatientId patient_id, instrument::InstrumentId instrument_id) {
  RETURN_IF_ERROR(BeforeCall("LatestScoredResponse"));
  return inner_->LatestScoredResponse(clinic_id, patient_id, instrument_id);
}

Result<std::vector<clinic::QuestionnaireResponse>> ForwardingTransaction::ListClinicResponses(
    ClinicId clinic_id, ResponseId after, int limit) {
  RETURN_IF_ERROR(BeforeCall("ListClinicResponses"));
  return inner_->ListClinicResponses(clinic_id, after, limit);
}

Result<std::int64_t> ForwardingTransaction::BulkAddResponses(
    ClinicId clinic_id, std::span<const clinic::QuestionnaireResponse> responses) {
  RETURN_IF_ERROR(BeforeCall("BulkAddResponses"));
  return inner_->BulkAddResponses(clinic_id, responses);
}

Result<clinic::ScreeningId> ForwardingTransaction::AddScreeningResult(
    ClinicId clinic_id, const clinic::ScreeningResult& result) {
  RETURN_IF_ERROR(BeforeCall("AddScreeningResult"));
  return inner_->AddScreeningResult(clinic_id, result);
}

Result<clinic::ScreeningResult> ForwardingTransaction::GetScreeningResult(ClinicId clinic_id,
                                                                          clinic::ScreeningId id) {
  RETURN_IF_ERROR(BeforeCall("GetScreeningResult"));
  return inner_->GetScreeningResult(clinic_id, id);
}

Result<std::vector<clinic::ScreeningResult>> ForwardingTransaction::ListScreeningResults(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListScreeningResults"));
  return inner_->ListScreeningResults(clinic_id, patient_id);
}

Result<ports::PatientRecords> ForwardingTransaction::ReadPatientRecords(ClinicId clinic_id,
                                                                        PatientId first,
                                                                        PatientId last) {
  RETURN_IF_ERROR(BeforeCall("ReadPatientRecords"));
  return inner_->ReadPatientRecords(clinic_id, first, last);
}

Result<clinic::AssignmentId> ForwardingTransaction::AddHomeProgramAssignment(
    ClinicId clinic_id, const clinic::HomeProgramAssignment& assignment) {
  RETURN_IF_ERROR(BeforeCall("AddHomeProgramAssignment"));
  return inner_->AddHomeProgramAssignment(clinic_id, assignment);
}

Result<std::vector<clinic::HomeProgramAssignment>>
ForwardingTransaction::ListHomeProgramAssignments(ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListHomeProgramAssignments"));
  return inner_->ListHomeProgramAssignments(clinic_id, patient_id);
}

Status ForwardingTransaction::RecordAdherence(ClinicId clinic_id,
                                              const clinic::AdherenceEntry& entry) {
  RETURN_IF_ERROR(BeforeCall("RecordAdherence"));
  return inner_->RecordAdherence(clinic_id, entry);
}

Result<std::vector<clinic::AdherenceEntry>> ForwardingTransaction::ListAdherence(
    ClinicId clinic_id, PatientId patient_id, clinic::Date from, clinic::Date to) {
  RETURN_IF_ERROR(BeforeCall("ListAdherence"));
  return inner_->ListAdherence(clinic_id, patient_id, from, to);
}

Result<AlertId> ForwardingTransaction::AddAlert(ClinicId clinic_id, const clinic::Alert& alert) {
  RETURN_IF_ERROR(BeforeCall("AddAlert"));
  return inner_->AddAlert(clinic_id, alert);
}

Result<clinic::Alert> ForwardingTransaction::GetAlert(ClinicId clinic_id, AlertId id) {
  RETURN_IF_ERROR(BeforeCall("GetAlert"));
  return inner_->GetAlert(clinic_id, id);
}

Result<std::vector<clinic::Alert>> ForwardingTransaction::ListAlerts(ClinicId clinic_id,
                                                                     ports::AlertFilter filter) {
  RETURN_IF_ERROR(BeforeCall("ListAlerts"));
  return inner_->ListAlerts(clinic_id, filter);
}

Result<std::vector<clinic::Alert>> ForwardingTransaction::ListPatientAlerts(ClinicId clinic_id,
                                                                            PatientId first,
                                                                            PatientId last) {
  RETURN_IF_ERROR(BeforeCall("ListPatientAlerts"));
  return inner_->ListPatientAlerts(clinic_id, first, last);
}

Status ForwardingTransaction::AcknowledgeAlert(ClinicId clinic_id, AlertId id, UserId by,
                                               clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("AcknowledgeAlert"));
  return inner_->AcknowledgeAlert(clinic_id, id, by, at);
}

Result<ClosureId> ForwardingTransaction::AddClosure(ClinicId clinic_id,
                                                    const clinic::ClinicClosure& closure) {
  RETURN_IF_ERROR(BeforeCall("AddClosure"));
  return inner_->AddClosure(clinic_id, closure);
}

Result<std::vector<clinic::ClinicClosure>> ForwardingTransaction::ListClosures(ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("ListClosures"));
  return inner_->ListClosures(clinic_id);
}

Status ForwardingTransaction::DeleteClosure(ClinicId clinic_id, ClosureId id) {
  RETURN_IF_ERROR(BeforeCall("DeleteClosure"));
  return inner_->DeleteClosure(clinic_id, id);
}

Status ForwardingTransaction::CreateWebSession(const clinic::WebSession& session) {
  RETURN_IF_ERROR(BeforeCall("CreateWebSession"));
  return inner_->CreateWebSession(session);
}

Result<clinic::WebSession> ForwardingTransaction::FindWebSession(std::string_view id_hash) {
  RETURN_IF_ERROR(BeforeCall("FindWebSession"));
  return inner_->FindWebSession(id_hash);
}

Status ForwardingTransaction::TouchWebSession(std::string_view id_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("TouchWebSession"));
  return inner_->TouchWebSession(id_hash, at);
}

Status ForwardingTransaction::DeleteWebSession(std::string_view id_hash) {
  RETURN_IF_ERROR(BeforeCall("DeleteWebSession"));
  return inner_->DeleteWebSession(id_hash);
}

Status ForwardingTransaction::DeleteUserWebSessions(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(BeforeCall("DeleteUserWebSessions"));
  return inner_->DeleteUserWebSessions(clinic_id, user_id);
}

Result<std::vector<clinic::WebSession>> ForwardingTransaction::ListUserWebSessions(
    ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(BeforeCall("ListUserWebSessions"));
  return inner_->ListUserWebSessions(clinic_id, user_id);
}

Status ForwardingTransaction::ReplaceRecoveryCodes(ClinicId clinic_id, UserId user_id,
                                                   const std::vector<std::string>& code_hashes) {
  RETURN_IF_ERROR(BeforeCall("ReplaceRecoveryCodes"));
  return inner_->ReplaceRecoveryCodes(clinic_id, user_id, code_hashes);
}

Status ForwardingTransaction::UseRecoveryCode(ClinicId clinic_id, UserId user_id,
                                              std::string_view code_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("UseRecoveryCode"));
  return inner_->UseRecoveryCode(clinic_id, user_id, code_hash, at);
}

Result<int> ForwardingTransaction::CountRecoveryCodes(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(BeforeCall("CountRecoveryCodes"));
  return inner_->CountRecoveryCodes(clinic_id, user_id);
}

Status ForwardingTransaction::ClaimTotpStep(ClinicId clinic_id, UserId user_id, std::int64_t step) {
  RETURN_IF_ERROR(BeforeCall("ClaimTotpStep"));
  return inner_->ClaimTotpStep(clinic_id, user_id, step);
}

Status ForwardingTransaction::AddLoginFailure(std::string_view key, clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("AddLoginFailure"));
  return inner_->AddLoginFailure(key, at);
}

Result<std::vector<clinic::Timestamp>> ForwardingTransaction::ListLoginFailures(
    std::string_view key, clinic::Timestamp since) {
  RETURN_IF_ERROR(BeforeCall("ListLoginFailures"));
  return inner_->ListLoginFailures(key, since);
}

Status ForwardingTransaction::ClearLoginFailures(std::string_view key) {
  RETURN_IF_ERROR(BeforeCall("ClearLoginFailures"));
  return inner_->ClearLoginFailures(key);
}

Status ForwardingTransaction::PruneLogins(clinic::Timestamp sessions_seen_before,
                                          clinic::Timestamp failures_before) {
  RETURN_IF_ERROR(BeforeCall("PruneLogins"));
  return inner_->PruneLogins(sessions_seen_before, failures_before);
}

Status ForwardingTransaction::ReplaceCalendarFeed(const clinic::CalendarFeed& feed) {
  RETURN_IF_ERROR(BeforeCall("ReplaceCalendarFeed"));
  return inner_->ReplaceCalendarFeed(feed);
}

Result<clinic::CalendarFeed> ForwardingTransaction::FindCalendarFeed(std::string_view token_hash) {
  RETURN_IF_ERROR(BeforeCall("FindCalendarFeed"));
  return inner_->FindCalendarFeed(token_hash);
}

Status ForwardingTransaction::DeleteCalendarFeed(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(BeforeCall("DeleteCalendarFeed"));
  return inner_->DeleteCalendarFeed(clinic_id, user_id);
}

Result<clinic::PatientReminders> ForwardingTransaction::GetPatientReminders(ClinicId clinic_id,
                                                                            PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("GetPatientReminders"));
  return inner_->GetPatientReminders(clinic_id, patient_id);
}

Status ForwardingTransaction::PutPatientReminders(ClinicId clinic_id,
                                                  const clinic::PatientReminders& reminders) {
  RETURN_IF_ERROR(BeforeCall("PutPatientReminders"));
  return inner_->PutPatientReminders(clinic_id, reminders);
}

Result<bool> ForwardingTransaction::RecordSentReminder(ClinicId clinic_id, PatientId patient_id,
                                                       clinic::ReminderKind kind,
                                                       std::string_view key, clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("RecordSentReminder"));
  return inner_->RecordSentReminder(clinic_id, patient_id, kind, key, at);
}

Status ForwardingTransaction::CreateUnsubscribeToken(const clinic::UnsubscribeToken& token) {
  RETURN_IF_ERROR(BeforeCall("CreateUnsubscribeToken"));
  return inner_->CreateUnsubscribeToken(token);
}

Result<clinic::UnsubscribeToken> ForwardingTransaction::FindUnsubscribeToken(
    std::string_view token_hash) {
  RETURN_IF_ERROR(BeforeCall("FindUnsubscribeToken"));
  return inner_->FindUnsubscribeToken(token_hash);
}

Status ForwardingTransaction::UseUnsubscribeToken(std::string_view token_hash,
                                                  clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("UseUnsubscribeToken"));
  return inner_->UseUnsubscribeToken(token_hash, at);
}

Status ForwardingTransaction::DeleteUnsubscribeTokens(ClinicId clinic_id, PatientId patient_id,
                                                      clinic::ReminderKind kind) {
  RETURN_IF_ERROR(BeforeCall("DeleteUnsubscribeTokens"));
  return inner_->DeleteUnsubscribeTokens(clinic_id, patient_id, kind);
}

Result<std::optional<clinic::VapidKeys>> ForwardingTransaction::GetVapidKeys(ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("GetVapidKeys"));
  return inner_->GetVapidKeys(clinic_id);
}

Status ForwardingTransaction::CreateVapidKeys(ClinicId clinic_id, const clinic::VapidKeys& keys) {
  RETURN_IF_ERROR(BeforeCall("CreateVapidKeys"));
  return inner_->CreateVapidKeys(clinic_id, keys);
}

Result<PushSubscriptionId> ForwardingTransaction::PutPushSubscription(
    const clinic::PushSubscription& subscription) {
  RETURN_IF_ERROR(BeforeCall("PutPushSubscription"));
  return inner_->PutPushSubscription(subscription);
}

Result<std::vector<clinic::PushSubscription>> ForwardingTransaction::ListPushSubscriptions(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(BeforeCall("ListPushSubscriptions"));
  return inner_->ListPushSubscriptions(clinic_id, patient_id);
}

Status ForwardingTransaction::DeletePushSubscription(ClinicId clinic_id, PatientId patient_id,
                                                     PushSubscriptionId id) {
  RETURN_IF_ERROR(BeforeCall("DeletePushSubscription"));
  return inner_->DeletePushSubscription(clinic_id, patient_id, id);
}

Result<EmailId> ForwardingTransaction::EnqueueEmail(ClinicId clinic_id,
                                                    const clinic::OutgoingEmail& email) {
  RETURN_IF_ERROR(BeforeCall("EnqueueEmail"));
  return inner_->EnqueueEmail(clinic_id, email);
}

Result<std::vector<clinic::OutgoingEmail>> ForwardingTransaction::ClaimDueEmails(
    clinic::Timestamp now, clinic::Timestamp lease_until, int limit) {
  RETURN_IF_ERROR(BeforeCall("ClaimDueEmails"));
  return inner_->ClaimDueEmails(now, lease_until, limit);
}

Status ForwardingTransaction::RecordEmailAttempt(EmailId id, clinic::EmailStatus status,
                                                 clinic::Timestamp at,
                                                 clinic::Timestamp next_attempt_at,
                                                 std::string_view error) {
  RETURN_IF_ERROR(BeforeCall("RecordEmailAttempt"));
  return inner_->RecordEmailAttempt(id, status, at, next_attempt_at, error);
}

Result<clinic::OutgoingEmail> ForwardingTransaction::GetEmail(EmailId id) {
  RETURN_IF_ERROR(BeforeCall("GetEmail"));
  return inner_->GetEmail(id);
}

Result<std::int64_t> ForwardingTransaction::CountPendingEmails() {
  RETURN_IF_ERROR(BeforeCall("CountPendingEmails"));
  return inner_->CountPendingEmails();
}

Status ForwardingTransaction::AddProtocolVersion(const clinic::ProtocolVersion& version) {
  RETURN_IF_ERROR(BeforeCall("AddProtocolVersion"));
  return inner_->AddProtocolVersion(version);
}

Result<clinic::ProtocolVersion> ForwardingTransaction::GetProtocolVersion(
    std::string_view protocol_id, int version) {
  RETURN_IF_ERROR(BeforeCall("GetProtocolVersion"));
  return inner_->GetProtocolVersion(protocol_id, version);
}

Result<std::vector<clinic::ProtocolVersion>> ForwardingTransaction::ListProtocolVersions() {
  RETURN_IF_ERROR(BeforeCall("ListProtocolVersions"));
  return inner_->ListProtocolVersions();
}

Status ForwardingTransaction::CreateAccessLink(const clinic::AccessLink& link) {
  RETURN_IF_ERROR(BeforeCall("CreateAccessLink"));
  return inner_->CreateAccessLink(link);
}

Result<clinic::AccessLink> ForwardingTransaction::FindAccessLink(std::string_view token_hash) {
  RETURN_IF_ERROR(BeforeCall("FindAccessLink"));
  return inner_->FindAccessLink(token_hash);
}

Status ForwardingTransaction::UseAccessLink(std::string_view token_hash, clinic::Timestamp at) {
  RETURN_IF_ERROR(BeforeCall("UseAccessLink"));
  return inner_->UseAccessLink(token_hash, at);
}

Status ForwardingTransaction::DeleteUnusedAccessLinks(ClinicId clinic_id, UserId user_id) {
  RETURN_IF_ERROR(BeforeCall("DeleteUnusedAccessLinks"));
  return inner_->DeleteUnusedAccessLinks(clinic_id, user_id);
}

Status ForwardingTransaction::AppendAuditEvents(ClinicId clinic_id,
                                                std::span<const clinic::AuditEvent> events) {
  RETURN_IF_ERROR(BeforeCall("AppendAuditEvents"));
  return inner_->AppendAuditEvents(clinic_id, events);
}

Result<std::optional<clinic::AuditEvent>> ForwardingTransaction::LastAuditEvent(
    ClinicId clinic_id) {
  RETURN_IF_ERROR(BeforeCall("LastAuditEvent"));
  return inner_->LastAuditEvent(clinic_id);
}

Result<std::vector<clinic::AuditEvent>> ForwardingTransaction::ListAuditEvents(
    ClinicId clinic_id, std::int64_t after_seq, int limit) {
  RETURN_IF_ERROR(BeforeCall("ListAuditEvents"));
  return inner_->ListAuditEvents(clinic_id, after_seq, limit);
}

Result<std::vector<clinic::AuditEvent>> ForwardingTransaction::ListPatientAccessEvents(
    ClinicId clinic_id, PatientId patient_id, std::int64_t before_seq, int limit) {
  RETURN_IF_ERROR(BeforeCall("ListPatientAccessEvents"));
  return inner_->ListPatientAccessEvents(clinic_id, patient_id, before_seq, limit);
}

}  // namespace backcare::testing
