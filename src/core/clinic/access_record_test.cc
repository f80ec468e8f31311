#include "core/clinic/access_record.h"

#include <gtest/gtest.h>

#include <string>

namespace backcare::clinic {
namespace {

struct Case {
  std::string_view action;
  std::string_view kind;
  std::string_view record;
};

// Every action the app layer records about a patient's records (grep AppendAudit / AuditRead in
// src/app), plus the fallbacks.
constexpr Case kCases[] = {
    {"chart.read", "read", "chart"},
    {"patient.read", "read", "chart"},
    {"patient.create", "change", "contact"},
    {"patient.update", "change", "contact"},
    {"note.list", "read", "notes"},
    {"note.read", "read", "notes"},
    {"note.create", "change", "notes"},
    {"note.update", "change", "notes"},
    {"note.sign", "change", "notes"},
    {"note.addendum", "change", "notes"},
    {"session.create", "change", "sessions"},
    {"session.cancel", "change", "sessions"},
    {"session.reschedule", "change", "sessions"},
    {"session.attend", "change", "sessions"},
    {"session.miss", "change", "sessions"},
    {"plan.read", "read", "plan"},
    {"response.list", "read", "questionnaires"},
    {"response.create", "change", "questionnaires"},
    {"progress.read", "read", "progress"},
    {"portal.read", "read", "questionnaires"},
    {"report.read", "read", "report"},
    {"home_program.read", "read", "home_program"},
    {"home_program.assign", "change", "home_program"},
    {"adherence.record", "change", "home_program"},
    {"screening.read", "read", "screening"},
    {"screening.list", "read", "screening"},
    {"screening.create", "change", "screening"},
    {"referral.outcome", "change", "screening"},
    {"course.list", "read", "course"},
    {"course.create", "change", "course"},
    {"course.discharge", "change", "course"},
    {"course.discontinue", "change", "course"},
    {"cohort.generate", "change", "course"},
    {"alert.list", "read", "alerts"},
    {"alert.create", "change", "alerts"},
    {"alert.acknowledge", "change", "alerts"},
    {"access_log.read", "read", "access_log"},
    {"clinic.export", "read", "export"},
    {"fhir.export", "read", "export"},
    {"fhir.export_download", "read", "export"},
    // Unknown actions are shown, as a generic record.
    {"mystery.read", "read", "record"},
    {"mystery.touch", "change", "record"},
    {"nodot", "change", "record"},
    {"", "change", "record"},
};

TEST(AccessRecordTest, ClassifiesEveryAuditedActionAboutAPatient) {
  for (const Case& c : kCases) {
    const AccessRecord got = ClassifyAccess(c.action);
    EXPECT_EQ(AccessKindName(got.kind), c.kind) << "action '" << c.action << "'";
    EXPECT_EQ(got.record, c.record) << "action '" << c.action << "'";
  }
}

TEST(AccessRecordTest, RecordWordsAreTheApisPlainWords) {
  // The words the API documents (docs/openapi.yaml, AccessLogEntry.record); nothing else.
  const std::string words =
      " chart notes sessions plan questionnaires progress report home_program screening course "
      "alerts contact export access_log record ";
  for (const Case& c : kCases) {
    const std::string word = " " + std::string(ClassifyAccess(c.action).record) + " ";
    EXPECT_NE(words.find(word), std::string::npos) << "action '" << c.action << "'";
  }
}

}  // namespace
}  // namespace backcare::clinic
