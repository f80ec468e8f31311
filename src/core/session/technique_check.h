// A session note's technique log checked against the protocol and the patient's screening
// (issue 20): what the protocol prescribes is a default the therapist may depart from with a
// stated reason, while what a screening restricts is a limit the note cannot break.
//
//  - Restrictions (screening::TechniqueRestriction) are refused, kFailedPrecondition naming the
//    entry, the condition and the protocol's words: a disabled technique used at all; under a
//    modification, an entry on one of its avoid_areas, or a pressure firmer than its max_pressure.
//  - Deviations from the protocol's technique parameters: a trigger point held outside the
//    technique's hold_seconds range, a strip pass against the technique's direction. Each is
//    listed by ProtocolDeviations; a log with any is refused (kFailedPrecondition listing them)
//    unless the note states a deviation reason, which the note then keeps beside the log.
//
// The log's three lists belong to the protocol techniques "muscle_stripping" (strip_passes),
// "trigger_point" (trigger_points) and "myofascial_release" (release_areas); a protocol without
// one of them gives its list no parameters and no restrictions.
#ifndef BACKCARE_CORE_SESSION_TECHNIQUE_CHECK_H_
#define BACKCARE_CORE_SESSION_TECHNIQUE_CHECK_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "core/screening/restrictions.h"
#include "core/session/session_note.h"

namespace backcare::session {

// One departure from the protocol: the log entry's path ("trigger_points[0]") and what departs
// ("quadratus_lumborum held 45 s; the protocol holds 60-90 s").
struct ProtocolDeviation {
  std::string path;
  std::string message;
  friend bool operator==(const ProtocolDeviation&, const ProtocolDeviation&) = default;
};

// Every departure of `log` from `protocol`'s technique parameters, in log order.
std::vector<ProtocolDeviation> ProtocolDeviations(const TechniqueLog& log,
                                                  const protocol::Protocol& protocol);

// OkStatus when `log` breaks no restriction and either follows the protocol or states a reason
// (`deviation_reason` non-empty); kFailedPrecondition otherwise, as above.
Status CheckTechniqueLog(const TechniqueLog& log, const protocol::Protocol& protocol,
                         std::span<const screening::TechniqueRestriction> restrictions,
                         std::string_view deviation_reason);

}  // namespace backcare::session

#endif  // BACKCARE_CORE_SESSION_TECHNIQUE_CHECK_H_
