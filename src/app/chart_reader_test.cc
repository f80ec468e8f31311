// ReadCharts and RecordOwner (the FHIR read API's source): the role policy, the row rules of a
// patient actor and another clinic, blocks of patients, and the audit of what was returned.
#include "app/chart_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

ChartRequest Request(const Permission& permission, unsigned parts,
                     std::optional<PatientId> patient = std::nullopt) {
  ChartRequest request;
  request.permission = permission;
  request.parts = parts;
  request.patient = patient;
  return request;
}

std::vector<std::int64_t> Ids(const ChartBlock& block) {
  std::vector<std::int64_t> ids;
  for (const clinic::Patient& patient : block.patients) ids.push_back(patient.id.value());
  return ids;
}

TEST(ChartReaderTest, StaffReadEveryPatientInBlocks) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  t.ScreenClear(t.patient_2);
  ChartRequest request = Request(kReadQuestionnaireResponses, kChartRecords);
  request.max_patients = 1;
  ASSERT_OK_AND_ASSIGN(ChartBlock first, ReadCharts(t.context, t.therapist, request));
  EXPECT_EQ(Ids(first), std::vector<std::int64_t>{t.patient_1.value()});
  EXPECT_TRUE(first.more);
  ASSERT_FALSE(first.records.responses.empty());  // the baseline NPRS
  for (const auto& response : first.records.responses) EXPECT_EQ(response.patient_id, t.patient_1);
  request.after = t.patient_1.value();
  ASSERT_OK_AND_ASSIGN(ChartBlock second, ReadCharts(t.context, t.therapist, request));
  EXPECT_EQ(Ids(second), std::vector<std::int64_t>{t.patient_2.value()});
  EXPECT_FALSE(second.more);
  for (const auto& screening : second.records.screenings) {
    EXPECT_EQ(screening.patient_id, t.patient_2);
  }
}

TEST(ChartReaderTest, APatientReadsOnlyTheirOwnChart) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  t.ScreenClear(t.patient_2);
  ChartRequest request = Request(kReadQuestionnaireResponses, kChartRecords);
  ASSERT_OK_AND_ASSIGN(ChartBlock own, ReadCharts(t.context, t.patient, request));
  EXPECT_EQ(Ids(own), std::vector<std::int64_t>{t.patient_1.value()});
  EXPECT_FALSE(own.more);
  request.patient = t.patient_2;
  ASSERT_ERROR_AND_ASSIGN(Error other, ReadCharts(t.context, t.patient, request),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other.message, "patient " + std::to_string(t.patient_2.value()) + " not found");
  // Past their own id there is nothing more.
  request.patient.reset();
  request.after = t.patient_1.value();
  ASSERT_OK_AND_ASSIGN(ChartBlock none, ReadCharts(t.context, t.patient, request));
  EXPECT_TRUE(none.patients.empty());
}

TEST(ChartReaderTest, TheRolePolicyDecidesWhoReadsWhat) {
  TestClinic t;
  ChartRequest notes = Request(kReadSessionNotes, kChartRecords | kChartSignedNotes);
  ASSERT_ERROR_AND_ASSIGN(Error denied, ReadCharts(t.context, t.front_desk, notes),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.message, "role 'front_desk' may not read session notes");
  EXPECT_FALSE(ReadCharts(t.context, t.patient, notes).has_value());
  EXPECT_TRUE(
      ReadCharts(t.context, t.front_desk, Request(kReadPatientPlans, kChartRecords)).has_value());
  EXPECT_FALSE(
      ReadCharts(t.context, t.front_desk, Request(kReadEncounters, kChartRecords)).has_value());
  EXPECT_FALSE(
      ReadCharts(t.context, t.front_desk, Request(kReadCarePlans, kChartRecords)).has_value());
}

TEST(ChartReaderTest, RecordsOfAnotherClinicDoNotExist) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  ASSERT_OK_AND_ASSIGN(std::vector<ScoredResponse> responses,
                       t.questionnaires.ListResponses(t.therapist, t.patient_1));
  ASSERT_FALSE(responses.empty());
  const std::int64_t response_id = responses.front().id.value();
  ASSERT_OK_AND_ASSIGN(PatientId owner,
                       RecordOwner(t.context, t.therapist, ChartRecord::kResponse, response_id));
  EXPECT_EQ(owner, t.patient_1);

  RequestContext elsewhere = t.therapist;
  elsewhere.actor.clinic_id = ClinicId(t.clinic_id.value() + 1000);
  ASSERT_ERROR_AND_ASSIGN(Error missing,
                          RecordOwner(t.context, elsewhere, ChartRecord::kResponse, response_id),
                          ErrorCode::kNotFound);
  EXPECT_EQ(missing.message, "record not found");
  EXPECT_FALSE(RecordOwner(t.context, t.therapist, ChartRecord::kSession, 999999).has_value());
  EXPECT_FALSE(RecordOwner(t.context, t.therapist, ChartRecord::kCourse, 0).has_value());
  ChartRequest one = Request(kReadQuestionnaireResponses, kChartRecords, t.patient_1);
  EXPECT_FALSE(ReadCharts(t.context, elsewhere, one).has_value());
}

TEST(ChartReaderTest, AuditsEachPatientRead) {
  TestClinic t;
  ASSERT_OK(t.audit_log.Flush());
  std::int64_t before = 0;
  {
    auto transaction = t.store->BeginReadOnly().value();
    auto last = transaction->LastAuditEvent(t.clinic_id).value();
    before = last ? last->seq : 0;
  }
  const PatientId read[] = {t.patient_1, t.patient_2};
  ASSERT_OK(AuditChartReads(t.context, t.therapist, read));
  ASSERT_OK(t.audit_log.Flush());
  auto transaction = t.store->BeginReadOnly().value();
  std::vector<clinic::AuditEvent> events =
      transaction->ListAuditEvents(t.clinic_id, before, 100).value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "chart.read");
  EXPECT_EQ(events[0].record_type, "patient");
  EXPECT_EQ(events[0].record_id, t.patient_1.value());
  EXPECT_EQ(events[1].record_id, t.patient_2.value());
  EXPECT_EQ(events[0].role, "therapist");
}

}  // namespace
}  // namespace backcare::app
