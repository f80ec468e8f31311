#include "store/sql/notes.h"

#include <map>
#include <string>
#include <utility>

#include "store/common/validation.h"
#include "store/sql/codec.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

// An optional enum column's value: its name, or NULL when absent (not entered).
template <typename E, typename Name>
Value OptionalName(const std::optional<E>& value, Name name) {
  return value ? V(name(*value)) : Value();
}

Result<session::SessionNote> ReadNote(const Row& row) {
  RowReader r(row, "session_notes");
  session::SessionNote note;
  note.id = NoteId(r.Int("id"));
  note.clinic_id = ClinicId(r.Int("clinic_id"));
  note.session_id = SessionId(r.Int("session_id"));
  note.author_id = UserId(r.Int("author_id"));
  note.soap.subjective = r.Text("subjective");
  note.soap.objective = r.Text("objective");
  note.soap.assessment = r.Text("assessment");
  note.soap.plan = r.Text("plan");
  note.techniques.strip_passes = r.List("strip_passes", DecodeStripPasses);
  note.techniques.trigger_points = r.List("trigger_points", DecodeTriggerPoints);
  note.techniques.release_areas = r.List("release_areas", DecodeReleaseAreas);
  note.techniques.pressure = r.OptionalEnum("pressure", session::ParsePressure);
  note.techniques.tolerance = r.OptionalEnum("tolerance", session::ParseTolerance);
  auto before = r.OptionalInt("nprs_before");
  auto after = r.OptionalInt("nprs_after");
  if (before) {
    note.nprs_before = static_cast<int>(*before);
  }
  if (after) {
    note.nprs_after = static_cast<int>(*after);
  }
  note.adverse_events = r.List("adverse_events", DecodeAdverseEvents);
  note.status = r.Enum("status", session::ParseNoteStatus);
  note.signed_by = r.OptionalId<UserId>("signed_by");
  note.signed_at = r.OptionalTime("signed_at_us");
  note.created_at = r.Time("created_at_us");
  note.updated_at = r.Time("updated_at_us");
  note.techniques.no_hands_on_reason = r.Text("no_hands_on_reason");
  note.techniques.deviation_reason = r.Text("deviation_reason");
  auto standing = r.OptionalInt("standing_tolerance_minutes");
  if (standing) {
    note.measures.standing_tolerance_minutes = static_cast<int>(*standing);
  }
  note.measures.schober_cm = r.OptionalDouble("schober_cm");
  note.measures.fingertip_to_floor_cm = r.OptionalDouble("fingertip_to_floor_cm");
  RETURN_IF_ERROR(r.status());
  return note;
}

// Notes are selected through their session (for the patient and the ordering by start time).
constexpr std::string_view kNotesFrom =
    "session_notes n JOIN sessions s ON s.id = n.session_id AND s.clinic_id = n.clinic_id";
constexpr Mapping<session::SessionNote> kNotes{
    "n.id, n.clinic_id, n.session_id, n.author_id, n.subjective, n.objective, n.assessment, "
    "n.plan, n.strip_passes, n.trigger_points, n.release_areas, n.pressure, n.tolerance, "
    "n.nprs_before, n.nprs_after, n.adverse_events, n.status, n.signed_by, n.signed_at_us, "
    "n.created_at_us, n.updated_at_us, n.no_hands_on_reason, n.deviation_reason, "
    "n.standing_tolerance_minutes, n.schober_cm, n.fingertip_to_floor_cm",
    kNotesFrom, "session note", &ReadNote};

// Notes selected by `where` (over session_notes n joined with sessions s) with their addenda, by
// session start and note id.
Result<std::vector<session::SessionNote>> SelectNotes(Connection& db, std::string_view where,
                                                      const Params& params) {
  ASSIGN_OR_RETURN(
      auto notes,
      SelectAll(db, kNotes, Cat({"WHERE ", where, " ORDER BY s.start_us, n.id"}), params));
  if (notes.empty()) {
    return notes;
  }
  ASSIGN_OR_RETURN(auto addenda,
                   db.Query(Cat({"SELECT a.note_id, a.author_id, a.at_us, a.text FROM "
                                 "note_addenda a WHERE a.note_id IN (SELECT n.id FROM ",
                                 kNotesFrom, " WHERE ", where, ") ORDER BY a.note_id, a.id"}),
                            params));
  std::map<std::int64_t, session::SessionNote*> by_id;
  for (auto& note : notes) {
    by_id[note.id.value()] = &note;
  }
  for (const Row& row : addenda) {
    RowReader r(row, "note_addenda");
    const std::int64_t note_id = r.Int("note_id");
    session::Addendum addendum;
    addendum.author_id = UserId(r.Int("author_id"));
    addendum.at = r.Time("at_us");
    addendum.text = r.Text("text");
    RETURN_IF_ERROR(r.status());
    auto it = by_id.find(note_id);
    if (it != by_id.end()) {
      it->second->addenda.push_back(std::move(addendum));
    }
  }
  return notes;
}

// The note's status, or kNotFound.
Result<session::NoteStatus> StatusOfNote(Connection& db, ClinicId clinic_id, NoteId id) {
  ASSIGN_OR_RETURN(auto rows,
                   db.Query("SELECT status FROM session_notes WHERE clinic_id = $1 AND id = $2",
                            Params{V(clinic_id), V(id)}));
  if (rows.empty()) {
    return NotFoundError("session note", id.value());
  }
  RowReader r(rows[0], "session_notes");
  auto status = r.Enum("status", session::ParseNoteStatus);
  RETURN_IF_ERROR(r.status());
  return status;
}

// kFailedPrecondition "session note <id> is signed" unless the note is a draft.
Status RequireDraft(Connection& db, ClinicId clinic_id, NoteId id) {
  ASSIGN_OR_RETURN(session::NoteStatus status, StatusOfNote(db, clinic_id, id));
  if (status == session::NoteStatus::kSigned) {
    return FailedPrecondition("session note " + std::to_string(id.value()) + " is signed");
  }
  return OkStatus();
}

}  // namespace

Result<NoteId> CreateNote(Connection& db, ClinicId clinic_id, const session::SessionNote& note) {
  RETURN_IF_ERROR(session::ValidateSessionNote(note));
  RETURN_IF_ERROR(Require(db, "sessions", "session", clinic_id, note.session_id.value()));
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, note.author_id.value()));
  return Insert<NoteId>(
      db, "session_notes",
      "INSERT INTO session_notes (clinic_id, session_id, author_id, subjective, "
      "objective, assessment, plan, strip_passes, trigger_points, release_areas, "
      "pressure, tolerance, nprs_before, nprs_after, adverse_events, status, "
      "created_at_us, updated_at_us, no_hands_on_reason, deviation_reason, "
      "standing_tolerance_minutes, schober_cm, fingertip_to_floor_cm) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'draft', $16, $17, $18, $19, $20, $21, "
      "$22) RETURNING id",
      {V(clinic_id),
       V(note.session_id),
       V(note.author_id),
       V(note.soap.subjective),
       V(note.soap.objective),
       V(note.soap.assessment),
       V(note.soap.plan),
       V(EncodeStripPasses(note.techniques.strip_passes)),
       V(EncodeTriggerPoints(note.techniques.trigger_points)),
       V(EncodeReleaseAreas(note.techniques.release_areas)),
       OptionalName(note.techniques.pressure, session::PressureName),
       OptionalName(note.techniques.tolerance, session::ToleranceName),
       V(note.nprs_before),
       V(note.nprs_after),
       V(EncodeAdverseEvents(note.adverse_events)),
       V(note.created_at),
       V(note.updated_at),
       V(note.techniques.no_hands_on_reason),
       V(note.techniques.deviation_reason),
       V(note.measures.standing_tolerance_minutes),
       V(note.measures.schober_cm),
       V(note.measures.fingertip_to_floor_cm)});
}

Result<session::SessionNote> GetNote(Connection& db, ClinicId clinic_id, NoteId id) {
  ASSIGN_OR_RETURN(auto notes,
                   SelectNotes(db, "n.clinic_id = $1 AND n.id = $2", {V(clinic_id), V(id)}));
  if (notes.empty()) {
    return NotFoundError("session note", id.value());
  }
  return std::move(notes[0]);
}

Result<session::SessionNote> FindNoteForSession(Connection& db, ClinicId clinic_id,
                                                SessionId session_id) {
  ASSIGN_OR_RETURN(auto notes, SelectNotes(db, "n.clinic_id = $1 AND n.session_id = $2",
                                           {V(clinic_id), V(session_id)}));
  if (notes.empty()) {
    return NotFound("session note not found");
  }
  return std::move(notes[0]);
}

Result<std::vector<session::SessionNote>> ListNotesForPatient(Connection& db, ClinicId clinic_id,
                                                              PatientId patient_id) {
  return SelectNotes(db, "n.clinic_id = $1 AND s.patient_id = $2", {V(clinic_id), V(patient_id)});
}

Status UpdateDraftNote(Connection& db, ClinicId clinic_id, const session::SessionNote& note) {
  RETURN_IF_ERROR(RequireDraft(db, clinic_id, note.id));
  RETURN_IF_ERROR(session::ValidateSessionNote(note));
  return Write(
      db,
      "UPDATE session_notes SET subjective = $3, objective = $4, assessment = $5, plan = $6, "
      "strip_passes = $7, trigger_points = $8, release_areas = $9, pressure = $10, "
      "tolerance = $11, nprs_before = $12, nprs_after = $13, adverse_events = $14, "
      "updated_at_us = $15, no_hands_on_reason = $16, deviation_reason = $17, "
      "standing_tolerance_minutes = $18, schober_cm = $19, fingertip_to_floor_cm = $20 "
      "WHERE clinic_id = $1 AND id = $2",
      {V(clinic_id),
       V(note.id),
       V(note.soap.subjective),
       V(note.soap.objective),
       V(note.soap.assessment),
       V(note.soap.plan),
       V(EncodeStripPasses(note.techniques.strip_passes)),
       V(EncodeTriggerPoints(note.techniques.trigger_points)),
       V(EncodeReleaseAreas(note.techniques.release_areas)),
       OptionalName(note.techniques.pressure, session::PressureName),
       OptionalName(note.techniques.tolerance, session::ToleranceName),
       V(note.nprs_before),
       V(note.nprs_after),
       V(EncodeAdverseEvents(note.adverse_events)),
       V(note.updated_at),
       V(note.techniques.no_hands_on_reason),
       V(note.techniques.deviation_reason),
       V(note.measures.standing_tolerance_minutes),
       V(note.measures.schober_cm),
       V(note.measures.fingertip_to_floor_cm)});
}

Status SignNote(Connection& db, ClinicId clinic_id, NoteId id, UserId signer,
                clinic::Timestamp signed_at) {
  RETURN_IF_ERROR(RequireDraft(db, clinic_id, id));
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, signer.value()));
  return Write(db,
               "UPDATE session_notes SET status = 'signed', signed_by = $3, "
               "signed_at_us = $4 WHERE clinic_id = $1 AND id = $2",
               {V(clinic_id), V(id), V(signer), V(signed_at)});
}

Status AddAddendum(Connection& db, ClinicId clinic_id, NoteId id,
                   const session::Addendum& addendum) {
  ASSIGN_OR_RETURN(session::NoteStatus status, StatusOfNote(db, clinic_id, id));
  if (status != session::NoteStatus::kSigned) {
    return FailedPrecondition("session note " + std::to_string(id.value()) + " is a draft");
  }
  RETURN_IF_ERROR(ValidateAddendum(addendum));
  RETURN_IF_ERROR(Require(db, "users", "user", clinic_id, addendum.author_id.value()));
  return Write(db,
               "INSERT INTO note_addenda (clinic_id, note_id, author_id, at_us, text) "
               "VALUES ($1, $2, $3, $4, $5)",
               {V(clinic_id), V(id), V(addendum.author_id), V(addendum.at), V(addendum.text)});
}

Status DeleteDraftNote(Connection& db, ClinicId clinic_id, NoteId id) {
  RETURN_IF_ERROR(RequireDraft(db, clinic_id, id));
  return Write(db, "DELETE FROM session_notes WHERE clinic_id = $1 AND id = $2",
               {V(clinic_id), V(id)});
}

}  // namespace backcare::store::sql
