// Contract for the reminder methods of ports::Transaction on every backend: patients' reminder
// settings (defaults until set, validated, scoped by clinic), the sent-reminder record whose
// unique key lets one of two writers win, the unsubscribe tokens, the clinic's
// appointment_reminder_hours and the outbox's List-Unsubscribe URL. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using std::chrono::minutes;

clinic::Timestamp At(int minute) {
  return clinic::FromUnixMicros(1'767'225'600'000'000) + minutes(minute);
}

struct Two {
  ClinicId north;
  ClinicId south;
  PatientId patient;        // of north
  PatientId south_patient;  // of south
};

Result<Two> MakeTwo(ports::Transaction& tx) {
  Two two;
  ASSIGN_OR_RETURN(two.north, tx.CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSIGN_OR_RETURN(two.south, tx.CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::Patient patient;
  patient.given_name = "Pat";
  patient.family_name = "Synthetic";
  patient.date_of_birth = std::chrono::year{1980} / 5 / 17;
  ASSIGN_OR_RETURN(two.patient, tx.CreatePatient(two.north, patient));
  ASSIGN_OR_RETURN(two.south_patient, tx.CreatePatient(two.south, patient));
  return two;
}

std::string Hash(char c) { return std::string(64, c); }

template <typename Backend>
class RemindersContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(RemindersContractTest, AllBackends, BackendNames);

TYPED_TEST(RemindersContractTest, SettingsDefaultUntilSetAndAreCheckedAndScoped) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Two two, MakeTwo(*tx));
  ASSERT_OK_AND_ASSIGN(clinic::PatientReminders defaults,
                       tx->GetPatientReminders(two.north, two.patient));
  EXPECT_EQ(defaults, clinic::PatientReminders{two.patient});
  EXPECT_TRUE(defaults.appointment_email);
  EXPECT_FALSE(defaults.nudge_email);
  EXPECT_EQ(defaults.nudge_minutes, 18 * 60);
  EXPECT_FALSE(defaults.appointment_push);
  EXPECT_FALSE(defaults.nudge_push);

  // {patient, appointment_email, nudge_email, appointment_push, nudge_push, nudge_minutes}
  const clinic::PatientReminders chosen{two.patient, false, true, true, false, 7 * 60 + 30};
  ASSERT_OK(tx->PutPatientReminders(two.north, chosen));
  ASSERT_OK_AND_ASSIGN(clinic::PatientReminders read,
                       tx->GetPatientReminders(two.north, two.patient));
  EXPECT_EQ(read, chosen);
  const clinic::PatientReminders again{two.patient, true, false, false, true, 0};
  ASSERT_OK(tx->PutPatientReminders(two.north, again));  // replaces, each push choice too
  ASSERT_OK_AND_ASSIGN(read, tx->GetPatientReminders(two.north, two.patient));
  EXPECT_EQ(read, again);

  ASSERT_ERROR_AND_ASSIGN(
      Error bad, tx->PutPatientReminders(two.north, {two.patient, true, true, false, false, 1440}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(bad.fields.size(), 1u);
  EXPECT_EQ(bad.fields[0].path, "nudge_time");
  // Another clinic's patient is not found, to read and to write.
  EXPECT_ERROR(tx->GetPatientReminders(two.south, two.patient), ErrorCode::kNotFound);
  EXPECT_ERROR(tx->PutPatientReminders(two.south, chosen), ErrorCode::kNotFound);
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(RemindersContractTest, ASentReminderIsRecordedOncePerKindPatientAndKey) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  Two two;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK_AND_ASSIGN(two, MakeTwo(*tx));
    using clinic::ReminderKind;
    ASSERT_OK_AND_ASSIGN(bool first,
                         tx->RecordSentReminder(two.north, two.patient, ReminderKind::kAppointment,
                                                "session:1@100", At(0)));
    EXPECT_TRUE(first);
    ASSERT_OK_AND_ASSIGN(bool twice,
                         tx->RecordSentReminder(two.north, two.patient, ReminderKind::kAppointment,
                                                "session:1@100", At(1)));
    EXPECT_FALSE(twice);
    // Another key, kind or patient is another reminder.
    ASSERT_OK_AND_ASSIGN(bool moved,
                         tx->RecordSentReminder(two.north, two.patient, ReminderKind::kAppointment,
                                                "session:1@200", At(1)));
    EXPECT_TRUE(moved);
    ASSERT_OK_AND_ASSIGN(bool nudge,
                         tx->RecordSentReminder(two.north, two.patient, ReminderKind::kNudge,
                                                "session:1@100", At(1)));
    EXPECT_TRUE(nudge);
    ASSERT_OK_AND_ASSIGN(
        bool other, tx->RecordSentReminder(two.south, two.south_patient, ReminderKind::kAppointment,
                                           "session:1@100", At(1)));
    EXPECT_TRUE(other);
    EXPECT_ERROR(tx->RecordSentReminder(two.south, two.patient, ReminderKind::kNudge, "x", At(1)),
                 ErrorCode::kNotFound);
    EXPECT_ERROR(tx->RecordSentReminder(two.north, two.patient, ReminderKind::kNudge, "", At(1)),
                 ErrorCode::kInvalidInput);
    ASSERT_OK(tx->Commit());
  }
  // A later transaction (a restarted server, another server) sees the record.
  ASSERT_OK_AND_ASSIGN(auto later, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(bool after_restart, later->RecordSentReminder(two.north, two.patient,
                                                                     clinic::ReminderKind::kNudge,
                                                                     "session:1@100", At(5)));
  EXPECT_FALSE(after_restart);
  ASSERT_OK(later->Commit());
}

TYPED_TEST(RemindersContractTest, UnsubscribeTokensAreFoundByHashUsedOnceAndDeletedByKind) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Two two, MakeTwo(*tx));
  const clinic::UnsubscribeToken appointment{
      Hash('a'), two.north, two.patient, clinic::ReminderKind::kAppointment, At(0), std::nullopt};
  const clinic::UnsubscribeToken nudge{
      Hash('b'), two.north, two.patient, clinic::ReminderKind::kNudge, At(0), std::nullopt};
  ASSERT_OK(tx->CreateUnsubscribeToken(appointment));
  ASSERT_OK(tx->CreateUnsubscribeToken(nudge));
  ASSERT_ERROR_AND_ASSIGN(Error clash, tx->CreateUnsubscribeToken(appointment),
                          ErrorCode::kConflict);
  ASSERT_EQ(clash.fields.size(), 1u);
  EXPECT_EQ(clash.fields[0].path, "token_hash");
  clinic::UnsubscribeToken foreign = appointment;
  foreign.token_hash = Hash('c');
  foreign.clinic_id = two.south;
  EXPECT_ERROR(tx->CreateUnsubscribeToken(foreign), ErrorCode::kNotFound);

  ASSERT_OK_AND_ASSIGN(clinic::UnsubscribeToken found, tx->FindUnsubscribeToken(Hash('a')));
  EXPECT_EQ(found, appointment);
  ASSERT_OK(tx->UseUnsubscribeToken(Hash('a'), At(3)));
  ASSERT_OK(tx->UseUnsubscribeToken(Hash('a'), At(9)));  // the first use is kept
  ASSERT_OK_AND_ASSIGN(found, tx->FindUnsubscribeToken(Hash('a')));
  EXPECT_EQ(found.used_at, At(3));
  ASSERT_ERROR_AND_ASSIGN(Error unknown, tx->FindUnsubscribeToken(Hash('z')), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.message, "unsubscribe token not found");
  EXPECT_ERROR(tx->UseUnsubscribeToken(Hash('z'), At(3)), ErrorCode::kNotFound);

  ASSERT_OK(
      tx->DeleteUnsubscribeTokens(two.north, two.patient, clinic::ReminderKind::kAppointment));
  EXPECT_ERROR(tx->FindUnsubscribeToken(Hash('a')), ErrorCode::kNotFound);
  EXPECT_OK(tx->FindUnsubscribeToken(Hash('b')));  // the other kind stays
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(RemindersContractTest, ClinicHoursAndTheOutboxUnsubscribeUrlRoundTrip) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(Two two, MakeTwo(*tx));
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, tx->GetClinic(two.north));
  EXPECT_EQ(clinic.appointment_reminder_hours, 24);
  clinic.appointment_reminder_hours = 0;
  ASSERT_OK(tx->UpdateClinic(clinic));
  ASSERT_OK_AND_ASSIGN(clinic::Clinic updated, tx->GetClinic(two.north));
  EXPECT_EQ(updated.appointment_reminder_hours, 0);
  for (int bad : {-1, 169}) {
    clinic::Clinic wrong = clinic;
    wrong.appointment_reminder_hours = bad;
    ASSERT_ERROR_AND_ASSIGN(Error error, tx->UpdateClinic(wrong), ErrorCode::kInvalidInput);
    ASSERT_EQ(error.fields.size(), 1u) << bad;
    EXPECT_EQ(error.fields[0].path, "appointment_reminder_hours");
  }

  clinic::OutgoingEmail email;
  email.recipient = "pat@example.test";
  email.subject = "Your appointment reminder";
  email.body = "synthetic\n";
  email.created_at = At(0);
  email.deliver_by = At(60);
  email.next_attempt_at = At(0);
  email.list_unsubscribe = "https://clinic.example/api/v1/unsubscribe?token=abc";
  ASSERT_OK_AND_ASSIGN(EmailId id, tx->EnqueueEmail(two.north, email));
  ASSERT_OK_AND_ASSIGN(clinic::OutgoingEmail read, tx->GetEmail(id));
  EXPECT_EQ(read.list_unsubscribe, email.list_unsubscribe);
  for (const char* bad : {"mailto:x@example.test", "https://a.example/<x>",
                          "https://a.example/\r\nBcc: x@example.test"}) {
    clinic::OutgoingEmail wrong = email;
    wrong.list_unsubscribe = bad;
    ASSERT_ERROR_AND_ASSIGN(Error error, tx->EnqueueEmail(two.north, wrong),
                            ErrorCode::kInvalidInput);
    ASSERT_EQ(error.fields.size(), 1u) << bad;
    EXPECT_EQ(error.fields[0].path, "list_unsubscribe");
  }
  ASSERT_OK(tx->Commit());
}

}  // namespace
}  // namespace backcare::store::testing
