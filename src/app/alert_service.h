// Alert use cases: listing and acknowledging the clinic's alerts. Alerts are raised by the other
// use cases when their condition occurs (off_track, red_flag, adverse_event, adherence_lapse,
// missed_sessions; docs/use-cases.md); this service only reads and acknowledges them.
#ifndef BACKCARE_APP_ALERT_SERVICE_H_
#define BACKCARE_APP_ALERT_SERVICE_H_

#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/alert.h"
#include "core/ports/clinic_store.h"

namespace backcare::app {

class AlertService {
 public:
  explicit AlertService(AppContext context);

  // Therapists and admins list alerts (unacknowledged or all; with `patient_id`, that patient's
  // only, which is kNotFound for a patient not of the clinic), by creation time. Audits
  // "alert.list" (record: the clinic, or the patient).
  Result<std::vector<clinic::Alert>> ListAlerts(const RequestContext& context,
                                                ports::AlertFilter filter,
                                                std::optional<PatientId> patient_id = std::nullopt);

  // Therapists acknowledge an alert. kFailedPrecondition when already acknowledged; kNotFound when
  // not in the clinic; kFailedPrecondition for a red_flag alert while the patient's referral is
  // open (latest screening medical_review or worse: screening::CheckNotSuspended). Audits
  // "alert.acknowledge".
  Status Acknowledge(const RequestContext& context, AlertId alert_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_ALERT_SERVICE_H_
