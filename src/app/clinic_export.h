// Exporting a clinic's records (`backcare export csv`, GET /api/v1/export/{kind}.csv): the
// clinic's patients that are not deleted and, block by block, their courses, sessions,
// questionnaire responses and adherence, read in one read-only transaction (one consistent
// snapshot) and handed to a sink that writes them (the CSV codec, src/exchange/csv). Memory stays
// bounded by the block size, whatever the clinic's size: the patients themselves are read a block
// at a time (ListPatientsAfter).
#ifndef BACKCARE_APP_CLINIC_EXPORT_H_
#define BACKCARE_APP_CLINIC_EXPORT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/patient.h"
#include "core/clinic/therapist.h"
#include "core/ports/clinic_store.h"

namespace backcare::app {

// One block: up to block_patients patients (by id) and the records of the patients in the
// block's id range (records of deleted patients in that range included: the sink skips them).
// Valid only during the sink's call.
struct ExportBlock {
  std::span<const clinic::Patient> patients;
  const ports::PatientRecords& records;
  std::span<const clinic::Therapist> therapists;  // every therapist of the clinic, by id
};

// Called once per block, in patient id order; an error stops the export and is returned.
using ExportSink = std::function<Status(const ExportBlock& block)>;

inline constexpr std::size_t kExportBlockPatients = 500;

// Admins only (kPermissionDenied otherwise). Audits "clinic.export" (record: the clinic) before
// the first block is read. A clinic without patients calls the sink once with an empty block.
// Errors: the store's, the sink's.
Status ExportClinicRecords(const AppContext& app, const RequestContext& context,
                           const ExportSink& sink,
                           std::size_t block_patients = kExportBlockPatients);

// The same export pulled one block at a time, for a streamed HTTP body: Start checks the role,
// audits "clinic.export" and reads the therapists; each Next reads the next block of patients and
// their records in its own read-only transaction, so no transaction stays open while a slow client
// reads (the blocks may come from different snapshots). Not thread-safe: one caller at a time, from
// any thread.
class ClinicExportCursor {
 public:
  // Errors: kPermissionDenied for any role but admin; the store's.
  static Result<std::unique_ptr<ClinicExportCursor>> Start(
      const AppContext& app, const RequestContext& context,
      std::size_t block_patients = kExportBlockPatients);

  // The next block (valid until the next call), or nullptr after the last. A clinic without
  // patients gives no block. Errors: the store's.
  Result<const ExportBlock*> Next();

 private:
  ClinicExportCursor(AppContext app, ClinicId clinic_id, std::size_t block_patients);

  AppContext app_;
  ClinicId clinic_id_;
  std::size_t block_patients_;
  std::vector<clinic::Patient> patients_;  // the current block's
  std::vector<clinic::Therapist> therapists_;
  PatientId after_{0};  // the last patient handed out
  bool done_ = false;
  ports::PatientRecords records_;
  std::optional<ExportBlock> block_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_CLINIC_EXPORT_H_
