// The time-zone port: how the core turns a clinic's local civil date and time into a UTC instant
// and back, without reading the tz database itself. The real implementation (IANA zones through
// date-tz) lives in src/exchange/tz; FakeTimeZone below is a fixed offset with optional
// transitions, for tests.
//
// Local times that do not exist (the spring-forward gap) or occur twice (the fall-back overlap)
// are reported as such by MapLocal; ResolveLocalTime applies backcare's one policy: a
// non-existent local time is skipped (no instant), an ambiguous one takes the earlier instant.
#ifndef BACKCARE_CORE_PORTS_TIME_ZONE_H_
#define BACKCARE_CORE_PORTS_TIME_ZONE_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace backcare::ports {

// A civil date and time on the clinic's wall clock, to the minute.
using LocalMinutes = std::chrono::local_time<std::chrono::minutes>;
// An instant in UTC, to the minute.
using UtcMinutes = std::chrono::sys_time<std::chrono::minutes>;

// How one local time maps to UTC.
struct LocalTimeMapping {
  enum class Kind {
    kUnique,       // exactly one instant: `earliest` == `latest`
    kNonexistent,  // skipped by a forward transition: `earliest` == `latest` == the transition
    kAmbiguous,    // occurs twice: `earliest` < `latest`
  };
  Kind kind = Kind::kUnique;
  UtcMinutes earliest;
  UtcMinutes latest;
  friend bool operator==(const LocalTimeMapping&, const LocalTimeMapping&) = default;
};

// A time zone. Implementations are immutable after construction and safe to share between
// threads.
class TimeZone {
 public:
  virtual ~TimeZone() = default;

  // The zone's identifier, e.g. "Europe/London" (used as the TZID in iCalendar feeds).
  virtual std::string Name() const = 0;

  // The UTC instant(s) a local civil time corresponds to.
  virtual LocalTimeMapping MapLocal(LocalMinutes local) const = 0;

  // The local civil time of a UTC instant (always exists and is unique).
  virtual LocalMinutes ToLocal(UtcMinutes utc) const = 0;
};

// backcare's policy for planning: the instant of `local`, or nullopt when `local` does not exist
// (spring-forward gap: the slot is skipped). An ambiguous time (fall-back overlap) resolves to the
// earlier instant (the first occurrence, still on daylight time).
std::optional<UtcMinutes> ResolveLocalTime(const TimeZone& zone, LocalMinutes local);

// A zone with a fixed UTC offset and, optionally, offset changes at given instants. Deterministic
// and table-free: for core tests.
class FakeTimeZone final : public TimeZone {
 public:
  FakeTimeZone(std::string name, std::chrono::minutes utc_offset);

  // From instant `at` on, the offset is `new_offset`. Transitions must be added in increasing
  // order of `at` (checked).
  void AddTransition(UtcMinutes at, std::chrono::minutes new_offset);

  std::string Name() const override { return name_; }
  LocalTimeMapping MapLocal(LocalMinutes local) const override;
  LocalMinutes ToLocal(UtcMinutes utc) const override;

 private:
  struct Transition {
    UtcMinutes at;
    std::chrono::minutes offset;
  };
  std::chrono::minutes OffsetAt(UtcMinutes utc) const;

  std::string name_;
  std::chrono::minutes initial_offset_;
  std::vector<Transition> transitions_;
};

}  // namespace backcare::ports

#endif  // BACKCARE_CORE_PORTS_TIME_ZONE_H_
