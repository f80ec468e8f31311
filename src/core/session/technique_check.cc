#include "core/session/technique_check.h"

#include <algorithm>

namespace backcare::session {
namespace {

constexpr std::string_view kStripping = "muscle_stripping";
constexpr std::string_view kTriggerPoint = "trigger_point";
constexpr std::string_view kRelease = "myofascial_release";

const protocol::Technique* FindTechnique(const protocol::Protocol& protocol, std::string_view id) {
  const auto found = std::find_if(protocol.techniques.begin(), protocol.techniques.end(),
                                  [&](const protocol::Technique& t) { return t.id == id; });
  return found == protocol.techniques.end() ? nullptr : &*found;
}

std::string Entry(std::string_view list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// The areas one technique's entries work on, with their paths.
struct Worked {
  std::string path;
  std::string area;
};

std::vector<Worked> WorkedAreas(const TechniqueLog& log, std::string_view technique_id) {
  std::vector<Worked> worked;
  if (technique_id == kStripping) {
    for (std::size_t i = 0; i < log.strip_passes.size(); ++i) {
      worked.push_back({Entry("strip_passes", i), log.strip_passes[i].region});
    }
  } else if (technique_id == kTriggerPoint) {
    for (std::size_t i = 0; i < log.trigger_points.size(); ++i) {
      worked.push_back({Entry("trigger_points", i), log.trigger_points[i].muscle});
    }
  } else if (technique_id == kRelease) {
    for (std::size_t i = 0; i < log.release_areas.size(); ++i) {
      worked.push_back({Entry("release_areas", i), log.release_areas[i].area});
    }
  }
  return worked;
}

std::string Because(const screening::TechniqueRestriction& restriction) {
  return "screening condition '" + restriction.condition + "': " + restriction.note;
}

Status CheckRestriction(const TechniqueLog& log,
                        const screening::TechniqueRestriction& restriction) {
  const std::vector<Worked> worked = WorkedAreas(log, restriction.technique_id);
  if (worked.empty()) {
    return OkStatus();
  }
  if (restriction.action == protocol::PrecautionAction::kDisable) {
    return FailedPrecondition("technique '" + restriction.technique_id +
                              "' is disabled for this patient (screening condition '" +
                              restriction.condition + "')");
  }
  for (const Worked& entry : worked) {
    if (std::find(restriction.avoid_areas.begin(), restriction.avoid_areas.end(), entry.area) !=
        restriction.avoid_areas.end()) {
      return FailedPrecondition(entry.path + ": " + restriction.technique_id + " on '" +
                                entry.area + "' is restricted for this patient (" +
                                Because(restriction) + ")");
    }
  }
  const std::optional<Pressure> limit = ParsePressure(restriction.max_pressure);
  if (limit && log.pressure && *log.pressure > *limit) {
    return FailedPrecondition("pressure: '" + std::string(PressureName(*log.pressure)) +
                              "' is firmer than '" + restriction.max_pressure + "', the most " +
                              restriction.technique_id + " may use for this patient (" +
                              Because(restriction) + ")");
  }
  return OkStatus();
}

}  // namespace

std::vector<ProtocolDeviation> ProtocolDeviations(const TechniqueLog& log,
                                                  const protocol::Protocol& protocol) {
  std::vector<ProtocolDeviation> deviations;
  if (const protocol::Technique* stripping = FindTechnique(protocol, kStripping);
      stripping != nullptr && !stripping->direction.empty()) {
    for (std::size_t i = 0; i < log.strip_passes.size(); ++i) {
      const StripPass& pass = log.strip_passes[i];
      if (pass.direction != stripping->direction) {
        deviations.push_back(
            {Entry("strip_passes", i), pass.region + " stripped " + pass.direction +
                                           "; the protocol strips " + stripping->direction});
      }
    }
  }
  if (const protocol::Technique* trigger = FindTechnique(protocol, kTriggerPoint);
      trigger != nullptr && trigger->hold_seconds) {
    const protocol::IntRange range = *trigger->hold_seconds;
    for (std::size_t i = 0; i < log.trigger_points.size(); ++i) {
      const TriggerPointHold& hold = log.trigger_points[i];
      if (hold.hold_seconds < range.min || hold.hold_seconds > range.max) {
        deviations.push_back({Entry("trigger_points", i),
                              hold.muscle + " held " + std::to_string(hold.hold_seconds) +
                                  " s; the protocol holds " + std::to_string(range.min) + "-" +
                                  std::to_string(range.max) + " s"});
      }
    }
  }
  return deviations;
}

Status CheckTechniqueLog(const TechniqueLog& log, const protocol::Protocol& protocol,
                         std::span<const screening::TechniqueRestriction> restrictions,
                         std::string_view deviation_reason) {
  for (const screening::TechniqueRestriction& restriction : restrictions) {
    RETURN_IF_ERROR(CheckRestriction(log, restriction));
  }
  const std::vector<ProtocolDeviation> deviations = ProtocolDeviations(log, protocol);
  if (deviations.empty() || !deviation_reason.empty()) {
    return OkStatus();
  }
  std::string listed;
  for (const ProtocolDeviation& deviation : deviations) {
    listed += (listed.empty() ? "" : "; ") + deviation.path + ": " + deviation.message;
  }
  return FailedPrecondition("the technique log departs from protocol '" + protocol.id +
                            "' version " + std::to_string(protocol.version) + " (" + listed +
                            "): state a deviation_reason to keep it");
}

}  // namespace backcare::session
