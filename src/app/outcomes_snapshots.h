// The outcomes report on a running server (GET /api/v1/reports/outcomes): one snapshot
// (outcomes::Cohort) per clinic, loaded on the clinic's first report and then kept current from
// the clinic's audit trail: every write of a response, adherence entry, session, course or
// screening appends an audit event in the same transaction, so each report reads the events after
// the last one it applied, re-reads only the patients they touched (ReadPatientRecords) and
// replaces their courses' entries. A query naming another protocol gets a snapshot of its own. This
// also sees writes made by other server instances sharing a PostgreSQL database. A clinic setting
// change (its time zone may change) or a backlog of more than kMaxTailEvents events reloads the
// clinic's snapshot instead. Thread-safe.
#ifndef BACKCARE_APP_OUTCOMES_SNAPSHOTS_H_
#define BACKCARE_APP_OUTCOMES_SNAPSHOTS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/outcomes_service.h"

namespace backcare::app {

class OutcomesSnapshots {
 public:
  static constexpr int kMaxTailEvents = 100'000;

  explicit OutcomesSnapshots(const AppContext& context);
  ~OutcomesSnapshots();
  OutcomesSnapshots(const OutcomesSnapshots&) = delete;
  OutcomesSnapshots& operator=(const OutcomesSnapshots&) = delete;

  // The report for the caller's clinic (admins and therapists; kPermissionDenied otherwise).
  // query.clinic_id, when set, must be the caller's clinic (kNotFound otherwise); the read is
  // audited as "report.outcomes" on the clinic.
  Result<OutcomesResult> Report(const RequestContext& request, OutcomesQuery query);

  // How the last Report brought its snapshot up to date (for tests and the log).
  struct Refresh {
    bool loaded = false;         // loaded in full
    std::int64_t events = 0;     // audit events read
    std::int64_t patients = 0;   // patients re-read
    std::int64_t audit_seq = 0;  // the last event the snapshot reflects
  };
  Refresh last_refresh() const;

 private:
  struct Snapshot;

  Result<Snapshot*> Current(ports::Transaction& transaction, const clinic::Clinic& clinic,
                            const std::shared_ptr<const protocol::Protocol>& protocol);

  const AppContext& context_;
  mutable std::mutex mutex_;  // guards everything below; held for the whole report
  // By clinic and protocol version (a clinic's active one, or one a query names).
  std::map<std::pair<std::int64_t, ProtocolKey>, std::unique_ptr<Snapshot>> snapshots_;
  Refresh last_refresh_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_OUTCOMES_SNAPSHOTS_H_
