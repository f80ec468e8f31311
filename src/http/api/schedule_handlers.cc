// Handlers for courses, sessions, the schedule view, session notes and alerts.
#include <charconv>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "http/api/handler_support.h"
#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

using Presence = ObjectReader::Presence;

Json IdJson(std::int64_t id) { return {{"id", id}}; }

// A required date query parameter ("YYYY-MM-DD"), as the instant of its UTC midnight.
std::optional<clinic::Timestamp> QueryDate(const HttpRequest& request, std::string_view name,
                                           std::vector<FieldError>& errors) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) {
    errors.push_back({"", std::string(name), "required"});
    return std::nullopt;
  }
  if (std::optional<clinic::Date> date = clinic::ParseDate(*text)) {
    // A far date's midnight overflowed the Timestamp (found by fuzz/api_fuzzer.cc).
    if (std::optional<clinic::Timestamp> midnight = clinic::StartOfDayUtc(*date)) return midnight;
    errors.push_back({"", std::string(name), "date out of range (years 1678 to 2261)"});
    return std::nullopt;
  }
  if (std::optional<clinic::Timestamp> at = ParseInstant(*text)) return at;
  errors.push_back({"", std::string(name), "expected a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"});
  return std::nullopt;
}

// The optional therapist_id query parameter of a schedule read, and a field error for any
// parameter other than from, to and therapist_id.
std::optional<TherapistId> QueryTherapistAndNoOthers(const HttpRequest& request,
                                                     std::vector<FieldError>& errors) {
  std::optional<TherapistId> therapist;
  if (std::optional<std::string_view> text = request.Query("therapist_id")) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size() || value <= 0) {
      errors.push_back({"", "therapist_id", "expected a positive integer"});
    } else {
      therapist = TherapistId(value);
    }
  }
  for (const auto& [key, value] : request.query) {
    if (key != "from" && key != "to" && key != "therapist_id") {
      errors.push_back({"", key, "unknown query parameter"});
    }
  }
  return therapist;
}

}  // namespace

HttpResponse ListCourses(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.schedule.ListCourses(*context.caller, *id),
               [](const auto& list) { return JsonArray(list, CourseViewJson); });
}

HttpResponse StartCourse(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::StartCourseRequest request;
  if (auto bad = ReadBody(context,
                          [&](ObjectReader& reader) { request = ReadStartCourse(reader, *id); })) {
    return *bad;
  }
  return Reply(context.services.schedule.StartCourse(*context.caller, request), StartedCourseJson,
               201);
}

HttpResponse PatientPlan(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.schedule.PatientPlan(*context.caller, *id),
               [](const auto& list) { return JsonArray(list, ScheduleEntryJson); });
}

HttpResponse Schedule(HandlerContext& context) {
  std::vector<FieldError> errors;
  std::optional<clinic::Timestamp> from = QueryDate(context.request, "from", errors);
  std::optional<clinic::Timestamp> to = QueryDate(context.request, "to", errors);
  std::optional<TherapistId> therapist = QueryTherapistAndNoOthers(context.request, errors);
  if (!errors.empty()) return BadRequest(InvalidInput("invalid query parameters", errors));
  return Reply(context.services.schedule.ScheduleView(*context.caller, *from, *to, therapist),
               [](const auto& list) { return JsonArray(list, ScheduleEntryJson); });
}

HttpResponse Availability(HandlerContext& context) {
  std::vector<FieldError> errors;
  std::optional<plan::LocalDate> from;
  std::optional<plan::LocalDate> to;
  for (auto [name, date] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    std::optional<std::string_view> text = context.request.Query(name);
    if (!text) {
      errors.push_back({"", name, "required"});
    } else if (std::optional<clinic::Date> parsed = clinic::ParseDate(*text)) {
      *date = plan::LocalDate{std::chrono::sys_days{*parsed}.time_since_epoch()};
    } else {
      errors.push_back({"", name, "expected a date YYYY-MM-DD"});
    }
  }
  std::optional<TherapistId> therapist = QueryTherapistAndNoOthers(context.request, errors);
  if (!errors.empty()) return BadRequest(InvalidInput("invalid query parameters", errors));
  // `to` is exclusive, as in GET /schedule: from=Monday&to=next Monday is one week.
  if (*to <= *from) {
    return BadRequest(
        InvalidInput("invalid query parameters", {{"", "to", "expected a date after 'from'"}}));
  }
  if (*to - *from > std::chrono::days{app::kMaxAvailabilityDays}) {
    return BadRequest(
        InvalidInput("invalid query parameters",
                     {{"", "to",
                       "expected at most " + std::to_string(app::kMaxAvailabilityDays) +
                           " days after 'from'"}}));
  }
  return Reply(context.services.schedule.Availability(
                   *context.caller, {*from, *to - std::chrono::days{1}}, therapist),
               [](const auto& list) { return JsonArray(list, TherapistAvailabilityJson); });
}

HttpResponse BookSession(HandlerContext& context) {
  app::BookRequest request;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) { request = ReadBook(reader); })) {
    return *bad;
  }
  return Reply(
      context.services.schedule.Book(*context.caller, request),
      [](SessionId id) { return IdJson(id.value()); }, 201);
}

namespace {

// A POST with an empty body (or "{}") acting on session {id}: 204, or 200 with the course's
// re-plan for a cancel or a miss.
template <typename Action>
HttpResponse SessionAction(HandlerContext& context, Action action) {
  Result<SessionId> id = PathId<SessionId>(context, "id", "session");
  if (!id) return ErrorResponse(id.error());
  if (!context.request.body.empty()) {
    if (auto bad = ReadBody(context, [](ObjectReader&) {})) return *bad;
  }
  auto result = action(*id);
  if constexpr (std::is_same_v<decltype(result), Status>) {
    return ReplyEmpty(result);
  } else {
    return Reply(std::move(result), ReplanJson);
  }
}

}  // namespace

HttpResponse CancelSession(HandlerContext& context) {
  return SessionAction(
      context, [&](SessionId id) { return context.services.schedule.Cancel(*context.caller, id); });
}

HttpResponse AttendSession(HandlerContext& context) {
  return SessionAction(context, [&](SessionId id) {
    return context.services.schedule.MarkAttended(*context.caller, id);
  });
}

HttpResponse MissSession(HandlerContext& context) {
  return SessionAction(context, [&](SessionId id) {
    return context.services.schedule.MarkMissed(*context.caller, id);
  });
}

HttpResponse RescheduleSession(HandlerContext& context) {
  Result<SessionId> id = PathId<SessionId>(context, "id", "session");
  if (!id) return ErrorResponse(id.error());
  app::RescheduleRequest request;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { request = ReadReschedule(reader, *id); })) {
    return *bad;
  }
  return ReplyEmpty(context.services.schedule.Reschedule(*context.caller, request));
}

HttpResponse ListNotes(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.notes.ListNotes(*context.caller, *id),
               [](const auto& list) { return JsonArray(list, NoteJson); });
}

namespace {

// A note's version for If-Match: its updated_at in Unix microseconds, quoted.
std::string NoteEtag(clinic::Timestamp updated_at) {
  return "\"" + std::to_string(clinic::ToUnixMicros(updated_at)) + "\"";
}

// The note detail with its ETag.
HttpResponse NoteReply(Result<app::NoteDetail> detail) {
  if (!detail) return ErrorResponse(detail.error());
  HttpResponse response = JsonResponse(200, NoteDetailJson(*detail));
  response.headers.emplace_back("ETag", NoteEtag(detail->note.updated_at));
  return response;
}

// The version an If-Match header names: nullopt without the header; kInvalidInput when it is not
// one of this API's note ETags.
Result<std::optional<clinic::Timestamp>> IfMatchVersion(const HttpRequest& request) {
  std::optional<std::string_view> header = request.Header("if-match");
  if (!header) return std::optional<clinic::Timestamp>();
  std::string_view tag = *header;
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  std::int64_t micros = 0;
  if (tag.size() > 2 && tag.front() == '"' && tag.back() == '"') {
    tag = tag.substr(1, tag.size() - 2);
    auto [end, error] = std::from_chars(tag.data(), tag.data() + tag.size(), micros);
    // Beyond a Timestamp's nanoseconds (about 292 years from 1970) FromUnixMicros overflows; no
    // note ETag is there.
    constexpr std::int64_t kMaxMicros = std::numeric_limits<std::int64_t>::max() / 1000;
    if (error == std::errc() && end == tag.data() + tag.size() && micros >= -kMaxMicros &&
        micros <= kMaxMicros) {
      return std::optional<clinic::Timestamp>(clinic::FromUnixMicros(micros));
    }
  }
  return InvalidInput("If-Match must be the ETag of the note as it was read",
                      {{"", "If-Match", "expected a quoted number, e.g. \"1733472000000000\""}});
}

}  // namespace

HttpResponse DischargeCourse(HandlerContext& context) {
  Result<CourseId> id = PathId<CourseId>(context, "id", "course");
  if (!id) return ErrorResponse(id.error());
  app::DischargeRequest request;
  request.course_id = *id;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        request.outcome = reader
                              .OneOf<clinic::DischargeOutcome>("outcome", Presence::kRequired,
                                                               clinic::kDischargeOutcomeNames)
                              .value_or(clinic::DischargeOutcome::kGoalsMet);
        request.note = reader.Text("note", Presence::kOptional, 4000).value_or("");
      })) {
    return *bad;
  }
  return Reply(context.services.schedule.DischargeCourse(*context.caller, request),
               DischargeSummaryJson);
}

HttpResponse GetSessionNote(HandlerContext& context) {
  Result<SessionId> id = PathId<SessionId>(context, "id", "session");
  if (!id) return ErrorResponse(id.error());
  return NoteReply(context.services.notes.NoteForSession(*context.caller, *id));
}

HttpResponse DraftNote(HandlerContext& context) {
  Result<SessionId> id = PathId<SessionId>(context, "id", "session");
  if (!id) return ErrorResponse(id.error());
  app::NoteContent content;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { content = ReadNoteContent(reader); })) {
    return *bad;
  }
  return Reply(
      context.services.notes.DraftNote(*context.caller, *id, content),
      [](NoteId note) { return IdJson(note.value()); }, 201);
}

HttpResponse GetNote(HandlerContext& context) {
  Result<NoteId> id = PathId<NoteId>(context, "id", "session note");
  if (!id) return ErrorResponse(id.error());
  return NoteReply(context.services.notes.GetNote(*context.caller, *id));
}

HttpResponse UpdateNote(HandlerContext& context) {
  Result<NoteId> id = PathId<NoteId>(context, "id", "session note");
  if (!id) return ErrorResponse(id.error());
  app::NoteContent content;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { content = ReadNoteContent(reader); })) {
    return *bad;
  }
  Result<std::optional<clinic::Timestamp>> expected = IfMatchVersion(context.request);
  if (!expected) return BadRequest(expected.error());
  Result<clinic::Timestamp> saved =
      context.services.notes.UpdateDraft(*context.caller, *id, content, *expected);
  if (!saved) return ErrorResponse(saved.error());
  HttpResponse response;
  response.status = 204;
  response.headers.emplace_back("ETag", NoteEtag(*saved));
  return response;
}

HttpResponse SignNote(HandlerContext& context) {
  Result<NoteId> id = PathId<NoteId>(context, "id", "session note");
  if (!id) return ErrorResponse(id.error());
  if (!context.request.body.empty()) {
    if (auto bad = ReadBody(context, [](ObjectReader&) {})) return *bad;
  }
  return ReplyEmpty(context.services.notes.SignNote(*context.caller, *id));
}

HttpResponse AddAddendum(HandlerContext& context) {
  Result<NoteId> id = PathId<NoteId>(context, "id", "session note");
  if (!id) return ErrorResponse(id.error());
  std::string text;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        text = reader.Text("text", Presence::kRequired).value_or("");
      })) {
    return *bad;
  }
  return ReplyEmpty(context.services.notes.AddAddendum(*context.caller, *id, text));
}

HttpResponse ListAlerts(HandlerContext& context) {
  ports::AlertFilter filter = ports::AlertFilter::kUnacknowledged;
  std::optional<PatientId> patient_id;
  std::vector<FieldError> errors;
  for (const auto& [key, value] : context.request.query) {
    if (key == "patient_id") {
      std::int64_t id = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (error != std::errc() || end != value.data() + value.size() || id < 1) {
        errors.push_back({"", "patient_id", "expected a patient id"});
      } else {
        patient_id = PatientId(id);
      }
    } else if (key != "status") {
      errors.push_back({"", key, "unknown query parameter"});
    } else if (value == "all") {
      filter = ports::AlertFilter::kAll;
    } else if (value != "open") {
      errors.push_back({"", "status", "expected one of: open, all"});
    }
  }
  if (!errors.empty()) return BadRequest(InvalidInput("invalid query parameters", errors));
  return Reply(context.services.alerts.ListAlerts(*context.caller, filter, patient_id),
               [](const auto& list) { return JsonArray(list, AlertJson); });
}

HttpResponse AcknowledgeAlert(HandlerContext& context) {
  Result<AlertId> id = PathId<AlertId>(context, "id", "alert");
  if (!id) return ErrorResponse(id.error());
  if (!context.request.body.empty()) {
    if (auto bad = ReadBody(context, [](ObjectReader&) {})) return *bad;
  }
  return ReplyEmpty(context.services.alerts.Acknowledge(*context.caller, *id));
}

}  // namespace backcare::http::api
