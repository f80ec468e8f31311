// The SQL of session notes and their addenda. A note's content lives in its own row (the lists in
// codec.h's encodings) so "a signed note never changes" is one database trigger; addenda are rows
// of note_addenda. Each function is the ports::Transaction method of the same name (the contract
// is in core/ports/clinic_store.h), run on `db`'s open transaction; the caller
// (sql_transaction.cc) has checked that the transaction is open, writable for writes, and that the
// clinic of a create exists.
#ifndef BACKCARE_STORE_SQL_NOTES_H_
#define BACKCARE_STORE_SQL_NOTES_H_

#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/session/session_note.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

Result<NoteId> CreateNote(Connection& db, ClinicId clinic_id, const session::SessionNote& note);
Result<session::SessionNote> GetNote(Connection& db, ClinicId clinic_id, NoteId id);
Result<session::SessionNote> FindNoteForSession(Connection& db, ClinicId clinic_id,
                                                SessionId session_id);
Result<std::vector<session::SessionNote>> ListNotesForPatient(Connection& db, ClinicId clinic_id,
                                                              PatientId patient_id);
Status UpdateDraftNote(Connection& db, ClinicId clinic_id, const session::SessionNote& note);
Status SignNote(Connection& db, ClinicId clinic_id, NoteId id, UserId signer,
                clinic::Timestamp signed_at);
Status AddAddendum(Connection& db, ClinicId clinic_id, NoteId id,
                   const session::Addendum& addendum);
Status DeleteDraftNote(Connection& db, ClinicId clinic_id, NoteId id);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_NOTES_H_
