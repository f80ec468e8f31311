#include "app/home_program_service.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/audit_trail.h"
#include "app/service_support.h"

namespace backcare::app {
namespace {

const protocol::HomeExercise* FindExercise(const protocol::Protocol& protocol,
                                           std::string_view id) {
  for (const protocol::HomeExercise& exercise : protocol.home_program) {
    if (exercise.id == id) {
      return &exercise;
    }
  }
  return nullptr;
}

constexpr std::string_view kExercisePainKind = "exercise_pain";

std::chrono::sys_days Days(clinic::Date date) { return std::chrono::sys_days{date}; }

clinic::Date AddDays(clinic::Date date, int days) {
  return clinic::Date{Days(date) + std::chrono::days{days}};
}

// The first day `exercise` of `assignment` may be logged: its start + 7 * start_week days.
clinic::Date StartsOn(const clinic::HomeProgramAssignment& assignment,
                      const protocol::HomeExercise& exercise) {
  return AddDays(assignment.start_date, 7 * exercise.start_week);
}

// True when `detail` (ExercisePainDetail's words) is about `exercise_name` on `date`, whatever
// the rating: "Rated NAME DIGITS/10 on DATE (".
bool NamesExerciseAndDay(std::string_view detail, std::string_view exercise_name,
                         clinic::Date date) {
  const std::string prefix = "Rated " + std::string(exercise_name) + " ";
  if (!detail.starts_with(prefix)) return false;
  std::string_view rest = detail.substr(prefix.size());
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  return digits > 0 && rest.substr(digits).starts_with("/10 on " + clinic::FormatDate(date) + " (");
}

}  // namespace

std::string ExercisePainDetail(std::string_view exercise_name, int pain_rating, clinic::Date date,
                               int threshold) {
  return "Rated " + std::string(exercise_name) + " " + std::to_string(pain_rating) + "/10 on " +
         clinic::FormatDate(date) + " (clinic threshold " + std::to_string(threshold) + ")";
}

HomeProgramService::HomeProgramService(AppContext context) : context_(std::move(context)) {}

Result<clinic::AssignmentId> HomeProgramService::Assign(const RequestContext& context,
                                                        const AssignHomeProgram& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, kAssignHomePrograms));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  // The exercises are those of the protocol version the course started on.
  ASSIGN_OR_RETURN(clinic::Course course, transaction->GetCourse(clinic_id, request.course_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                   context_.protocols.ForCourse(*transaction, course));
  std::vector<FieldError> errors;
  std::vector<std::string> exercise_ids = request.exercise_ids;
  if (exercise_ids.empty()) {
    for (const protocol::HomeExercise& exercise : protocol->home_program) {
      exercise_ids.push_back(exercise.id);
    }
  }
  for (std::size_t i = 0; i < exercise_ids.size(); ++i) {
    if (FindExercise(*protocol, exercise_ids[i]) == nullptr) {
      errors.push_back({"", "exercise_ids[" + std::to_string(i) + "]",
                        "unknown exercise in protocol '" + protocol->id + "'"});
    }
  }
  if (!request.start_date.ok()) {
    errors.push_back({"", "start_date", "expected a valid date"});
  }
  if (!errors.empty()) {
    return InvalidInput("home program is invalid", std::move(errors));
  }
  ASSIGN_OR_RETURN(clinic::Patient patient, transaction->GetPatient(clinic_id, request.patient_id));
  clinic::HomeProgramAssignment assignment;
  assignment.patient_id = patient.id;
  assignment.course_id = request.course_id;
  assignment.exercise_ids = std::move(exercise_ids);
  assignment.start_date = request.start_date;
  ASSIGN_OR_RETURN(clinic::AssignmentId id,
                   transaction->AddHomeProgramAssignment(clinic_id, assignment));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "home_program.assign",
                              "home_program", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Status HomeProgramService::Log(const RequestContext& context, const LogAdherence& entry) {
  RETURN_IF_ERROR(RequireRole(context.actor, kLogAdherence));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, entry.patient_id));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone,
                   internal::ClinicZone(context_, clinic));
  const clinic::Timestamp now = internal::Now(context_);
  const clinic::Date today = internal::LocalDate(*zone, now);
  ASSIGN_OR_RETURN(std::vector<clinic::HomeProgramAssignment> assignments,
                   transaction->ListHomeProgramAssignments(clinic_id, patient.id));
  std::vector<FieldError> errors;
  const clinic::HomeProgramAssignment* program =
      assignments.empty() ? nullptr : &assignments.back();
  // The exercise as the protocol of the program's course has it (`protocol` owns it).
  std::shared_ptr<const protocol::Protocol> protocol;
  const protocol::HomeExercise* exercise = nullptr;
  std::optional<clinic::Course> course;
  if (program != nullptr && std::find(program->exercise_ids.begin(), program->exercise_ids.end(),
                                      entry.exercise_id) != program->exercise_ids.end()) {
    ASSIGN_OR_RETURN(course, transaction->GetCourse(clinic_id, program->course_id));
    ASSIGN_OR_RETURN(protocol, context_.protocols.ForCourse(*transaction, *course));
    exercise = FindExercise(*protocol, entry.exercise_id);
  }
  if (exercise == nullptr) {
    errors.push_back({"", "exercise_id", "expected an exercise of the patient's home program"});
  }
  if (entry.pain_rating && (*entry.pain_rating < 0 || *entry.pain_rating > 10)) {
    errors.push_back({"", "pain_rating", "expected a whole number from 0 to 10"});
  }
  if (!entry.date.ok()) {
    errors.push_back({"", "date", "expected a valid date"});
  } else if (Days(entry.date) > Days(today)) {
    errors.push_back({"", "date", "expected a date not after today"});
  } else if (course && Days(entry.date) < Days(course->start_date)) {
    errors.push_back({"", "date", "expected a date on or after the course's start"});
  } else if (program != nullptr && Days(entry.date) < Days(assignments.front().start_date)) {
    errors.push_back({"", "date", "expected a date on or after the program's start"});
  } else if (exercise != nullptr && Days(entry.date) < Days(StartsOn(*program, *exercise))) {
    errors.push_back(
        {"", "date",
         "this exercise starts on " + clinic::FormatDate(StartsOn(*program, *exercise))});
  }
  if (!errors.empty()) {
    return InvalidInput("adherence entry is invalid", std::move(errors));
  }
  clinic::AdherenceEntry record;
  record.patient_id = patient.id;
  record.date = entry.date;
  record.exercise_id = entry.exercise_id;
  record.completion = entry.completion;
  record.note = entry.note;
  record.pain_rating = entry.pain_rating;
  RETURN_IF_ERROR(transaction->RecordAdherence(clinic_id, record));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "adherence.record", "patient", patient.id.value()));

  // Lapse: nothing done on any of the last kAdherenceLapseDays days up to this entry's date,
  // counted only once the program has run that long.
  const clinic::Date first = AddDays(entry.date, -(kAdherenceLapseDays - 1));
  if (Days(first) >= Days(assignments.front().start_date)) {
    ASSIGN_OR_RETURN(std::vector<clinic::AdherenceEntry> recent,
                     transaction->ListAdherence(clinic_id, patient.id, first, entry.date));
    const bool any_done = std::any_of(recent.begin(), recent.end(), [](const auto& e) {
      return e.completion == clinic::Completion::kDone;
    });
    if (!any_done) {
      ASSIGN_OR_RETURN(bool open, internal::HasOpenAlert(*transaction, clinic_id, patient.id,
                                                         "adherence_lapse"));
      if (!open) {
        RETURN_IF_ERROR(internal::RaiseAlert(*transaction, context, now, patient.id,
                                             "adherence_lapse", clinic::AlertSeverity::kInfo,
                                             "patient", patient.id.value()));
      }
    }
  }

  // Pain: a rating at or above the clinic's threshold, once per open alert for the same
  // exercise and day (a replayed or corrected entry does not raise a second one).
  if (entry.pain_rating && *entry.pain_rating >= clinic.exercise_pain_alert_threshold) {
    ASSIGN_OR_RETURN(std::vector<clinic::Alert> open,
                     transaction->ListAlerts(clinic_id, ports::AlertFilter::kUnacknowledged));
    const bool already = std::any_of(open.begin(), open.end(), [&](const clinic::Alert& alert) {
      return alert.patient_id == patient.id && alert.kind == kExercisePainKind &&
             NamesExerciseAndDay(alert.detail, exercise->name, entry.date);
    });
    if (!already) {
      RETURN_IF_ERROR(
          internal::RaiseAlert(*transaction, context, now, patient.id, kExercisePainKind,
                               clinic::AlertSeverity::kWarning, "patient", patient.id.value(),
                               ExercisePainDetail(exercise->name, *entry.pain_rating, entry.date,
                                                  clinic.exercise_pain_alert_threshold)));
    }
  }
  return transaction->Commit();
}

Result<HomeProgramView> HomeProgramService::GetProgram(const RequestContext& context,
                                                       PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadHomePrograms));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  HomeProgramView view;
  ASSIGN_OR_RETURN(
      view.today, internal::ClinicDate(*transaction, context_, clinic_id, internal::Now(context_)));
  ASSIGN_OR_RETURN(std::optional<clinic::Course> active,
                   internal::ActiveCourse(*transaction, clinic_id, patient.id));
  if (active && Days(view.today) >= Days(active->start_date)) {
    view.course_week =
        static_cast<int>((Days(view.today) - Days(active->start_date)).count() / 7) + 1;
  }
  ASSIGN_OR_RETURN(view.assignments,
                   transaction->ListHomeProgramAssignments(clinic_id, patient.id));
  if (!view.assignments.empty()) {
    const clinic::HomeProgramAssignment& latest = view.assignments.back();
    ASSIGN_OR_RETURN(clinic::Course course, transaction->GetCourse(clinic_id, latest.course_id));
    ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                     context_.protocols.ForCourse(*transaction, course));
    for (const std::string& id : latest.exercise_ids) {
      if (const protocol::HomeExercise* exercise = FindExercise(*protocol, id)) {
        HomeExerciseView item;
        item.id = exercise->id;
        item.name = exercise->name;
        item.instructions = exercise->instructions;
        item.days_per_week = exercise->dose.days_per_week;
        item.kind = exercise->kind;
        item.context = exercise->context;
        item.action = exercise->action;
        item.dose = exercise->dose;
        item.start_week = exercise->start_week;
        item.starts_on = StartsOn(latest, *exercise);
        item.due_today = Days(item.starts_on) <= Days(view.today);
        view.exercises.push_back(std::move(item));
      }
    }
  }
  ASSIGN_OR_RETURN(view.recent, transaction->ListAdherence(clinic_id, patient.id,
                                                           AddDays(view.today, -13), view.today));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "home_program.read", "patient", patient.id.value()));
  return view;
}

}  // namespace backcare::app
