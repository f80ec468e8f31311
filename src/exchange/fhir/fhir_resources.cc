#include "exchange/fhir/fhir_resources.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/instrument/instrument.h"
#include "core/instrument/score.h"
#include "core/screening/catalog.h"

namespace backcare::exchange::fhir {
namespace {

constexpr std::string_view kObservationCategory =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kUcum = "http://unitsofmeasure.org";
constexpr std::string_view kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr std::string_view kFlagCategory = "http://terminology.hl7.org/CodeSystem/flag-category";

constexpr std::array<ResourceType, 10> kTypes = {
    ResourceType::kOrganization,
    ResourceType::kPractitioner,
    ResourceType::kPatient,
    ResourceType::kObservation,
    ResourceType::kQuestionnaireResponse,
    ResourceType::kAppointment,
    ResourceType::kEncounter,
    ResourceType::kCarePlan,
    ResourceType::kProcedure,
    ResourceType::kFlag,
};
constexpr std::array<std::string_view, 10> kTypeNames = {
    "Organization", "Practitioner", "Patient",  "Observation", "QuestionnaireResponse",
    "Appointment",  "Encounter",    "CarePlan", "Procedure",   "Flag",
};

std::string Reference(std::string_view type, std::int64_t id) {
  return std::string(type) + "/" + std::to_string(id);
}

Json Ref(std::string_view type, std::int64_t id) { return {{"reference", Reference(type, id)}}; }

Json Coding(std::string_view system, std::string_view code, std::string_view display = {}) {
  Json coding = {{"system", system}, {"code", code}};
  if (!display.empty()) coding["display"] = display;
  return coding;
}

Json Concept(Json coding, std::string_view text = {}) {
  Json codeable = {{"coding", Json::array({std::move(coding)})}};
  if (!text.empty()) codeable["text"] = text;
  return codeable;
}

Json HumanName(const std::string& given, const std::string& family) {
  Json name = {{"use", "official"}, {"family", family}};
  if (!given.empty()) name["given"] = Json::array({given});
  return name;
}

// A score as FHIR decimal: whole numbers as integers ("6", not "6.0").
Json ScoreValue(double score) {
  double whole = std::round(score);
  if (std::fabs(score - whole) < 1e-9 && std::fabs(whole) < 1e15) {
    return static_cast<std::int64_t>(whole);
  }
  return std::round(score * 100.0) / 100.0;
}

Json ScoreQuantity(Json value) {
  return {{"value", std::move(value)}, {"unit", "{score}"}, {"system", kUcum}, {"code", "{score}"}};
}

// meta.lastUpdated from the store's time (records the store has not written have none).
void SetLastUpdated(Json& resource, clinic::Timestamp updated_at) {
  if (updated_at == clinic::Timestamp{}) return;
  resource["meta"] = {{"lastUpdated", FhirInstant(updated_at)}};
}

Json Duration(int value, std::string_view unit) {
  return {{"value", value}, {"unit", unit}, {"system", kUcum}, {"code", unit}};
}

std::string Underscores(std::string_view text, char from, char to) {
  std::string out(text);
  for (char& c : out) {
    if (c == from) c = to;
  }
  return out;
}

std::string_view RiskAnswer(std::string_view band) {
  if (band == "low") return "LA9194-7";
  if (band == "medium") return "LA8982-6";
  if (band == "high") return "LA9193-9";
  return {};
}

std::string_view AppointmentStatus(clinic::SessionStatus status) {
  switch (status) {
    case clinic::SessionStatus::kBooked:
      return "booked";
    case clinic::SessionStatus::kAttended:
      return "fulfilled";
    case clinic::SessionStatus::kCancelled:
      return "cancelled";
    case clinic::SessionStatus::kMissed:
      return "noshow";
  }
  return "booked";
}

std::string_view CarePlanStatus(clinic::CourseStatus status) {
  switch (status) {
    case clinic::CourseStatus::kActive:
      return "active";
    case clinic::CourseStatus::kPaused:
      return "on-hold";
    case clinic::CourseStatus::kCompleted:
      return "completed";
    case clinic::CourseStatus::kDiscontinued:
      return "revoked";
  }
  return "unknown";
}

std::string_view DecisionText(screening::Decision decision) {
  switch (decision) {
    case screening::Decision::kClear:
      return "Screening: clear to treat";
    case screening::Decision::kAvoidArea:
      return "Screening: treat, avoiding the named areas";
    case screening::Decision::kModify:
      return "Screening: treat without deep-pressure techniques";
    case screening::Decision::kMedicalReview:
      return "Screening: no treatment until a doctor has reviewed";
    case screening::Decision::kReferUrgent:
      return "Screening: referred urgently";
    case screening::Decision::kReferEmergency:
      return "Screening: sent to emergency care";
  }
  return "Screening";
}

Json TechniqueProcedure(const session::SessionNote& note, const clinic::Session& session, int n,
                        std::string_view technique, std::string_view display, std::string body_site,
                        Json extension) {
  Json procedure = {
      {"resourceType", "Procedure"},
      {"id", std::to_string(note.id.value()) + "-" + std::to_string(n)},
      {"status", "completed"},
      {"code", Concept(Coding(kTechniqueSystem, technique, display), display)},
      {"subject", Ref("Patient", session.patient_id.value())},
      {"performedPeriod",
       {{"start", FhirInstant(session.start)}, {"end", FhirInstant(session.end)}}},
      {"performer", Json::array({{{"actor", Ref("Practitioner", session.therapist_id.value())}}})},
      {"bodySite", Json::array({{{"text", std::move(body_site)}}})},
      {"extension", Json::array({std::move(extension)})},
  };
  if (session.status == clinic::SessionStatus::kAttended) {
    procedure["encounter"] = Ref("Encounter", session.id.value());
  }
  SetLastUpdated(procedure, note.updated_at);
  return procedure;
}

}  // namespace

std::span<const ResourceType> AllResourceTypes() { return kTypes; }

std::string_view ResourceTypeName(ResourceType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<ResourceType> ParseResourceType(std::string_view name) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return kTypes[i];
  }
  return std::nullopt;
}

bool IsFhirId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string FhirInstant(clinic::Timestamp at) {
  std::int64_t micros = clinic::ToUnixMicros(at);
  std::int64_t fraction = micros % 1'000'000;
  if (fraction < 0) fraction += 1'000'000;
  std::string text = clinic::FormatInstant(at);  // "...:SSZ"
  if (fraction == 0) return text;
  char digits[8];
  std::snprintf(digits, sizeof digits, ".%06lld", static_cast<long long>(fraction));
  text.insert(text.size() - 1, digits);
  return text;
}

Json OrganizationResource(const clinic::Clinic& clinic) {
  Json organization = {{"resourceType", "Organization"},
                       {"id", std::to_string(clinic.id.value())},
                       {"active", true},
                       {"name", clinic.name}};
  SetLastUpdated(organization, clinic.updated_at);
  return organization;
}

Json PractitionerResource(const clinic::Therapist& therapist) {
  Json practitioner = {
      {"resourceType", "Practitioner"},
      {"id", std::to_string(therapist.id.value())},
      {"active", therapist.state == clinic::TherapistState::kActive},
      {"name", Json::array({HumanName(therapist.given_name, therapist.family_name)})}};
  if (!therapist.license_number.empty()) {
    practitioner["qualification"] =
        Json::array({{{"identifier", Json::array({{{"value", therapist.license_number}}})},
                      {"code", {{"text", "Professional registration"}}}}});
  }
  SetLastUpdated(practitioner, therapist.updated_at);
  return practitioner;
}

Json PatientResource(const clinic::Patient& patient) {
  Json resource = {{"resourceType", "Patient"},
                   {"id", std::to_string(patient.id.value())},
                   {"active", !patient.deletion.has_value()},
                   {"name", Json::array({HumanName(patient.given_name, patient.family_name)})},
                   {"birthDate", clinic::FormatDate(patient.date_of_birth)},
                   {"managingOrganization", Ref("Organization", patient.clinic_id.value())}};
  Json telecom = Json::array();
  if (!patient.phone.empty()) telecom.push_back({{"system", "phone"}, {"value", patient.phone}});
  if (!patient.email.empty()) telecom.push_back({{"system", "email"}, {"value", patient.email}});
  if (!telecom.empty()) resource["telecom"] = std::move(telecom);
  SetLastUpdated(resource, patient.updated_at);
  return resource;
}

std::optional<Json> ScoreObservation(const clinic::QuestionnaireResponse& response) {
  if (response.score_status != instrument::ScoreStatus::kScored || !response.score) {
    return std::nullopt;
  }
  const instrument::InstrumentDefinition& definition =
      instrument::GetInstrument(response.instrument_id);
  Json observation = {
      {"resourceType", "Observation"},
      {"id", "score-" + std::to_string(response.id.value())},
      {"status", "final"},
      {"category", Json::array({Concept(Coding(kObservationCategory, "survey", "Survey"))})},
      {"code",
       Concept(Coding(definition.score_code.system, definition.score_code.code), definition.title)},
      {"subject", Ref("Patient", response.patient_id.value())},
      {"effectiveDateTime", FhirInstant(response.taken_at)},
      {"valueQuantity", ScoreQuantity(ScoreValue(*response.score))},
      {"derivedFrom", Json::array({Ref("QuestionnaireResponse", response.id.value())})},
  };
  if (!definition.subscale_code.empty() || !definition.risk_code.empty()) {
    Result<instrument::Score> score =
        instrument::ScoreAnswers(response.instrument_id, response.answers);
    Json components = Json::array();
    if (score && score->subscale && !definition.subscale_code.empty()) {
      components.push_back(
          {{"code", Concept(Coding(definition.subscale_code.system, definition.subscale_code.code),
                            "Distress subscore")},
           {"valueQuantity", ScoreQuantity(*score->subscale)}});
    }
    if (score && !RiskAnswer(score->band).empty() && !definition.risk_code.empty()) {
      components.push_back(
          {{"code",
            Concept(Coding(definition.risk_code.system, definition.risk_code.code), "Risk level")},
           {"valueCodeableConcept",
            Concept(Coding(instrument::kLoincSystem, RiskAnswer(score->band), score->band))}});
    }
    if (!components.empty()) observation["component"] = std::move(components);
  }
  SetLastUpdated(observation, response.updated_at);
  return observation;
}

Json QuestionnaireResponseResource(const clinic::QuestionnaireResponse& response) {
  Json items = Json::array();
  for (std::size_t i = 0; i < response.answers.size(); ++i) {
    if (!response.answers[i]) continue;  // a blank item has no answer to carry
    items.push_back({{"linkId", std::to_string(i + 1)},
                     {"answer", Json::array({{{"valueInteger", *response.answers[i]}}})}});
  }
  Json resource = {
      {"resourceType", "QuestionnaireResponse"},
      {"id", std::to_string(response.id.value())},
      {"questionnaire", std::string(kQuestionnairePrefix) +
                            std::string(instrument::InstrumentName(response.instrument_id))},
      {"status", "completed"},
      {"subject", Ref("Patient", response.patient_id.value())},
      {"authored", FhirInstant(response.taken_at)},
  };
  if (response.course_id) {
    resource["basedOn"] = Json::array(
        {{{"reference", "CarePlan/course-" + std::to_string(response.course_id->value())}}});
  }
  if (!items.empty()) resource["item"] = std::move(items);
  SetLastUpdated(resource, response.updated_at);
  return resource;
}

std::string AdherenceObservationId(const clinic::AdherenceEntry& entry) {
  char day[32];
  std::snprintf(day, sizeof day, "%04d%02u%02u", static_cast<int>(entry.date.year()),
                static_cast<unsigned>(entry.date.month()), static_cast<unsigned>(entry.date.day()));
  return "adh-" + std::to_string(entry.patient_id.value()) + "-" + day + "-" +
         Underscores(entry.exercise_id, '_', '.');
}

std::optional<AdherenceKey> ParseAdherenceObservationId(std::string_view id) {
  constexpr std::string_view kPrefix = "adh-";
  if (!id.starts_with(kPrefix)) return std::nullopt;
  id.remove_prefix(kPrefix.size());
  AdherenceKey key;
  auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), key.patient_id);
  if (error != std::errc() || key.patient_id <= 0) return std::nullopt;
  id.remove_prefix(static_cast<std::size_t>(end - id.data()));
  if (id.size() < 11 || id[0] != '-' || id[9] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  auto digits = [&](std::size_t from, std::size_t count, auto& out) {
    auto [stop, problem] = std::from_chars(id.data() + from, id.data() + from + count, out);
    return problem == std::errc() && stop == id.data() + from + count;
  };
  if (!digits(1, 4, year) || !digits(5, 2, month) || !digits(7, 2, day)) return std::nullopt;
  key.date = std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day);
  if (!key.date.ok()) return std::nullopt;
  key.exercise_id = Underscores(id.substr(10), '.', '_');
  if (key.exercise_id.empty()) return std::nullopt;
  return key;
}

Json AdherenceObservation(const clinic::AdherenceEntry& entry) {
  Json observation = {
      {"resourceType", "Observation"},
      {"id", AdherenceObservationId(entry)},
      {"status", "final"},
      {"category", Json::array({Concept(Coding(kObservationCategory, "activity", "Activity"))})},
      {"code", Concept(Coding(kExerciseSystem, entry.exercise_id), "Home exercise done")},
      {"subject", Ref("Patient", entry.patient_id.value())},
      {"effectiveDateTime", clinic::FormatDate(entry.date)},
      {"valueBoolean", entry.completion == clinic::Completion::kDone},
  };
  if (!entry.note.empty()) observation["note"] = Json::array({{{"text", entry.note}}});
  SetLastUpdated(observation, entry.updated_at);
  return observation;
}

Json AppointmentResource(const clinic::Session& session) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(session.end - session.start);
  Json appointment = {
      {"resourceType", "Appointment"},
      {"id", std::to_string(session.id.value())},
      {"status", AppointmentStatus(session.status)},
      {"start", FhirInstant(session.start)},
      {"end", FhirInstant(session.end)},
      {"participant",
       Json::array({{{"actor", Ref("Patient", session.patient_id.value())}, {"status", "accepted"}},
                    {{"actor", Ref("Practitioner", session.therapist_id.value())},
                     {"status", "accepted"}}})},
  };
  if (minutes.count() > 0) appointment["minutesDuration"] = minutes.count();
  if (!session.phase_id.empty()) {
    appointment["description"] = "Massage session, protocol phase " + session.phase_id;
  }
  SetLastUpdated(appointment, session.updated_at);
  return appointment;
}

Json EncounterResource(const clinic::Session& session) {
  Json encounter = {
      {"resourceType", "Encounter"},
      {"id", std::to_string(session.id.value())},
      {"status", "finished"},
      {"class", Coding(kActCode, "AMB", "ambulatory")},
      {"subject", Ref("Patient", session.patient_id.value())},
      {"participant",
       Json::array({{{"individual", Ref("Practitioner", session.therapist_id.value())}}})},
      {"appointment", Json::array({Ref("Appointment", session.id.value())})},
      {"period", {{"start", FhirInstant(session.start)}, {"end", FhirInstant(session.end)}}},
  };
  SetLastUpdated(encounter, session.updated_at);
  return encounter;
}

Json CarePlanResource(const clinic::Course& course) {
  Json period = {{"start", clinic::FormatDate(course.start_date)}};
  if (course.discharge) period["end"] = clinic::FormatDate(course.discharge->discharged_on);
  Json plan = {
      {"resourceType", "CarePlan"},
      {"id", "course-" + std::to_string(course.id.value())},
      {"status", CarePlanStatus(course.status)},
      {"intent", "plan"},
      {"instantiatesCanonical", Json::array({std::string(kProtocolPrefix) + course.protocol_id +
                                             "|" + std::to_string(course.protocol_version)})},
      {"title", "Massage program for chronic low back pain"},
      {"subject", Ref("Patient", course.patient_id.value())},
      {"period", std::move(period)},
  };
  if (course.therapist_id) plan["author"] = Ref("Practitioner", course.therapist_id->value());
  SetLastUpdated(plan, course.updated_at);
  return plan;
}

std::vector<Json> ProcedureResources(const session::SessionNote& note,
                                     const clinic::Session& session) {
  std::vector<Json> out;
  if (note.status != session::NoteStatus::kSigned) return out;
  int n = 0;
  for (const session::StripPass& pass : note.techniques.strip_passes) {
    out.push_back(TechniqueProcedure(
        note, session, ++n, "muscle_stripping", "Muscle stripping",
        pass.region + ", " + std::string(session::SideName(pass.side)) + ", " + pass.direction,
        {{"url", kPassesExtension}, {"valueInteger", pass.passes}}));
  }
  for (const session::TriggerPointHold& hold : note.techniques.trigger_points) {
    out.push_back(TechniqueProcedure(
        note, session, ++n, "trigger_point", "Trigger-point therapy",
        hold.muscle + ", " + std::string(session::SideName(hold.side)),
        {{"url", kHoldExtension}, {"valueDuration", Duration(hold.hold_seconds, "s")}}));
  }
  for (const session::ReleaseArea& area : note.techniques.release_areas) {
    out.push_back(TechniqueProcedure(
        note, session, ++n, "myofascial_release", "Myofascial release", area.area,
        {{"url", kReleaseExtension}, {"valueDuration", Duration(area.minutes, "min")}}));
  }
  return out;
}

std::optional<Json> ScreeningFlag(const clinic::ScreeningResult& screening,
                                  std::optional<clinic::Timestamp> superseded_at) {
  if (screening.decision == screening::Decision::kClear) return std::nullopt;
  Json period = {{"start", FhirInstant(screening.screened_at)}};
  if (superseded_at) period["end"] = FhirInstant(*superseded_at);
  Json flag = {
      {"resourceType", "Flag"},
      {"id", "screening-" + std::to_string(screening.id.value())},
      {"status", superseded_at ? "inactive" : "active"},
      {"category", Json::array({Concept(Coding(kFlagCategory, "safety", "Safety"))})},
      {"code",
       Concept(Coding(kScreeningDecisionSystem, screening::DecisionName(screening.decision)),
               DecisionText(screening.decision))},
      {"subject", Ref("Patient", screening.patient_id.value())},
      {"period", std::move(period)},
  };
  // Superseded, the flag changed then (it became inactive).
  SetLastUpdated(
      flag, superseded_at ? std::max(screening.updated_at, *superseded_at) : screening.updated_at);
  return flag;
}

std::optional<Json> AlertFlag(const clinic::Alert& alert) {
  if (!alert.patient_id) return std::nullopt;
  Json period = {{"start", FhirInstant(alert.created_at)}};
  if (alert.acknowledged_at) period["end"] = FhirInstant(*alert.acknowledged_at);
  Json flag = {
      {"resourceType", "Flag"},
      {"id", "alert-" + std::to_string(alert.id.value())},
      {"status", alert.acknowledged_at ? "inactive" : "active"},
      {"category", Json::array({Concept(Coding(kFlagCategory, "clinical", "Clinical"))})},
      {"code", Concept(Coding(kAlertKindSystem, alert.kind), "Alert: " + alert.kind)},
      {"subject", Ref("Patient", alert.patient_id->value())},
      {"period", std::move(period)},
  };
  SetLastUpdated(flag, alert.updated_at);
  return flag;
}

Json OperationOutcome(std::string_view code, std::string_view diagnostics) {
  return {{"resourceType", "OperationOutcome"},
          {"issue",
           Json::array({{{"severity", "error"}, {"code", code}, {"diagnostics", diagnostics}}})}};
}

}  // namespace backcare::exchange::fhir
