#include "exchange/fhir/fhir_resources.h"

#include <gtest/gtest.h>

#include <chrono>

#include <nlohmann/json.hpp>

namespace backcare::exchange::fhir {
namespace {

using std::chrono::sys_days;

clinic::Timestamp At(int y, unsigned m, unsigned d, int hour, int minute) {
  return sys_days{clinic::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute};
}

clinic::QuestionnaireResponse Response(instrument::InstrumentId instrument,
                                       std::vector<std::optional<int>> answers,
                                       std::optional<double> score) {
  clinic::QuestionnaireResponse response;
  response.id = ResponseId(12);
  response.clinic_id = ClinicId(1);
  response.patient_id = PatientId(7);
  response.course_id = CourseId(3);
  response.instrument_id = instrument;
  response.answers = std::move(answers);
  response.score = score;
  response.score_status =
      score ? instrument::ScoreStatus::kScored : instrument::ScoreStatus::kNotScorable;
  response.taken_at = At(2026, 3, 18, 9, 5);
  return response;
}

TEST(FhirResourcesTest, NprsScoreIsALoincSurveyObservation) {
  std::optional<Json> observation =
      ScoreObservation(Response(instrument::InstrumentId::kNprs, {6}, 6.0));
  ASSERT_TRUE(observation.has_value());
  const Json& o = *observation;
  EXPECT_EQ(o["resourceType"], "Observation");
  EXPECT_EQ(o["id"], "score-12");
  EXPECT_EQ(o["status"], "final");
  EXPECT_EQ(o["category"][0]["coding"][0]["code"], "survey");
  EXPECT_EQ(o["code"]["coding"][0]["system"], "http://loinc.org");
  EXPECT_EQ(o["code"]["coding"][0]["code"], "72514-3");
  EXPECT_EQ(o["subject"]["reference"], "Patient/7");
  EXPECT_EQ(o["effectiveDateTime"], "2026-03-18T09:05:00Z");
  EXPECT_EQ(o["valueQuantity"]["value"].dump(), "6");  // an integer, not 6.0
  EXPECT_EQ(o["valueQuantity"]["code"], "{score}");
  EXPECT_EQ(o["valueQuantity"]["system"], "http://unitsofmeasure.org");
  EXPECT_EQ(o["derivedFrom"][0]["reference"], "QuestionnaireResponse/12");
  EXPECT_FALSE(o.contains("component"));
  EXPECT_FALSE(o.contains("meta"));  // a record the store has not written has no time

  clinic::QuestionnaireResponse stored = Response(instrument::InstrumentId::kNprs, {6}, 6.0);
  stored.updated_at = At(2026, 3, 19, 7, 30) + std::chrono::microseconds{5};
  EXPECT_EQ((*ScoreObservation(stored))["meta"]["lastUpdated"], "2026-03-19T07:30:00.000005Z");
  EXPECT_EQ(QuestionnaireResponseResource(stored)["meta"]["lastUpdated"],
            "2026-03-19T07:30:00.000005Z");
}

TEST(FhirResourcesTest, OdiKeepsTwoDecimalsAndNotScorableHasNoObservation) {
  // ODI 19/45 answered = 42.22 (score.h's rule).
  std::optional<Json> odi = ScoreObservation(
      Response(instrument::InstrumentId::kOdi, {2, 2, 2, 2, 2, 2, 2, 2, 3, std::nullopt}, 42.22));
  ASSERT_TRUE(odi.has_value());
  EXPECT_EQ((*odi)["code"]["coding"][0]["code"], "97909-6");
  EXPECT_DOUBLE_EQ((*odi)["valueQuantity"]["value"].get<double>(), 42.22);
  EXPECT_FALSE(
      ScoreObservation(Response(instrument::InstrumentId::kNprs, {std::nullopt}, std::nullopt))
          .has_value());
}

TEST(FhirResourcesTest, StartBackCarriesSubscoreAndRiskAnswer) {
  // Items 1-8 agree except item 2; item 9 = 3 (counts 1): total 8, subscale items 5-9 = 5 -> high.
  std::optional<Json> observation = ScoreObservation(
      Response(instrument::InstrumentId::kStartBack, {1, 0, 1, 1, 1, 1, 1, 1, 3}, 8.0));
  ASSERT_TRUE(observation.has_value());
  const Json& o = *observation;
  EXPECT_EQ(o["code"]["coding"][0]["code"], "91351-7");
  EXPECT_EQ(o["valueQuantity"]["value"].dump(), "8");
  ASSERT_EQ(o["component"].size(), 2u);
  EXPECT_EQ(o["component"][0]["code"]["coding"][0]["code"], "91350-9");
  EXPECT_EQ(o["component"][0]["valueQuantity"]["value"].dump(), "5");
  EXPECT_EQ(o["component"][1]["code"]["coding"][0]["code"], "91352-5");
  EXPECT_EQ(o["component"][1]["valueCodeableConcept"]["coding"][0]["code"], "LA9193-9");  // high

  // Total 3 -> low whatever the subscale.
  std::optional<Json> low = ScoreObservation(
      Response(instrument::InstrumentId::kStartBack, {0, 0, 0, 0, 1, 1, 1, 0, 0}, 3.0));
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ((*low)["component"][1]["valueCodeableConcept"]["coding"][0]["code"], "LA9194-7");
}

TEST(FhirResourcesTest, QuestionnaireResponseSkipsBlankItems) {
  Json qr = QuestionnaireResponseResource(
      Response(instrument::InstrumentId::kPeg, {5, std::nullopt, 7}, std::nullopt));
  EXPECT_EQ(qr["questionnaire"], "urn:backcare:questionnaire:peg");
  EXPECT_EQ(qr["status"], "completed");
  EXPECT_EQ(qr["authored"], "2026-03-18T09:05:00Z");
  EXPECT_EQ(qr["basedOn"][0]["reference"], "CarePlan/course-3");
  ASSERT_EQ(qr["item"].size(), 2u);
  EXPECT_EQ(qr["item"][0]["linkId"], "1");
  EXPECT_EQ(qr["item"][0]["answer"][0]["valueInteger"], 5);
  EXPECT_EQ(qr["item"][1]["linkId"], "3");
}

TEST(FhirResourcesTest, AdherenceIdsRoundTrip) {
  clinic::AdherenceEntry entry;
  entry.patient_id = PatientId(42);
  entry.date = clinic::Date{std::chrono::year{2026}, std::chrono::May, std::chrono::day{4}};
  entry.exercise_id = "bird_dog";
  entry.completion = clinic::Completion::kDone;
  std::string id = AdherenceObservationId(entry);
  EXPECT_EQ(id, "adh-42-20260504-bird.dog");
  EXPECT_TRUE(IsFhirId(id));
  std::optional<AdherenceKey> key = ParseAdherenceObservationId(id);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->patient_id, 42);
  EXPECT_EQ(key->date, entry.date);
  EXPECT_EQ(key->exercise_id, "bird_dog");
  for (const char* bad : {"adh-42-20260504-", "adh-0-20260504-x", "adh-42-20261304-x",
                          "adh-42-2026054-x", "score-1", "adh--20260504-x"}) {
    EXPECT_FALSE(ParseAdherenceObservationId(bad).has_value()) << bad;
  }
  Json o = AdherenceObservation(entry);
  EXPECT_EQ(o["category"][0]["coding"][0]["code"], "activity");
  EXPECT_EQ(o["valueBoolean"], true);
  EXPECT_EQ(o["effectiveDateTime"], "2026-05-04");
}

TEST(FhirResourcesTest, SessionsMapToAppointmentStatusesAndEncounters) {
  clinic::Session session;
  session.id = SessionId(40);
  session.patient_id = PatientId(7);
  session.therapist_id = TherapistId(5);
  session.start = At(2026, 3, 18, 9, 0);
  session.end = At(2026, 3, 18, 10, 0);
  const std::pair<clinic::SessionStatus, const char*> cases[] = {
      {clinic::SessionStatus::kBooked, "booked"},
      {clinic::SessionStatus::kAttended, "fulfilled"},
      {clinic::SessionStatus::kMissed, "noshow"},
      {clinic::SessionStatus::kCancelled, "cancelled"}};
  for (const auto& [status, expected] : cases) {
    session.status = status;
    EXPECT_EQ(AppointmentResource(session)["status"], expected);
  }
  Json appointment = AppointmentResource(session);
  EXPECT_EQ(appointment["minutesDuration"], 60);
  EXPECT_EQ(appointment["participant"][0]["actor"]["reference"], "Patient/7");
  EXPECT_EQ(appointment["participant"][1]["actor"]["reference"], "Practitioner/5");
  Json encounter = EncounterResource(session);
  EXPECT_EQ(encounter["status"], "finished");
  EXPECT_EQ(encounter["class"]["code"], "AMB");
  EXPECT_EQ(encounter["appointment"][0]["reference"], "Appointment/40");
  EXPECT_EQ(encounter["period"]["end"], "2026-03-18T10:00:00Z");
}

TEST(FhirResourcesTest, SignedNoteTechniquesBecomeProcedures) {
  session::SessionNote note;
  note.id = NoteId(9);
  note.status = session::NoteStatus::kSigned;
  note.techniques.strip_passes.push_back(
      {"erector_spinae", session::Side::kBilateral, "sacrum_to_neck", 3});
  note.techniques.trigger_points.push_back({"quadratus_lumborum", session::Side::kLeft, 75});
  note.techniques.release_areas.push_back({"thoracolumbar_fascia", 10});
  clinic::Session session;
  session.id = SessionId(40);
  session.patient_id = PatientId(7);
  session.therapist_id = TherapistId(5);
  session.status = clinic::SessionStatus::kAttended;
  session.start = At(2026, 3, 18, 9, 0);
  session.end = At(2026, 3, 18, 10, 0);
  std::vector<Json> procedures = ProcedureResources(note, session);
  ASSERT_EQ(procedures.size(), 3u);
  EXPECT_EQ(procedures[0]["id"], "9-1");
  EXPECT_EQ(procedures[0]["code"]["coding"][0]["code"], "muscle_stripping");
  EXPECT_EQ(procedures[0]["extension"][0]["valueInteger"], 3);
  EXPECT_EQ(procedures[1]["id"], "9-2");
  EXPECT_EQ(procedures[1]["extension"][0]["url"], kHoldExtension);
  EXPECT_EQ(procedures[1]["extension"][0]["valueDuration"]["value"], 75);
  EXPECT_EQ(procedures[1]["extension"][0]["valueDuration"]["code"], "s");
  EXPECT_EQ(procedures[2]["code"]["coding"][0]["code"], "myofascial_release");
  EXPECT_EQ(procedures[2]["encounter"]["reference"], "Encounter/40");

  note.status = session::NoteStatus::kDraft;
  EXPECT_TRUE(ProcedureResources(note, session).empty());
}

TEST(FhirResourcesTest, FlagsForScreeningsAndAlerts) {
  clinic::ScreeningResult screening;
  screening.id = clinic::ScreeningId(4);
  screening.patient_id = PatientId(7);
  screening.decision = screening::Decision::kReferUrgent;
  screening.screened_at = At(2026, 3, 1, 8, 0);
  std::optional<Json> active = ScreeningFlag(screening, std::nullopt);
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ((*active)["status"], "active");
  EXPECT_EQ((*active)["code"]["coding"][0]["code"], "refer_urgent");
  screening.updated_at = At(2026, 3, 1, 8, 0);
  std::optional<Json> old = ScreeningFlag(screening, At(2026, 3, 5, 8, 0));
  EXPECT_EQ((*old)["status"], "inactive");
  // It changed when it was superseded.
  EXPECT_EQ((*old)["meta"]["lastUpdated"], "2026-03-05T08:00:00Z");
  EXPECT_EQ((*old)["period"]["end"], "2026-03-05T08:00:00Z");
  screening.decision = screening::Decision::kClear;
  EXPECT_FALSE(ScreeningFlag(screening, std::nullopt).has_value());

  clinic::Alert alert;
  alert.id = AlertId(2);
  alert.kind = "off_track";
  alert.created_at = At(2026, 3, 2, 8, 0);
  EXPECT_FALSE(AlertFlag(alert).has_value());  // about no patient
  alert.patient_id = PatientId(7);
  EXPECT_EQ((*AlertFlag(alert))["status"], "active");
  alert.acknowledged_at = At(2026, 3, 3, 8, 0);
  EXPECT_EQ((*AlertFlag(alert))["status"], "inactive");
}

TEST(FhirResourcesTest, IdsAndInstants) {
  EXPECT_TRUE(IsFhirId("score-12"));
  EXPECT_TRUE(IsFhirId(std::string(64, 'a')));
  EXPECT_FALSE(IsFhirId(std::string(65, 'a')));
  EXPECT_FALSE(IsFhirId("muscle_stripping"));
  EXPECT_FALSE(IsFhirId(""));
  EXPECT_EQ(FhirInstant(At(2026, 3, 18, 9, 5) + std::chrono::microseconds{250}),
            "2026-03-18T09:05:00.000250Z");
  for (ResourceType type : AllResourceTypes()) {
    EXPECT_EQ(ParseResourceType(ResourceTypeName(type)), type);
  }
  EXPECT_FALSE(ParseResourceType("patient").has_value());
}

}  // namespace
}  // namespace backcare::exchange::fhir
