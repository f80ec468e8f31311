#include "store/memory/transaction.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {
namespace {

Result<session::SessionNote*> FindDraft(State& state, ClinicId clinic_id, NoteId id) {
  ASSIGN_OR_RETURN(session::SessionNote * row,
                   Require(state.notes, "session note", clinic_id, id.value()));
  if (row->status == session::NoteStatus::kSigned) {
    return FailedPrecondition("session note " + std::to_string(id.value()) + " is signed");
  }
  return row;
}

}  // namespace

Result<NoteId> MemoryTransaction::CreateNote(ClinicId clinic_id, const session::SessionNote& note) {
  RETURN_IF_ERROR(CheckWriteInClinic(clinic_id));
  RETURN_IF_ERROR(session::ValidateSessionNote(note));
  RETURN_IF_ERROR(Require(draft().sessions, "session", clinic_id, note.session_id.value()));
  RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, note.author_id.value()));
  for (const auto& [id, existing] : draft().notes) {
    if (existing.session_id == note.session_id) {
      return ConflictError("session_notes", "session_id");
    }
  }
  session::SessionNote row = note;
  row.status = session::NoteStatus::kDraft;
  row.signed_by.reset();
  row.signed_at.reset();
  row.addenda.clear();
  row.created_at = Micros(row.created_at);
  row.updated_at = Micros(row.updated_at);
  return Insert(draft(), draft().notes, std::move(row), clinic_id);
}

Result<session::SessionNote> MemoryTransaction::GetNote(ClinicId clinic_id, NoteId id) {
  RETURN_IF_ERROR(CheckOpen());
  return Get(state().notes, "session note", clinic_id, id.value());
}

Result<session::SessionNote> MemoryTransaction::FindNoteForSession(ClinicId clinic_id,
                                                                   SessionId session_id) {
  RETURN_IF_ERROR(CheckOpen());
  for (const auto& [id, note] : state().notes) {
    if (note.clinic_id == clinic_id && note.session_id == session_id) {
      return note;
    }
  }
  return NotFound("session note not found");
}

Result<std::vector<session::SessionNote>> MemoryTransaction::ListNotesForPatient(
    ClinicId clinic_id, PatientId patient_id) {
  RETURN_IF_ERROR(CheckOpen());
  std::vector<std::pair<std::tuple<clinic::Timestamp, std::int64_t>, session::SessionNote>> keyed;
  for (const auto& [id, note] : state().notes) {
    const clinic::Session* session = Find(state().sessions, clinic_id, note.session_id.value());
    if (note.clinic_id == clinic_id && session && session->patient_id == patient_id) {
      keyed.push_back({{session->start, id}, note});
    }
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<session::SessionNote> out;
  out.reserve(keyed.size());
  for (auto& [key, note] : keyed) {
    out.push_back(std::move(note));
  }
  return out;
}

Status MemoryTransaction::UpdateDraftNote(ClinicId clinic_id, const session::SessionNote& note) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(session::SessionNote * row, FindDraft(draft(), clinic_id, note.id));
  RETURN_IF_ERROR(session::ValidateSessionNote(note));
  row->soap = note.soap;
  row->techniques = note.techniques;
  row->nprs_before = note.nprs_before;
  row->nprs_after = note.nprs_after;
  row->measures = note.measures;
  row->adverse_events = note.adverse_events;
  row->updated_at = Micros(note.updated_at);
  return OkStatus();
}

Status MemoryTransaction::SignNote(ClinicId clinic_id, NoteId id, UserId signer,
                                   clinic::Timestamp signed_at) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(session::SessionNote * row, FindDraft(draft(), clinic_id, id));
  RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, signer.value()));
  row->status = session::NoteStatus::kSigned;
  row->signed_by = signer;
  row->signed_at = Micros(signed_at);
  return OkStatus();
}

Status MemoryTransaction::AddAddendum(ClinicId clinic_id, NoteId id,
                                      const session::Addendum& addendum) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(session::SessionNote * row,
                   Require(draft().notes, "session note", clinic_id, id.value()));
  if (row->status != session::NoteStatus::kSigned) {
    return FailedPrecondition("session note " + std::to_string(id.value()) + " is a draft");
  }
  RETURN_IF_ERROR(ValidateAddendum(addendum));
  RETURN_IF_ERROR(Require(draft().users, "user", clinic_id, addendum.author_id.value()));
  session::Addendum stored = addendum;
  stored.at = Micros(stored.at);
  row->addenda.push_back(stored);
  return OkStatus();
}

Status MemoryTransaction::DeleteDraftNote(ClinicId clinic_id, NoteId id) {
  RETURN_IF_ERROR(CheckWrite());
  ASSIGN_OR_RETURN(session::SessionNote * row, FindDraft(draft(), clinic_id, id));
  draft().notes.erase(row->id.value());
  return OkStatus();
}

}  // namespace backcare::store::memory
