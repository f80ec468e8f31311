#include "core/session/session_note.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace backcare::session {
namespace {

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

std::string DecimalText(double value) {
  std::array<char, 32> buffer{};
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) {
    return "?";
  }
  return std::string(buffer.data(), end);
}

std::string OneDecimalText(double value) {
  std::array<char, 32> buffer{};
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, 1);
  if (error != std::errc()) {
    return "?";
  }
  return std::string(buffer.data(), end);
}

// A length read off a tape to the millimetre: finite, min..max, at most one decimal.
void CheckCentimetres(std::vector<FieldError>& errors, const std::string& path, double value,
                      double min, double max) {
  const std::string expected = "expected " + OneDecimalText(min) + ".." + OneDecimalText(max) +
                               " cm with at most one decimal, got ";
  if (!std::isfinite(value) || value < min || value > max) {
    errors.push_back({"", path, expected + DecimalText(value)});
    return;
  }
  const double tenths = value * 10.0;
  if (std::fabs(tenths - std::round(tenths)) > 1e-6) {
    errors.push_back({"", path, expected + DecimalText(value)});
  }
}

}  // namespace

std::string_view SideName(Side side) { return NameOf(kSideNames, side); }
std::optional<Side> ParseSide(std::string_view name) { return ValueOf(kSideNames, name); }
std::string_view PressureName(Pressure pressure) { return NameOf(kPressureNames, pressure); }
std::optional<Pressure> ParsePressure(std::string_view name) {
  return ValueOf(kPressureNames, name);
}
std::string_view ToleranceName(Tolerance tolerance) { return NameOf(kToleranceNames, tolerance); }
std::optional<Tolerance> ParseTolerance(std::string_view name) {
  return ValueOf(kToleranceNames, name);
}
std::string_view AdverseEventKindName(AdverseEventKind kind) {
  return NameOf(kAdverseEventKindNames, kind);
}
std::optional<AdverseEventKind> ParseAdverseEventKind(std::string_view name) {
  return ValueOf(kAdverseEventKindNames, name);
}
std::string_view SeverityName(Severity severity) { return NameOf(kSeverityNames, severity); }
std::optional<Severity> ParseSeverity(std::string_view name) {
  return ValueOf(kSeverityNames, name);
}
std::string_view NoteStatusName(NoteStatus status) { return NameOf(kNoteStatusNames, status); }
std::optional<NoteStatus> ParseNoteStatus(std::string_view name) {
  return ValueOf(kNoteStatusNames, name);
}

Status ValidateSessionNote(const SessionNote& note) {
  std::vector<FieldError> errors;
  if (note.nprs_before) {
    CheckRange(errors, "nprs_before", *note.nprs_before, 0, 10);
  }
  if (note.nprs_after) {
    CheckRange(errors, "nprs_after", *note.nprs_after, 0, 10);
  }
  const ObjectiveMeasures& measures = note.measures;
  if (measures.standing_tolerance_minutes) {
    CheckRange(errors, "objective_measures.standing_tolerance_minutes",
               *measures.standing_tolerance_minutes, kMinStandingToleranceMinutes,
               kMaxStandingToleranceMinutes);
  }
  if (measures.schober_cm) {
    CheckCentimetres(errors, "objective_measures.schober_cm", *measures.schober_cm, kMinSchoberCm,
                     kMaxSchoberCm);
  }
  if (measures.fingertip_to_floor_cm) {
    CheckCentimetres(errors, "objective_measures.fingertip_to_floor_cm",
                     *measures.fingertip_to_floor_cm, kMinFingertipToFloorCm,
                     kMaxFingertipToFloorCm);
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
  const TechniqueLog& log = note.techniques;
  if (!log.no_hands_on_reason.empty() &&
      (!log.strip_passes.empty() || !log.trigger_points.empty() || !log.release_areas.empty())) {
    errors.push_back(
        {"", "techniques.no_hands_on_reason", "expected empty when technique entries are logged"});
  }
  if (!errors.empty()) {
    std::string message = "session note: " + std::to_string(errors.size()) + " invalid field(s)";
    return InvalidInput(std::move(message), std::move(errors));
  }
  return OkStatus();
}

Status CheckSignable(const SessionNote& note) {
  std::vector<std::string> missing;
  if (note.soap.subjective.empty()) {
    missing.emplace_back("soap.subjective");
  }
  if (note.soap.assessment.empty()) {
    missing.emplace_back("soap.assessment");
  }
  const TechniqueLog& log = note.techniques;
  if (log.strip_passes.empty() && log.trigger_points.empty() && log.release_areas.empty() &&
      log.no_hands_on_reason.empty()) {
    missing.emplace_back(
        "techniques (at least one strip pass, trigger-point hold or release area, or "
        "techniques.no_hands_on_reason)");
  }
  if (missing.empty()) {
    return OkStatus();
  }
  std::string message =
      "session note " + std::to_string(note.id.value()) + " cannot be signed: missing ";
  for (std::size_t i = 0; i < missing.size(); ++i) {
    message += (i == 0 ? "" : ", ") + missing[i];
  }
  return FailedPrecondition(std::move(message));
}

}  // namespace backcare::session
