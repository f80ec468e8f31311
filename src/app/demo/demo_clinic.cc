#include "app/demo/demo_clinic.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <random>
#include <string_view>
#include <utility>

#include "app/account_service.h"
#include "app/actor.h"
#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "app/home_program_service.h"
#include "app/note_service.h"
#include "app/patient_service.h"
#include "app/questionnaire_service.h"
#include "app/schedule_service.h"

namespace backcare::app::demo {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;

constexpr std::array<std::string_view, 24> kGivenNames = {
    "Alex",   "Sam",   "Robin", "Jamie", "Morgan", "Casey",  "Riley",  "Jordan",
    "Avery",  "Quinn", "Drew",  "Rowan", "Sage",   "Blake",  "Reese",  "Emery",
    "Hayden", "Kai",   "Logan", "Micah", "Noel",   "Parker", "Skyler", "Tatum"};
constexpr std::array<std::string_view, 20> kFamilyNames = {
    "Ashdown", "Birchley", "Calder",  "Dunmore", "Elwick",  "Fenwick", "Garside",
    "Hartley", "Ingram",   "Jessop",  "Kirkby",  "Lindell", "Marlow",  "Northam",
    "Oakes",   "Pellow",   "Quarrie", "Ridley",  "Stanier", "Thorne"};
constexpr std::array<std::string_view, 3> kTherapistNames = {"Morgan Reed", "Ellis Shaw",
                                                             "Harper Lane"};

// Demo passwords: one per role, so the caching hasher runs Argon2id four times in all.
constexpr std::string_view kAdminPassword = "harbour-lantern-17";
constexpr std::string_view kDeskPassword = "copper-kettle-31";
constexpr std::string_view kTherapistPassword = "willow-stones-23";
constexpr std::string_view kPatientPassword = "meadow-path-45";

// Share of patients per stage, in kDemoStages order (sums to 1).
constexpr std::array<double, 6> kStageShare = {0.15, 0.175, 0.2, 0.225, 0.125, 0.125};

enum class Stage {
  kNewIntake,
  kInitialRelief,
  kStructuralChange,
  kMaintenance,
  kOffTrack,
  kReferred
};

class Generator {
 public:
  Generator(ports::ClinicStore& store, const ProtocolCatalog& protocols, TimeZoneLookup time_zones,
            crypto::PasswordHasher& hasher, const DemoOptions& options)
      : options_(options),
        rng_(options.seed),
        clock_(sys_days{options.today} + hours{8}),
        audit_log_(store),
        context_{store, clock_, protocols, std::move(time_zones), audit_log_},
        clinics_(context_),
        accounts_(context_, hasher),
        patients_(context_),
        schedule_(context_),
        notes_(context_),
        questionnaires_(context_),
        home_(context_) {}

  Result<DemoSummary> Run() {
    const clinic::Timestamp now = sys_days{options_.today} + hours{8};
    // The clinic opened half a year ago.
    clock_.Set(now - days{200});
    ASSIGN_OR_RETURN(
        summary_.clinic_id,
        clinics_.CreateClinic({"Riverside Back Care (demo)", "Europe/London", {}, true}, "demo"));
    system_ = RequestContext{SystemActor(summary_.clinic_id), "demo"};
    ASSIGN_OR_RETURN(UserId admin_id, AddLogin("admin@demo.backcare.test", "Demo Admin",
                                               clinic::Role::kAdmin, kAdminPassword, {}, {}));
    (void)admin_id;
    ASSIGN_OR_RETURN(UserId desk_id, AddLogin("desk@demo.backcare.test", "Demo Front Desk",
                                              clinic::Role::kFrontDesk, kDeskPassword, {}, {}));
    desk_ = RequestContext{ActorOf(desk_id, clinic::Role::kFrontDesk), "demo"};
    for (std::size_t i = 0; i < kTherapistNames.size(); ++i) {
      const std::string_view name = kTherapistNames[i];
      const std::size_t space = name.find(' ');
      ASSIGN_OR_RETURN(TherapistId therapist_id,
                       clinics_.CreateTherapist(system_, {std::string(name.substr(0, space)),
                                                          std::string(name.substr(space + 1)),
                                                          "DEMO-" + std::to_string(100 + i)}));
      ASSIGN_OR_RETURN(
          UserId user_id,
          AddLogin("therapist" + std::to_string(i + 1) + "@demo.backcare.test", std::string(name),
                   clinic::Role::kTherapist, kTherapistPassword, therapist_id, {}));
      Actor actor = ActorOf(user_id, clinic::Role::kTherapist);
      actor.therapist_id = therapist_id;
      therapists_.push_back(RequestContext{actor, "demo"});
    }

    const std::vector<Stage> stages = StagePlan();
    for (std::size_t i = 0; i < stages.size(); ++i) {
      RETURN_IF_ERROR(AddPatient(static_cast<int>(i), stages[i], now));
    }
    clock_.Set(now);
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    ASSIGN_OR_RETURN(auto alerts,
                     transaction->ListAlerts(summary_.clinic_id, ports::AlertFilter::kAll));
    summary_.alerts = static_cast<int>(alerts.size());
    return summary_;
  }

 private:
  Actor ActorOf(UserId user_id, clinic::Role role) const {
    Actor actor;
    actor.user_id = user_id;
    actor.role = role;
    actor.clinic_id = summary_.clinic_id;
    return actor;
  }

  Result<UserId> AddLogin(const std::string& email, const std::string& display_name,
                          clinic::Role role, std::string_view password,
                          std::optional<TherapistId> therapist_id,
                          std::optional<PatientId> patient_id) {
    ASSIGN_OR_RETURN(
        UserId id, accounts_.CreateUser(system_, {email, display_name, role, std::string(password),
                                                  therapist_id, patient_id}));
    summary_.logins.push_back({std::string(clinic::RoleName(role)), email, std::string(password)});
    return id;
  }

  int Uniform(int low, int high) {  // inclusive
    return std::uniform_int_distribution<int>(low, high)(rng_);
  }
  bool Chance(double probability) { return std::bernoulli_distribution(probability)(rng_); }

  std::vector<Stage> StagePlan() {
    std::vector<Stage> stages;
    int assigned = 0;
    for (std::size_t s = 0; s < kStageShare.size(); ++s) {
      int count = static_cast<int>(kStageShare[s] * options_.patients);
      if (s + 1 == kStageShare.size()) {
        count = options_.patients - assigned;
      }
      for (int i = 0; i < count; ++i) {
        stages.push_back(static_cast<Stage>(s));
      }
      assigned += count;
    }
    std::shuffle(stages.begin(), stages.end(), rng_);
    return stages;
  }

  // Objective measures that improve with the NPRS (standing longer, more lumbar flexion, the
  // fingertips nearer the floor), from the share of the baseline pain gone. Computed without
  // drawing from the random stream, so the rest of the demo data stays as it was.
  static session::ObjectiveMeasures MeasuresAt(int baseline, int nprs, int patient) {
    const double improvement =
        std::clamp(static_cast<double>(baseline - nprs) / std::max(baseline, 1), 0.0, 1.0);
    const int spread = patient % 5;
    const auto tenths = [](double cm) { return std::round(cm * 10.0) / 10.0; };
    session::ObjectiveMeasures measures;
    measures.standing_tolerance_minutes =
        static_cast<int>(std::lround(10 + 2 * spread + 50 * improvement));
    measures.schober_cm = tenths(2.4 + 0.2 * spread + 2.6 * improvement);
    measures.fingertip_to_floor_cm = tenths(32.0 - 2.0 * spread - 24.0 * improvement);
    return measures;
  }

  // NPRS expected at `week` for a patient starting at `baseline`, with some noise.
  int NprsAt(int baseline, double week, Stage stage) {
    double reduction = 0;
    if (stage == Stage::kOffTrack) {
      reduction = 0.04 * std::min(week, 3.0);  // stalls near 10 %
    } else if (week <= 4) {
      reduction = 0.10 * week;  // 40 % at week 4
    } else if (week <= 12) {
      reduction = 0.40 + 0.03 * (week - 4);  // 64 % at week 12
    } else {
      reduction = std::min(0.75, 0.64 + 0.01 * (week - 12));
    }
    reduction += (Uniform(-5, 5)) / 100.0;
    const double value = baseline * (1.0 - std::clamp(reduction, 0.0, 0.95));
    return std::clamp(static_cast<int>(std::lround(value)), 0, 10);
  }

  std::vector<std::optional<int>> RandomAnswers(int count, int low, int high) {
    std::vector<std::optional<int>> answers;
    answers.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      answers.push_back(Uniform(low, high));
    }
    return answers;
  }

  Status AddPatient(int index, Stage stage, clinic::Timestamp now) {
    const std::string given(kGivenNames[static_cast<std::size_t>(index) % kGivenNames.size()]);
    const std::string family(
        kFamilyNames[static_cast<std::size_t>(index / static_cast<int>(kGivenNames.size()) +
                                              index * 7) %
                     kFamilyNames.size()]);
    const clinic::Date today = options_.today;
    // When the course starts relative to today, by stage.
    int start_offset_days = 0;
    switch (stage) {
      case Stage::kNewIntake:
        start_offset_days = Uniform(1, 14);
        break;
      case Stage::kInitialRelief:
        start_offset_days = -Uniform(1, 27);
        break;
      case Stage::kStructuralChange:
        start_offset_days = -Uniform(28, 83);
        break;
      case Stage::kMaintenance:
        start_offset_days = -Uniform(84, 230);
        break;
      case Stage::kOffTrack:
        start_offset_days = -Uniform(36, 120);
        break;
      case Stage::kReferred:
        start_offset_days = -Uniform(1, 60);
        break;
    }
    const clinic::Date start_date{sys_days{today} + days{start_offset_days}};
    const clinic::Timestamp intake_at =
        sys_days{start_date} - days{stage == Stage::kNewIntake ? Uniform(1, 3) : Uniform(2, 7)} +
        hours{Uniform(9, 16)};
    clock_.Set(std::min(intake_at, now));

    const clinic::Date birth{std::chrono::year{Uniform(1950, 2000)},
                             std::chrono::month{static_cast<unsigned>(Uniform(1, 12))},
                             std::chrono::day{static_cast<unsigned>(Uniform(1, 28))}};
    const std::string email = "patient" + std::to_string(index + 1) + "@demo.backcare.test";
    ASSIGN_OR_RETURN(
        PatientId patient_id,
        patients_.RegisterPatient(
            desk_, {given, family, birth, "+44 7700 9" + std::to_string(10000 + index), email}));
    // A few patients (in course) get a login to try the patient view.
    RequestContext patient_context{Actor{}, "demo"};
    patient_context.actor.role = clinic::Role::kPatient;
    patient_context.actor.clinic_id = summary_.clinic_id;
    patient_context.actor.patient_id = patient_id;
    if (logins_given_ < options_.patient_logins && stage != Stage::kReferred &&
        stage != Stage::kNewIntake) {
      ASSIGN_OR_RETURN(UserId user_id, AddLogin(email, given + " " + family, clinic::Role::kPatient,
                                                kPatientPassword, {}, patient_id));
      patient_context.actor.user_id = user_id;
      ++logins_given_;
    }

    const RequestContext& therapist =
        therapists_[static_cast<std::size_t>(index) % therapists_.size()];
    IntakeRequest intake;
    intake.patient_id = patient_id;
    if (stage == Stage::kReferred) {
      static constexpr std::array<std::string_view, 4> kRedFlags = {
          "suspected_dvt", "history_of_cancer", "unexplained_weight_loss",
          "fever_or_suspected_infection"};
      intake.findings.push_back(
          {std::string(kRedFlags[static_cast<std::size_t>(Uniform(0, 3))]), std::nullopt});
    }
    if (Chance(0.22)) {
      intake.findings.push_back(
          {Chance(0.6) ? "radiating_leg_pain" : "leg_numbness", std::nullopt});
      ++summary_.sciatic_patients;
    }
    const bool modified = stage != Stage::kReferred && Chance(0.08);
    if (modified) {
      intake.findings.push_back({"anticoagulants", std::nullopt});
    }
    const int baseline = Uniform(6, 9);
    intake.baseline.push_back({"nprs", {baseline}, "baseline"});
    intake.baseline.push_back({"odi", RandomAnswers(10, 1, 4), "baseline"});
    intake.baseline.push_back({"startback", RandomAnswers(8, 0, 1), "baseline"});
    intake.baseline.back().answers.push_back(Uniform(0, 4));
    ASSIGN_OR_RETURN(IntakeResult intake_result, patients_.Intake(therapist, intake));
    summary_.responses += static_cast<int>(intake_result.responses.size());
    summary_.patients_per_stage[kDemoStages[static_cast<int>(stage)]] += 1;
    if (stage == Stage::kReferred) {
      return OkStatus();
    }

    ASSIGN_OR_RETURN(StartedCourse course,
                     schedule_.StartCourse(desk_, {patient_id, start_date, std::nullopt, {}}));
    summary_.sessions += static_cast<int>(course.sessions.size());
    ASSIGN_OR_RETURN(clinic::AssignmentId assignment,
                     home_.Assign(therapist, {patient_id, course.course_id, {}, start_date}));
    (void)assignment;
    if (stage == Stage::kNewIntake) {
      return OkStatus();
    }

    // Half the off-track patients stop coming between weeks 3 and 5 and are discharged as
    // dropouts. Drawn from a stream of its own (as the adherence below), so the other patients'
    // data stay as they were.
    std::mt19937 own_rng(options_.seed * 7919u + static_cast<unsigned>(index));
    const auto own_uniform = [&](int low, int high) {
      return std::uniform_int_distribution<int>(low, high)(own_rng);
    };
    std::optional<clinic::Timestamp> dropout;
    if (stage == Stage::kOffTrack && own_uniform(0, 1) == 1) {
      dropout = sys_days{start_date} + days{own_uniform(21, 35)} + hours{18};
    }

    // Walk the past sessions: attended (or now and then missed), with a signed note, and an NPRS
    // every second attended session.
    ASSIGN_OR_RETURN(std::vector<ScheduleEntry> plan, schedule_.PatientPlan(desk_, patient_id));
    int attended = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const ScheduleEntry session = plan[i];
      if (session.end > now || (dropout && session.start >= *dropout)) {
        break;
      }
      if (session.status != clinic::SessionStatus::kBooked) {
        continue;
      }
      clock_.Set(session.end);
      if (Chance(0.07)) {
        ASSIGN_OR_RETURN(Replan replan, schedule_.MarkMissed(desk_, session.session_id));
        summary_.sessions += static_cast<int>(replan.added.size());
        // The miss was made up and later sessions moved: walk the re-planned course.
        ASSIGN_OR_RETURN(plan, schedule_.PatientPlan(desk_, patient_id));
        continue;
      }
      RETURN_IF_ERROR(schedule_.MarkAttended(desk_, session.session_id));
      const RequestContext* author = &therapists_.front();
      for (const RequestContext& candidate : therapists_) {
        if (candidate.actor.therapist_id == session.therapist_id) {
          author = &candidate;
        }
      }
      const double week =
          std::chrono::duration<double, std::ratio<604800>>(session.start - sys_days{start_date})
              .count();
      const int nprs_before = NprsAt(baseline, week, stage);
      NoteContent note;
      note.soap.subjective = "Synthetic demo note.";
      note.soap.assessment = "Tolerated treatment.";
      note.nprs_before = nprs_before;
      note.nprs_after = std::max(0, nprs_before - Uniform(0, 2));
      // The objective measures at the first attended session and every third after it.
      if (attended % 3 == 0) {
        note.measures =
            MeasuresAt(baseline, nprs_before, static_cast<int>(patient_id.value() % 1000));
      }
      if (!modified) {
        note.techniques.strip_passes.push_back(
            {"spinal_erectors", session::Side::kBilateral, "sacrum_to_neck", Uniform(3, 6)});
        const int holds = Uniform(1, 3);
        for (int h = 0; h < holds; ++h) {
          note.techniques.trigger_points.push_back(
              {"quadratus_lumborum", h % 2 == 0 ? session::Side::kLeft : session::Side::kRight,
               Uniform(60, 90)});
        }
        note.techniques.pressure = session::Pressure::kDeep;
      } else {
        note.techniques.pressure = session::Pressure::kLight;
      }
      note.techniques.release_areas.push_back({"thoracolumbar_fascia", Uniform(5, 15)});
      if (Chance(0.03)) {
        note.adverse_events.push_back(
            {session::AdverseEventKind::kSoreness, session::Severity::kMild, ""});
      }
      ASSIGN_OR_RETURN(NoteId note_id, notes_.DraftNote(*author, session.session_id, note));
      RETURN_IF_ERROR(notes_.SignNote(*author, note_id));
      ++summary_.signed_notes;
      ++attended;
      if (attended % 2 == 0) {
        ASSIGN_OR_RETURN(
            ScoredResponse response,
            questionnaires_.Submit(*author, {patient_id, {"nprs", {nprs_before}, ""}}));
        (void)response;
        ++summary_.responses;
      }
    }

    if (dropout) {
      clock_.Set(*dropout);
      ASSIGN_OR_RETURN(DischargeSummary discharged,
                       schedule_.DischargeCourse(
                           therapist, {course.course_id, clinic::DischargeOutcome::kLostToFollowUp,
                                       "Stopped attending (synthetic demo)."}));
      (void)discharged;
      ++summary_.dropouts;
    }

    // Core exercises over weeks 2-12 (what the core-exercise claim compares), as often as this
    // patient keeps them up: most on-track patients on most days, off-track ones rarely.
    const double keeps_up =
        (stage == Stage::kOffTrack ? own_uniform(5, 40) : own_uniform(30, 95)) / 100.0;
    const sys_days last_logged = sys_days{today} - days{14};  // the last two weeks follow
    for (sys_days day = sys_days{start_date} + days{14};
         day < std::min(sys_days{start_date} + days{84}, last_logged); day += days{1}) {
      if (dropout && day + hours{20} >= *dropout) break;
      if (std::uniform_real_distribution<double>(0, 1)(own_rng) >= keeps_up) continue;
      clock_.Set(day + hours{20});
      RETURN_IF_ERROR(home_.Log(
          patient_context,
          {patient_id, clinic::Date{day}, "abdominal_bracing", clinic::Completion::kDone, ""}));
      ++summary_.adherence_entries;
    }

    // The last two weeks of home-program adherence (off-track patients mostly skip it), from
    // the day abdominal bracing starts (the protocol's start_week 2: day 14 of the course; the
    // log refuses earlier days). A day before that still sets the clock and draws its chance, so
    // the random stream, and with it the rest of the demo, is the same as when it was logged.
    const double adherence = stage == Stage::kOffTrack ? 0.25 : 0.8;
    for (int back = 13; back >= 0; --back) {
      const clinic::Date day{sys_days{today} - days{back + 1}};
      if (sys_days{day} < sys_days{start_date} || (dropout && sys_days{day} >= *dropout)) {
        continue;
      }
      clock_.Set(sys_days{day} + hours{20});
      const clinic::Completion completion =
          Chance(adherence) ? clinic::Completion::kDone : clinic::Completion::kNotDone;
      if (sys_days{day} < sys_days{start_date} + days{14}) continue;
      RETURN_IF_ERROR(
          home_.Log(patient_context, {patient_id, day, "abdominal_bracing", completion, ""}));
      ++summary_.adherence_entries;
    }
    return OkStatus();
  }

  DemoOptions options_;
  std::mt19937 rng_;
  ports::FakeClock clock_;
  AuditLog audit_log_;
  AppContext context_;
  ClinicService clinics_;
  AccountService accounts_;
  PatientService patients_;
  ScheduleService schedule_;
  NoteService notes_;
  QuestionnaireService questionnaires_;
  HomeProgramService home_;
  DemoSummary summary_;
  RequestContext system_;
  RequestContext desk_;
  std::vector<RequestContext> therapists_;
  int logins_given_ = 0;
};

}  // namespace

Result<DemoSummary> GenerateDemoClinic(ports::ClinicStore& store, const ProtocolCatalog& protocols,
                                       TimeZoneLookup time_zones, crypto::PasswordHasher& hasher,
                                       const DemoOptions& options) {
  if (!options.today.ok() || options.patients < 0) {
    return InvalidInput("demo options are invalid",
                        {{"", "today", "expected a valid date and a patient count >= 0"}});
  }
  Generator generator(store, protocols, std::move(time_zones), hasher, options);
  return generator.Run();
}

}  // namespace backcare::app::demo
