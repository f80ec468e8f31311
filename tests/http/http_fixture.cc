// backcare_http_fixture DB_URL OUT_JSON [--past-course]: seeds a fresh database for the HTTP
// integration tests through the same use cases the server calls: two clinics ("a" and "b"), each
// with an admin, a front-desk user, a therapist (record + login) and two patients with logins.
// Patient names carry per-clinic, per-patient canary strings so the tests can prove no other
// clinic or patient ever receives them. With --past-course, patient 1 of each clinic was screened
// (radiating leg pain, NPRS 7) and started a course 21 days ago, run with the clock of that day,
// so the first weeks' sessions are booked sessions in the past, waiting to be recorded attended
// or missed (sessions only take an outcome from their start). Writes the logins and ids to
// OUT_JSON. Synthetic data only.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "app/account_service.h"
#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "app/patient_service.h"
#include "app/schedule_service.h"
#include "cli/app_setup.h"
#include "exchange/tz/iana_time_zone.h"
#include "store/open_store.h"

namespace backcare {
namespace {

// The system clock, or a fixed earlier day while the past course is planned.
class FixtureClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return at_ ? *at_ : std::chrono::system_clock::now();
  }
  void Set(std::optional<std::chrono::system_clock::time_point> at) { at_ = at; }

 private:
  std::optional<std::chrono::system_clock::time_point> at_;
};

constexpr const char* kPassword = "fixture-Passw0rd-2024";

template <typename T>
T OrDie(Result<T> result, const char* what) {
  if (!result) {
    std::cerr << "backcare_http_fixture: " << what << ": " << result.error().ToString() << "\n";
    std::exit(1);
  }
  return std::move(result).value();
}

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

int Main(int argc, char** argv) {
  const bool past_course = argc == 4 && std::string(argv[3]) == "--past-course";
  if (argc != 3 && !past_course) {
    std::cerr << "usage: backcare_http_fixture DB_URL OUT_JSON [--past-course]\n";
    return 2;
  }
  std::unique_ptr<store::Database> store = OrDie(store::OpenStore(argv[1]), "open store");
  OrDie(store->Migrate(), "migrate");
  std::unique_ptr<app::ProtocolCatalog> protocols = OrDie(cli::NewProtocolCatalog(), "protocol");
  FixtureClock clock;
  app::AuditLog audit_log(*store);
  app::AppContext context{
      *store, clock, *protocols,
      [](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
        ASSIGN_OR_RETURN(auto zone, exchange::LoadIanaTimeZone(name, "time_zone"));
        return std::shared_ptr<const ports::TimeZone>(std::move(zone));
      },
      audit_log};
  auto hasher = app::crypto::NewCachingHasher(app::crypto::NewArgon2idHasher());
  app::AccountService accounts(context, *hasher);
  app::ClinicService clinics(context);
  app::PatientService patients(context);
  app::ScheduleService schedule(context);

  std::ostringstream json;
  json << "{\"password\":" << Quote(kPassword) << ",\"clinics\":{";
  const char* names[] = {"a", "b"};
  for (int c = 0; c < 2; ++c) {
    const std::string x = names[c];
    ClinicId clinic_id =
        OrDie(clinics.CreateClinic({"Clinic " + x, "Europe/London"}, "fixture"), "clinic");
    app::RequestContext system{app::SystemActor(clinic_id), "fixture"};
    TherapistId therapist_id =
        OrDie(clinics.CreateTherapist(system, {"Tess", "Therapist" + x, "LIC-" + x}), "therapist");
    auto user = [&](const std::string& email, clinic::Role role,
                    std::optional<TherapistId> therapist,
                    std::optional<PatientId> patient) -> UserId {
      app::NewUser new_user{email, email, role, kPassword, therapist, patient};
      return OrDie(accounts.CreateUser(system, new_user), "user");
    };
    user("admin." + x + "@clinic.test", clinic::Role::kAdmin, std::nullopt, std::nullopt);
    user("desk." + x + "@clinic.test", clinic::Role::kFrontDesk, std::nullopt, std::nullopt);
    const UserId therapist_user = user("therapist." + x + "@clinic.test", clinic::Role::kTherapist,
                                       therapist_id, std::nullopt);
    std::vector<PatientId> patient_ids;
    for (int p = 1; p <= 2; ++p) {
      const std::string canary = "Zzcanary" + x + std::to_string(p);
      app::NewPatient patient{canary + "given", canary + "family",
                              std::chrono::year{1970 + p} / 5 / 17,
                              "+44 1632 96000" + std::to_string(p), canary + "@mail.test"};
      PatientId patient_id = OrDie(patients.RegisterPatient(system, patient), "patient");
      user("patient" + std::to_string(p) + "." + x + "@clinic.test", clinic::Role::kPatient,
           std::nullopt, patient_id);
      patient_ids.push_back(patient_id);
    }
    std::string course_json;
    if (past_course) {
      const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
      const std::chrono::sys_days start = today - std::chrono::days{21};
      clock.Set(start + std::chrono::hours{7});
      app::RequestContext therapist{
          {therapist_user, clinic::Role::kTherapist, clinic_id, therapist_id, std::nullopt},
          "fixture"};
      app::IntakeRequest intake;
      intake.patient_id = patient_ids[0];
      intake.findings.push_back({"radiating_leg_pain", std::nullopt});
      intake.baseline.push_back({"nprs", {7}, "baseline"});
      OrDie(patients.Intake(therapist, intake), "intake");
      app::StartedCourse course = OrDie(
          schedule.StartCourse(
              therapist, {patient_ids[0], std::chrono::year_month_day{start}, therapist_id, {}}),
          "course");
      clock.Set(std::nullopt);
      course_json = ",\"past_course\":{\"course_id\":" + std::to_string(course.course_id.value()) +
                    ",\"session_ids\":[";
      for (std::size_t i = 0; i < course.sessions.size(); ++i) {
        course_json += (i ? "," : "") + std::to_string(course.sessions[i].value());
      }
      course_json += "]}";
    }
    if (c > 0) json << ",";
    json << Quote(x) << ":{\"clinic_id\":" << clinic_id.value() << course_json
         << ",\"therapist_id\":" << therapist_id.value() << ",\"patient_ids\":["
         << patient_ids[0].value() << "," << patient_ids[1].value() << "],\"logins\":{"
         << "\"admin\":" << Quote("admin." + x + "@clinic.test")
         << ",\"front_desk\":" << Quote("desk." + x + "@clinic.test")
         << ",\"therapist\":" << Quote("therapist." + x + "@clinic.test")
         << ",\"patient1\":" << Quote("patient1." + x + "@clinic.test")
         << ",\"patient2\":" << Quote("patient2." + x + "@clinic.test") << "}}";
  }
  json << "}}\n";
  std::ofstream(argv[2]) << json.str();
  return 0;
}

}  // namespace
}  // namespace backcare

int main(int argc, char** argv) { return backcare::Main(argc, argv); }
