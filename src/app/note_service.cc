#include "app/note_service.h"

#include <utility>

#include "app/audit_trail.h"
#include "app/service_support.h"
#include "core/clinic/session.h"
#include "core/session/session_rules.h"
#include "core/session/technique_check.h"

namespace backcare::app {
namespace {

using session::SessionNote;

// kFailedPrecondition when the log uses a technique the patient's latest screening disables,
// under the protocol version of the session's course.
Status CheckTechniques(ports::Transaction& transaction, const AppContext& context,
                       ClinicId clinic_id, const clinic::Session& session,
                       const session::TechniqueLog& techniques) {
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::SessionProtocol(transaction, context, clinic_id, session));
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   internal::LatestScreening(transaction, clinic_id, session.patient_id));
  const std::vector<screening::TechniqueRestriction> restrictions =
      internal::RestrictionsFor(*protocol, latest);
  return session::CheckTechniqueLog(techniques, *protocol, restrictions,
                                    techniques.deviation_reason);
}

void ApplyContent(SessionNote& note, const NoteContent& content) {
  note.soap = content.soap;
  note.techniques = content.techniques;
  note.nprs_before = content.nprs_before;
  note.nprs_after = content.nprs_after;
  note.measures = content.measures;
  note.adverse_events = content.adverse_events;
}

std::string SessionLabel(const clinic::Session& session) {
  return "session " + std::to_string(session.id.value());
}

Status RequireDraft(const SessionNote& note) {
  if (note.status == session::NoteStatus::kSigned) {
    return FailedPrecondition("session note " + std::to_string(note.id.value()) + " is signed");
  }
  return OkStatus();
}

}  // namespace

NoteService::NoteService(AppContext context) : context_(std::move(context)) {}

Result<NoteId> NoteService::DraftNote(const RequestContext& context, SessionId session_id,
                                      const NoteContent& content) {
  RETURN_IF_ERROR(RequireRole(context.actor, kWriteSessionNotes));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Session session, transaction->GetSession(clinic_id, session_id));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(session::CheckNoteDraftable(session, now));
  RETURN_IF_ERROR(internal::RequireNotSuspended(context.actor, *transaction, clinic_id,
                                                session.patient_id, SessionLabel(session),
                                                "have a note drafted"));
  SessionNote note;
  note.session_id = session_id;
  note.author_id = context.actor.user_id;
  ApplyContent(note, content);
  RETURN_IF_ERROR(session::ValidateSessionNote(note));
  RETURN_IF_ERROR(CheckTechniques(*transaction, context_, clinic_id, session, note.techniques));
  note.created_at = now;
  note.updated_at = now;
  ASSIGN_OR_RETURN(NoteId id, transaction->CreateNote(clinic_id, note));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "note.create", "session_note", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Result<clinic::Timestamp> NoteService::UpdateDraft(
    const RequestContext& context, NoteId note_id, const NoteContent& content,
    std::optional<clinic::Timestamp> expected_updated_at) {
  RETURN_IF_ERROR(RequireRole(context.actor, kWriteSessionNotes));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(SessionNote note, transaction->GetNote(clinic_id, note_id));
  RETURN_IF_ERROR(RequireDraft(note));
  if (expected_updated_at &&
      clinic::ToUnixMicros(*expected_updated_at) != clinic::ToUnixMicros(note.updated_at)) {
    return Conflict("session note " + std::to_string(note_id.value()) + " was changed at " +
                    clinic::FormatInstant(note.updated_at) +
                    ", after the version being edited; reload it or save over it");
  }
  ApplyContent(note, content);
  RETURN_IF_ERROR(session::ValidateSessionNote(note));
  ASSIGN_OR_RETURN(clinic::Session session, transaction->GetSession(clinic_id, note.session_id));
  RETURN_IF_ERROR(internal::RequireNotSuspended(context.actor, *transaction, clinic_id,
                                                session.patient_id, SessionLabel(session),
                                                "have its note edited"));
  RETURN_IF_ERROR(CheckTechniques(*transaction, context_, clinic_id, session, note.techniques));
  const clinic::Timestamp now = internal::Now(context_);
  note.updated_at = now;
  RETURN_IF_ERROR(transaction->UpdateDraftNote(clinic_id, note));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "note.update", "session_note", note_id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return now;
}

Status NoteService::SignNote(const RequestContext& context, NoteId note_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kSignSessionNotes));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(SessionNote note, transaction->GetNote(clinic_id, note_id));
  RETURN_IF_ERROR(RequireDraft(note));
  ASSIGN_OR_RETURN(clinic::Session session, transaction->GetSession(clinic_id, note.session_id));
  if (session.status != clinic::SessionStatus::kAttended) {
    return FailedPrecondition("session " + std::to_string(session.id.value()) + " is " +
                              std::string(clinic::SessionStatusName(session.status)) +
                              "; only a note of an attended session can be signed");
  }
  RETURN_IF_ERROR(internal::RequireNotSuspended(context.actor, *transaction, clinic_id,
                                                session.patient_id, SessionLabel(session),
                                                "have its note signed"));
  RETURN_IF_ERROR(session::CheckSignable(note));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(transaction->SignNote(clinic_id, note_id, context.actor.user_id, now));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "note.sign", "session_note", note_id.value()));
  if (!note.adverse_events.empty()) {
    clinic::AlertSeverity severity = clinic::AlertSeverity::kWarning;
    for (const session::AdverseEvent& event : note.adverse_events) {
      if (event.severity == session::Severity::kSevere ||
          event.kind == session::AdverseEventKind::kNewNumbness ||
          event.kind == session::AdverseEventKind::kRadiatingPain) {
        severity = clinic::AlertSeverity::kCritical;
      }
    }
    RETURN_IF_ERROR(internal::RaiseAlert(*transaction, context, now, session.patient_id,
                                         "adverse_event", severity, "session_note",
                                         note_id.value()));
  }
  return transaction->Commit();
}

Status NoteService::AddAddendum(const RequestContext& context, NoteId note_id,
                                std::string_view text) {
  RETURN_IF_ERROR(RequireRole(context.actor, kAddAddenda));
  if (text.empty()) {
    return InvalidInput("addendum is invalid", {{"", "text", "expected a non-empty text"}});
  }
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(transaction->AddAddendum(
      clinic_id, note_id, session::Addendum{context.actor.user_id, now, std::string(text)}));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "note.addendum", "session_note", note_id.value()));
  return transaction->Commit();
}

Result<NoteDetail> NoteService::GetNote(const RequestContext& context, NoteId note_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadSessionNotes));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(SessionNote note, transaction->GetNote(context.actor.clinic_id, note_id));
  ASSIGN_OR_RETURN(NoteDetail detail, Detail(*transaction, std::move(note)));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "note.read", "session_note", note_id.value()));
  return detail;
}

Result<NoteDetail> NoteService::NoteForSession(const RequestContext& context,
                                               SessionId session_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadSessionNotes));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(SessionNote note,
                   transaction->FindNoteForSession(context.actor.clinic_id, session_id));
  ASSIGN_OR_RETURN(NoteDetail detail, Detail(*transaction, std::move(note)));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "note.read", "session_note", detail.note.id.value()));
  return detail;
}

Result<NoteDetail> NoteService::Detail(ports::Transaction& transaction, SessionNote note) const {
  const ClinicId clinic_id = note.clinic_id;
  ASSIGN_OR_RETURN(clinic::Session session, transaction.GetSession(clinic_id, note.session_id));
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   internal::LatestScreening(transaction, clinic_id, session.patient_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   internal::SessionProtocol(transaction, context_, clinic_id, session));
  NoteDetail detail;
  detail.protocol_id = protocol->id;
  detail.protocol_version = protocol->version;
  detail.techniques = protocol->techniques;
  screening::Precautions precautions = internal::PrecautionsFor(*protocol, latest);
  detail.restrictions = std::move(precautions.restrictions);
  detail.areas_to_avoid = std::move(precautions.areas_to_avoid);
  detail.deviations = session::ProtocolDeviations(note.techniques, *protocol);
  detail.note = std::move(note);
  return detail;
}

Result<std::vector<SessionNote>> NoteService::ListNotes(const RequestContext& context,
                                                        PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadSessionNotes));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   transaction->GetPatient(context.actor.clinic_id, patient_id));
  ASSIGN_OR_RETURN(std::vector<SessionNote> notes,
                   transaction->ListNotesForPatient(context.actor.clinic_id, patient.id));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "note.list", "patient", patient.id.value()));
  return notes;
}

}  // namespace backcare::app
