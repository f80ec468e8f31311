// Semantic validation of a treatment protocol: the rules a Protocol must satisfy before anything
// downstream (planner, progress bands, screening, claims) may rely on it. Pure: it knows nothing
// of files; a codec passes a SourceMap so errors can still name "file:line:column".
// The order of the checks and the exact wording of every message are documented in
// docs/protocol-format.md; tests assert them literally.
#ifndef BACKCARE_CORE_PROTOCOL_VALIDATE_H_
#define BACKCARE_CORE_PROTOCOL_VALIDATE_H_

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/protocol/protocol.h"

namespace backcare::protocol {

// Where each field came from: field path ("phases[1].cadence") -> "file:line:column".
// Codecs fill it with every key they read; it may be empty (a Protocol built in code).
using SourceMap = std::map<std::string, std::string, std::less<>>;

// The location of `path`, or of its nearest recorded ancestor when the path itself is absent
// (a key left out of the file is reported at the table that should have held it):
// "phases[1].cadence.sessions_per_week" -> "phases[1].cadence" -> "phases[1]" -> "phases".
// Empty when nothing on the way is recorded.
std::string LocateField(const SourceMap& source_map, std::string_view path);

// Instrument ids a protocol may name in checkpoints and claims: nprs, odi, rmdq, peg, startback.
std::span<const std::string_view> KnownInstrumentIds();

// Posture contexts ("sitting", "standing", "sleeping") and rebalancing actions ("release",
// "strengthen") a home exercise may name.
std::span<const std::string_view> PostureContexts();
std::span<const std::string_view> RebalancingActions();

// A checkpoint's `week` may be at most this many weeks after the last phase ends: follow-up
// assessments are usually taken after treatment has stopped.
inline constexpr int kMaxFollowUpWeeksAfterCourse = 52;

// Every problem in `protocol`, in a fixed order (top-level fields, phases, techniques, home
// program, checkpoints, claims; within each, element by element), never stopping at the first.
// Each FieldError has the field path, the location from `source_map` (LocateField) and a message
// saying what was expected and what was found. Empty means valid.
std::vector<FieldError> ValidateProtocol(const Protocol& protocol, const SourceMap& source_map);

// The week the course ends: the last phase's end_week (0 when there are no phases).
int CourseEndWeek(const Protocol& protocol);

}  // namespace backcare::protocol

#endif  // BACKCARE_CORE_PROTOCOL_VALIDATE_H_
