#include "app/chart_reader.h"

#include <algorithm>
#include <string>
#include <utility>

#include "app/service_support.h"

namespace backcare::app {
namespace {

// The patients the block covers, by id: one (checked) or the next max_patients after `after`.
Result<std::vector<clinic::Patient>> BlockPatients(ports::Transaction& transaction,
                                                   const Actor& actor, const ChartRequest& request,
                                                   bool& more) {
  std::optional<PatientId> one = request.patient;
  if (!one && actor.role == clinic::Role::kPatient) {
    BACKCARE_CHECK(actor.patient_id.has_value());
    one = actor.patient_id;
    if (one->value() <= request.after) return std::vector<clinic::Patient>();
  }
  if (one) {
    ASSIGN_OR_RETURN(clinic::Patient patient,
                     internal::LoadVisiblePatient(transaction, actor, *one));
    if (patient.deletion) {
      return Gone("patient " + std::to_string(one->value()) + " was deleted");
    }
    return std::vector<clinic::Patient>{std::move(patient)};
  }
  // One more than asked for tells whether patients remain.
  const std::size_t take = std::max<std::size_t>(request.max_patients, 1);
  ASSIGN_OR_RETURN(
      std::vector<clinic::Patient> page,
      transaction.ListPatientsAfter(actor.clinic_id, ports::PatientFilter::kExcludeDeleted,
                                    PatientId(request.after), static_cast<std::int64_t>(take) + 1));
  more = page.size() > take;
  if (more) page.resize(take);
  return page;
}

}  // namespace

Result<ChartBlock> ReadCharts(const AppContext& app, const RequestContext& context,
                              const ChartRequest& request) {
  RETURN_IF_ERROR(RequireRole(context.actor, request.permission));
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(app));
  ChartBlock block;
  ASSIGN_OR_RETURN(block.patients, BlockPatients(*transaction, context.actor, request, block.more));
  if (!block.patients.empty()) {
    const PatientId first = block.patients.front().id;
    const PatientId last = block.patients.back().id;
    // The id range may hold soft-deleted patients (and, with one patient, nothing else).
    std::vector<std::int64_t> visible;
    for (const clinic::Patient& patient : block.patients) visible.push_back(patient.id.value());
    auto hidden = [&](PatientId id) {
      return !std::binary_search(visible.begin(), visible.end(), id.value());
    };
    if ((request.parts & kChartRecords) != 0) {
      ASSIGN_OR_RETURN(block.records, transaction->ReadPatientRecords(clinic_id, first, last));
      auto prune = [&](auto& list) {
        std::erase_if(list, [&](const auto& record) { return hidden(record.patient_id); });
      };
      prune(block.records.courses);
      prune(block.records.sessions);
      prune(block.records.responses);
      prune(block.records.screenings);
      prune(block.records.adherence);
    }
    if ((request.parts & kChartSignedNotes) != 0) {
      for (const clinic::Patient& patient : block.patients) {
        ASSIGN_OR_RETURN(std::vector<session::SessionNote> notes,
                         transaction->ListNotesForPatient(clinic_id, patient.id));
        for (session::SessionNote& note : notes) {
          if (note.status == session::NoteStatus::kSigned) {
            block.signed_notes.push_back(std::move(note));
          }
        }
      }
    }
    if ((request.parts & kChartAlerts) != 0) {
      ASSIGN_OR_RETURN(block.alerts, transaction->ListPatientAlerts(clinic_id, first, last));
      std::erase_if(block.alerts,
                    [&](const clinic::Alert& alert) { return hidden(*alert.patient_id); });
    }
  }
  RETURN_IF_ERROR(transaction->Commit());
  return block;
}

Result<PatientId> RecordOwner(const AppContext& app, const RequestContext& context,
                              ChartRecord kind, std::int64_t id) {
  if (id <= 0) return NotFound("record not found");
  const ClinicId clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(app));
  auto owner = [&]() -> Result<PatientId> {
    switch (kind) {
      case ChartRecord::kCourse: {
        ASSIGN_OR_RETURN(clinic::Course course, transaction->GetCourse(clinic_id, CourseId(id)));
        return course.patient_id;
      }
      case ChartRecord::kSession: {
        ASSIGN_OR_RETURN(clinic::Session session,
                         transaction->GetSession(clinic_id, SessionId(id)));
        return session.patient_id;
      }
      case ChartRecord::kNote: {
        ASSIGN_OR_RETURN(session::SessionNote note, transaction->GetNote(clinic_id, NoteId(id)));
        ASSIGN_OR_RETURN(clinic::Session session,
                         transaction->GetSession(clinic_id, note.session_id));
        return session.patient_id;
      }
      case ChartRecord::kResponse: {
        ASSIGN_OR_RETURN(clinic::QuestionnaireResponse response,
                         transaction->GetResponse(clinic_id, ResponseId(id)));
        return response.patient_id;
      }
      case ChartRecord::kScreening: {
        ASSIGN_OR_RETURN(clinic::ScreeningResult screening,
                         transaction->GetScreeningResult(clinic_id, clinic::ScreeningId(id)));
        return screening.patient_id;
      }
      case ChartRecord::kAlert: {
        ASSIGN_OR_RETURN(clinic::Alert alert, transaction->GetAlert(clinic_id, AlertId(id)));
        if (!alert.patient_id) return NotFound("record not found");
        return *alert.patient_id;
      }
    }
    return NotFound("record not found");
  }();
  if (!owner && owner.error().code == ErrorCode::kNotFound) return NotFound("record not found");
  RETURN_IF_ERROR(transaction->Commit());
  return owner;
}

Status AuditChartReads(const AppContext& app, const RequestContext& context,
                       std::span<const PatientId> patients) {
  for (PatientId patient : patients) {
    RETURN_IF_ERROR(internal::AuditRead(app, context, "chart.read", "patient", patient.value()));
  }
  return OkStatus();
}

Status AuditClinicExport(const AppContext& app, const RequestContext& context,
                         std::string_view action) {
  RETURN_IF_ERROR(RequireRole(context.actor, kExportClinicData));
  return internal::AuditRead(app, context, action, "clinic", context.actor.clinic_id.value());
}

}  // namespace backcare::app
