#include "app/push_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "app/audit_trail.h"
#include "app/crypto/web_push.h"
#include "app/role_policy.h"
#include "app/service_support.h"

namespace backcare::app {
namespace {

// How long a VAPID token is valid (RFC 8292 allows at most 24 hours).
constexpr std::chrono::hours kVapidTokenLifetime{12};
constexpr int kTestTtlSeconds = 60 * 60;

crypto::VapidKeyPair PairOf(const clinic::VapidKeys& keys) {
  return {keys.public_key, keys.private_key};
}

Error PushUnavailable() {
  return FailedPrecondition("push notifications are not available on this server");
}

}  // namespace

PushText AppointmentReminderPush(std::string_view clinic_name, std::string_view when) {
  return {std::string(clinic_name), "Appointment reminder: " + std::string(when) + "."};
}

PushText HomeProgramNudgePush(std::string_view clinic_name) {
  return {std::string(clinic_name), "Time for today's exercises."};
}

PushText TestPush(std::string_view clinic_name) {
  return {std::string(clinic_name), "Notifications are on. Your reminders will appear like this."};
}

PushService::PushService(AppContext context, ports::PushSender* sender, std::string subject)
    : context_(std::move(context)), sender_(sender), subject_(std::move(subject)) {}

Status PushService::EnsureVapidKeys(ClinicId clinic_id) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(std::optional<clinic::VapidKeys> existing, transaction->GetVapidKeys(clinic_id));
  if (existing) return transaction->Commit();
  const crypto::VapidKeyPair pair = crypto::NewVapidKeyPair();
  Status created = transaction->CreateVapidKeys(
      clinic_id, {pair.public_key, pair.private_key, internal::Now(context_)});
  // Another request made them first: theirs stand.
  if (!created && created.error().code == ErrorCode::kConflict) return OkStatus();
  RETURN_IF_ERROR(created);
  return transaction->Commit();
}

Result<clinic::VapidKeys> PushService::KeysOf(ClinicId clinic_id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    {
      ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
      ASSIGN_OR_RETURN(std::optional<clinic::VapidKeys> keys, transaction->GetVapidKeys(clinic_id));
      RETURN_IF_ERROR(transaction->Commit());
      if (keys) return *keys;
    }
    if (attempt == 0) RETURN_IF_ERROR(EnsureVapidKeys(clinic_id));
  }
  return Internal("clinic " + std::to_string(clinic_id.value()) + " has no VAPID keys");
}

Result<PushSetup> PushService::Setup(const RequestContext& context, PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadPushSubscriptions));
  {
    ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
    RETURN_IF_ERROR(internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
    RETURN_IF_ERROR(transaction->Commit());
  }
  ASSIGN_OR_RETURN(clinic::VapidKeys keys, KeysOf(context.actor.clinic_id));
  return PushSetup{available(), keys.public_key};
}

Result<std::vector<clinic::PushSubscription>> PushService::List(const RequestContext& context,
                                                                PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kReadPushSubscriptions));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  ASSIGN_OR_RETURN(std::vector<clinic::PushSubscription> subscriptions,
                   transaction->ListPushSubscriptions(context.actor.clinic_id, patient.id));
  RETURN_IF_ERROR(transaction->Commit());
  RETURN_IF_ERROR(internal::AuditRead(context_, context, "push_subscriptions.read", "patient",
                                      patient.id.value()));
  return subscriptions;
}

Result<clinic::PushSubscription> PushService::Subscribe(const RequestContext& context,
                                                        clinic::PushSubscription subscription) {
  RETURN_IF_ERROR(RequireRole(context.actor, kSubscribeToPush));
  // Another patient's id is "not found" before anything else is said about the request.
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(
      clinic::Patient patient,
      internal::LoadVisiblePatient(*transaction, context.actor, subscription.patient_id));
  if (!sender_) return PushUnavailable();
  subscription.clinic_id = context.actor.clinic_id;
  subscription.created_at = internal::Now(context_);
  RETURN_IF_ERROR(clinic::ValidatePushSubscription(subscription));
  if (!sender_->Accepts(subscription.endpoint)) {
    return InvalidInput("push subscription: 1 invalid field(s)",
                        {{"", "endpoint", "not a push service this server sends to"}});
  }
  ASSIGN_OR_RETURN(std::vector<clinic::PushSubscription> existing,
                   transaction->ListPushSubscriptions(subscription.clinic_id, patient.id));
  const bool known = std::any_of(existing.begin(), existing.end(), [&](const auto& one) {
    return one.endpoint == subscription.endpoint;
  });
  // Oldest first: drop the oldest until the new one fits.
  for (std::size_t i = 0;
       !known &&
       existing.size() - i >= static_cast<std::size_t>(clinic::kMaxPushSubscriptionsPerPatient);
       ++i) {
    RETURN_IF_ERROR(
        transaction->DeletePushSubscription(subscription.clinic_id, patient.id, existing[i].id));
  }
  ASSIGN_OR_RETURN(subscription.id, transaction->PutPushSubscription(subscription));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, subscription.created_at,
                              "push_subscriptions.create", "patient", patient.id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return subscription;
}

Status PushService::Unsubscribe(const RequestContext& context, PatientId patient_id,
                                PushSubscriptionId id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kRemovePushSubscriptions));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::Patient patient,
                   internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
  RETURN_IF_ERROR(transaction->DeletePushSubscription(context.actor.clinic_id, patient.id, id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_),
                              "push_subscriptions.delete", "patient", patient.id.value()));
  return transaction->Commit();
}

Result<PushDelivery> PushService::SendTest(const RequestContext& context, PatientId patient_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kSubscribeToPush));
  const ClinicId clinic_id = context.actor.clinic_id;
  std::string clinic_name;
  {
    ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
    ASSIGN_OR_RETURN(clinic::Patient patient,
                     internal::LoadVisiblePatient(*transaction, context.actor, patient_id));
    if (!sender_) return PushUnavailable();
    ASSIGN_OR_RETURN(std::vector<clinic::PushSubscription> subscriptions,
                     transaction->ListPushSubscriptions(clinic_id, patient.id));
    if (subscriptions.empty()) return NotFound("no push subscription");
    ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(clinic_id));
    clinic_name = clinic.name;
    RETURN_IF_ERROR(transaction->Commit());
  }
  RETURN_IF_ERROR(internal::AuditRead(context_, context, "push_subscriptions.test", "patient",
                                      patient_id.value()));
  return SendToPatient(clinic_id, patient_id, TestPush(clinic_name), kTestTtlSeconds);
}

Result<PushDelivery> PushService::SendToPatient(ClinicId clinic_id, PatientId patient_id,
                                                const PushText& text, int ttl_seconds) {
  PushDelivery delivery;
  if (!sender_) return delivery;
  ASSIGN_OR_RETURN(const clinic::VapidKeys keys, KeysOf(clinic_id));
  std::vector<clinic::PushSubscription> subscriptions;
  {
    ASSIGN_OR_RETURN(auto transaction, internal::BeginRead(context_));
    ASSIGN_OR_RETURN(subscriptions, transaction->ListPushSubscriptions(clinic_id, patient_id));
    RETURN_IF_ERROR(transaction->Commit());
  }
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(internal::Now(context_));
  const std::int64_t expires = (now + kVapidTokenLifetime).time_since_epoch().count();
  const std::string payload = text.title + "\n" + text.body;
  for (const clinic::PushSubscription& subscription : subscriptions) {
    Result<std::string> body =
        crypto::EncryptPushPayload(payload, subscription.p256dh, subscription.auth);
    Result<std::string> authorization = crypto::VapidAuthorization(
        clinic::UrlOrigin(subscription.endpoint), subject_, expires, PairOf(keys));
    if (!body || !authorization || !sender_->Accepts(subscription.endpoint)) {
      ++delivery.failed;
      continue;
    }
    ports::PushMessage message;
    message.endpoint = subscription.endpoint;
    message.authorization = std::move(*authorization);
    message.body = std::move(*body);
    message.ttl_seconds = std::max(ttl_seconds, 0);
    Status sent = sender_->Send(message);
    if (sent) {
      ++delivery.sent;
    } else if (sent.error().code == ErrorCode::kNotFound) {
      ++delivery.gone;
      ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
      Status deleted = transaction->DeletePushSubscription(clinic_id, patient_id, subscription.id);
      if (!deleted && deleted.error().code != ErrorCode::kNotFound) return deleted.error();
      RETURN_IF_ERROR(transaction->Commit());
    } else {
      ++delivery.failed;
    }
  }
  return delivery;
}

}  // namespace backcare::app
