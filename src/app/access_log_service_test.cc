// AccessLogService: what a patient and an admin see of the patient's audit events (staff and
// system actors with names and roles, newest first, the patient's own actions left out), who may
// ask, paging, and the refusals with their exact messages.
#include "app/access_log_service.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::TestClinic;

std::vector<std::string> Actions(const AccessLogPage& page) {
  std::vector<std::string> actions;
  for (const AccessLogEntry& entry : page.entries) actions.push_back(entry.action);
  return actions;
}

TEST(AccessLogServiceTest, APatientSeesStaffReadsOfTheirChartButNotTheirOwnActions) {
  TestClinic t;
  AccessLogService access(t.context);
  ASSERT_OK(t.patients.GetPatient(t.therapist, t.patient_1));  // patient.read, by Ada
  ASSERT_OK(t.patients.GetPatient(t.therapist, t.patient_2));  // someone else's chart
  ASSERT_OK(t.patients.GetPatient(t.patient, t.patient_1));    // the patient's own read
  const RequestContext system{SystemActor(t.clinic_id), "cli"};
  ASSERT_OK(t.patients.GetPatient(system, t.patient_1));  // the installation itself
  ASSERT_OK(t.audit_log.Flush());

  ASSERT_OK_AND_ASSIGN(AccessLogPage page, access.ListAccessLog(t.patient, t.patient_1, {}));
  EXPECT_EQ(Actions(page),
            (std::vector<std::string>{"patient.read", "patient.read", "patient.create"}));
  EXPECT_FALSE(page.next);
  ASSERT_EQ(page.entries.size(), 3u);
  const AccessLogEntry& by_system = page.entries[0];
  EXPECT_EQ(by_system.role, "system");
  EXPECT_EQ(by_system.name, "backcare");
  const AccessLogEntry& by_therapist = page.entries[1];
  EXPECT_EQ(by_therapist.role, "therapist");
  EXPECT_EQ(by_therapist.name, "ada@example.org");  // TestClinic's display names are the emails
  EXPECT_EQ(by_therapist.kind, clinic::AccessKind::kRead);
  EXPECT_EQ(by_therapist.record, "chart");
  EXPECT_EQ(by_therapist.at, t.clock.Now());
  EXPECT_LT(by_therapist.id, by_system.id);
  const AccessLogEntry& registered = page.entries[2];
  EXPECT_EQ(registered.role, "front_desk");
  EXPECT_EQ(registered.name, "desk@example.org");
  EXPECT_EQ(registered.kind, clinic::AccessKind::kChange);
  EXPECT_EQ(registered.record, "contact");

  // The call itself was audited, on the patient, yet never shows in the patient's own log.
  ASSERT_OK(t.audit_log.Flush());
  {
    auto read = t.store->BeginReadOnly().value();
    auto last = read->LastAuditEvent(t.clinic_id).value();
    ASSERT_TRUE(last);
    EXPECT_EQ(last->action, "access_log.read");
    EXPECT_EQ(last->record_type, "patient");
    EXPECT_EQ(last->record_id, t.patient_1.value());
  }
  ASSERT_OK_AND_ASSIGN(AccessLogPage again, access.ListAccessLog(t.patient, t.patient_1, {}));
  EXPECT_EQ(Actions(again), Actions(page));
}

TEST(AccessLogServiceTest, AnAdminSeesThePatientsLogIncludingTheirOwnEarlierLookups) {
  TestClinic t;
  AccessLogService access(t.context);
  ASSERT_OK_AND_ASSIGN(AccessLogPage first, access.ListAccessLog(t.admin, t.patient_1, {}));
  EXPECT_EQ(Actions(first), std::vector<std::string>{"patient.create"});
  ASSERT_OK(t.audit_log.Flush());
  ASSERT_OK_AND_ASSIGN(AccessLogPage second, access.ListAccessLog(t.admin, t.patient_1, {}));
  ASSERT_EQ(Actions(second), (std::vector<std::string>{"access_log.read", "patient.create"}));
  EXPECT_EQ(second.entries[0].role, "admin");
  EXPECT_EQ(second.entries[0].name, "admin@example.org");
  EXPECT_EQ(second.entries[0].record, "access_log");
}

TEST(AccessLogServiceTest, PagesRunBackwardsFromTheCursor) {
  TestClinic t;
  AccessLogService access(t.context);
  for (int i = 0; i < 4; ++i) ASSERT_OK(t.patients.GetPatient(t.therapist, t.patient_1));
  ASSERT_OK(t.audit_log.Flush());
  ASSERT_OK_AND_ASSIGN(AccessLogPage all, access.ListAccessLog(t.patient, t.patient_1, {}));
  ASSERT_EQ(all.entries.size(), 5u);  // four reads and the registration

  std::vector<std::int64_t> paged;
  AccessLogQuery query;
  query.limit = 2;
  for (int pages = 0; pages < 5; ++pages) {
    ASSERT_OK_AND_ASSIGN(AccessLogPage page, access.ListAccessLog(t.patient, t.patient_1, query));
    for (const AccessLogEntry& entry : page.entries) paged.push_back(entry.id);
    if (!page.next) break;
    EXPECT_EQ(*page.next, page.entries.back().id);
    query.before = page.next;
  }
  std::vector<std::int64_t> expected;
  for (const AccessLogEntry& entry : all.entries) expected.push_back(entry.id);
  EXPECT_EQ(paged, expected);

  // A page that is exactly the rest has no next.
  query.limit = 5;
  query.before.reset();
  ASSERT_OK_AND_ASSIGN(AccessLogPage exact, access.ListAccessLog(t.patient, t.patient_1, query));
  EXPECT_EQ(exact.entries.size(), 5u);
  EXPECT_FALSE(exact.next);
}

TEST(AccessLogServiceTest, StaffOtherThanAdminsAreRefused) {
  TestClinic t;
  AccessLogService access(t.context);
  ASSERT_ERROR_AND_ASSIGN(Error therapist, access.ListAccessLog(t.therapist, t.patient_1, {}),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(therapist.message, "role 'therapist' may not read access logs");
  ASSERT_ERROR_AND_ASSIGN(Error desk, access.ListAccessLog(t.front_desk, t.patient_1, {}),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(desk.message, "role 'front_desk' may not read access logs");
}

TEST(AccessLogServiceTest, AnotherPatientsLogIsNotFound) {
  TestClinic t;
  AccessLogService access(t.context);
  ASSERT_ERROR_AND_ASSIGN(Error other, access.ListAccessLog(t.patient, t.patient_2, {}),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other.message, "patient " + std::to_string(t.patient_2.value()) + " not found");
  // Even with a bad query: the row rule comes first.
  AccessLogQuery bad;
  bad.limit = 0;
  EXPECT_ERROR(access.ListAccessLog(t.patient, t.patient_2, bad), ErrorCode::kNotFound);
  ASSERT_ERROR_AND_ASSIGN(Error absent, access.ListAccessLog(t.admin, PatientId(999), {}),
                          ErrorCode::kNotFound);
  EXPECT_EQ(absent.message, "patient 999 not found");
}

TEST(AccessLogServiceTest, ABadQueryNamesEveryBadField) {
  TestClinic t;
  AccessLogService access(t.context);
  struct Case {
    int limit;
    std::optional<std::int64_t> before;
    std::vector<FieldError> fields;
  };
  const Case cases[] = {
      {0, std::nullopt, {{"", "limit", "expected 1 to 200"}}},
      {201, std::nullopt, {{"", "limit", "expected 1 to 200"}}},
      {50, 0, {{"", "before", "expected a positive event id"}}},
      {-1,
       -5,
       {{"", "limit", "expected 1 to 200"}, {"", "before", "expected a positive event id"}}},
  };
  for (const Case& c : cases) {
    AccessLogQuery query;
    query.limit = c.limit;
    query.before = c.before;
    ASSERT_ERROR_AND_ASSIGN(Error error, access.ListAccessLog(t.patient, t.patient_1, query),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, "invalid access-log query");
    EXPECT_EQ(error.fields, c.fields) << "limit " << c.limit;
  }
  AccessLogQuery edges;
  edges.limit = 200;
  edges.before = 1;
  ASSERT_OK_AND_ASSIGN(AccessLogPage empty, access.ListAccessLog(t.patient, t.patient_1, edges));
  EXPECT_TRUE(empty.entries.empty());
  EXPECT_FALSE(empty.next);
}

}  // namespace
}  // namespace backcare::app
