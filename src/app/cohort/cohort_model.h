// The synthetic cohort model: what one course of the protocol looks like when drawn at random
// (baseline pain, a pain trajectory around the phases' expected reductions, attended sessions,
// NPRS check-ins, core-exercise adherence, dropout), as plain values. Pure: no store, no clock;
// everything comes from the protocol, the as-of date and a seeded CohortRandom, so the same seed
// gives the same courses with any standard library (a target whose compiler fuses multiply-adds,
// e.g. ARM64, may round a rare score differently from x86-64). docs/analytics.md ("Synthetic cohort
// model") states the model; cohort_generator.h writes its courses to a store.
#ifndef BACKCARE_APP_COHORT_COHORT_MODEL_H_
#define BACKCARE_APP_COHORT_COHORT_MODEL_H_

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/protocol/protocol.h"

namespace backcare::app::cohort {

// A portable random source: std::mt19937_64's raw output (fixed by the standard) with the
// distributions built here, since std:: distributions differ between library versions.
class CohortRandom {
 public:
  explicit CohortRandom(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), from the top 53 bits of one draw.
  double Unit();
  // Uniform integer in [low, high] (low <= high).
  int Between(int low, int high);
  bool Chance(double probability) { return Unit() < probability; }
  // Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin-Hall), so no libm call
  // can make two platforms disagree.
  double Normal();

 private:
  std::mt19937_64 engine_;
};

// The condition id a sciatic patient's screening records: the catalogue's tracked sign for
// radiating leg pain (core/screening/catalog.cc).
inline constexpr const char* kSciaticSign = "radiating_leg_pain";

struct CohortSession {
  clinic::Date date;
  int start_minute_utc = 0;  // minutes after midnight UTC on `date`
  std::string phase_id;
  friend bool operator==(const CohortSession&, const CohortSession&) = default;
};

struct CohortResponse {
  clinic::Date date;
  int minute_utc = 0;
  int score = 0;              // NPRS 0..10
  std::string checkpoint_id;  // "baseline", "session_6", ..., or "" for a weekly check-in
  bool with_course = true;    // false for the baseline (intake responses carry no course id)
  friend bool operator==(const CohortResponse&, const CohortResponse&) = default;
};

struct CohortAdherence {
  clinic::Date date;
  std::string exercise_id;  // a home-program exercise of kind core; logged as done
  friend bool operator==(const CohortAdherence&, const CohortAdherence&) = default;
};

// One drawn course with everything recorded up to the as-of date.
struct CohortCourse {
  int therapist_index = 0;  // 0 .. therapists - 1 of its clinic
  clinic::Date start_date;
  clinic::Date date_of_birth;
  int baseline = 0;  // NPRS at intake; 0 is rare (not evaluable)
  bool sciatic = false;
  double adherence_propensity = 0;  // 0..1: the chance of logging core work on a given day
  // Set when the patient dropped out on or before the as-of date: the course is discontinued
  // that day and nothing is recorded after it.
  std::optional<clinic::Date> dropout_date;
  // Set when the course ran to the last phase's end on or before the as-of date (completed).
  std::optional<clinic::Date> completed_date;
  std::vector<CohortSession> sessions;    // attended, by date
  std::vector<CohortResponse> responses;  // baseline first, then by date
  std::vector<CohortAdherence> adherence;
  friend bool operator==(const CohortCourse&, const CohortCourse&) = default;
};

// Draws courses of one protocol as of one date. Copyable; holds no random state.
class CohortModel {
 public:
  // kInvalidInput when the protocol has no phase with sessions_per_week > 0 first, no home
  // exercise of kind core, or no "baseline" checkpoint; or as_of is not a valid date.
  static Result<CohortModel> Create(const protocol::Protocol& protocol, clinic::Date as_of);

  // Draws one course for a clinic with `therapists` therapists (>= 1).
  CohortCourse Draw(CohortRandom& random, int therapists) const;

  const protocol::Protocol& protocol() const { return protocol_; }
  // The home-program exercises of kind core, in protocol order (never empty).
  const std::vector<std::string>& core_exercises() const { return core_exercises_; }

  // The number of days course starts are spread over, before as_of (18 months).
  static constexpr int kStartSpreadDays = 548;

 private:
  CohortModel() = default;

  protocol::Protocol protocol_;
  clinic::Date as_of_;
  std::vector<std::string> core_exercises_;
  int core_start_week_ = 0;
  int program_weeks_ = 0;  // the last phase's end week
};

}  // namespace backcare::app::cohort

#endif  // BACKCARE_APP_COHORT_COHORT_MODEL_H_
