#include "app/outcomes_snapshots.h"

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/role_policy.h"
#include "app/service_support.h"

namespace backcare::app {

using internal::AuditRead;
using internal::BeginRead;
using internal::ClinicZone;

struct OutcomesSnapshots::Snapshot {
  std::shared_ptr<const protocol::Protocol> protocol;
  std::shared_ptr<const ports::TimeZone> zone;
  outcomes::Cohort cohort;
  std::unordered_map<std::int64_t, std::size_t> row_of;  // course id -> row
  std::int64_t audit_seq = 0;                            // the last event applied

  void Upsert(const outcomes::CourseFacts& facts) {
    const auto [it, added] = row_of.try_emplace(facts.course_id, cohort.size());
    if (added) {
      cohort.Add(facts);
    } else {
      cohort.Set(it->second, facts);
    }
  }
  void Drop(std::int64_t course_id) {
    const auto it = row_of.find(course_id);
    if (it == row_of.end()) return;
    const std::size_t row = it->second;
    row_of.erase(it);
    cohort.Remove(row);
    if (row < cohort.size()) row_of[cohort.course_id[row]] = row;
  }
};

OutcomesSnapshots::OutcomesSnapshots(const AppContext& context) : context_(context) {}
OutcomesSnapshots::~OutcomesSnapshots() = default;

namespace {

constexpr int kEventPage = 4096;

// The patient a write event touched, nullopt for events that cannot change a report (reads,
// users, notes, ...), or kFailedPrecondition "reload" for a clinic change.
Result<std::optional<PatientId>> PatientOf(ports::Transaction& transaction, ClinicId clinic_id,
                                           const clinic::AuditEvent& event) {
  const std::string& type = event.record_type;
  const std::string& action = event.action;
  const auto patient_of = [](const auto& found) -> Result<std::optional<PatientId>> {
    if (!found) {
      if (found.error().code == ErrorCode::kNotFound) return std::optional<PatientId>();
      return found.error();
    }
    return std::optional<PatientId>(found->patient_id);
  };
  if (type == "response") {
    return patient_of(transaction.GetResponse(clinic_id, ResponseId(event.record_id)));
  }
  if (type == "session") {
    return patient_of(transaction.GetSession(clinic_id, SessionId(event.record_id)));
  }
  if (type == "course") {
    return patient_of(transaction.GetCourse(clinic_id, CourseId(event.record_id)));
  }
  if (type == "screening") {
    return patient_of(
        transaction.GetScreeningResult(clinic_id, clinic::ScreeningId(event.record_id)));
  }
  if (type == "patient" &&
      (action == "adherence.record" || action == "patient.update" || action == "patient.delete")) {
    return std::optional<PatientId>(PatientId(event.record_id));
  }
  if (action == "clinic.update") return FailedPrecondition("reload");
  return std::optional<PatientId>();
}

}  // namespace

Result<OutcomesSnapshots::Snapshot*> OutcomesSnapshots::Current(
    ports::Transaction& transaction, const clinic::Clinic& clinic,
    const std::shared_ptr<const protocol::Protocol>& protocol) {
  const ClinicId clinic_id = clinic.id;
  std::unique_ptr<Snapshot>& slot =
      snapshots_[{clinic_id.value(), ProtocolKey{protocol->id, protocol->version}}];
  last_refresh_ = {};
  std::set<PatientId> touched;
  bool reload = slot == nullptr;
  std::int64_t seq = reload ? 0 : slot->audit_seq;
  while (!reload) {
    ASSIGN_OR_RETURN(std::vector<clinic::AuditEvent> events,
                     transaction.ListAuditEvents(clinic_id, seq, kEventPage));
    if (events.empty()) break;
    last_refresh_.events += static_cast<std::int64_t>(events.size());
    if (last_refresh_.events > kMaxTailEvents) {
      reload = true;
      break;
    }
    for (const clinic::AuditEvent& event : events) {
      Result<std::optional<PatientId>> patient = PatientOf(transaction, clinic_id, event);
      if (!patient) {
        if (patient.error().code != ErrorCode::kFailedPrecondition) return patient.error();
        reload = true;
        break;
      }
      if (*patient) touched.insert(**patient);
    }
    seq = events.back().seq;
  }

  if (reload) {
    auto fresh = std::make_unique<Snapshot>();
    // The sequence number first: a write committed after it is replayed by the next report even
    // if the load below already saw it (replaying a patient is idempotent).
    ASSIGN_OR_RETURN(std::optional<clinic::AuditEvent> last, transaction.LastAuditEvent(clinic_id));
    fresh->audit_seq = last ? last->seq : 0;
    fresh->protocol = protocol;
    ASSIGN_OR_RETURN(fresh->zone, ClinicZone(context_, clinic));
    ASSIGN_OR_RETURN(fresh->cohort,
                     LoadCohort(transaction, context_, std::span(&clinic, 1), *fresh->protocol));
    for (std::size_t row = 0; row < fresh->cohort.size(); ++row) {
      fresh->row_of[fresh->cohort.course_id[row]] = row;
    }
    slot = std::move(fresh);
    last_refresh_.loaded = true;
    last_refresh_.audit_seq = slot->audit_seq;
    return slot.get();
  }

  for (PatientId patient : touched) {
    ASSIGN_OR_RETURN(ports::PatientRecords records,
                     transaction.ReadPatientRecords(clinic_id, patient, patient));
    Result<clinic::Patient> stored = transaction.GetPatient(clinic_id, patient);
    if (!stored && stored.error().code != ErrorCode::kNotFound) return stored.error();
    if (!stored || stored->deletion) {
      for (const clinic::Course& course : records.courses) slot->Drop(course.id.value());
      continue;
    }
    for (const outcomes::CourseFacts& facts :
         ResolveRecords(records, *slot->zone, *slot->protocol)) {
      slot->Upsert(facts);
    }
  }
  slot->audit_seq = seq;
  last_refresh_.patients = static_cast<std::int64_t>(touched.size());
  last_refresh_.audit_seq = seq;
  return slot.get();
}

Result<OutcomesResult> OutcomesSnapshots::Report(const RequestContext& request,
                                                 OutcomesQuery query) {
  const Actor& actor = request.actor;
  RETURN_IF_ERROR(RequireRole(actor, kReadOutcomeReports));
  if (query.clinic_id && *query.clinic_id != actor.clinic_id) {
    return NotFound("clinic " + std::to_string(query.clinic_id->value()) + " not found");
  }
  query.clinic_id = actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, BeginRead(context_));
  ASSIGN_OR_RETURN(ReportFrame frame, FrameReport(*transaction, context_, query));
  {
    const std::lock_guard lock(mutex_);
    ASSIGN_OR_RETURN(Snapshot * snapshot,
                     Current(*transaction, frame.clinics.front(), frame.result.protocol));
    frame.result.protocol = snapshot->protocol;
    frame.result.report = outcomes::BuildOutcomesReport(*snapshot->protocol, snapshot->cohort,
                                                        frame.filter, frame.as_of);
  }
  RETURN_IF_ERROR(
      AuditRead(context_, request, "report.outcomes", "clinic", actor.clinic_id.value()));
  return std::move(frame.result);
}

OutcomesSnapshots::Refresh OutcomesSnapshots::last_refresh() const {
  const std::lock_guard lock(mutex_);
  return last_refresh_;
}

}  // namespace backcare::app
