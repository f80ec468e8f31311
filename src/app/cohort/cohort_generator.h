// The synthetic cohort generator behind `backcare cohort generate`: creates clinics (with their
// therapists) through ClinicService, then draws courses from the cohort model (cohort_model.h)
// and writes them straight through the store port in large transactions: patients, intake
// screenings, courses, home-program assignments, adherence and (for dropouts and finished
// courses) discharges row by row, attended sessions and questionnaire responses with
// BulkAddSessions and BulkAddResponses.
// Deterministic: one std::mt19937_64 stream seeded with the seed, and a fake clock at the as-of
// date for everything time-stamped, so the same options give the same database.
#ifndef BACKCARE_APP_COHORT_COHORT_GENERATOR_H_
#define BACKCARE_APP_COHORT_COHORT_GENERATOR_H_

#include <cstdint>
#include <functional>

#include "app/app_context.h"
#include "app/protocol_catalog.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"

namespace backcare::app::cohort {

struct CohortOptions {
  std::int64_t courses = 0;  // >= 1, spread round-robin over the clinics
  std::uint64_t seed = 0;
  int clinics = 1;     // >= 1
  clinic::Date as_of;  // nothing is recorded after it
  int courses_per_transaction = 10000;
};

// What was written.
struct CohortSummary {
  int clinics = 0;
  int therapists = 0;
  std::int64_t courses = 0;
  std::int64_t patients = 0;
  std::int64_t responses = 0;
  std::int64_t adherence_entries = 0;
  std::int64_t sessions = 0;
  std::int64_t dropouts = 0;
};

// Called after each committed transaction with the courses written so far and the total.
using CohortProgress = std::function<void(std::int64_t written, std::int64_t total)>;

// Therapists of a clinic with `courses` courses: one per 2,000 courses, at least 3, at most 40.
int TherapistsFor(std::int64_t courses);

// kInvalidInput naming each bad option: "courses" (< 1), "clinics" (< 1), "as_of" (not a date),
// "courses_per_transaction" (< 1).
Status ValidateCohortOptions(const CohortOptions& options);

// Generates the cohort into `store` (migrated). Clinics are named "Synthetic cohort S-N" (seed S,
// clinic N) in Europe/London and follow the catalog's built-in protocol; kConflict (field "name")
// when such a clinic exists already, before any course is written. Each transaction of
// courses_per_transaction courses commits on its own (a failure part-way keeps the transactions
// committed before it); its courses are audited as one "cohort.generate" event per clinic.
// Errors: ValidateCohortOptions', the protocol's (CohortModel::Create), the store's.
Result<CohortSummary> GenerateCohort(ports::ClinicStore& store, const ProtocolCatalog& protocols,
                                     TimeZoneLookup time_zones, const CohortOptions& options,
                                     const CohortProgress& progress = nullptr);

}  // namespace backcare::app::cohort

#endif  // BACKCARE_APP_COHORT_COHORT_GENERATOR_H_
