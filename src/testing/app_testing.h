// Test support for the use-case tests (src/app/*_test.cc): the article's protocol built in code
// with the parts the use cases read (expected bands, precautions, home program), a fake clock and
// time zone, a memory store, every service, and one clinic with an admin, two therapists, a
// front-desk user and two patients with logins. Synthetic data only. Test support
// (src/testing/), never part of `backcare`.
#ifndef BACKCARE_TESTING_APP_TESTING_H_
#define BACKCARE_TESTING_APP_TESTING_H_

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/actor.h"
#include "app/alert_service.h"
#include "app/app_context.h"
#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "app/crypto/crypto.h"
#include "app/home_program_service.h"
#include "app/note_service.h"
#include "app/patient_service.h"
#include "app/progress_service.h"
#include "app/protocol_catalog.h"
#include "app/questionnaire_service.h"
#include "app/schedule_service.h"
#include "core/plan/plan_fixtures.h"
#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "core/ports/time_zone.h"
#include "store/database.h"

namespace backcare::app::testing {

// The clock the test stores stamp their records' updated_at with: a FakeClock that stays at
// TestNow() (below), so a test's records, dumps and backups are the same on every run.
const ports::Clock& TestStoreClock();
// A new memory store (on TestStoreClock()).
std::unique_ptr<store::Database> NewTestStore();
// Opens the database at `url` (store::OpenStore on TestStoreClock()), e.g. "sqlite:/tmp/x.db";
// not migrated.
Result<std::unique_ptr<store::Database>> OpenTestStore(const std::string& url);

// The article's protocol as the planner fixture builds it, plus bands, precautions, a home
// program (abdominal_bracing from week 2) and each checkpoint's instruments.
inline protocol::Protocol TestProtocol() {
  protocol::Protocol p = plan::fixtures::ArticleProtocol();
  p.phases[0].expected_reduction = protocol::PercentBand{30, 50};
  p.phases[1].expected_reduction = protocol::PercentBand{60, 80};
  for (protocol::Technique& technique : p.techniques) {
    if (technique.id == "muscle_stripping") {
      technique.direction = "sacrum_to_neck";
      technique.precautions.push_back(
          {"osteoporosis", protocol::PrecautionAction::kDisable, "deep pressure along vertebrae"});
    }
    if (technique.id == "trigger_point") {
      technique.hold_seconds = protocol::IntRange{60, 90};
      technique.precautions.push_back({"radiating_leg_pain",
                                       protocol::PrecautionAction::kModify,
                                       "no sciatic notch",
                                       "",
                                       {"sciatic_notch"}});
    }
    if (technique.id == "myofascial_release") {
      technique.precautions.push_back(
          {"anticoagulants", protocol::PrecautionAction::kModify, "light pressure only", "light"});
    }
  }
  for (const char* id : {"sitting_posture", "abdominal_bracing", "bird_dog"}) {
    protocol::HomeExercise exercise;
    exercise.id = id;
    exercise.name = id;
    exercise.kind = std::string(id) == "sitting_posture" ? protocol::HomeExerciseKind::kPosture
                                                         : protocol::HomeExerciseKind::kCore;
    exercise.instructions = "synthetic instructions";
    // As in the built-in protocol, core exercises start in course week 2.
    if (std::string(id) == "abdominal_bracing") exercise.start_week = 2;
    p.home_program.push_back(exercise);
  }
  // The built-in protocol's instruments at each checkpoint.
  for (protocol::Checkpoint& checkpoint : p.checkpoints) {
    checkpoint.instruments = checkpoint.at_baseline
                                 ? std::vector<std::string>{"nprs", "odi", "startback"}
                             : checkpoint.after_session ? std::vector<std::string>{"nprs"}
                                                        : std::vector<std::string>{"nprs", "odi"};
  }
  return p;
}

// Parses the tests' stand-in for a protocol file: "version N", optionally followed by
// " initial_sessions_per_week M" and " initial_band LO HI", gives TestProtocol() at version N with
// M sessions a week (min 1 day apart when M > 2) and an expected reduction of LO-HI % in the
// first phase. Anything else is kInvalidInput naming `file_name`.
inline Result<protocol::Protocol> ParseTestProtocol(std::string_view text,
                                                    std::string_view file_name) {
  protocol::Protocol p = TestProtocol();
  protocol::Phase& first = p.phases[0];
  int version = 0;
  int per_week = first.cadence.sessions_per_week;
  double low = first.expected_reduction ? first.expected_reduction->min_percent : 0;
  double high = first.expected_reduction ? first.expected_reduction->max_percent : 0;
  const std::string line(text);
  const int matched =
      std::sscanf(line.c_str(), "version %d initial_sessions_per_week %d initial_band %lf %lf",
                  &version, &per_week, &low, &high);
  if (matched < 1 || version < 1 || per_week < 1 ||
      (matched != 1 && matched != 2 && matched != 4)) {
    return InvalidInput(std::string(file_name) + ": invalid protocol",
                        {{std::string(file_name) + ":1", "version", "expected 'version N'"}});
  }
  p.version = version;
  first.cadence.sessions_per_week = per_week;
  if (per_week > 2) first.cadence.min_days_between_sessions = 1;
  if (matched == 4) first.expected_reduction = protocol::PercentBand{low, high};
  return p;
}

// A fast, deterministic PasswordHasher for tests: "test$" + SHA-256(password).
class FakeHasher final : public crypto::PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override {
    ++hashes;
    return "test$" + crypto::Sha256Hex(password);
  }
  bool Verify(std::string_view hash, std::string_view password) override {
    ++verifications;
    return hash == "test$" + crypto::Sha256Hex(password);
  }
  int hashes = 0;
  int verifications = 0;
};

// 2024-03-04 (a Monday) 08:00 UTC.
inline std::chrono::system_clock::time_point TestNow() {
  return std::chrono::sys_days{std::chrono::year{2024} / 3 / 4} + std::chrono::hours{8};
}

inline clinic::Date Day(int y, unsigned m, unsigned d) {
  return clinic::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

inline clinic::Timestamp At(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return std::chrono::sys_days{Day(y, m, d)} + std::chrono::hours{hour} +
         std::chrono::minutes{minute};
}

inline constexpr const char* kTestPassword = "correct-staple-battery-42";

// One clinic ready for use-case tests.
struct TestClinic {
  // On the memory store, or on `with_store` (migrated here).
  explicit TestClinic(std::unique_ptr<store::Database> with_store = NewTestStore())
      : store(std::move(with_store)),
        clock(TestNow()),
        protocol(TestProtocol()),
        protocols(&ParseTestProtocol, {protocol, "", ""}),
        zone(std::make_shared<ports::FakeTimeZone>("Europe/London", std::chrono::minutes{0})),
        audit_log(*store),
        context{
            *store, clock, protocols,
            [zone = zone](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
              if (name != "Europe/London") {
                return InvalidInput("unknown time zone");
              }
              return std::shared_ptr<const ports::TimeZone>(zone);
            },
            audit_log},
        clinics(context),
        accounts(context, hasher),
        patients(context),
        schedule(context),
        notes(context),
        questionnaires(context),
        home(context),
        progress(context),
        alerts(context) {
    BACKCARE_CHECK(store->Migrate().has_value());
    clinic_id = clinics.CreateClinic({"Synthetic Clinic", "Europe/London"}, "test").value();
    const RequestContext system{SystemActor(clinic_id), "test"};
    therapist_a = clinics.CreateTherapist(system, {"Ada", "Alpha", "T-1"}).value();
    therapist_b = clinics.CreateTherapist(system, {"Ben", "Beta", "T-2"}).value();
    admin = Login(CreateUser(system, "admin@example.org", clinic::Role::kAdmin, {}, {}));
    therapist =
        Login(CreateUser(system, "ada@example.org", clinic::Role::kTherapist, therapist_a, {}));
    therapist2 =
        Login(CreateUser(system, "ben@example.org", clinic::Role::kTherapist, therapist_b, {}));
    front_desk = Login(CreateUser(system, "desk@example.org", clinic::Role::kFrontDesk, {}, {}));
    patient_1 =
        patients.RegisterPatient(front_desk, {"Pat", "One", Day(1980, 1, 2), "", ""}).value();
    patient_2 =
        patients.RegisterPatient(front_desk, {"Pam", "Two", Day(1975, 6, 7), "", ""}).value();
    patient = Login(CreateUser(system, "pat@example.org", clinic::Role::kPatient, {}, patient_1));
    patient2 = Login(CreateUser(system, "pam@example.org", clinic::Role::kPatient, {}, patient_2));
  }

  std::string CreateUser(const RequestContext& as, const std::string& email, clinic::Role role,
                         std::optional<TherapistId> therapist_id,
                         std::optional<PatientId> patient_id) {
    NewUser user{email, email, role, kTestPassword, therapist_id, patient_id};
    BACKCARE_CHECK(accounts.CreateUser(as, user).has_value());
    return email;
  }

  RequestContext Login(const std::string& email) {
    Actor actor = accounts.Login({email, kTestPassword, clinic_id}, "test").value();
    return RequestContext{actor, "192.0.2.1"};
  }

  // Screens a patient clear (or with `conditions`) and records a baseline NPRS.
  void ScreenClear(PatientId id, int nprs = 8, const std::vector<std::string>& conditions = {}) {
    IntakeRequest intake;
    intake.patient_id = id;
    for (const std::string& condition : conditions) {
      intake.findings.push_back({condition, std::nullopt});
    }
    intake.baseline.push_back({"nprs", {nprs}, "baseline"});
    BACKCARE_CHECK(patients.Intake(therapist, intake).has_value());
  }

  std::unique_ptr<store::Database> store;
  ports::FakeClock clock;
  protocol::Protocol protocol;  // the built-in protocol of `protocols`
  ProtocolCatalog protocols;
  std::shared_ptr<ports::FakeTimeZone> zone;
  AuditLog audit_log;
  FakeHasher hasher;
  AppContext context;
  ClinicService clinics;
  AccountService accounts;
  PatientService patients;
  ScheduleService schedule;
  NoteService notes;
  QuestionnaireService questionnaires;
  HomeProgramService home;
  ProgressService progress;
  AlertService alerts;

  ClinicId clinic_id;
  TherapistId therapist_a;
  TherapistId therapist_b;
  PatientId patient_1;
  PatientId patient_2;
  RequestContext admin;
  RequestContext therapist;   // linked to therapist_a
  RequestContext therapist2;  // linked to therapist_b
  RequestContext front_desk;
  RequestContext patient;   // patient_1
  RequestContext patient2;  // patient_2
};

// `hour`:00 UTC on the first weekday from `from` on which none of `patients` has a session that
// is booked or attended: a slot the booking rules accept outside a phase with spacing (from week
// 4 on in the test protocol), and their therapists are free then.
inline clinic::Timestamp FreeWeekday(TestClinic& t, std::initializer_list<PatientId> patients,
                                     clinic::Date from, int hour) {
  auto read = t.store->BeginReadOnly();
  BACKCARE_CHECK(read.has_value());
  std::vector<clinic::Session> sessions;
  for (PatientId patient : patients) {
    auto listed = (*read)->ListSessionsForPatient(t.clinic_id, patient);
    BACKCARE_CHECK(listed.has_value());
    sessions.insert(sessions.end(), listed->begin(), listed->end());
  }
  for (std::chrono::sys_days day{from};; day += std::chrono::days{1}) {
    const unsigned weekday = std::chrono::weekday{day}.c_encoding();
    const bool taken = std::any_of(sessions.begin(), sessions.end(), [&](const auto& s) {
      return std::chrono::floor<std::chrono::days>(s.start) == day &&
             (s.status == clinic::SessionStatus::kBooked ||
              s.status == clinic::SessionStatus::kAttended);
    });
    if (weekday >= 1 && weekday <= 5 && !taken) {
      return day + std::chrono::hours{hour};
    }
  }
}

// A note that passes the signing rules: subjective and assessment set, one release area logged.
inline NoteContent MinimalNote() {
  NoteContent content;
  content.soap.subjective = "synthetic";
  content.soap.assessment = "synthetic";
  content.techniques.release_areas.push_back({"thoracolumbar_fascia", 10});
  return content;
}

// The patient's plan as the front desk sees it.
inline std::vector<ScheduleEntry> PlanOf(TestClinic& t, PatientId patient) {
  auto plan = t.schedule.PatientPlan(t.front_desk, patient);
  BACKCARE_CHECK(plan.has_value());
  return *plan;
}

// A re-screen by the therapist with these findings, resolving `resolved`.
inline Result<IntakeResult> Rescreen(TestClinic& t, PatientId patient,
                                     std::vector<screening::Finding> findings,
                                     std::vector<screening::Resolution> resolved = {}) {
  IntakeRequest intake;
  intake.patient_id = patient;
  intake.findings = std::move(findings);
  intake.resolved = std::move(resolved);
  return t.patients.Intake(t.therapist, intake);
}

}  // namespace backcare::app::testing

#endif  // BACKCARE_TESTING_APP_TESTING_H_
