// Web Push notifications for patients who opt in on their phone (core/clinic/push.h): the
// clinic's VAPID keys, the patient's subscriptions, a test notification, and the sending that the
// reminder sweep (app/reminder_service.h) uses beside the email.
//
// A message is encrypted to each subscription (RFC 8291 aes128gcm) and signed for the push
// service's origin (RFC 8292 VAPID, ES256, valid 12 hours) by app/crypto/web_push.h, then POSTed
// by the ports::PushSender adapter. A subscription the push service reports gone (404, 410) is
// deleted. Sending is at most once: the sweep records the reminder before it sends, and a push
// service that is down loses that notification (the email, when chosen, is the durable channel).
//
// The payload is two lines of UTF-8 text, "title\nbody", with no clinical detail: the clinic's
// name as the title and, for an appointment, its clinic-local date and time. The portal's service
// worker shows it and opens /portal on a tap.
#ifndef BACKCARE_APP_PUSH_SERVICE_H_
#define BACKCARE_APP_PUSH_SERVICE_H_

#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/clinic/push.h"
#include "core/ports/push_sender.h"

namespace backcare::app {

// What a patient's browser needs to subscribe.
struct PushSetup {
  bool available = false;  // the server has a push sender (`backcare serve` with push on)
  std::string public_key;  // the clinic's VAPID public key (applicationServerKey), base64url
};

// What one send did, over the patient's subscriptions.
struct PushDelivery {
  int sent = 0;    // accepted by the push service
  int gone = 0;    // the push service said the subscription is gone: deleted
  int failed = 0;  // refused or unreachable: kept
  friend bool operator==(const PushDelivery&, const PushDelivery&) = default;
};

// A notification's text (no clinical detail).
struct PushText {
  std::string title;
  std::string body;
};

// The notifications' texts: no clinical detail and no name, since a phone shows them on its lock
// screen. The clinic's name is the title.
PushText AppointmentReminderPush(std::string_view clinic_name, std::string_view when);
PushText HomeProgramNudgePush(std::string_view clinic_name);
PushText TestPush(std::string_view clinic_name);

class PushService {
 public:
  // `sender` (borrowed, may be null: push is then unavailable) and `subject`, the VAPID contact
  // the push services may write to ("mailto:clinic@example.org" or "https://clinic.example").
  PushService(AppContext context, ports::PushSender* sender, std::string subject);

  bool available() const { return sender_ != nullptr; }

  // Makes the clinic's VAPID key pair when it has none; does nothing when it has one. `clinic
  // create` calls it; clinics made before schema 22 get theirs at their first Setup.
  Status EnsureVapidKeys(ClinicId clinic_id);

  // Access as for the reminder settings (the patient their own, staff any patient of the
  // clinic; another patient's id is kNotFound). Makes the clinic's keys when missing. No audit
  // (no patient data).
  Result<PushSetup> Setup(const RequestContext& context, PatientId patient_id);

  // The patient's subscriptions, oldest first. Audits "push_subscriptions.read".
  Result<std::vector<clinic::PushSubscription>> List(const RequestContext& context,
                                                     PatientId patient_id);

  // Stores the patient's browser subscription (subscription.patient_id; clinic and created_at
  // are set here) and returns it with its id. The patient themself only (kPermissionDenied for
  // staff; another patient's id is kNotFound, before any other check). kFailedPrecondition "push
  // notifications are not available on this server" without a sender; kInvalidInput from
  // ValidatePushSubscription, or field "endpoint" "not a push service this server sends to" when
  // the sender does not accept the endpoint. A patient's eleventh subscription drops the oldest.
  // Audits "push_subscriptions.create".
  Result<clinic::PushSubscription> Subscribe(const RequestContext& context,
                                             clinic::PushSubscription subscription);

  // Deletes one of the patient's subscriptions (the patient, or staff for a lost phone).
  // kNotFound "push subscription N not found". Audits "push_subscriptions.delete".
  Status Unsubscribe(const RequestContext& context, PatientId patient_id, PushSubscriptionId id);

  // Sends a test notification ("Notifications are on") to each of the patient's subscriptions,
  // now. The patient themself only. kFailedPrecondition without a sender; kNotFound "no push
  // subscription" when the patient has none. Audits "push_subscriptions.test".
  Result<PushDelivery> SendTest(const RequestContext& context, PatientId patient_id);

  // Sends `text` to each subscription of the patient (the sweep; no actor). `ttl_seconds` is how
  // long a push service may hold it for a phone that is off. Without a sender: nothing sent.
  Result<PushDelivery> SendToPatient(ClinicId clinic_id, PatientId patient_id, const PushText& text,
                                     int ttl_seconds);

 private:
  // The clinic's keys: read, and made first when it has none (EnsureVapidKeys).
  Result<clinic::VapidKeys> KeysOf(ClinicId clinic_id);

  AppContext context_;
  ports::PushSender* sender_;
  std::string subject_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_PUSH_SERVICE_H_
