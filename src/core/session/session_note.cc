#include "core/session/session_note.h"

#include <array>
#include <string>
#include <utility>

namespace backcare::session {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view NameOf(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  BACKCARE_CHECK(false);
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& [candidate, candidate_name] : table) {
    if (candidate_name == name) {
      return candidate;
    }
  }
  return std::nullopt;
}

constexpr NameTable<Side, 4> kSides = {{{Side::kLeft, "left"},
                                        {Side::kRight, "right"},
                                        {Side::kBilateral, "bilateral"},
                                        {Side::kMidline, "midline"}}};
constexpr NameTable<Pressure, 4> kPressures = {{{Pressure::kLight, "light"},
                                                {Pressure::kModerate, "moderate"},
                                                {Pressure::kFirm, "firm"},
                                                {Pressure::kDeep, "deep"}}};
constexpr NameTable<Tolerance, 3> kTolerances = {
    {{Tolerance::kWell, "well"}, {Tolerance::kFair, "fair"}, {Tolerance::kPoor, "poor"}}};
constexpr NameTable<AdverseEventKind, 5> kAdverseKinds = {
    {{AdverseEventKind::kSoreness, "soreness"},
     {AdverseEventKind::kBruising, "bruising"},
     {AdverseEventKind::kNewNumbness, "new_numbness"},
     {AdverseEventKind::kRadiatingPain, "radiating_pain"},
     {AdverseEventKind::kOther, "other"}}};
constexpr NameTable<Severity, 3> kSeverities = {
    {{Severity::kMild, "mild"}, {Severity::kModerate, "moderate"}, {Severity::kSevere, "severe"}}};
constexpr NameTable<NoteStatus, 2> kNoteStatuses = {
    {{NoteStatus::kDraft, "draft"}, {NoteStatus::kSigned, "signed"}}};

void CheckRange(std::vector<FieldError>& errors, const std::string& path, int value, int min,
                int max) {
  if (value < min || value > max) {
    errors.push_back({"", path,
                      "expected " + std::to_string(min) + ".." + std::to_string(max) + ", got " +
                          std::to_string(value)});
  }
}

void CheckNonEmpty(std::vector<FieldError>& errors, const std::string& path,
                   const std::string& value) {
  if (value.empty()) {
    errors.push_back({"", path, "expected a non-empty value"});
  }
}

}  // namespace

std::string_view SideName(Side side) { return NameOf(kSides, side); }
std::optional<Side> ParseSide(std::string_view name) { return ValueOf(kSides, name); }
std::string_view PressureName(Pressure pressure) { return NameOf(kPressures, pressure); }
std::optional<Pressure> ParsePressure(std::string_view name) { return ValueOf(kPressures, name); }
std::string_view ToleranceName(Tolerance tolerance) { return NameOf(kTolerances, tolerance); }
std::optional<Tolerance> ParseTolerance(std::string_view name) {
  return ValueOf(kTolerances, name);
}
std::string_view AdverseEventKindName(AdverseEventKind kind) { return NameOf(kAdverseKinds, kind); }
std::optional<AdverseEventKind> ParseAdverseEventKind(std::string_view name) {
  return ValueOf(kAdverseKinds, name);
}
std::string_view SeverityName(Severity severity) { return NameOf(kSeverities, severity); }
std::optional<Severity> ParseSeverity(std::string_view name) { return ValueOf(kSeverities, name); }
std::string_view NoteStatusName(NoteStatus status) { return NameOf(kNoteStatuses, status); }
std::optional<NoteStatus> ParseNoteStatus(std::string_view name) {
  return ValueOf(kNoteStatuses, name);
}

Status ValidateSessionNote(const SessionNote& note) {
  std::vector<FieldError> errors;
  if (note.nprs_before) {
    CheckRange(errors, "nprs_before", *note.nprs_before, 0, 10);
  }
  if (note.nprs_after) {
    CheckRange(errors, "nprs_after", *note.nprs_after, 0, 10);
  }
  for (std::size_t i = 0; i < note.techniques.strip_passes.size(); ++i) {
    const StripPass& pass = note.techniques.strip_passes[i];
    const std::string path = "techniques.strip_passes[" + std::to_string(i) + "]";
    CheckNonEmpty(errors, path + ".region", pass.region);
    CheckNonEmpty(errors, path + ".direction", pass.direction);
    CheckRange(errors, path + ".passes", pass.passes, 1, 100);
  }
  for (std::size_t i = 0; i < note.techniques.trigger_points.size(); ++i) {
    const TriggerPointHold& hold = note.techniques.trigger_points[i];
    const std::string path = "techniques.trigger_points[" + std::to_string(i) + "]";
    CheckNonEmpty(errors, path + ".muscle", hold.muscle);
    CheckRange(errors, path + ".hold_seconds", hold.hold_seconds, 1, 600);
  }
  for (std::size_t i = 0; i < note.techniques.release_areas.size(); ++i) {
    const ReleaseArea& area = note.techniques.release_areas[i];
    const std::string path = "techniques.release_areas[" + std::to_string(i) + "]";
    CheckNonEmpty(errors, path + ".area", area.area);
    CheckRange(errors, path + ".minutes", area.minutes, 0, 120);
  }
  if (!errors.empty()) {
    std::string message = "session note: " + std::to_string(errors.size()) + " invalid field(s)";
    return InvalidInput(std::move(message), std::move(errors));
  }
  return OkStatus();
}

}  // namespace backcare::session
