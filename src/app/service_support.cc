#include "app/service_support.h"

#include <algorithm>
#include <chrono>

#include "app/audit_log.h"
#include "app/audit_trail.h"
#include "core/screening/catalog.h"
#include "core/screening/referral.h"

namespace backcare::app::internal {

clinic::Timestamp Now(const AppContext& context) {
  return clinic::FromUnixMicros(clinic::ToUnixMicros(context.clock.Now()));
}

Result<std::unique_ptr<ports::Transaction>> BeginWrite(const AppContext& context) {
  return context.store.Begin();
}

Result<std::unique_ptr<ports::Transaction>> BeginRead(const AppContext& context) {
  return context.store.BeginReadOnly();
}

Status AuditRead(const AppContext& context, const RequestContext& request, std::string_view action,
                 std::string_view record_type, std::int64_t record_id) {
  return context.audit_log.Record(request, Now(context), action, record_type, record_id);
}

Error PatientNotFound(PatientId patient_id) {
  return NotFound("patient " + std::to_string(patient_id.value()) + " not found");
}

Status CheckOwnRecord(const Actor& actor, PatientId patient_id) {
  if (actor.role == clinic::Role::kPatient && actor.patient_id != patient_id) {
    return PatientNotFound(patient_id);
  }
  return OkStatus();
}

Result<clinic::Patient> LoadVisiblePatient(ports::Transaction& transaction, const Actor& actor,
                                           PatientId patient_id) {
  RETURN_IF_ERROR(CheckOwnRecord(actor, patient_id));
  return transaction.GetPatient(actor.clinic_id, patient_id);
}

Result<std::optional<clinic::ScreeningResult>> LatestScreening(ports::Transaction& transaction,
                                                               ClinicId clinic_id,
                                                               PatientId patient_id) {
  ASSIGN_OR_RETURN(std::vector<clinic::ScreeningResult> results,
                   transaction.ListScreeningResults(clinic_id, patient_id));
  if (results.empty()) {
    return std::optional<clinic::ScreeningResult>();
  }
  return std::optional<clinic::ScreeningResult>(std::move(results.back()));
}

std::vector<screening::Finding> ActiveFindings(const clinic::ScreeningResult& screening) {
  std::vector<screening::Finding> findings;
  for (std::size_t i = 0; i < screening.condition_ids.size(); ++i) {
    std::optional<std::string> area;
    if (i < screening.areas.size() && !screening.areas[i].empty()) {
      area = screening.areas[i];
    }
    findings.push_back({screening.condition_ids[i], std::move(area)});
  }
  return findings;
}

void StoreFindings(const std::vector<screening::Finding>& findings,
                   clinic::ScreeningResult& screening) {
  const bool any_area = std::any_of(findings.begin(), findings.end(),
                                    [](const screening::Finding& f) { return f.area.has_value(); });
  screening.condition_ids.clear();
  screening.areas.clear();
  for (const screening::Finding& finding : findings) {
    screening.condition_ids.push_back(finding.condition);
    if (any_area) {
      screening.areas.push_back(finding.area.value_or(""));
    }
  }
}

ports::UtcMinutes ToUtcMinutes(clinic::Timestamp at) {
  return std::chrono::floor<std::chrono::minutes>(at);
}

clinic::Timestamp FromUtcMinutes(ports::UtcMinutes minutes) {
  return clinic::Timestamp{
      std::chrono::duration_cast<clinic::Timestamp::duration>(minutes.time_since_epoch())};
}

Result<std::shared_ptr<const ports::TimeZone>> ClinicZone(const AppContext& context,
                                                          const clinic::Clinic& clinic) {
  if (!context.time_zones) {
    return Internal("no time-zone lookup configured");
  }
  return context.time_zones(clinic.time_zone);
}

plan::LocalDate LocalDay(const ports::TimeZone& zone, clinic::Timestamp at) {
  return std::chrono::floor<std::chrono::days>(zone.ToLocal(ToUtcMinutes(at)));
}

clinic::Date LocalDate(const ports::TimeZone& zone, clinic::Timestamp at) {
  return clinic::Date{std::chrono::sys_days{LocalDay(zone, at).time_since_epoch()}};
}

Result<clinic::Date> ClinicDate(ports::Transaction& transaction, const AppContext& context,
                                ClinicId clinic_id, clinic::Timestamp at) {
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction.GetClinic(clinic_id));
  ASSIGN_OR_RETURN(std::shared_ptr<const ports::TimeZone> zone, ClinicZone(context, clinic));
  return LocalDate(*zone, at);
}

Status RequireNotSuspended(const Actor& actor, ports::Transaction& transaction, ClinicId clinic_id,
                           PatientId patient_id, std::string_view subject,
                           std::string_view action) {
  ASSIGN_OR_RETURN(std::optional<clinic::ScreeningResult> latest,
                   LatestScreening(transaction, clinic_id, patient_id));
  if (!latest) {
    return OkStatus();
  }
  Status suspended = screening::CheckNotSuspended(subject, action, patient_id.value(),
                                                  latest->id.value(), latest->decision);
  if (!suspended.has_value() && !kClinicalRoles.Has(actor.role)) {
    return NotAvailableForPatient(subject, action);
  }
  return suspended;
}

Error NotAvailableForPatient(std::string_view subject, std::string_view action) {
  return FailedPrecondition(std::string(subject) + " cannot " + std::string(action) +
                            ": not available for this patient now; a therapist can say why");
}

Result<std::optional<clinic::Course>> ActiveCourse(ports::Transaction& transaction,
                                                   ClinicId clinic_id, PatientId patient_id) {
  ASSIGN_OR_RETURN(std::vector<clinic::Course> courses,
                   transaction.ListCoursesForPatient(clinic_id, patient_id));
  std::optional<clinic::Course> active;
  for (clinic::Course& course : courses) {
    if (course.status == clinic::CourseStatus::kActive && (!active || active->id < course.id)) {
      active = std::move(course);
    }
  }
  return active;
}

Result<std::shared_ptr<const protocol::Protocol>> ProtocolFor(
    ports::Transaction& transaction, const AppContext& context, ClinicId clinic_id,
    const std::optional<clinic::Course>& course) {
  if (course) return context.protocols.ForCourse(transaction, *course);
  return context.protocols.ActiveFor(transaction, clinic_id);
}

Result<std::shared_ptr<const protocol::Protocol>> PatientProtocol(ports::Transaction& transaction,
                                                                  const AppContext& context,
                                                                  ClinicId clinic_id,
                                                                  PatientId patient_id) {
  ASSIGN_OR_RETURN(std::optional<clinic::Course> course,
                   ActiveCourse(transaction, clinic_id, patient_id));
  return ProtocolFor(transaction, context, clinic_id, course);
}

Result<std::shared_ptr<const protocol::Protocol>> SessionProtocol(ports::Transaction& transaction,
                                                                  const AppContext& context,
                                                                  ClinicId clinic_id,
                                                                  const clinic::Session& session) {
  ASSIGN_OR_RETURN(clinic::Course course, transaction.GetCourse(clinic_id, session.course_id));
  return context.protocols.ForCourse(transaction, course);
}

std::vector<screening::TechniqueRestriction> RestrictionsFor(
    const protocol::Protocol& protocol, const std::optional<clinic::ScreeningResult>& screening) {
  if (!screening) {
    return {};
  }
  return screening::RestrictTechniques(protocol, screening->condition_ids);
}

screening::Precautions PrecautionsFor(const protocol::Protocol& protocol,
                                      const std::optional<clinic::ScreeningResult>& screening) {
  if (!screening) {
    return {};
  }
  const std::vector<screening::Finding> findings = ActiveFindings(*screening);
  return screening::PrecautionsFor(protocol, findings);
}

Result<bool> HasOpenAlert(ports::Transaction& transaction, ClinicId clinic_id, PatientId patient_id,
                          std::string_view kind, std::string_view record_type,
                          std::int64_t record_id) {
  ASSIGN_OR_RETURN(std::vector<clinic::Alert> alerts,
                   transaction.ListAlerts(clinic_id, ports::AlertFilter::kUnacknowledged));
  for (const clinic::Alert& alert : alerts) {
    if (alert.patient_id == patient_id && alert.kind == kind &&
        (record_type.empty() ||
         (alert.record_type == record_type && alert.record_id == record_id))) {
      return true;
    }
  }
  return false;
}

Result<AlertId> RaiseAlert(ports::Transaction& transaction, const RequestContext& context,
                           clinic::Timestamp now, PatientId patient_id, std::string_view kind,
                           clinic::AlertSeverity severity, std::string_view record_type,
                           std::int64_t record_id, std::string_view detail) {
  clinic::Alert alert;
  alert.detail = std::string(detail);
  alert.patient_id = patient_id;
  alert.kind = std::string(kind);
  alert.severity = severity;
  alert.record_type = std::string(record_type);
  alert.record_id = record_id;
  alert.created_at = now;
  ASSIGN_OR_RETURN(AlertId id, transaction.AddAlert(context.actor.clinic_id, alert));
  RETURN_IF_ERROR(AppendAudit(transaction, context, now, "alert.create", "alert", id.value()));
  return id;
}

clinic::Timestamp StartOfDay(clinic::Date date) {
  return clinic::Timestamp{std::chrono::sys_days{date}.time_since_epoch()};
}

std::string DisplayName(const clinic::Patient& patient) {
  if (patient.given_name.empty()) {
    return patient.family_name;
  }
  return patient.given_name + " " + patient.family_name;
}

}  // namespace backcare::app::internal
