// The demo clinic generator: fills an empty store with a realistic synthetic clinic (3
// therapists, a front-desk user, an admin and about 200 patients at every stage of the program)
// by calling the same use cases the API and CLI call, with a seeded std::mt19937 and a fake clock
// walked forward through each patient's history, so the result is identical for the same seed
// and "today". Names come from small synthetic lists; no real person's data is used.
#ifndef BACKCARE_APP_DEMO_DEMO_CLINIC_H_
#define BACKCARE_APP_DEMO_DEMO_CLINIC_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/crypto/crypto.h"
#include "core/base/result.h"
#include "core/clinic/time.h"

namespace backcare::app::demo {

// Every patient is generated in exactly one stage.
inline constexpr const char* kDemoStages[] = {
    "new_intake",         // screened with baseline questionnaires, course starts in the future
    "initial_relief",     // in weeks 0-3 of the course
    "structural_change",  // in weeks 4-11
    "maintenance",        // week 12 or later
    "off_track",          // week 5-11 with too little pain reduction (an off_track alert)
    "referred",           // screening found a red flag: referred, no course
};

struct DemoOptions {
  clinic::Date today;             // everything is generated relative to this date
  std::uint32_t seed = 20251120;  // std::mt19937 seed
  int patients = 200;             // spread over the stages
  int patient_logins = 5;         // patients that also get a demo login
};

struct DemoLogin {
  std::string role;  // "admin", "therapist", "front_desk", "patient"
  std::string email;
  std::string password;
};

struct DemoSummary {
  ClinicId clinic_id;
  std::vector<DemoLogin> logins;  // admin, front desk, therapists, then patients
  std::map<std::string, int> patients_per_stage;
  int sciatic_patients = 0;  // patients with tracked sciatic signs (any stage)
  int sessions = 0;
  int signed_notes = 0;
  int responses = 0;
  int adherence_entries = 0;
  int dropouts = 0;  // courses discontinued after the patient stopped coming
  int alerts = 0;
};

// Generates the demo clinic into `store` (which should be empty and migrated); the clinic follows
// the catalog's built-in protocol, which is stored with it. It uses the time zones of `time_zones`
// (the clinic is in "Europe/London"). `hasher` hashes the demo passwords; pass
// crypto::NewCachingHasher(...) so each distinct password is hashed once. Errors: whatever a use
// case returns (a bug in the generator, or a store failure).
Result<DemoSummary> GenerateDemoClinic(ports::ClinicStore& store, const ProtocolCatalog& protocols,
                                       TimeZoneLookup time_zones, crypto::PasswordHasher& hasher,
                                       const DemoOptions& options);

}  // namespace backcare::app::demo

#endif  // BACKCARE_APP_DEMO_DEMO_CLINIC_H_
