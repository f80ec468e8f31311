// `backcare plan`: plans one course of the protocol for a patient's weekly availability in the
// clinic's time zone, and prints it as a table by phase, as JSON (--json) or as an iCalendar feed
// (--ics for the patient, --ics-therapist ID for one therapist). --cancel N (repeatable, needs
// --today) cancels session N after planning and --time-off ID:DATE[..DATE] gives a therapist time
// off; both reschedule and print the change log (cancellations first, then time off).
//
//   backcare plan --start 2024-03-04 --tz Europe/London
//                 --availability "mon 09:00-12:00,thu 14:00-18:00"
//                 [--therapists FILE] [--closures FILE] [--protocol FILE] [--today DATE]
//                 [--blocked "2024-04-01..2024-04-05,2024-05-06"]
//                 [--conditions ID,ID...] [--decision D]
//                 [--course N] [--cancel N]... [--time-off ID:DATE[..DATE]]...
//                 [--json | --ics | --ics-therapist ID]
//
// --conditions lists the catalogue conditions found at screening (core/screening/catalog.h); the
// course's decision and technique restrictions come from screening them against the protocol
// (core/screening/screen.h), and every session carries the restrictions: the table gains
// "disabled" and "modified" columns and --json a per-session "techniques" and "restrictions".
// The iCalendar feeds never show them (the summary stays "Massage session"). --decision alone is
// enough for clear and avoid_area; modify needs --conditions (they decide what is disabled); both
// together must agree.
//
// Files (docs/planning.md): therapists FILE is JSON {"therapists":[{"id":1,"working_hours":
// "mon 08:00-19:00,...","techniques":["..."],"time_off":["2024-04-01..2024-04-05"]}],
// "rooms":[1,2]}; closures FILE is JSON {"opening_hours":"mon 08:00-19:00,...",
// "closures":["2024-12-25","2024-12-24..2024-12-26"]}. Without --therapists: one therapist
// (id 1) delivering every technique, working the opening hours (default Mon-Fri 08:00-19:00).
// The files and the --json output are read and written by exchange/json/plan_json.h.
//
// Errors go to stderr as "backcare plan: MESSAGE" (each names the option or file field) with
// exit ExitCodeFor(code): 2 for bad input, 3 for an unknown session, 4 for a referral. Sessions
// that cannot be placed are not an error: they are listed under "Unplaced" (exit 0).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "core/base/result.h"
#include "core/plan/calendar_types.h"
#include "core/plan/course_plan.h"
#include "core/plan/planner.h"
#include "core/plan/reschedule.h"
#include "core/screening/catalog.h"
#include "core/screening/restrictions.h"
#include "core/screening/screen.h"
#include "exchange/ical/ical_feed.h"
#include "exchange/json/plan_json.h"
#include "exchange/toml/protocol_toml.h"
#include "exchange/tz/iana_time_zone.h"

namespace backcare::cli {
namespace {

struct PlanOptions {
  std::string start;
  std::string tz;
  std::string availability;
  std::string therapists_file;
  std::string closures_file;
  std::string protocol_file;
  std::string today;
  std::string blocked;
  std::string decision;  // empty: not given (clear, or what --conditions give)
  std::string conditions;
  std::int64_t course = 1;
  std::vector<int> cancel;
  std::vector<std::string> time_off;
  bool json = false;
  bool ics = false;
  std::int64_t ics_therapist = 0;
};

Error FieldFailure(const std::string& field, const std::string& detail) {
  return InvalidInput(field + ": " + detail, {FieldError{"", field, detail}});
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidInput("cannot read file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Result<std::vector<plan::DateRange>> ParseRangeList(const std::string& text,
                                                    const std::string& field) {
  std::vector<plan::DateRange> ranges;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    ASSIGN_OR_RETURN(plan::DateRange range, plan::ParseDateRange(item, field));
    ranges.push_back(range);
  }
  return ranges;
}

Status LoadClosures(const std::string& path, plan::ClinicCalendar& clinic) {
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  ASSIGN_OR_RETURN(exchange::ClosuresFile file, exchange::ClosuresFromJson(text, path));
  if (file.opening_hours) clinic.opening_hours = std::move(*file.opening_hours);
  clinic.closures = std::move(file.closures);
  return OkStatus();
}

Status LoadTherapists(const std::string& path, const std::vector<std::string>& all_techniques,
                      plan::ClinicCalendar& clinic) {
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  ASSIGN_OR_RETURN(exchange::TherapistsFile file,
                   exchange::TherapistsFromJson(text, path, clinic.opening_hours, all_techniques));
  clinic.therapists = std::move(file.therapists);
  clinic.rooms = std::move(file.rooms);
  return OkStatus();
}

// The catalogue condition ids of --conditions ("anticoagulants,open_wound"), each checked.
Result<std::vector<std::string>> ParseConditions(const std::string& text) {
  std::vector<std::string> ids;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t first = item.find_first_not_of(' ');
    std::size_t last = item.find_last_not_of(' ');
    std::string id = first == std::string::npos ? "" : item.substr(first, last - first + 1);
    if (id.empty()) {
      return FieldFailure("--conditions",
                          "expected condition ids separated by commas, got an empty one");
    }
    if (screening::FindCondition(id) == nullptr) {
      return FieldFailure("--conditions", "unknown condition '" + id +
                                              "' (the screening catalogue: backcare screen "
                                              "--help, docs/instruments.md)");
    }
    ids.push_back(std::move(id));
  }
  if (!text.empty() && text.back() == ',') {
    return FieldFailure("--conditions",
                        "expected condition ids separated by commas, got an empty one");
  }
  return ids;
}

// The technique ids a session's restrictions set to `action`, in restriction order, once each. A
// technique disabled by one condition is not listed as modified by another.
std::vector<std::string> RestrictedTechniques(
    const std::vector<screening::TechniqueRestriction>& restrictions,
    protocol::PrecautionAction action) {
  auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  std::vector<std::string> disabled;
  for (const screening::TechniqueRestriction& r : restrictions) {
    if (r.action == protocol::PrecautionAction::kDisable && !has(disabled, r.technique_id)) {
      disabled.push_back(r.technique_id);
    }
  }
  if (action == protocol::PrecautionAction::kDisable) return disabled;
  std::vector<std::string> modified;
  for (const screening::TechniqueRestriction& r : restrictions) {
    if (r.action == action && !has(disabled, r.technique_id) && !has(modified, r.technique_id)) {
      modified.push_back(r.technique_id);
    }
  }
  return modified;
}

std::string RoomText(const std::optional<RoomId>& room) {
  return room ? std::to_string(room->value()) : "-";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text + " ";
}

void PrintTable(const protocol::Protocol& protocol, const plan::CoursePlan& p,
                const std::vector<plan::SessionChange>& changes, std::ostream& out) {
  // With restrictions, each session row shows its disabled and modified techniques.
  using protocol::PrecautionAction;
  bool restricted =
      std::any_of(p.sessions.begin(), p.sessions.end(),
                  [](const plan::PlannedSession& s) { return !s.restrictions.empty(); });
  std::size_t disabled_width = 8;  // "disabled"
  std::size_t modified_width = 8;  // "modified"
  for (const plan::PlannedSession& s : p.sessions) {
    disabled_width =
        std::max(disabled_width,
                 Join(RestrictedTechniques(s.restrictions, PrecautionAction::kDisable)).size());
    modified_width =
        std::max(modified_width,
                 Join(RestrictedTechniques(s.restrictions, PrecautionAction::kModify)).size());
  }
  auto listed = [](const std::vector<std::string>& ids) {
    return ids.empty() ? std::string("-") : Join(ids);
  };
  out << "Course " << p.course_id.value() << ": protocol " << p.protocol_id << " v"
      << p.protocol_version << ", start " << plan::FormatDate(p.start_date) << " ("
      << plan::WeekdayName(std::chrono::weekday{p.start_date}) << "), " << p.time_zone << ", "
      << p.session_minutes << "-minute sessions\n";
  out << "Primary therapist: " << p.primary_therapist.value()
      << "; techniques: " << Join(p.techniques) << "\n";
  for (const screening::TechniqueRestriction& r : p.restrictions) {
    out << "Restriction: " << r.technique_id << " "
        << (r.action == protocol::PrecautionAction::kDisable ? "disabled" : "modified") << " ("
        << r.condition << ")\n";
  }
  for (std::size_t i = 0; i < p.phases.size(); ++i) {
    const plan::PhaseSpan& span = p.phases[i];
    out << "\n"
        << protocol.phases[i].name << " [" << span.phase_id << "], weeks " << span.start_week << "-"
        << span.end_week;
    if (span.lost_sessions > 0) out << " (extended for " << span.lost_sessions << " lost)";
    out << "\n";
    out << "  " << Pad("#", 4) << Pad("date", 10) << Pad("day", 3) << Pad("time", 11)
        << Pad("therapist", 9) << Pad("room", 4) << Pad("status", 9);
    if (restricted) out << Pad("disabled", disabled_width) << Pad("modified", modified_width);
    out << "checkpoints\n";
    for (const plan::PlannedSession& s : p.sessions) {
      if (s.phase_index != static_cast<int>(i)) continue;
      std::string time = plan::FormatTimeOfDay(s.local_start - plan::LocalMinutes{s.Date()}) + "-" +
                         plan::FormatTimeOfDay(s.local_end - plan::LocalMinutes{s.Date()});
      if (s.local_end - s.local_start != s.utc_end - s.utc_start) {
        // A daylight-saving change inside the session: the wall clock hides its real length.
        time += " (" + std::to_string((s.utc_end - s.utc_start).count()) +
                " min across a clock change)";
      }
      out << "  " << Pad(std::to_string(s.number), 4) << Pad(plan::FormatDate(s.Date()), 10)
          << Pad(std::string(plan::WeekdayName(std::chrono::weekday{s.Date()})), 3) << Pad(time, 11)
          << Pad(std::to_string(s.therapist.value()), 9) << Pad(RoomText(s.room), 4)
          << Pad(std::string(plan::PlannedSessionStatusName(s.status)) + (s.make_up ? "*" : ""), 9);
      if (restricted) {
        out << Pad(listed(RestrictedTechniques(s.restrictions, PrecautionAction::kDisable)),
                   disabled_width)
            << Pad(listed(RestrictedTechniques(s.restrictions, PrecautionAction::kModify)),
                   modified_width);
      }
      out << Join(s.checkpoints) << "\n";
    }
  }
  out << "\nCheckpoints\n";
  for (const plan::CheckpointDue& due : p.checkpoints) {
    out << "  " << Pad(due.id, 12) << Pad(due.due_date ? plan::FormatDate(*due.due_date) : "-", 10)
        << (due.session_number ? "session " + std::to_string(*due.session_number)
                               : std::string("no session: send the questionnaire"))
        << "\n";
  }
  if (!p.unplaced.empty()) {
    out << "\nUnplaced (" << p.unplaced.size() << " session" << (p.unplaced.size() == 1 ? "" : "s")
        << " could not be placed)\n";
    for (const plan::UnplacedSession& u : p.unplaced) {
      out << "  #" << u.number << " " << u.phase_id << " " << plan::UnplacedReasonName(u.reason)
          << ": " << u.detail << "\n";
    }
  }
  if (!changes.empty()) {
    out << "\nChanges\n";
    for (const plan::SessionChange& change : changes) out << "  " << change.ToString() << "\n";
  }
}

Status RunPlan(const PlanOptions& options, CommandContext& context) {
  ASSIGN_OR_RETURN(plan::LocalDate start, plan::ParseDate(options.start, "--start"));
  std::optional<plan::LocalDate> today;
  if (!options.today.empty()) {
    ASSIGN_OR_RETURN(today, plan::ParseDate(options.today, "--today"));
    if (start < *today) {
      return FieldFailure("--start", options.start + " is before --today " + options.today);
    }
  }
  if (!options.cancel.empty() && !today) {
    return FieldFailure("--cancel", "needs --today (sessions before today cannot be cancelled)");
  }
  if (!options.time_off.empty() && !today) {
    return FieldFailure("--time-off", "needs --today (sessions before today never move)");
  }
  std::vector<plan::RescheduleEvent> events;
  for (int number : options.cancel) events.push_back(plan::RescheduleEvent::Cancelled(number));
  for (const std::string& item : options.time_off) {
    std::size_t colon = item.find(':');
    std::int64_t id = 0;
    if (colon != std::string::npos && colon > 0 && item.find_first_not_of("0123456789") == colon) {
      id = std::stoll(item.substr(0, colon));
    }
    if (id <= 0) {
      return FieldFailure("--time-off", "expected THERAPIST:DATE[..DATE], got '" + item + "'");
    }
    ASSIGN_OR_RETURN(plan::DateRange range,
                     plan::ParseDateRange(item.substr(colon + 1), "--time-off"));
    events.push_back(plan::RescheduleEvent::TherapistTimeOff(TherapistId(id), range));
  }
  if (options.course <= 0) {
    return FieldFailure("--course",
                        "expected a positive id, got " + std::to_string(options.course));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ports::TimeZone> zone,
                   exchange::LoadIanaTimeZone(options.tz, "--tz"));
  ASSIGN_OR_RETURN(std::vector<plan::WeeklyWindow> windows,
                   plan::ParseWeeklyWindows(options.availability, "--availability"));
  std::optional<screening::Decision> given_decision;
  if (!options.decision.empty()) {
    given_decision = screening::ParseDecision(options.decision);
    if (!given_decision) {
      return FieldFailure("--decision", "unknown decision '" + options.decision +
                                            "', expected one of " +
                                            JoinNames(screening::kDecisionNames, " "));
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> conditions, ParseConditions(options.conditions));
  ASSIGN_OR_RETURN(protocol::Protocol protocol,
                   options.protocol_file.empty()
                       ? exchange::LoadDefaultProtocol()
                       : exchange::LoadProtocolFile(options.protocol_file));
  screening::Decision decision = given_decision.value_or(screening::Decision::kClear);
  std::vector<screening::TechniqueRestriction> restrictions;
  if (!conditions.empty()) {
    std::vector<screening::Finding> findings;
    findings.reserve(conditions.size());
    for (const std::string& id : conditions) findings.push_back({id, std::nullopt});
    ASSIGN_OR_RETURN(screening::ScreeningResult screened, screening::Screen(protocol, findings));
    if (given_decision && *given_decision != screened.decision) {
      return FieldFailure("--decision",
                          "'" + options.decision + "' contradicts --conditions, which give '" +
                              std::string(screening::DecisionName(screened.decision)) + "'");
    }
    decision = screened.decision;
    restrictions = std::move(screened.restrictions);
  } else if (decision == screening::Decision::kModify) {
    return FieldFailure("--decision",
                        "'modify' needs --conditions: the conditions found at screening decide "
                        "which techniques are disabled");
  }

  plan::ClinicCalendar clinic;
  clinic.time_zone = zone.get();
  clinic.opening_hours = plan::DefaultOpeningHours();
  if (!options.closures_file.empty()) RETURN_IF_ERROR(LoadClosures(options.closures_file, clinic));
  std::vector<std::string> all_techniques;
  for (const protocol::Technique& technique : protocol.techniques) {
    all_techniques.push_back(technique.id);
  }
  if (options.therapists_file.empty()) {
    clinic.therapists.push_back({TherapistId(1), clinic.opening_hours, {}, all_techniques});
  } else {
    RETURN_IF_ERROR(LoadTherapists(options.therapists_file, all_techniques, clinic));
  }

  plan::CourseRequest request;
  request.course_id = CourseId(options.course);
  request.patient_id = PatientId(options.course);
  request.start_date = start;
  request.decision = decision;
  request.restrictions = restrictions;
  request.availability.windows = windows;
  if (!options.blocked.empty()) {
    ASSIGN_OR_RETURN(request.availability.blocked, ParseRangeList(options.blocked, "--blocked"));
  }
  if (!plan::IsReferral(decision)) {
    RETURN_IF_ERROR(plan::CheckCadenceFeasible(protocol, request, clinic, "--availability"));
  }
  plan::BookingBook book;
  ASSIGN_OR_RETURN(plan::CoursePlan course_plan, plan::PlanCourse(protocol, request, clinic, book));
  std::vector<plan::SessionChange> changes;
  for (const plan::RescheduleEvent& event : events) {
    plan::AddToBook(course_plan, book);
    ASSIGN_OR_RETURN(plan::RescheduleResult result,
                     plan::Reschedule(protocol, request, clinic, book, course_plan, event, *today));
    plan::RemoveFromBook(course_plan, book);
    if (event.kind == plan::RescheduleEvent::Kind::kTherapistTimeOff) {
      for (plan::TherapistCalendar& therapist : clinic.therapists) {
        if (therapist.id == event.therapist) therapist.time_off.push_back(event.dates);
      }
    }
    course_plan = std::move(result.plan);
    changes.insert(changes.end(), result.changes.begin(), result.changes.end());
  }

  std::ostream& out = context.env.out;
  if (options.ics || options.ics_therapist > 0) {
    exchange::FeedOptions feed_options;
    feed_options.calendar_name = "backcare sessions";
    feed_options.generated_at =
        today ? plan::UtcMinutes{today->time_since_epoch()}
              : std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    std::vector<plan::CoursePlan> plans = {course_plan};
    ASSIGN_OR_RETURN(std::string feed,
                     options.ics ? exchange::PatientFeed(plans, feed_options)
                                 : exchange::TherapistFeed(
                                       plans, TherapistId(options.ics_therapist), feed_options));
    out << feed;
  } else if (options.json) {
    out << exchange::PlanToJson(course_plan, changes) << "\n";
  } else {
    PrintTable(protocol, course_plan, changes, out);
  }
  return OkStatus();
}

}  // namespace

void AddPlanCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command =
      app.add_subcommand("plan", "Plan a course's sessions for a patient's weekly availability");
  auto options = std::make_shared<PlanOptions>();
  command->add_option("--start", options->start, "Course start date YYYY-MM-DD")->required();
  command->add_option("--tz", options->tz, "Clinic time zone (IANA), e.g. Europe/London")
      ->required();
  command
      ->add_option("--availability", options->availability,
                   "Patient's weekly windows, e.g. \"mon 09:00-12:00,thu 14:00-18:00\"")
      ->required();
  command->add_option("--therapists", options->therapists_file, "Therapists file (JSON)");
  command->add_option("--closures", options->closures_file,
                      "Opening hours and closures file (JSON)");
  command->add_option("--protocol", options->protocol_file,
                      "Protocol file (TOML); default: the built-in protocol");
  command->add_option("--today", options->today,
                      "Today's date YYYY-MM-DD (start may not be earlier)");
  command->add_option("--blocked", options->blocked,
                      "Patient's blocked dates, e.g. \"2024-04-01..2024-04-05,2024-05-06\"");
  command->add_option("--decision", options->decision,
                      "Screening decision (clear, avoid_area, modify, medical_review, "
                      "refer_urgent, refer_emergency); default clear, or what --conditions give");
  command->add_option("--conditions", options->conditions,
                      "Conditions found at screening (catalogue ids, comma-separated), e.g. "
                      "\"anticoagulants\": they set the decision and the techniques each session "
                      "has disabled or modified");
  command->add_option("--course", options->course, "Course id (used in event UIDs)");
  command->add_option("--cancel", options->cancel,
                      "Cancel session N after planning and reschedule (repeatable; needs --today)");
  command->add_option("--time-off", options->time_off,
                      "Give therapist ID time off (ID:DATE[..DATE]) after planning and reschedule "
                      "(repeatable; needs --today)");
  auto* json = command->add_flag("--json", options->json, "Print the plan as JSON");
  auto* ics = command->add_flag("--ics", options->ics, "Print the patient's iCalendar feed");
  auto* therapist_ics = command->add_option("--ics-therapist", options->ics_therapist,
                                            "Print therapist ID's iCalendar feed");
  json->excludes(ics)->excludes(therapist_ics);
  ics->excludes(therapist_ics);
  command->callback([options, &context] {
    Status status = RunPlan(*options, context);
    if (status) {
      context.exit_code = 0;
      return;
    }
    const Error& error = status.error();
    context.env.err << "backcare plan: " << error.message << "\n";
    for (const FieldError& field : error.fields) {
      if (!field.location.empty()) context.env.err << field.ToString() << "\n";
    }
    context.exit_code = ExitCodeFor(error.code);
  });
}

}  // namespace backcare::cli
