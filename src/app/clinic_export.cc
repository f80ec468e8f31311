#include "app/clinic_export.h"

#include <algorithm>
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

}  // namespace backcare::app
