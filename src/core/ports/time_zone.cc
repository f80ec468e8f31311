#include "core/ports/time_zone.h"

#include <algorithm>
#include <utility>

#include "core/base/check.h"

namespace backcare::ports {

std::optional<UtcMinutes> ResolveLocalTime(const TimeZone& zone, LocalMinutes local) {
  LocalTimeMapping mapping = zone.MapLocal(local);
  if (mapping.kind == LocalTimeMapping::Kind::kNonexistent) return std::nullopt;
  return mapping.earliest;
}

FakeTimeZone::FakeTimeZone(std::string name, std::chrono::minutes utc_offset)
    : name_(std::move(name)), initial_offset_(utc_offset) {}

void FakeTimeZone::AddTransition(UtcMinutes at, std::chrono::minutes new_offset) {
  BACKCARE_CHECK(transitions_.empty() || transitions_.back().at < at);
  transitions_.push_back({at, new_offset});
}

std::chrono::minutes FakeTimeZone::OffsetAt(UtcMinutes utc) const {
  std::chrono::minutes offset = initial_offset_;
  for (const Transition& transition : transitions_) {
    if (transition.at > utc) break;
    offset = transition.offset;
  }
  return offset;
}

LocalTimeMapping FakeTimeZone::MapLocal(LocalMinutes local) const {
  // Each offset the zone ever uses gives one candidate instant; it is real when the zone has
  // that offset at that instant.
  std::vector<std::chrono::minutes> offsets = {initial_offset_};
  for (const Transition& transition : transitions_) offsets.push_back(transition.offset);
  std::vector<UtcMinutes> instants;
  for (std::chrono::minutes offset : offsets) {
    UtcMinutes candidate{local.time_since_epoch() - offset};
    if (OffsetAt(candidate) == offset &&
        std::find(instants.begin(), instants.end(), candidate) == instants.end()) {
      instants.push_back(candidate);
    }
  }
  std::sort(instants.begin(), instants.end());
  if (instants.empty()) {
    // In a gap: the forward transition whose skipped local range holds `local`.
    std::chrono::minutes before = initial_offset_;
    for (const Transition& transition : transitions_) {
      if (local.time_since_epoch() - before >= transition.at.time_since_epoch() &&
          local.time_since_epoch() - transition.offset < transition.at.time_since_epoch()) {
        return {LocalTimeMapping::Kind::kNonexistent, transition.at, transition.at};
      }
      before = transition.offset;
    }
    BACKCARE_CHECK(false);  // every local time without an instant lies in some gap
  }
  if (instants.size() == 1) {
    return {LocalTimeMapping::Kind::kUnique, instants.front(), instants.front()};
  }
  return {LocalTimeMapping::Kind::kAmbiguous, instants.front(), instants.back()};
}

LocalMinutes FakeTimeZone::ToLocal(UtcMinutes utc) const {
  return LocalMinutes{utc.time_since_epoch() + OffsetAt(utc)};
}

}  // namespace backcare::ports
