#include "app/clinic_export.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "app/service_support.h"

namespace backcare::app {

Status ExportClinicRecords(const AppContext& app, const RequestContext& context,
                           const ExportSink& sink, std::size_t block_patients) {
  RETURN_IF_ERROR(RequireRole(context.actor, kExportClinicData));
  const ClinicId clinic_id = context.actor.clinic_id;
  RETURN_IF_ERROR(internal::AuditRead(app, context, "clinic.export", "clinic", clinic_id.value()));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(app));
  ASSIGN_OR_RETURN(const std::vector<clinic::Therapist> therapists,
                   transaction->ListTherapists(clinic_id));
  const auto limit = static_cast<std::int64_t>(std::max<std::size_t>(block_patients, 1));
  PatientId after(0);
  for (bool first = true;; first = false) {
    ASSIGN_OR_RETURN(const std::vector<clinic::Patient> patients,
                     transaction->ListPatientsAfter(
                         clinic_id, ports::PatientFilter::kExcludeDeleted, after, limit));
    if (patients.empty()) {
      if (first) RETURN_IF_ERROR(sink(ExportBlock{{}, ports::PatientRecords{}, therapists}));
      break;
    }
    ASSIGN_OR_RETURN(
        const ports::PatientRecords records,
        transaction->ReadPatientRecords(clinic_id, patients.front().id, patients.back().id));
    RETURN_IF_ERROR(sink(ExportBlock{patients, records, therapists}));
    after = patients.back().id;
  }
  return transaction->Commit();
}

ClinicExportCursor::ClinicExportCursor(AppContext app, ClinicId clinic_id,
                                       std::size_t block_patients)
    : app_(std::move(app)),
      clinic_id_(clinic_id),
      block_patients_(std::max<std::size_t>(block_patients, 1)) {}

Result<std::unique_ptr<ClinicExportCursor>> ClinicExportCursor::Start(const AppContext& app,
                                                                      const RequestContext& context,
                                                                      std::size_t block_patients) {
  RETURN_IF_ERROR(RequireRole(context.actor, kExportClinicData));
  std::unique_ptr<ClinicExportCursor> cursor(
      new ClinicExportCursor(app, context.actor.clinic_id, block_patients));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(app));
  ASSIGN_OR_RETURN(cursor->therapists_, transaction->ListTherapists(cursor->clinic_id_));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(internal::AuditRead(app, context, "clinic.export", "clinic",
                                      context.actor.clinic_id.value()));
  return cursor;
}

Result<const ExportBlock*> ClinicExportCursor::Next() {
  block_.reset();
  if (done_) return static_cast<const ExportBlock*>(nullptr);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(app_));
  ASSIGN_OR_RETURN(patients_, transaction->ListPatientsAfter(
                                  clinic_id_, ports::PatientFilter::kExcludeDeleted, after_,
                                  static_cast<std::int64_t>(block_patients_)));
  if (patients_.empty()) {
    done_ = true;
    RETURN_IF_ERROR(transaction->Commit());
    return static_cast<const ExportBlock*>(nullptr);
  }
  ASSIGN_OR_RETURN(records_, transaction->ReadPatientRecords(clinic_id_, patients_.front().id,
                                                             patients_.back().id));
  RETURN_IF_ERROR(transaction->Commit());
  after_ = patients_.back().id;
  block_.emplace(ExportBlock{patients_, records_, therapists_});
  return static_cast<const ExportBlock*>(&*block_);
}

}  // namespace backcare::app
