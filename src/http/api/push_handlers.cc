// Handlers for a patient's Web Push subscriptions (app/push_service.h): what the portal needs to
// subscribe, the browser's subscription stored and removed, and a test notification.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/api/handler_support.h"
#include "http/api/handlers.h"

namespace backcare::http::api {
namespace {

using Presence = ObjectReader::Presence;

// Generous for the reader: the lengths a browser's values must have are ValidatePushSubscription's
// (a 422 naming the field), not a malformed body's 400.
constexpr std::size_t kMaxKeyLength = 1000;

Json PushDeliveryJson(const app::PushDelivery& delivery) {
  return {{"sent", delivery.sent}, {"gone", delivery.gone}, {"failed", delivery.failed}};
}

}  // namespace

// {"available", "public_key", "subscriptions": [PushSubscriptionJson]}. `public_key` is the
// clinic's VAPID key (made here when the clinic has none), also when push is unavailable: the key
// is public, and the portal decides on `available`.
HttpResponse ListPushSubscriptions(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  Result<app::PushSetup> setup = context.services.push.Setup(*context.caller, *id);
  if (!setup) return ErrorResponse(setup.error());
  return Reply(context.services.push.List(*context.caller, *id),
               [&](const std::vector<clinic::PushSubscription>& subscriptions) {
                 return Json{{"available", setup->available},
                             {"public_key", setup->public_key},
                             {"subscriptions", JsonArray(subscriptions, PushSubscriptionJson)}};
               });
}

// The body is the browser's PushSubscription.toJSON(): {"endpoint", "expirationTime": null |
// number (ignored: push services do not set it, and a subscription that expires is reported gone
// at the next send), "keys": {"p256dh", "auth"}}. Missing fields are a 400 like any malformed
// body; values that are not a subscription, or an endpoint of a push service this server does not
// send to, a 422 naming "endpoint", "keys.p256dh" or "keys.auth".
HttpResponse CreatePushSubscription(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  clinic::PushSubscription subscription;
  subscription.patient_id = *id;
  if (auto bad = ReadBody(context, [&](ObjectReader& reader) {
        subscription.endpoint = reader.String("endpoint", Presence::kRequired).value_or("");
        reader.Number("expirationTime", Presence::kOptional);
        reader.Object("keys", Presence::kRequired, [&](ObjectReader& keys) {
          subscription.p256dh =
              keys.String("p256dh", Presence::kRequired, kMaxKeyLength).value_or("");
          subscription.auth = keys.String("auth", Presence::kRequired, kMaxKeyLength).value_or("");
        });
      })) {
    return *bad;
  }
  return Reply(context.services.push.Subscribe(*context.caller, std::move(subscription)),
               PushSubscriptionJson, 201);
}

HttpResponse DeletePushSubscription(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  Result<PushSubscriptionId> subscription_id =
      PathId<PushSubscriptionId>(context, "subscription_id", "push subscription");
  if (!subscription_id) return ErrorResponse(subscription_id.error());
  return ReplyEmpty(context.services.push.Unsubscribe(*context.caller, *id, *subscription_id));
}

// No body (an empty object is accepted too). {"sent", "gone", "failed"} over the subscriptions.
HttpResponse SendTestPush(HandlerContext& context) {
  Result<PatientId> id = PathId<PatientId>(context, "id", "patient");
  if (!id) return ErrorResponse(id.error());
  if (!context.request.body.empty()) {
    if (auto bad = ReadBody(context, [](ObjectReader&) {})) return *bad;
  }
  return Reply(context.services.push.SendTest(*context.caller, *id), PushDeliveryJson);
}

}  // namespace backcare::http::api
