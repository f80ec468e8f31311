#include "app/audit_trail.h"

#include <gtest/gtest.h>

#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::TestClinic;

std::vector<clinic::AuditEvent> ChainOf(int count) {
  TestClinic t;  // creates events of its own; take a fresh clinic's chain
  auto transaction = t.store->BeginReadOnly().value();
  auto events = transaction->ListAuditEvents(t.clinic_id, 0, 100000).value();
  BACKCARE_CHECK(static_cast<int>(events.size()) >= count);
  events.resize(static_cast<std::size_t>(count));
  return events;
}

TEST(AuditTrailTest, CanonicalBytesAreFixed) {
  clinic::AuditEvent event;
  event.seq = 3;
  event.at = clinic::FromUnixMicros(1700000000000001);
  event.actor = UserId{7};
  event.role = "therapist";
  event.action = "note.sign";
  event.record_type = "session_note";
  event.record_id = 42;
  event.from_address = "10.0.0.1";
  EXPECT_EQ(CanonicalAuditBytes(event),
            "seq=1:3\nat=16:1700000000000001\nactor=1:7\nrole=9:therapist\naction=9:note.sign\n"
            "record_type=12:session_note\nrecord_id=2:42\nfrom=8:10.0.0.1\n");
  // SHA-256 of the empty previous hash followed by those bytes, computed independently with
  // printf 'seq=1:3\nat=16:...\nfrom=8:10.0.0.1\n' | sha256sum.
  EXPECT_EQ(ComputeAuditHash("", event),
            "03dfaa74072135b46261e1f7e68a064e5381b5660005754a4a93e3a8e3e87e69");
  event.actor.reset();
  EXPECT_NE(CanonicalAuditBytes(event).find("actor=0:\n"), std::string::npos);
}

TEST(AuditTrailTest, AnUntouchedChainVerifies) {
  const auto events = ChainOf(10);
  auto report = VerifyAuditEvents(events);
  ASSERT_OK(report);
  EXPECT_EQ(report->events, 10);
  EXPECT_EQ(report->head_hash, events.back().hash);
  EXPECT_TRUE(VerifyAuditEvents({}));
}

TEST(AuditTrailTest, EveryKindOfTamperingNamesTheFirstBadEvent) {
  const auto chain = ChainOf(10);
  struct Case {
    const char* name;
    std::function<void(std::vector<clinic::AuditEvent>&)> tamper;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"edited", [](auto& e) { e[4].record_id = 999; },
       "audit chain broken at event 5: hash does not match its contents"},
      {"edited actor", [](auto& e) { e[6].actor = UserId{1}; },
       "audit chain broken at event 7: hash does not match its contents"},
      {"deleted", [](auto& e) { e.erase(e.begin() + 3); },
       "audit chain broken at event 4: expected seq 4, found seq 5"},
      {"deleted and renumbered",
       [](auto& e) {
         e.erase(e.begin() + 3);
         for (std::size_t i = 3; i < e.size(); ++i) e[i].seq -= 1;
       },
       "audit chain broken at event 4: prev_hash does not match event 3"},
      {"inserted",
       [](auto& e) {
         clinic::AuditEvent forged = e[5];
         forged.action = "patient.read";
         forged.hash = ComputeAuditHash(forged.prev_hash, forged);  // a well-formed forgery
         e.insert(e.begin() + 6, forged);
         for (std::size_t i = 6; i < e.size(); ++i) e[i].seq = static_cast<std::int64_t>(i) + 1;
         e[6].hash = ComputeAuditHash(e[6].prev_hash, e[6]);
       },
       "audit chain broken at event 7: prev_hash does not match event 6"},
      {"reordered",
       [](auto& e) {
         std::swap(e[7], e[8]);
         std::swap(e[7].seq, e[8].seq);
       },
       "audit chain broken at event 8: prev_hash does not match event 7"},
  };
  for (const Case& c : cases) {
    auto events = chain;
    c.tamper(events);
    SCOPED_TRACE(c.name);
    ASSERT_ERROR_AND_ASSIGN(Error report, VerifyAuditEvents(events), ErrorCode::kDataCorruption);
    EXPECT_EQ(report.message, c.message) << c.name;
  }
}

TEST(AuditTrailTest, VerifyAuditChainReadsTheStoreAndNamesTheClinic) {
  TestClinic t;
  auto transaction = t.store->BeginReadOnly().value();
  auto report = VerifyAuditChain(*transaction, t.clinic_id);
  ASSERT_OK(report);
  EXPECT_GT(report->events, 10);
  auto empty = VerifyAuditChain(*transaction, ClinicId{77});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->events, 0);
}

}  // namespace
}  // namespace backcare::app
