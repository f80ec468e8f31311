#include "exchange/tz/iana_time_zone.h"

#include <date/tz.h>

#include <stdexcept>

namespace backcare::exchange {
namespace {

using std::chrono::duration_cast;
using std::chrono::minutes;

Result<const date::time_zone*> Locate(std::string_view name, std::string_view field) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    std::string detail = "unknown time zone '" + std::string(name) + "'";
    return InvalidInput(std::string(field) + ": " + detail,
                        {FieldError{"", std::string(field), detail}});
  }
}

ports::UtcMinutes ToMinutes(date::sys_seconds t) { return std::chrono::floor<minutes>(t); }

class IanaTimeZone final : public ports::TimeZone {
 public:
  explicit IanaTimeZone(const date::time_zone* zone) : zone_(zone) {}

  std::string Name() const override { return std::string(zone_->name()); }

  ports::LocalTimeMapping MapLocal(ports::LocalMinutes local) const override {
    date::local_time<minutes> as_date{local.time_since_epoch()};
    date::local_info info = zone_->get_info(as_date);
    auto instant = [&](const date::sys_info& sys) {
      return ports::UtcMinutes{local.time_since_epoch() - duration_cast<minutes>(sys.offset)};
    };
    using Kind = ports::LocalTimeMapping::Kind;
    switch (info.result) {
      case date::local_info::nonexistent: {
        ports::UtcMinutes at = ToMinutes(info.second.begin);
        return {Kind::kNonexistent, at, at};
      }
      case date::local_info::ambiguous:
        return {Kind::kAmbiguous, instant(info.first), instant(info.second)};
      default:
        return {Kind::kUnique, instant(info.first), instant(info.first)};
    }
  }

  ports::LocalMinutes ToLocal(ports::UtcMinutes utc) const override {
    date::sys_info info = zone_->get_info(utc);
    return ports::LocalMinutes{utc.time_since_epoch() + duration_cast<minutes>(info.offset)};
  }

 private:
  const date::time_zone* zone_;  // owned by the tz database, lives for the process
};

}  // namespace

Result<std::unique_ptr<ports::TimeZone>> LoadIanaTimeZone(std::string_view name,
                                                          std::string_view field) {
  ASSIGN_OR_RETURN(const date::time_zone* zone, Locate(name, field));
  return std::unique_ptr<ports::TimeZone>(std::make_unique<IanaTimeZone>(zone));
}

Result<std::vector<Observance>> ZoneObservances(std::string_view name, ports::UtcMinutes from,
                                                ports::UtcMinutes to, std::string_view field) {
  ASSIGN_OR_RETURN(const date::time_zone* zone, Locate(name, field));
  std::vector<Observance> out;
  date::sys_info info = zone->get_info(from);
  while (true) {
    out.push_back({ToMinutes(info.begin), duration_cast<minutes>(info.offset),
                   info.save != minutes(0), info.abbrev});
    if (ToMinutes(info.end) >= to || info.end >= date::sys_seconds::max() - date::days(1)) break;
    info = zone->get_info(info.end);
  }
  return out;
}

}  // namespace backcare::exchange
