#include "app/cohort/cohort_generator.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/actor.h"
#include "app/audit_log.h"
#include "app/audit_trail.h"
#include "app/clinic_service.h"
#include "app/cohort/cohort_model.h"
#include "core/ports/clock.h"

namespace backcare::app::cohort {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;

constexpr const char* kRemoteAddress = "cohort";

// One clinic of the cohort as written: its id, therapists and the generator's own login (the
// screener and discharger of record; disabled, no password).
struct CohortClinic {
  ClinicId id;
  std::vector<TherapistId> therapists;
  UserId generator_user;
};

std::string Padded(std::int64_t number, std::size_t width) {
  std::string text = std::to_string(number);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

clinic::Timestamp At(clinic::Date date, int minute_utc) {
  return sys_days{date} + minutes{minute_utc};
}

class Generator {
 public:
  Generator(ports::ClinicStore& store, const ProtocolCatalog& protocols, TimeZoneLookup time_zones,
            const CohortOptions& options, const CohortProgress& progress)
      : options_(options),
        progress_(progress),
        clock_(sys_days{options.as_of} + hours{18}),
        audit_log_(store),
        context_{store, clock_, protocols, std::move(time_zones), audit_log_},
        random_(options.seed) {}

  Result<CohortSummary> Run() {
    RETURN_IF_ERROR(CreateClinics());
    std::shared_ptr<const protocol::Protocol> protocol;
    {
      ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
      ASSIGN_OR_RETURN(protocol, context_.protocols.ActiveFor(*transaction, clinics_.front().id));
    }
    ASSIGN_OR_RETURN(CohortModel model, CohortModel::Create(*protocol, options_.as_of));
    model_ = std::make_unique<CohortModel>(std::move(model));
    std::int64_t next = 0;
    while (next < options_.courses) {
      const std::int64_t end =
          std::min<std::int64_t>(options_.courses, next + options_.courses_per_transaction);
      RETURN_IF_ERROR(WriteBatch(next, end));
      next = end;
      if (progress_) progress_(next, options_.courses);
    }
    return summary_;
  }

 private:
  // The clinics, their therapists and generator logins, in one transaction: all or nothing.
  Status CreateClinics() {
    ASSIGN_OR_RETURN(auto transaction, context_.store.Begin());
    for (int c = 0; c < options_.clinics; ++c) {
      NewClinic new_clinic;
      new_clinic.name =
          "Synthetic cohort " + std::to_string(options_.seed) + "-" + std::to_string(c + 1);
      new_clinic.time_zone = "Europe/London";
      RETURN_IF_ERROR(ValidateNewClinic(context_, new_clinic));
      CohortClinic written;
      ASSIGN_OR_RETURN(written.id,
                       internal::InsertClinic(context_, *transaction, new_clinic, kRemoteAddress));
      const RequestContext system{SystemActor(written.id), kRemoteAddress};
      const std::int64_t courses =
          options_.courses / options_.clinics + (c < options_.courses % options_.clinics ? 1 : 0);
      const int therapists = TherapistsFor(courses);
      for (int t = 0; t < therapists; ++t) {
        clinic::Therapist therapist;
        therapist.given_name = "Therapist";
        therapist.family_name = Padded(t + 1, 2);
        therapist.license_number = "SYN-" + Padded(t + 1, 3);
        ASSIGN_OR_RETURN(TherapistId id, transaction->CreateTherapist(written.id, therapist));
        RETURN_IF_ERROR(AppendAudit(*transaction, system, clock_.Now(), "therapist.create",
                                    "therapist", id.value()));
        written.therapists.push_back(id);
      }
      clinic::User user;
      user.email = "cohort-generator@synthetic.backcare.test";
      user.display_name = "Synthetic cohort generator";
      user.role = clinic::Role::kAdmin;
      user.state = clinic::AccountState::kDisabled;
      ASSIGN_OR_RETURN(written.generator_user, transaction->CreateUser(written.id, user));
      RETURN_IF_ERROR(AppendAudit(*transaction, system, clock_.Now(), "user.create", "user",
                                  written.generator_user.value()));
      summary_.therapists += therapists;
      clinics_.push_back(std::move(written));
    }
    RETURN_IF_ERROR(transaction->Commit());
    summary_.clinics = options_.clinics;
    return OkStatus();
  }

  // Courses [first, end), course i in clinic i % clinics, in one transaction.
  Status WriteBatch(std::int64_t first, std::int64_t end) {
    const protocol::Protocol& protocol = model_->protocol();
    ASSIGN_OR_RETURN(auto transaction, context_.store.Begin());
    std::vector<std::vector<clinic::Session>> sessions(clinics_.size());
    std::vector<std::vector<clinic::QuestionnaireResponse>> responses(clinics_.size());
    std::vector<std::optional<CourseId>> last_course(clinics_.size());
    CohortSummary added;
    for (std::int64_t i = first; i < end; ++i) {
      const auto clinic_index = static_cast<std::size_t>(i % options_.clinics);
      const CohortClinic& site = clinics_[clinic_index];
      const CohortCourse drawn = model_->Draw(random_, static_cast<int>(site.therapists.size()));
      const TherapistId therapist =
          site.therapists[static_cast<std::size_t>(drawn.therapist_index)];

      clinic::Patient patient;
      patient.given_name = "Synthetic";
      patient.family_name = "Patient " + Padded(i + 1, 7);
      patient.date_of_birth = drawn.date_of_birth;
      ASSIGN_OR_RETURN(PatientId patient_id, transaction->CreatePatient(site.id, patient));

      const CohortResponse& baseline = drawn.responses.front();
      clinic::ScreeningResult intake;
      intake.patient_id = patient_id;
      if (drawn.sciatic) intake.condition_ids.push_back(kSciaticSign);
      intake.decision = screening::Decision::kClear;
      intake.screened_by = site.generator_user;
      intake.screened_at = At(baseline.date, baseline.minute_utc) - minutes{10};
      RETURN_IF_ERROR(transaction->AddScreeningResult(site.id, intake));

      clinic::Course course;
      course.patient_id = patient_id;
      course.therapist_id = therapist;
      course.protocol_id = protocol.id;
      course.protocol_version = protocol.version;
      course.start_date = drawn.start_date;
      ASSIGN_OR_RETURN(course.id, transaction->CreateCourse(site.id, course));
      last_course[clinic_index] = course.id;

      clinic::HomeProgramAssignment assignment;
      assignment.patient_id = patient_id;
      assignment.course_id = course.id;
      assignment.exercise_ids = model_->core_exercises();
      assignment.start_date = drawn.start_date;
      RETURN_IF_ERROR(transaction->AddHomeProgramAssignment(site.id, assignment));

      for (const CohortSession& drawn_session : drawn.sessions) {
        clinic::Session session;
        session.course_id = course.id;
        session.therapist_id = therapist;
        session.start = At(drawn_session.date, drawn_session.start_minute_utc);
        session.end = session.start + minutes{protocol.session_minutes};
        session.status = clinic::SessionStatus::kAttended;
        session.phase_id = drawn_session.phase_id;
        sessions[clinic_index].push_back(std::move(session));
      }

      for (const CohortResponse& drawn_response : drawn.responses) {
        clinic::QuestionnaireResponse response;
        response.patient_id = patient_id;
        if (drawn_response.with_course) response.course_id = course.id;
        response.instrument_id = instrument::InstrumentId::kNprs;
        response.answers = {drawn_response.score};
        response.score = drawn_response.score;
        response.score_status = instrument::ScoreStatus::kScored;
        response.checkpoint_id = drawn_response.checkpoint_id;
        response.taken_at = At(drawn_response.date, drawn_response.minute_utc);
        responses[clinic_index].push_back(std::move(response));
      }

      for (const CohortAdherence& drawn_entry : drawn.adherence) {
        clinic::AdherenceEntry entry;
        entry.patient_id = patient_id;
        entry.date = drawn_entry.date;
        entry.exercise_id = drawn_entry.exercise_id;
        entry.completion = clinic::Completion::kDone;
        RETURN_IF_ERROR(transaction->RecordAdherence(site.id, entry));
      }

      if (drawn.dropout_date || drawn.completed_date) {
        clinic::Discharge discharge;
        discharge.discharged_by = site.generator_user;
        if (drawn.dropout_date) {
          discharge.outcome = drawn.baseline % 2 == 0 ? clinic::DischargeOutcome::kLostToFollowUp
                                                      : clinic::DischargeOutcome::kPatientChoice;
          discharge.discharged_on = *drawn.dropout_date;
        } else {
          const int last = drawn.responses.back().score;
          discharge.outcome = 10 * (drawn.baseline - last) >= 3 * drawn.baseline
                                  ? clinic::DischargeOutcome::kGoalsMet
                                  : clinic::DischargeOutcome::kPlateau;
          discharge.discharged_on = *drawn.completed_date;
        }
        course.status = clinic::StatusAfterDischarge(discharge.outcome);
        course.discharge = discharge;
        RETURN_IF_ERROR(transaction->UpdateCourse(site.id, course));
      }

      ++added.courses;
      ++added.patients;
      added.adherence_entries += static_cast<std::int64_t>(drawn.adherence.size());
      if (drawn.dropout_date) ++added.dropouts;
    }
    for (std::size_t c = 0; c < clinics_.size(); ++c) {
      if (!last_course[c]) continue;
      ASSIGN_OR_RETURN(const std::int64_t sessions_written,
                       transaction->BulkAddSessions(clinics_[c].id, sessions[c]));
      added.sessions += sessions_written;
      ASSIGN_OR_RETURN(const std::int64_t responses_written,
                       transaction->BulkAddResponses(clinics_[c].id, responses[c]));
      added.responses += responses_written;
      const RequestContext system{SystemActor(clinics_[c].id), kRemoteAddress};
      RETURN_IF_ERROR(AppendAudit(*transaction, system, clock_.Now(), "cohort.generate", "course",
                                  last_course[c]->value()));
    }
    RETURN_IF_ERROR(transaction->Commit());
    summary_.courses += added.courses;
    summary_.patients += added.patients;
    summary_.sessions += added.sessions;
    summary_.adherence_entries += added.adherence_entries;
    summary_.responses += added.responses;
    summary_.dropouts += added.dropouts;
    return OkStatus();
  }

  CohortOptions options_;
  const CohortProgress& progress_;
  ports::FakeClock clock_;
  AuditLog audit_log_;
  AppContext context_;
  CohortRandom random_;
  std::vector<CohortClinic> clinics_;
  std::unique_ptr<CohortModel> model_;
  CohortSummary summary_;
};

}  // namespace

int TherapistsFor(std::int64_t courses) {
  return static_cast<int>(std::clamp<std::int64_t>((courses + 1999) / 2000, 3, 40));
}

Status ValidateCohortOptions(const CohortOptions& options) {
  std::vector<FieldError> errors;
  if (options.courses < 1) {
    errors.push_back(
        {"", "courses", "expected at least 1, got " + std::to_string(options.courses)});
  }
  if (options.clinics < 1) {
    errors.push_back(
        {"", "clinics", "expected at least 1, got " + std::to_string(options.clinics)});
  }
  if (!options.as_of.ok()) {
    errors.push_back({"", "as_of", "expected a valid date"});
  }
  if (options.courses_per_transaction < 1) {
    errors.push_back(
        {"", "courses_per_transaction",
         "expected at least 1, got " + std::to_string(options.courses_per_transaction)});
  }
  if (!errors.empty()) {
    return InvalidInput("cohort options are invalid", std::move(errors));
  }
  return OkStatus();
}

Result<CohortSummary> GenerateCohort(ports::ClinicStore& store, const ProtocolCatalog& protocols,
                                     TimeZoneLookup time_zones, const CohortOptions& options,
                                     const CohortProgress& progress) {
  RETURN_IF_ERROR(ValidateCohortOptions(options));
  Generator generator(store, protocols, std::move(time_zones), options, progress);
  return generator.Run();
}

}  // namespace backcare::app::cohort
