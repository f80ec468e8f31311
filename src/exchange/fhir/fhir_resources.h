// backcare's records as FHIR R4 resources (docs/fhir.md lists every element and code mapped):
// the clinic as an Organization, therapists as Practitioners, patients, scored questionnaire
// responses as survey Observations (LOINC where the instrument has a code) with their
// QuestionnaireResponse, adherence entries as activity Observations, sessions as Appointments
// (and Encounters once attended), courses as CarePlans, the technique entries of signed notes as
// Procedures, and screening decisions other than clear and patients' alerts as Flags.
// Pure: records in, JSON out. Resource ids follow FHIR's [A-Za-z0-9\-\.]{1,64}; composite keys map
// to ids reversibly (ParseAdherenceObservationId).
#ifndef BACKCARE_EXCHANGE_FHIR_FHIR_RESOURCES_H_
#define BACKCARE_EXCHANGE_FHIR_FHIR_RESOURCES_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/clinic/alert.h"
#include "core/clinic/clinic.h"
#include "core/clinic/course.h"
#include "core/clinic/home_program.h"
#include "core/clinic/patient.h"
#include "core/clinic/response.h"
#include "core/clinic/screening_result.h"
#include "core/clinic/session.h"
#include "core/clinic/therapist.h"
#include "core/session/session_note.h"

namespace backcare::exchange::fhir {

using Json = nlohmann::json;

inline constexpr std::string_view kFhirJson = "application/fhir+json";
inline constexpr std::string_view kFhirVersion = "4.0.1";

// Code systems backcare defines (no public system has these concepts).
inline constexpr std::string_view kExerciseSystem = "urn:backcare:exercise";
inline constexpr std::string_view kTechniqueSystem = "urn:backcare:technique";
inline constexpr std::string_view kScreeningDecisionSystem = "urn:backcare:screening-decision";
inline constexpr std::string_view kAlertKindSystem = "urn:backcare:alert-kind";
inline constexpr std::string_view kQuestionnairePrefix = "urn:backcare:questionnaire:";
inline constexpr std::string_view kProtocolPrefix = "urn:backcare:protocol:";
// The local extensions on Procedure: the dose of one technique entry.
inline constexpr std::string_view kHoldExtension = "urn:backcare:fhir:extension:hold-duration";
inline constexpr std::string_view kPassesExtension = "urn:backcare:fhir:extension:passes";
inline constexpr std::string_view kReleaseExtension =
    "urn:backcare:fhir:extension:release-duration";

// The resource types served, in CapabilityStatement order.
enum class ResourceType {
  kOrganization,
  kPractitioner,
  kPatient,
  kObservation,
  kQuestionnaireResponse,
  kAppointment,
  kEncounter,
  kCarePlan,
  kProcedure,
  kFlag,
};
std::span<const ResourceType> AllResourceTypes();
std::string_view ResourceTypeName(ResourceType type);
std::optional<ResourceType> ParseResourceType(std::string_view name);

// True when `id` is a valid FHIR id: [A-Za-z0-9\-\.]{1,64}.
bool IsFhirId(std::string_view id);

Json OrganizationResource(const clinic::Clinic& clinic);
Json PractitionerResource(const clinic::Therapist& therapist);
Json PatientResource(const clinic::Patient& patient);

// The score Observation of a response (id "score-<response id>"), or nullopt when the response
// was not scorable. STarT Back carries its distress subscore and risk level as components.
std::optional<Json> ScoreObservation(const clinic::QuestionnaireResponse& response);
Json QuestionnaireResponseResource(const clinic::QuestionnaireResponse& response);

// "adh-<patient>-<yyyymmdd>-<exercise id with '_' as '.'>" (exercise ids never hold '.').
std::string AdherenceObservationId(const clinic::AdherenceEntry& entry);
struct AdherenceKey {
  std::int64_t patient_id = 0;
  clinic::Date date;
  std::string exercise_id;
};
// The inverse of AdherenceObservationId; nullopt for any other text.
std::optional<AdherenceKey> ParseAdherenceObservationId(std::string_view id);
Json AdherenceObservation(const clinic::AdherenceEntry& entry);

Json AppointmentResource(const clinic::Session& session);
// Only for an attended session (status finished, class AMB).
Json EncounterResource(const clinic::Session& session);

// "course-<id>".
Json CarePlanResource(const clinic::Course& course);

// The technique entries of a signed note, one Procedure each, ids "<note id>-<n>" (n from 1:
// strip passes, then trigger-point holds, then release areas). `session` is the note's session.
// Nothing for a draft.
std::vector<Json> ProcedureResources(const session::SessionNote& note,
                                     const clinic::Session& session);

// "screening-<id>", for a decision other than clear (nullopt for clear). Active while it is the
// patient's latest screening; `superseded_at` (the next screening's time) makes it inactive.
std::optional<Json> ScreeningFlag(const clinic::ScreeningResult& screening,
                                  std::optional<clinic::Timestamp> superseded_at);
// "alert-<id>", for an alert about a patient (nullopt otherwise: a Flag needs a subject);
// inactive once acknowledged.
std::optional<Json> AlertFlag(const clinic::Alert& alert);

// An OperationOutcome with one error issue; `code` is an IssueType ("invalid", "not-found",
// "forbidden", "login", "exception", "transient", "not-supported", "processing").
Json OperationOutcome(std::string_view code, std::string_view diagnostics);

// "2024-03-18T09:05:07Z" (whole seconds) or with ".ffffff" when not a whole second.
std::string FhirInstant(clinic::Timestamp at);

}  // namespace backcare::exchange::fhir

#endif  // BACKCARE_EXCHANGE_FHIR_FHIR_RESOURCES_H_
