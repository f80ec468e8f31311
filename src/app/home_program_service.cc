#include "app/home_program_service.h"

#include <algorithm>
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

clinic::Date Today(const AppContext& context) {
  return clinic::Date{std::chrono::floor<std::chrono::days>(context.clock.Now())};
}

clinic::Date AddDays(clinic::Date date, int days) {
  return clinic::Date{std::chrono::sys_days{date} + std::chrono::days{days}};
}

}  // namespace

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
  ASSIGN_OR_RETURN(std::vector<clinic::HomeProgramAssignment> assignments,
                   transaction->ListHomeProgramAssignments(clinic_id, patient.id));
  std::vector<FieldError> errors;
  const clinic::HomeProgramAssignment* program =
      assignments.empty() ? nullptr : &assignments.back();
  if (program == nullptr || std::find(program->exercise_ids.begin(), program->exercise_ids.end(),
                                      entry.exercise_id) == program->exercise_ids.end()) {
    errors.push_back({"", "exercise_id", "expected an exercise of the patient's home program"});
  }
  const clinic::Date today = Today(context_);
  if (!entry.date.ok()) {
    errors.push_back({"", "date", "expected a valid date"});
  } else if (std::chrono::sys_days{entry.date} > std::chrono::sys_days{today}) {
    errors.push_back({"", "date", "expected a date not after today"});
  } else if (program != nullptr && std::chrono::sys_days{entry.date} <
                                       std::chrono::sys_days{assignments.front().start_date}) {
    errors.push_back({"", "date", "expected a date on or after the program's start"});
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
  RETURN_IF_ERROR(transaction->RecordAdherence(clinic_id, record));
  const clinic::Timestamp now = internal::Now(context_);
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "adherence.record", "patient", patient.id.value()));

  // Lapse: nothing done on any of the last kAdherenceLapseDays days up to this entry's date,
  // counted only once the program has run that long.
  const clinic::Date first = AddDays(entry.date, -(kAdherenceLapseDays - 1));
  if (std::chrono::sys_days{first} >= std::chrono::sys_days{assignments.front().start_date}) {
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
  ASSIGN_OR_RETURN(view.assignments,
                   transaction->ListHomeProgramAssignments(clinic_id, patient.id));
  if (!view.assignments.empty()) {
    const clinic::HomeProgramAssignment& latest = view.assignments.back();
    ASSIGN_OR_RETURN(clinic::Course course, transaction->GetCourse(clinic_id, latest.course_id));
    ASSIGN_OR_RETURN(std::shared_ptr<const protocol::Protocol> protocol,
                     context_.protocols.ForCourse(*transaction, course));
    for (const std::string& id : latest.exercise_ids) {
      if (const protocol::HomeExercise* exercise = FindExercise(*protocol, id)) {
        view.exercises.push_back(
            {exercise->id, exercise->name, exercise->instructions, exercise->dose.days_per_week});
      }
    }
  }
  const clinic::Date today = Today(context_);
  ASSIGN_OR_RETURN(view.recent,
                   transaction->ListAdherence(clinic_id, patient.id, AddDays(today, -13), today));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(
      internal::AuditRead(context_, context, "home_program.read", "patient", patient.id.value()));
  return view;
}

}  // namespace backcare::app
