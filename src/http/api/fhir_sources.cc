#include "http/api/fhir_sources.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "app/chart_reader.h"

namespace backcare::http::api {
namespace {

namespace fhir = exchange::fhir;
using fhir::ResourceType;
using Json = nlohmann::json;

struct Candidate {
  std::int64_t patient = 0;
  std::string id;
  Json resource;
};

// The use-case action each patient-compartment type's read serves, and the chart parts it needs.
struct TypeSource {
  app::Permission permission;
  unsigned parts = 0;
};

TypeSource SourceOf(ResourceType type) {
  switch (type) {
    case ResourceType::kPatient:
      return {app::kReadPatientCharts, 0};
    case ResourceType::kObservation:
    case ResourceType::kQuestionnaireResponse:
      return {app::kReadQuestionnaireResponses, app::kChartRecords};
    case ResourceType::kAppointment:
      return {app::kReadPatientPlans, app::kChartRecords};
    case ResourceType::kEncounter:
      return {app::kReadEncounters, app::kChartRecords};
    case ResourceType::kCarePlan:
      return {app::kReadCarePlans, app::kChartRecords};
    case ResourceType::kProcedure:
      return {app::kReadSessionNotes, app::kChartRecords | app::kChartSignedNotes};
    case ResourceType::kFlag:
      return {app::kReadAlerts, app::kChartRecords | app::kChartAlerts};
    case ResourceType::kOrganization:
    case ResourceType::kPractitioner:
      break;
  }
  BACKCARE_CHECK(false);
  return {};
}

void Add(std::vector<Candidate>& out, std::int64_t patient, Json resource) {
  std::string id = resource.at("id").get<std::string>();
  out.push_back({patient, std::move(id), std::move(resource)});
}

// The block's resources of `type`, in position order.
std::vector<Candidate> Collect(ResourceType type, const app::ChartBlock& block) {
  std::vector<Candidate> out;
  const ports::PatientRecords& records = block.records;
  switch (type) {
    case ResourceType::kPatient:
      for (const clinic::Patient& patient : block.patients) {
        Add(out, patient.id.value(), fhir::PatientResource(patient));
      }
      break;
    case ResourceType::kObservation:
      for (const clinic::QuestionnaireResponse& response : records.responses) {
        if (std::optional<Json> score = fhir::ScoreObservation(response)) {
          Add(out, response.patient_id.value(), std::move(*score));
        }
      }
      for (const clinic::AdherenceEntry& entry : records.adherence) {
        Add(out, entry.patient_id.value(), fhir::AdherenceObservation(entry));
      }
      break;
    case ResourceType::kQuestionnaireResponse:
      for (const clinic::QuestionnaireResponse& response : records.responses) {
        Add(out, response.patient_id.value(), fhir::QuestionnaireResponseResource(response));
      }
      break;
    case ResourceType::kAppointment:
      for (const clinic::Session& session : records.sessions) {
        Add(out, session.patient_id.value(), fhir::AppointmentResource(session));
      }
      break;
    case ResourceType::kEncounter:
      for (const clinic::Session& session : records.sessions) {
        if (session.status != clinic::SessionStatus::kAttended) continue;
        Add(out, session.patient_id.value(), fhir::EncounterResource(session));
      }
      break;
    case ResourceType::kCarePlan:
      for (const clinic::Course& course : records.courses) {
        Add(out, course.patient_id.value(), fhir::CarePlanResource(course));
      }
      break;
    case ResourceType::kProcedure: {
      std::map<std::int64_t, const clinic::Session*> sessions;
      for (const clinic::Session& session : records.sessions) {
        sessions[session.id.value()] = &session;
      }
      for (const session::SessionNote& note : block.signed_notes) {
        auto found = sessions.find(note.session_id.value());
        if (found == sessions.end()) continue;
        for (Json& procedure : fhir::ProcedureResources(note, *found->second)) {
          Add(out, found->second->patient_id.value(), std::move(procedure));
        }
      }
      break;
    }
    case ResourceType::kFlag: {
      // A screening is superseded by the patient's next one (screenings come by patient, then
      // screened_at).
      const std::vector<clinic::ScreeningResult>& screenings = records.screenings;
      for (std::size_t i = 0; i < screenings.size(); ++i) {
        std::optional<clinic::Timestamp> superseded;
        if (i + 1 < screenings.size() && screenings[i + 1].patient_id == screenings[i].patient_id) {
          superseded = screenings[i + 1].screened_at;
        }
        if (std::optional<Json> flag = fhir::ScreeningFlag(screenings[i], superseded)) {
          Add(out, screenings[i].patient_id.value(), std::move(*flag));
        }
      }
      for (const clinic::Alert& alert : block.alerts) {
        if (std::optional<Json> flag = fhir::AlertFlag(alert)) {
          Add(out, alert.patient_id->value(), std::move(*flag));
        }
      }
      break;
    }
    case ResourceType::kOrganization:
    case ResourceType::kPractitioner:
      break;
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.patient, a.id) < std::tie(b.patient, b.id);
  });
  return out;
}

// Organization and Practitioner: the clinic's own, through the clinic use cases.
Result<std::vector<Candidate>> ClinicResources(HandlerContext& context, ResourceType type) {
  std::vector<Candidate> out;
  if (type == ResourceType::kOrganization) {
    ASSIGN_OR_RETURN(clinic::Clinic clinic, context.services.clinics.GetClinic(*context.caller));
    Add(out, 0, fhir::OrganizationResource(clinic));
  } else {
    ASSIGN_OR_RETURN(std::vector<clinic::Therapist> therapists,
                     context.services.clinics.ListTherapists(*context.caller));
    for (const clinic::Therapist& therapist : therapists) {
      Add(out, 0, fhir::PractitionerResource(therapist));
    }
    std::sort(out.begin(), out.end(),
              [](const Candidate& a, const Candidate& b) { return a.id < b.id; });
  }
  return out;
}

bool IsAfter(const Candidate& candidate, const std::optional<FhirPosition>& after) {
  if (!after) return true;
  return std::tie(candidate.patient, candidate.id) > std::tie(after->patient, after->id);
}

Result<std::int64_t> PositiveId(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return NotFound("record not found");
  }
  return value;
}

// The patient whose chart holds resource `type`/`id`.
Result<PatientId> OwnerOf(HandlerContext& context, ResourceType type, std::string_view id) {
  const app::AppContext& app = context.services.app_context;
  auto owner = [&](app::ChartRecord kind, std::string_view number) -> Result<PatientId> {
    ASSIGN_OR_RETURN(std::int64_t record, PositiveId(number));
    return app::RecordOwner(app, *context.caller, kind, record);
  };
  auto after = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!id.starts_with(prefix)) return std::nullopt;
    return id.substr(prefix.size());
  };
  switch (type) {
    case ResourceType::kPatient: {
      ASSIGN_OR_RETURN(std::int64_t patient, PositiveId(id));
      return PatientId(patient);
    }
    case ResourceType::kObservation:
      if (auto number = after("score-")) return owner(app::ChartRecord::kResponse, *number);
      if (auto key = fhir::ParseAdherenceObservationId(id)) return PatientId(key->patient_id);
      break;
    case ResourceType::kQuestionnaireResponse:
      return owner(app::ChartRecord::kResponse, id);
    case ResourceType::kAppointment:
    case ResourceType::kEncounter:
      return owner(app::ChartRecord::kSession, id);
    case ResourceType::kCarePlan:
      if (auto number = after("course-")) return owner(app::ChartRecord::kCourse, *number);
      break;
    case ResourceType::kProcedure:
      if (std::size_t dash = id.find('-'); dash != std::string_view::npos) {
        return owner(app::ChartRecord::kNote, id.substr(0, dash));
      }
      break;
    case ResourceType::kFlag:
      if (auto number = after("screening-")) return owner(app::ChartRecord::kScreening, *number);
      if (auto number = after("alert-")) return owner(app::ChartRecord::kAlert, *number);
      break;
    case ResourceType::kOrganization:
    case ResourceType::kPractitioner:
      break;
  }
  return NotFound("record not found");
}

Error ResourceNotFound(ResourceType type, std::string_view id) {
  (void)id;  // never echoed (docs/http.md)
  return NotFound(std::string(fhir::ResourceTypeName(type)) + " not found");
}

}  // namespace

std::string FormatPosition(const FhirPosition& position) {
  return std::to_string(position.patient) + "." + position.id;
}

std::optional<FhirPosition> ParsePosition(std::string_view text) {
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  FhirPosition position;
  auto [end, error] = std::from_chars(text.data(), text.data() + dot, position.patient);
  if (error != std::errc() || end != text.data() + dot || position.patient < 0) {
    return std::nullopt;
  }
  position.id = std::string(text.substr(dot + 1));
  if (!fhir::IsFhirId(position.id)) return std::nullopt;
  return position;
}

Result<FhirPage> SearchFhir(HandlerContext& context, const fhir::SearchQuery& query,
                            const std::optional<FhirPosition>& after) {
  FhirPage page;
  const std::size_t count = static_cast<std::size_t>(query.count);
  std::vector<PatientId> audited;
  // Takes `candidate` if it matches; false once the page is full and another match exists.
  auto take = [&](Candidate& candidate) {
    if (!IsAfter(candidate, after) || !fhir::Matches(query, candidate.resource)) return true;
    if (page.resources.size() == count) return false;
    page.next = FhirPosition{candidate.patient, candidate.id};
    if (candidate.patient != 0 &&
        (audited.empty() || audited.back().value() != candidate.patient)) {
      audited.emplace_back(candidate.patient);
    }
    page.resources.push_back(std::move(candidate.resource));
    return true;
  };
  bool full = false;
  if (query.type == ResourceType::kOrganization || query.type == ResourceType::kPractitioner) {
    ASSIGN_OR_RETURN(std::vector<Candidate> candidates, ClinicResources(context, query.type));
    for (Candidate& candidate : candidates) {
      if (!take(candidate)) {
        full = true;
        break;
      }
    }
  } else {
    const TypeSource source = SourceOf(query.type);
    app::ChartRequest request;
    request.permission = source.permission;
    request.parts = source.parts;
    if (query.patient) request.patient = PatientId(*query.patient);
    request.after = after && after->patient > 0 ? after->patient - 1 : 0;
    for (;;) {
      Result<app::ChartBlock> block =
          app::ReadCharts(context.services.app_context, *context.caller, request);
      if (!block) {
        // A patient the caller cannot see, or a deleted one, has no records to find.
        ErrorCode code = block.error().code;
        if (query.patient && (code == ErrorCode::kNotFound || code == ErrorCode::kGone)) break;
        return block.error();
      }
      std::vector<Candidate> candidates = Collect(query.type, *block);
      for (Candidate& candidate : candidates) {
        if (!take(candidate)) {
          full = true;
          break;
        }
      }
      if (full || !block->more || block->patients.empty()) break;
      request.after = block->patients.back().id.value();
    }
  }
  if (!full) page.next.reset();
  RETURN_IF_ERROR(app::AuditChartReads(context.services.app_context, *context.caller, audited));
  return page;
}

Result<Json> ReadFhir(HandlerContext& context, ResourceType type, std::string_view id) {
  if (!fhir::IsFhirId(id)) return ResourceNotFound(type, id);
  if (type == ResourceType::kOrganization || type == ResourceType::kPractitioner) {
    ASSIGN_OR_RETURN(std::vector<Candidate> candidates, ClinicResources(context, type));
    for (Candidate& candidate : candidates) {
      if (candidate.id == id) return std::move(candidate.resource);
    }
    return ResourceNotFound(type, id);
  }
  const TypeSource source = SourceOf(type);
  // The role first, so a role that may not read the type learns nothing of which ids exist.
  RETURN_IF_ERROR(app::RequireRole(context.caller->actor, source.permission));
  Result<PatientId> owner = OwnerOf(context, type, id);
  if (!owner) {
    if (owner.error().code == ErrorCode::kNotFound) return ResourceNotFound(type, id);
    return owner.error();
  }
  app::ChartRequest request;
  request.permission = source.permission;
  request.parts = source.parts;
  request.patient = *owner;
  Result<app::ChartBlock> block =
      app::ReadCharts(context.services.app_context, *context.caller, request);
  if (!block) {
    ErrorCode code = block.error().code;
    if (code == ErrorCode::kGone && type == ResourceType::kPatient) {
      return Gone("the patient was deleted");
    }
    if (code == ErrorCode::kNotFound || code == ErrorCode::kGone) {
      return ResourceNotFound(type, id);
    }
    return block.error();
  }
  for (Candidate& candidate : Collect(type, *block)) {
    if (candidate.id != id) continue;
    const PatientId read[] = {*owner};
    RETURN_IF_ERROR(app::AuditChartReads(context.services.app_context, *context.caller, read));
    return std::move(candidate.resource);
  }
  return ResourceNotFound(type, id);
}

}  // namespace backcare::http::api
