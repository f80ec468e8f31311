#include "core/session/session_rules.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::session {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;

// 2024-03-04 09:00Z, lasting an hour.
clinic::Session SessionAtNine(clinic::SessionStatus status = clinic::SessionStatus::kBooked) {
  clinic::Session session;
  session.id = SessionId(7);
  session.start = sys_days{std::chrono::year{2024} / 3 / 4} + hours{9};
  session.end = session.start + hours{1};
  session.status = status;
  return session;
}

TEST(SessionRulesTest, AnOutcomeIsRecordedOnlyFromTheStart) {
  const clinic::Session session = SessionAtNine();
  ASSERT_ERROR_AND_ASSIGN(Error early,
                          CheckOutcomeTime(session, Outcome::kAttended, session.start - minutes{1}),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.message,
            "session 7 starts at 2024-03-04T09:00Z (now 2024-03-04T08:59Z): it can be marked "
            "attended only from its start");
  ASSERT_ERROR_AND_ASSIGN(
      Error month_ahead,
      CheckOutcomeTime(session, Outcome::kMissed, session.start - std::chrono::days{30}),
      ErrorCode::kFailedPrecondition);
  EXPECT_NE(month_ahead.message.find("marked missed only from its start"), std::string::npos);
  EXPECT_OK(CheckOutcomeTime(session, Outcome::kAttended, session.start));
  EXPECT_OK(CheckOutcomeTime(session, Outcome::kMissed, session.end + std::chrono::days{3}));
}

TEST(SessionRulesTest, ANoteIsDraftedFromTheStartAndNeverForALostSession) {
  const clinic::Session booked = SessionAtNine();
  ASSERT_ERROR_AND_ASSIGN(Error early, CheckNoteDraftable(booked, booked.start - hours{24 * 30}),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.message,
            "session 7 starts at 2024-03-04T09:00Z (now 2024-02-03T09:00Z): a note can be drafted "
            "only from its start");
  EXPECT_OK(CheckNoteDraftable(booked, booked.start + minutes{10}));  // during the visit
  EXPECT_OK(CheckNoteDraftable(SessionAtNine(clinic::SessionStatus::kAttended), booked.end));
  ASSERT_ERROR_AND_ASSIGN(
      Error missed,
      CheckNoteDraftable(SessionAtNine(clinic::SessionStatus::kMissed), booked.end + hours{1}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(missed.message, "session 7 is missed; it takes no note");
  EXPECT_ERROR(
      CheckNoteDraftable(SessionAtNine(clinic::SessionStatus::kCancelled), booked.end + hours{1}),
      ErrorCode::kFailedPrecondition);
}

TEST(SessionRulesTest, NobodyCancelsASessionThatHasBegun) {
  const clinic::Session session = SessionAtNine();
  for (bool by_patient : {false, true}) {
    ASSERT_ERROR_AND_ASSIGN(
        Error past, CheckCancellable(session, by_patient, {}, session.start + hours{24 * 21}),
        ErrorCode::kFailedPrecondition);
    EXPECT_EQ(past.message,
              "session 7 started at 2024-03-04T09:00Z: record it as attended or missed, not "
              "cancelled");
    EXPECT_ERROR(CheckCancellable(session, by_patient, {}, session.start),
                 ErrorCode::kFailedPrecondition);
  }
  // Staff may cancel up to the start: they record a late cancellation.
  EXPECT_OK(CheckCancellable(session, false, {}, session.start - minutes{1}));
}

TEST(SessionRulesTest, ASessionMovesOnlyBeforeItsStart) {
  const clinic::Session session = SessionAtNine();
  ASSERT_ERROR_AND_ASSIGN(Error error, CheckMovable(session, session.start + minutes{5}),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "session 7 started at 2024-03-04T09:00Z: record it as attended or missed, not moved");
  EXPECT_OK(CheckMovable(session, session.start - minutes{1}));
}

TEST(SessionRulesTest, APatientCancelsOnlyWithTheClinicsNotice) {
  const clinic::Session session = SessionAtNine();
  const CancellationPolicy policy{hours{24}};
  ASSERT_ERROR_AND_ASSIGN(Error late,
                          CheckCancellable(session, true, policy, session.start - hours{5}),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.message,
            "session 7 starts at 2024-03-04T09:00Z, in 5 h: the clinic asks for 24 h notice to "
            "cancel; please call the clinic");
  // Exactly the notice is enough; one minute less is not.
  EXPECT_OK(CheckCancellable(session, true, policy, session.start - hours{24}));
  EXPECT_ERROR(CheckCancellable(session, true, policy, session.start - hours{24} + minutes{1}),
               ErrorCode::kFailedPrecondition);
  // A clinic without a notice period lets patients cancel up to the start.
  EXPECT_OK(CheckCancellable(session, true, {hours{0}}, session.start - minutes{1}));
}

}  // namespace
}  // namespace backcare::session
