#include "exchange/json/plan_json.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/screening/catalog.h"
#include "core/screening/restrictions.h"
#include "exchange/ical/ical_feed.h"

namespace backcare::exchange {
namespace {

using Json = nlohmann::ordered_json;

// The document as a JSON object; `file_name` names it in messages.
Result<Json> ParseObject(std::string_view text, const std::string& file_name) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return InvalidInput(file_name + ": not valid JSON");
  if (!json.is_object()) return InvalidInput(file_name + ": expected a JSON object");
  return json;
}

Status CheckKeys(const Json& object, const std::string& where,
                 const std::set<std::string>& allowed) {
  for (const auto& [key, value] : object.items()) {
    if (!allowed.count(key)) return InvalidInput(where + ": unknown key '" + key + "'");
  }
  return OkStatus();
}

Result<std::vector<plan::DateRange>> ParseRanges(const Json& list, const std::string& where) {
  if (!list.is_array()) return InvalidInput(where + ": expected an array of dates");
  std::vector<plan::DateRange> ranges;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string field = where + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) return InvalidInput(field + ": expected a date string");
    ASSIGN_OR_RETURN(plan::DateRange range,
                     plan::ParseDateRange(list[i].get<std::string>(), field));
    ranges.push_back(range);
  }
  return ranges;
}

// One entry of "therapists"; `ids` holds the ids of the entries before it.
Result<plan::TherapistCalendar> ParseTherapist(const Json& entry, const std::string& where,
                                               std::set<std::int64_t>& ids,
                                               const std::vector<plan::WeeklyWindow>& opening_hours,
                                               const std::vector<std::string>& all_techniques) {
  if (!entry.is_object()) return InvalidInput(where + ": expected an object");
  RETURN_IF_ERROR(CheckKeys(entry, where, {"id", "working_hours", "techniques", "time_off"}));
  if (!entry.contains("id") || !entry["id"].is_number_integer() ||
      entry["id"].get<std::int64_t>() <= 0) {
    return InvalidInput(where + ".id: expected a positive integer");
  }
  plan::TherapistCalendar therapist;
  therapist.id = TherapistId(entry["id"].get<std::int64_t>());
  if (!ids.insert(therapist.id.value()).second) {
    return InvalidInput(where + ".id: duplicate id " + std::to_string(therapist.id.value()));
  }
  therapist.working_hours = opening_hours;
  if (entry.contains("working_hours")) {
    if (!entry["working_hours"].is_string()) {
      return InvalidInput(where + ".working_hours: expected a string");
    }
    ASSIGN_OR_RETURN(therapist.working_hours,
                     plan::ParseWeeklyWindows(entry["working_hours"].get<std::string>(),
                                              where + ".working_hours"));
  }
  therapist.techniques = all_techniques;
  if (entry.contains("techniques")) {
    const Json& list = entry["techniques"];
    if (!list.is_array()) return InvalidInput(where + ".techniques: expected an array");
    therapist.techniques.clear();
    for (const Json& technique : list) {
      if (!technique.is_string()) {
        return InvalidInput(where + ".techniques: expected technique id strings");
      }
      therapist.techniques.push_back(technique.get<std::string>());
    }
  }
  if (entry.contains("time_off")) {
    ASSIGN_OR_RETURN(therapist.time_off, ParseRanges(entry["time_off"], where + ".time_off"));
  }
  return therapist;
}

Json RestrictionsToJson(const std::vector<screening::TechniqueRestriction>& list) {
  Json restrictions = Json::array();
  for (const screening::TechniqueRestriction& r : list) {
    restrictions.push_back(
        {{"technique", r.technique_id},
         {"action", r.action == protocol::PrecautionAction::kDisable ? "disable" : "modify"},
         {"condition", r.condition},
         {"note", r.note}});
  }
  return restrictions;
}

Json SessionToJson(CourseId course_id, const plan::PlannedSession& s) {
  Json session;
  session["number"] = s.number;
  session["uid"] = SessionUid(course_id, s.number);
  session["phase"] = s.phase_id;
  session["week"] = s.week;
  session["date"] = plan::FormatDate(s.Date());
  session["weekday"] = std::string(plan::WeekdayName(std::chrono::weekday{s.Date()}));
  session["local_start"] = plan::FormatLocalDateTime(s.local_start);
  session["local_end"] = plan::FormatLocalDateTime(s.local_end);
  session["utc_start"] = plan::FormatUtc(s.utc_start);
  session["utc_end"] = plan::FormatUtc(s.utc_end);
  session["therapist"] = s.therapist.value();
  session["room"] = s.room ? Json(s.room->value()) : Json(nullptr);
  session["status"] = std::string(plan::PlannedSessionStatusName(s.status));
  session["sequence"] = s.sequence;
  session["make_up"] = s.make_up;
  session["checkpoints"] = s.checkpoints;
  session["techniques"] = s.techniques;
  session["restrictions"] = RestrictionsToJson(s.restrictions);
  Json released = Json::array();
  for (TherapistId id : s.released_therapists) released.push_back(id.value());
  session["released_therapists"] = released;
  return session;
}

}  // namespace

Result<ClosuresFile> ClosuresFromJson(std::string_view json_text, std::string_view file_name) {
  const std::string path(file_name);
  ASSIGN_OR_RETURN(Json json, ParseObject(json_text, path));
  RETURN_IF_ERROR(CheckKeys(json, path, {"opening_hours", "closures"}));
  ClosuresFile file;
  if (json.contains("opening_hours")) {
    std::string field = path + ": opening_hours";
    if (!json["opening_hours"].is_string()) return InvalidInput(field + ": expected a string");
    ASSIGN_OR_RETURN(file.opening_hours,
                     plan::ParseWeeklyWindows(json["opening_hours"].get<std::string>(), field));
  }
  if (json.contains("closures")) {
    ASSIGN_OR_RETURN(file.closures, ParseRanges(json["closures"], path + ": closures"));
  }
  return file;
}

Result<TherapistsFile> TherapistsFromJson(std::string_view json_text, std::string_view file_name,
                                          const std::vector<plan::WeeklyWindow>& opening_hours,
                                          const std::vector<std::string>& all_techniques) {
  const std::string path(file_name);
  ASSIGN_OR_RETURN(Json json, ParseObject(json_text, path));
  RETURN_IF_ERROR(CheckKeys(json, path, {"therapists", "rooms"}));
  if (!json.contains("therapists") || !json["therapists"].is_array() ||
      json["therapists"].empty()) {
    return InvalidInput(path + ": therapists: expected a non-empty array");
  }
  TherapistsFile file;
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < json["therapists"].size(); ++i) {
    std::string where = path + ": therapists[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(
        plan::TherapistCalendar therapist,
        ParseTherapist(json["therapists"][i], where, ids, opening_hours, all_techniques));
    file.therapists.push_back(std::move(therapist));
  }
  if (json.contains("rooms")) {
    if (!json["rooms"].is_array()) return InvalidInput(path + ": rooms: expected an array");
    for (const Json& room : json["rooms"]) {
      if (!room.is_number_integer() || room.get<std::int64_t>() <= 0) {
        return InvalidInput(path + ": rooms: expected positive integer ids");
      }
      file.rooms.push_back({RoomId(room.get<std::int64_t>())});
    }
  }
  return file;
}

std::string PlanToJson(const plan::CoursePlan& p, const std::vector<plan::SessionChange>& changes,
                       int indent) {
  Json out;
  out["course_id"] = p.course_id.value();
  out["protocol"] = {{"id", p.protocol_id}, {"version", p.protocol_version}};
  out["start_date"] = plan::FormatDate(p.start_date);
  out["time_zone"] = p.time_zone;
  out["session_minutes"] = p.session_minutes;
  out["primary_therapist"] = p.primary_therapist.value();
  out["techniques"] = p.techniques;
  out["decision"] = std::string(screening::DecisionName(p.decision));
  out["restrictions"] = RestrictionsToJson(p.restrictions);
  Json phases = Json::array();
  for (const plan::PhaseSpan& span : p.phases) {
    phases.push_back({{"id", span.phase_id},
                      {"start_week", span.start_week},
                      {"end_week", span.end_week},
                      {"lost_sessions", span.lost_sessions}});
  }
  out["phases"] = phases;
  Json sessions = Json::array();
  for (const plan::PlannedSession& s : p.sessions) {
    sessions.push_back(SessionToJson(p.course_id, s));
  }
  out["sessions"] = sessions;
  Json unplaced = Json::array();
  for (const plan::UnplacedSession& u : p.unplaced) {
    unplaced.push_back({{"number", u.number},
                        {"phase", u.phase_id},
                        {"week", u.week},
                        {"window_first", plan::FormatDate(u.window_first)},
                        {"window_last", plan::FormatDate(u.window_last)},
                        {"reason", std::string(plan::UnplacedReasonName(u.reason))},
                        {"detail", u.detail}});
  }
  out["unplaced"] = unplaced;
  Json checkpoints = Json::array();
  for (const plan::CheckpointDue& due : p.checkpoints) {
    checkpoints.push_back(
        {{"id", due.id},
         {"due_date", due.due_date ? Json(plan::FormatDate(*due.due_date)) : Json(nullptr)},
         {"session", due.session_number ? Json(*due.session_number) : Json(nullptr)}});
  }
  out["checkpoints"] = checkpoints;
  Json change_list = Json::array();
  for (const plan::SessionChange& change : changes) change_list.push_back(change.ToString());
  out["changes"] = change_list;
  return out.dump(indent);
}

}  // namespace backcare::exchange
