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
  ASSIGN_OR_RETURN(const std::vector<clinic::Patient> patients,
                   transaction->ListPatients(clinic_id, ports::PatientFilter::kExcludeDeleted));
  ASSIGN_OR_RETURN(const std::vector<clinic::Therapist> therapists,
                   transaction->ListTherapists(clinic_id));
  block_patients = std::max<std::size_t>(block_patients, 1);
  if (patients.empty()) {
    const ports::PatientRecords none;
    RETURN_IF_ERROR(sink(ExportBlock{{}, none, therapists}));
  }
  for (std::size_t i = 0; i < patients.size(); i += block_patients) {
    const std::size_t last = std::min(patients.size(), i + block_patients) - 1;
    ASSIGN_OR_RETURN(const ports::PatientRecords records,
                     transaction->ReadPatientRecords(clinic_id, patients[i].id, patients[last].id));
    const std::span<const clinic::Patient> block(patients.data() + i, last - i + 1);
    RETURN_IF_ERROR(sink(ExportBlock{block, records, therapists}));
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
  ASSIGN_OR_RETURN(
      cursor->patients_,
      transaction->ListPatients(cursor->clinic_id_, ports::PatientFilter::kExcludeDeleted));
  ASSIGN_OR_RETURN(cursor->therapists_, transaction->ListTherapists(cursor->clinic_id_));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(internal::AuditRead(app, context, "clinic.export", "clinic",
                                      context.actor.clinic_id.value()));
  return cursor;
}

Result<const ExportBlock*> ClinicExportCursor::Next() {
  block_.reset();
  if (next_ >= patients_.size()) return static_cast<const ExportBlock*>(nullptr);
  const std::size_t first = next_;
  const std::size_t last = std::min(patients_.size(), first + block_patients_) - 1;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(app_));
  ASSIGN_OR_RETURN(records_, transaction->ReadPatientRecords(clinic_id_, patients_[first].id,
                                                             patients_[last].id));
  RETURN_IF_ERROR(transaction->Commit());
  next_ = last + 1;
  block_.emplace(
      ExportBlock{std::span<const clinic::Patient>(patients_.data() + first, last - first + 1),
                  records_, therapists_});
  return static_cast<const ExportBlock*>(&*block_);
}

}  // namespace backcare::app
