// A session note: the therapist's record of one session (SOAP fields, technique log, pre- and
// post-session NPRS, adverse events). A note is a draft until signed; a signed note is a legal
// record and never changes again, except that addenda (author, time, text) may be appended.
// ValidateSessionNote checks a note's own fields; the store calls it on every write.
#ifndef BACKCARE_CORE_SESSION_SESSION_NOTE_H_
#define BACKCARE_CORE_SESSION_SESSION_NOTE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/time.h"

namespace backcare::session {

enum class Side { kLeft, kRight, kBilateral, kMidline };
inline constexpr EnumNames<Side, 4> kSideNames = {{
    {Side::kLeft, "left"},
    {Side::kRight, "right"},
    {Side::kBilateral, "bilateral"},
    {Side::kMidline, "midline"},
}};
std::string_view SideName(Side side);
std::optional<Side> ParseSide(std::string_view name);

// Muscle stripping: `passes` strokes along `region` on `side` in `direction`.
struct StripPass {
  std::string region;  // e.g. "erector_spinae"; non-empty
  Side side = Side::kBilateral;
  std::string direction;  // e.g. "sacrum_to_neck"; non-empty
  int passes = 1;         // 1..100
  friend bool operator==(const StripPass&, const StripPass&) = default;
};

// One trigger point held with sustained pressure.
struct TriggerPointHold {
  std::string muscle;  // e.g. "quadratus_lumborum"; non-empty
  Side side = Side::kLeft;
  int hold_seconds = 0;  // 1..600
  friend bool operator==(const TriggerPointHold&, const TriggerPointHold&) = default;
};

// Myofascial release over an area.
struct ReleaseArea {
  std::string area;  // e.g. "thoracolumbar_fascia"; non-empty
  int minutes = 0;   // 0..120 (0 = not timed)
  friend bool operator==(const ReleaseArea&, const ReleaseArea&) = default;
};

enum class Pressure { kLight, kModerate, kFirm, kDeep };
inline constexpr EnumNames<Pressure, 4> kPressureNames = {{
    {Pressure::kLight, "light"},
    {Pressure::kModerate, "moderate"},
    {Pressure::kFirm, "firm"},
    {Pressure::kDeep, "deep"},
}};
std::string_view PressureName(Pressure pressure);
std::optional<Pressure> ParsePressure(std::string_view name);

enum class Tolerance { kWell, kFair, kPoor };
inline constexpr EnumNames<Tolerance, 3> kToleranceNames = {{
    {Tolerance::kWell, "well"},
    {Tolerance::kFair, "fair"},
    {Tolerance::kPoor, "poor"},
}};
std::string_view ToleranceName(Tolerance tolerance);
std::optional<Tolerance> ParseTolerance(std::string_view name);

// What was done in the session. A note records only what was entered: pressure and tolerance
// are absent (std::nullopt) until the therapist enters them.
struct TechniqueLog {
  std::vector<StripPass> strip_passes;
  std::vector<TriggerPointHold> trigger_points;
  std::vector<ReleaseArea> release_areas;
  std::optional<Pressure> pressure;    // absent = not entered
  std::optional<Tolerance> tolerance;  // absent = not entered
  // Why no hands-on treatment was given (e.g. "deferred: new red flag"); empty = none. A note
  // states either this or at least one technique entry, never both.
  std::string no_hands_on_reason;
  // Why the log departs from the protocol's technique parameters (core/session/technique_check.h:
  // a hold outside the range, stripping against the direction); empty = it does not, or not
  // stated (then such a log is refused).
  std::string deviation_reason{};
  friend bool operator==(const TechniqueLog&, const TechniqueLog&) = default;
};

enum class AdverseEventKind { kSoreness, kBruising, kNewNumbness, kRadiatingPain, kOther };
inline constexpr EnumNames<AdverseEventKind, 5> kAdverseEventKindNames = {{
    {AdverseEventKind::kSoreness, "soreness"},
    {AdverseEventKind::kBruising, "bruising"},
    {AdverseEventKind::kNewNumbness, "new_numbness"},
    {AdverseEventKind::kRadiatingPain, "radiating_pain"},
    {AdverseEventKind::kOther, "other"},
}};
std::string_view AdverseEventKindName(AdverseEventKind kind);
std::optional<AdverseEventKind> ParseAdverseEventKind(std::string_view name);

enum class Severity { kMild, kModerate, kSevere };
inline constexpr EnumNames<Severity, 3> kSeverityNames = {{
    {Severity::kMild, "mild"},
    {Severity::kModerate, "moderate"},
    {Severity::kSevere, "severe"},
}};
std::string_view SeverityName(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view name);

struct AdverseEvent {
  AdverseEventKind kind = AdverseEventKind::kSoreness;
  Severity severity = Severity::kMild;
  std::string note;  // may be empty
  friend bool operator==(const AdverseEvent&, const AdverseEvent&) = default;
};

struct Soap {
  std::string subjective;
  std::string objective;
  std::string assessment;
  std::string plan;
  friend bool operator==(const Soap&, const Soap&) = default;
};

struct Addendum {
  UserId author_id;
  clinic::Timestamp at;
  std::string text;  // non-empty
  friend bool operator==(const Addendum&, const Addendum&) = default;
};

// Objective measures taken in the session (the O of SOAP, as numbers), so that the protocol's
// phase goals "improved standing tolerance" and "better spinal mobility" can be followed over a
// course. Each is optional: absent = not measured in this session.
struct ObjectiveMeasures {
  // How long the patient can stand before the pain starts, in whole minutes: 0..480 (0 = pain on
  // standing up; 8 hours is the longest a clinic would time or a patient report).
  std::optional<int> standing_tolerance_minutes;
  // Modified Schober test: how far the 15 cm span marked over the lumbar spine (10 cm above and
  // 5 cm below the line between the posterior superior iliac spines) lengthens in full forward
  // flexion, in cm to one decimal: 0.0..15.0 (healthy adults lengthen it by about 5 to 7 cm;
  // 15.0 would double the span, more than any spine does).
  std::optional<double> schober_cm;
  // Fingertip-to-floor distance in full forward flexion with straight knees, in cm to one
  // decimal: -30.0..80.0. 0.0 = the fingertips touch the floor; a negative value is measured
  // standing on a step, with the fingertips that far below the level of the feet (hypermobile
  // patients); 80.0 is above any distance reported for adults with low back pain (fingertips at
  // about knee height).
  std::optional<double> fingertip_to_floor_cm;
  friend bool operator==(const ObjectiveMeasures&, const ObjectiveMeasures&) = default;
};

// The measures' ranges (inclusive), as ValidateSessionNote checks them.
inline constexpr int kMinStandingToleranceMinutes = 0;
inline constexpr int kMaxStandingToleranceMinutes = 480;
inline constexpr double kMinSchoberCm = 0.0;
inline constexpr double kMaxSchoberCm = 15.0;
inline constexpr double kMinFingertipToFloorCm = -30.0;
inline constexpr double kMaxFingertipToFloorCm = 80.0;

enum class NoteStatus { kDraft, kSigned };
inline constexpr EnumNames<NoteStatus, 2> kNoteStatusNames = {{
    {NoteStatus::kDraft, "draft"},
    {NoteStatus::kSigned, "signed"},
}};
std::string_view NoteStatusName(NoteStatus status);
std::optional<NoteStatus> ParseNoteStatus(std::string_view name);

struct SessionNote {
  NoteId id;  // assigned by the store
  ClinicId clinic_id;
  SessionId session_id;  // one note per session
  UserId author_id;
  Soap soap;
  TechniqueLog techniques;
  std::optional<int> nprs_before;  // 0..10
  std::optional<int> nprs_after;   // 0..10
  ObjectiveMeasures measures;
  std::vector<AdverseEvent> adverse_events;
  NoteStatus status = NoteStatus::kDraft;  // set by the store (SignNote); drafts are written
  std::optional<UserId> signed_by;         // set together with signed_at when signed
  std::optional<clinic::Timestamp> signed_at;
  std::vector<Addendum> addenda;  // in the order added; only on signed notes
  clinic::Timestamp created_at;
  clinic::Timestamp updated_at;
  friend bool operator==(const SessionNote&, const SessionNote&) = default;
};

// Checks the note's own fields and returns kInvalidInput listing every bad field by path
// ("nprs_before", "techniques.trigger_points[1].hold_seconds", "objective_measures.schober_cm",
// ...) with the expected range and the value found. The measures in cm must be finite, in range
// and have at most one decimal (4.25 is refused: the tape is read to the millimetre). Does not look
// at status, signer or addenda.
Status ValidateSessionNote(const SessionNote& note);

// What a signed treatment note must hold: non-empty "soap.subjective" and "soap.assessment", and
// at least one technique entry (a strip pass, a trigger-point hold or a release area) or a
// "techniques.no_hands_on_reason". Returns kFailedPrecondition "session note N cannot be signed:
// missing soap.subjective, soap.assessment, techniques (at least one strip pass, trigger-point
// hold or release area, or techniques.no_hands_on_reason)" naming every missing field, or OK.
// Does not look at status or signer.
Status CheckSignable(const SessionNote& note);

}  // namespace backcare::session

#endif  // BACKCARE_CORE_SESSION_SESSION_NOTE_H_
