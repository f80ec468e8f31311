// Reminders (core/clinic/reminders.h): each patient's settings, the one-click unsubscribe, and the
// sweep that `backcare serve` runs every minute to put due appointment reminders and daily
// home-program nudges in the email outbox (app/outbox_delivery.h sends them) and, for patients who
// chose it, to send them as Web Push notifications (app/push_service.h).
//
// The address: the patient's contact email (Patient::email) when set, else the email of the
// patient's portal login (an enabled user linked to the patient). A patient with neither gets no
// reminder. Each reminder is recorded under its unique key (RecordSentReminder) in the same
// transaction as its email and unsubscribe token, so it is enqueued exactly once even when the
// sweep runs again, after a restart, or on two servers sharing one database.
//
// Emails carry no clinical detail (app/email_templates.h): the clinic, the patient's given name,
// for appointments the clinic-local date and time, a link to `<link base>/portal`, and a link to
// `<link base>/unsubscribe#token=...`; the outbox row also carries the RFC 8058 one-click URL
// `<link base>/api/v1/unsubscribe?token=...` (List-Unsubscribe).
//
// A push reminder is recorded under its own key ("push:" + the email's key) before it is sent, so
// it too goes out once; the push service is told to keep it until the appointment starts (for a
// nudge: its two-hour window). Push needs no link base: the portal's service worker opens /portal.
#ifndef BACKCARE_APP_REMINDER_SERVICE_H_
#define BACKCARE_APP_REMINDER_SERVICE_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/push_service.h"
#include "core/base/result.h"
#include "core/clinic/reminders.h"

namespace backcare::app {

// What one sweep enqueued.
struct ReminderSweep {
  int appointment_emails = 0;
  int nudge_emails = 0;
  int appointment_pushes = 0;  // reminders pushed (each to all the patient's subscriptions)
  int nudge_pushes = 0;
  int push_failures = 0;  // subscriptions whose push service refused or could not be reached
  friend bool operator==(const ReminderSweep&, const ReminderSweep&) = default;
};

// What an unsubscribe link did.
struct UnsubscribeResult {
  clinic::ReminderKind kind = clinic::ReminderKind::kAppointment;
  bool already_used = false;  // the link had been used before: nothing changed
};

class ReminderService {
 public:
  // `link_base_url` is the server's public address ("https://clinic.example", trailing slashes
  // dropped). Without one the sweep sends no email: an email must carry its links. `push`
  // (borrowed, may be null) sends the push reminders; without it, or when it has no sender, none.
  ReminderService(AppContext context, std::string link_base_url, PushService* push = nullptr);

  // The patient their own; therapists, front desk and admins any patient of the clinic. Another
  // patient's id is kNotFound. Audits "reminders.read".
  Result<clinic::PatientReminders> Get(const RequestContext& context, PatientId patient_id);

  // Same access as Get. kInvalidInput (field "nudge_time") from ValidatePatientReminders.
  // Switching a kind on makes that kind's earlier unsubscribe links unknown. Audits
  // "reminders.update".
  Status Put(const RequestContext& context, const clinic::PatientReminders& reminders);

  // The one-click unsubscribe (no login): switches the token's kind off for its patient and marks
  // the token used; a used token answers the same again without changing anything (idempotent).
  // kNotFound "unsubscribe link not found" for an unknown token (or one made unknown by switching
  // the kind on again). Audits "reminders.unsubscribe" as the system, from `remote_address`.
  Result<UnsubscribeResult> Unsubscribe(std::string_view token, std::string_view remote_address);

  // Enqueues every reminder due at the clock's now, in every clinic. A failure in one clinic
  // stops the sweep with that error; what was enqueued before stays (and is not repeated).
  Result<ReminderSweep> Sweep();

 private:
  AppContext context_;
  std::string link_base_url_;
  PushService* push_;
};

// Runs ReminderService::Sweep every `interval` on a thread of its own, from Start until
// destruction (`backcare serve` runs it every minute next to the outbox). `report` (called on that
// thread) hears of a failed sweep and of every sweep that enqueued something.
class ReminderSweeper {
 public:
  explicit ReminderSweeper(ReminderService& service) : service_(service) {}
  ReminderSweeper(const ReminderSweeper&) = delete;
  ReminderSweeper& operator=(const ReminderSweeper&) = delete;
  ~ReminderSweeper();  // stops the thread

  void Start(std::chrono::milliseconds interval, std::function<void(const std::string&)> report);

 private:
  ReminderService& service_;
  std::function<void(const std::string&)> report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_REMINDER_SERVICE_H_
