// Session-note use cases: drafting and editing a note for a session, signing it (after which it
// never changes), adding addenda to a signed note, and reading notes. Only therapists write
// notes; admins may read them; front desk and patients may not see them at all.
//
// Technique rule: a note may not log a technique that the patient's latest screening disables
// (screening::RestrictTechniques over the protocol): strip passes are "muscle_stripping", trigger
// point holds "trigger_point", release areas "myofascial_release".
#ifndef BACKCARE_APP_NOTE_SERVICE_H_
#define BACKCARE_APP_NOTE_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/screening/precautions.h"
#include "core/session/session_note.h"
#include "core/session/technique_check.h"

namespace backcare::app {

// The editable part of a note.
struct NoteContent {
  session::Soap soap;
  session::TechniqueLog techniques;
  std::optional<int> nprs_before;       // 0..10
  std::optional<int> nprs_after;        // 0..10
  session::ObjectiveMeasures measures;  // each absent = not measured
  std::vector<session::AdverseEvent> adverse_events;
};

// A note as a clinician reads it: the note, the protocol techniques it is checked against (with
// their parameters: direction, hold range, pressure), the patient's screening restrictions in
// force now, and the note's departures from the protocol (kept with a deviation reason).
struct NoteDetail {
  session::SessionNote note;
  std::string protocol_id;
  int protocol_version = 0;
  std::vector<protocol::Technique> techniques;
  std::vector<screening::TechniqueRestriction> restrictions;
  std::vector<session::ProtocolDeviation> deviations;
  // The areas the patient's latest screening says to avoid, each with its condition.
  std::vector<screening::AreaToAvoid> areas_to_avoid{};
};

class NoteService {
 public:
  explicit NoteService(AppContext context);

  // Drafts the note of a session (therapists). kNotFound for a session not in the clinic;
  // kConflict (field "session_id") when it already has a note; kFailedPrecondition when the
  // session is cancelled or missed or has not begun (core/session/session_rules.h), or
  // "technique 'trigger_point' is disabled for this patient (screening condition
  // 'osteoporosis')"; kInvalidInput from session::ValidateSessionNote.
  // Audits "note.create".
  Result<NoteId> DraftNote(const RequestContext& context, SessionId session_id,
                           const NoteContent& content);

  // Replaces a draft's content (therapists) and returns its new updated_at. With
  // `expected_updated_at` (the version the editor loaded, to the microsecond), kConflict "session
  // note N was changed at <time> ..." when it was saved since, so two open windows cannot
  // overwrite each other unseen. kFailedPrecondition "session note N is signed" for a signed
  // note; otherwise as DraftNote. Audits "note.update".
  Result<clinic::Timestamp> UpdateDraft(
      const RequestContext& context, NoteId note_id, const NoteContent& content,
      std::optional<clinic::Timestamp> expected_updated_at = std::nullopt);

  // Signs a draft (therapists); the session must be attended (kFailedPrecondition otherwise), the
  // note must hold what a signed note needs (session::CheckSignable: subjective, assessment and
  // at least one technique entry; kFailedPrecondition naming the note and the missing fields),
  // and a signed note is refused with kFailedPrecondition. Raises "adverse_event" (critical when
  // any is severe or is new numbness / radiating pain, else warning) when the note records any.
  // Audits "note.sign".
  Status SignNote(const RequestContext& context, NoteId note_id);

  // Appends an addendum to a signed note (therapists). kFailedPrecondition on a draft;
  // kInvalidInput (field "text") when empty. Audits "note.addendum".
  Status AddAddendum(const RequestContext& context, NoteId note_id, std::string_view text);

  // Therapists and admins read a note, with what it is checked against. Audits "note.read".
  Result<NoteDetail> GetNote(const RequestContext& context, NoteId note_id);

  // The note of a session (kNotFound when none), as GetNote. Audits "note.read".
  Result<NoteDetail> NoteForSession(const RequestContext& context, SessionId session_id);

  // Every note of a patient by session start (therapists, admins). Audits "note.list".
  Result<std::vector<session::SessionNote>> ListNotes(const RequestContext& context,
                                                      PatientId patient_id);

 private:
  // The note with what it is checked against (NoteDetail).
  Result<NoteDetail> Detail(ports::Transaction& transaction, session::SessionNote note) const;

  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_NOTE_SERVICE_H_
