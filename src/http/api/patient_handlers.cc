// Handlers for patients, intake, questionnaires, progress and the home program.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/screening/catalog.h"
#include "http/api/handler_support.h"
#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

Json IdJson(std::int64_t id) { return {{"id", id}}; }

}  // namespace

HttpResponse ListPatients(HandlerContext& context) {
  std::string query;
  for (const auto& [key, value] : context.request.query) {
    if (key != "q") {
      return BadRequest(
          InvalidInput("invalid query parameters", {{"", key, "unknown query parameter"}}));
    }
    if (value.size() > 200) {
      return BadRequest(
          InvalidInput("invalid query parameters", {{"", "q", "at most 200 characters"}}));
    }
    query = value;
  }
  return Reply(context.services.patients.ListPatients(*context.caller, query),
               [](const auto& list) { return JsonArray(list, PatientViewJson); });
}

HttpResponse RegisterPatient(HandlerContext& context) {
  app::NewPatient patient;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { patient = ReadNewPatient(reader); })) {
    return *bad;
  }
  return Reply(
      context.services.patients.RegisterPatient(*context.caller, patient),
      [](PatientId id) { return IdJson(id.value()); }, 201);
}

HttpResponse GetPatient(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.patients.GetPatient(*context.caller, *id), PatientViewJson);
}

HttpResponse ListScreenings(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.patients.ListScreenings(*context.caller, *id),
               [](const auto& list) { return JsonArray(list, ScreeningJson); });
}

HttpResponse GetScreening(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.patients.GetCurrentScreening(*context.caller, *id),
               [](const app::CurrentScreening& current) {
                 Json reasons = Json::array();
                 if (current.latest) {
                   for (const std::string& condition_id : current.latest->condition_ids) {
                     const screening::Condition* found = screening::FindCondition(condition_id);
                     reasons.push_back(
                         {{"condition", condition_id},
                          {"label", found ? Json(found->label) : Json(condition_id)},
                          {"group", found ? Json(screening::GroupName(*found)) : Json(nullptr)}});
                   }
                 }
                 Json out = PrecautionsJson(current.precautions);
                 out["screening"] = current.latest ? ScreeningJson(*current.latest) : Json();
                 out["reasons"] = std::move(reasons);
                 out["tracked_signs"] = current.tracked_signs;
                 return out;
               });
}

HttpResponse UpdateContact(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::ContactUpdate update;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { update = ReadContactUpdate(reader); })) {
    return *bad;
  }
  return ReplyEmpty(context.services.patients.UpdateContact(*context.caller, *id, update));
}

HttpResponse Intake(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::IntakeRequest request;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { request = ReadIntake(reader, *id); })) {
    return *bad;
  }
  return Reply(context.services.patients.Intake(*context.caller, request), IntakeResultJson, 201);
}

HttpResponse RecordReferralOutcome(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::ReferralOutcomeRequest request;
  if (auto bad = ReadBody(
          context, [&](ObjectReader& reader) { request = ReadReferralOutcome(reader, *id); })) {
    return *bad;
  }
  return Reply(context.services.patients.RecordReferralOutcome(*context.caller, request),
               ReferralOutcomeResultJson, 201);
}

HttpResponse ListResponses(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.questionnaires.ListResponses(*context.caller, *id),
               [](const auto& list) { return JsonArray(list, ScoredResponseJson); });
}

HttpResponse SubmitResponse(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::SubmitQuestionnaire request;
  request.patient_id = *id;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        request.questionnaire = ReadQuestionnaire(reader);
      })) {
    return *bad;
  }
  return Reply(context.services.questionnaires.Submit(*context.caller, request), ScoredResponseJson,
               201);
}

HttpResponse GetProgress(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.progress.GetProgress(*context.caller, *id), ProgressJson);
}

HttpResponse GetHomeProgram(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.home_programs.GetProgram(*context.caller, *id), HomeProgramJson);
}

HttpResponse GetReminders(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.reminders.Get(*context.caller, *id), RemindersJson);
}

// The whole settings: {"appointment_email", "nudge_email", "nudge_time": "HH:MM",
// "appointment_push"?, "nudge_push"?}. The push choices are optional (absent = off: a client that
// predates them switches push off, as a PUT replaces every setting). A nudge_time that is not a
// time of day is the service's 422 naming "nudge_time".
HttpResponse PutReminders(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  clinic::PatientReminders reminders;
  reminders.patient_id = *id;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        reminders.appointment_email =
            reader.Boolean("appointment_email", ObjectReader::Presence::kRequired).value_or(false);
        reminders.nudge_email =
            reader.Boolean("nudge_email", ObjectReader::Presence::kRequired).value_or(false);
        reminders.appointment_push =
            reader.Boolean("appointment_push", ObjectReader::Presence::kOptional).value_or(false);
        reminders.nudge_push =
            reader.Boolean("nudge_push", ObjectReader::Presence::kOptional).value_or(false);
        const std::optional<std::string> time =
            reader.String("nudge_time", ObjectReader::Presence::kRequired, 20);
        reminders.nudge_minutes = time ? clinic::ParseClockTime(*time).value_or(-1) : -1;
      })) {
    return *bad;
  }
  if (Status put = context.services.reminders.Put(*context.caller, reminders); !put) {
    return ErrorResponse(put.error());
  }
  return Reply(context.services.reminders.Get(*context.caller, *id), RemindersJson);
}

// ?limit=1..200 (default 50) & before=<event id>: the syntax is checked here, the ranges by the
// service (after its row rule, so another patient's id is "not found" whatever the query).
HttpResponse GetAccessLog(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::AccessLogQuery query;
  std::vector<FieldError> errors;
  for (const auto& [key, value] : context.request.query) {
    const std::optional<std::int64_t> number = WholeNumber(value);
    if (key == "limit") {
      if (!number) {
        errors.push_back({"", "limit", "expected 1 to 200"});
      } else {
        query.limit = static_cast<int>(
            std::clamp<std::int64_t>(*number, 0, app::AccessLogQuery::kMaxLimit + 1));
      }
    } else if (key == "before") {
      if (!number) {
        errors.push_back({"", "before", "expected a positive event id"});
      } else {
        query.before = number;
      }
    } else {
      errors.push_back({"", key, "unknown query parameter"});
    }
  }
  if (!errors.empty()) return BadRequest(InvalidInput("invalid query parameters", errors));
  Result<app::AccessLogPage> page =
      context.services.access_logs.ListAccessLog(*context.caller, *id, query);
  // A query out of range is a bad request (400, like a malformed one), not a 422.
  if (!page && page.error().code == ErrorCode::kInvalidInput) return BadRequest(page.error());
  return Reply(std::move(page), AccessLogJson);
}

HttpResponse GetPortal(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  return Reply(context.services.portal.GetSummary(*context.caller, *id), PortalJson);
}

HttpResponse AssignHomeProgram(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::AssignHomeProgram request;
  if (auto bad = ReadBody(
          context, [&](ObjectReader& reader) { request = ReadAssignHomeProgram(reader, *id); })) {
    return *bad;
  }
  return Reply(
      context.services.home_programs.Assign(*context.caller, request),
      [](clinic::AssignmentId assignment) { return IdJson(assignment.value()); }, 201);
}

HttpResponse LogAdherence(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  app::LogAdherence entry;
  if (auto bad =
          ReadBody(context, [&](ObjectReader& reader) { entry = ReadLogAdherence(reader, *id); })) {
    return *bad;
  }
  return ReplyEmpty(context.services.home_programs.Log(*context.caller, entry));
}

}  // namespace backcare::http::api
