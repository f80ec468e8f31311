// The patient portal's summary: what the portal loads once when it opens. The clinic's calendar
// day and settings a patient needs (cancellation notice, pain-alert threshold), and which
// check-in is due: the protocol checkpoint due today (core/progress/due_check_in.h), and whether
// the weekly NPRS is due.
#ifndef BACKCARE_APP_PORTAL_SERVICE_H_
#define BACKCARE_APP_PORTAL_SERVICE_H_

#include <optional>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/clinic.h"
#include "core/clinic/time.h"
#include "core/progress/due_check_in.h"

namespace backcare::app {

struct PortalSummary {
  clinic::Date today;     // the clinic's calendar day the summary was built for
  clinic::Clinic clinic;  // the patient's clinic
  // The checkpoint check-in due today in the patient's active course; nullopt without an active
  // course, when no checkpoint is anchored in the last kCheckInWindowDays days, or when it was
  // answered (every instrument has a response of this course tagged with it).
  std::optional<progress::DueCheckIn> due;
  // The weekly NPRS: the newest NPRS response's time (any checkpoint, any course), and whether
  // none was taken on the last kWeeklyCheckInDays clinic days (today included).
  std::optional<clinic::Timestamp> weekly_last_taken_at;
  bool weekly_due = true;
};

class PortalService {
 public:
  explicit PortalService(AppContext context);

  // The patient themself; therapists and admins for any patient of the clinic
  // (kPermissionDenied for front desk). kNotFound for a patient of another clinic, or another
  // patient for a patient actor. Audits "portal.read" (record: the patient).
  Result<PortalSummary> GetSummary(const RequestContext& context, PatientId patient_id);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PORTAL_SERVICE_H_
