// backcare_http_fixture DB_URL OUT_JSON: seeds a fresh database for the HTTP integration tests
// through the same use cases the server calls: two clinics ("a" and "b"), each with an admin, a
// front-desk user, a therapist (record + login) and two patients with logins. Patient names carry
// per-clinic, per-patient canary strings so the tests can prove no other clinic or patient ever
// receives them. Writes the logins and ids to OUT_JSON. Synthetic data only.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "app/account_service.h"
#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "app/patient_service.h"
#include "exchange/toml/protocol_toml.h"
#include "exchange/tz/iana_time_zone.h"
#include "store/open_store.h"

namespace backcare {
namespace {

class SystemClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
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
  if (argc != 3) {
    std::cerr << "usage: backcare_http_fixture DB_URL OUT_JSON\n";
    return 2;
  }
  std::unique_ptr<store::Database> store = OrDie(store::OpenStore(argv[1]), "open store");
  OrDie(store->Migrate(), "migrate");
  protocol::Protocol protocol = OrDie(exchange::LoadDefaultProtocol(), "protocol");
  SystemClock clock;
  app::AuditLog audit_log(*store);
  app::AppContext context{
      *store, clock, protocol,
      [](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
        ASSIGN_OR_RETURN(auto zone, exchange::LoadIanaTimeZone(name, "time_zone"));
        return std::shared_ptr<const ports::TimeZone>(std::move(zone));
      },
      audit_log};
  auto hasher = app::crypto::NewCachingHasher(app::crypto::NewArgon2idHasher());
  app::AccountService accounts(context, *hasher);
  app::ClinicService clinics(context);
  app::PatientService patients(context);

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
    user("therapist." + x + "@clinic.test", clinic::Role::kTherapist, therapist_id, std::nullopt);
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
    if (c > 0) json << ",";
    json << Quote(x) << ":{\"clinic_id\":" << clinic_id.value()
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
