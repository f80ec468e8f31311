// My details → Reminders → Notifications on this phone: Web Push opt-in per browser. The portal's
// service worker (sw.ts) subscribes with the clinic's VAPID public key and shows what arrives;
// the server stores the subscription (POST /patients/{id}/push-subscriptions) and sends the
// reminders the patient chose "as a notification" (app/push_service.h). Nothing clinical is ever
// in a notification: a phone shows them on its lock screen.

import { useEffect, useState } from "preact/hooks";
import { Request } from "../api";
import { AsApiError } from "../components/ui";

export interface PushSubscriptionInfo {
  id: number;
  endpoint: string;
  created_at: string;
}

export interface PushSubscriptions {
  available: boolean; // the server sends pushes at all
  public_key: string; // the clinic's VAPID public key, unpadded base64url
  subscriptions: PushSubscriptionInfo[];
}

/** The bytes of unpadded base64url text (the key the browser's subscribe() takes). */
function KeyBytes(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** The portal's service worker registration, or undefined when this browser has none. */
async function PortalWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return undefined;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

type DeviceState =
  | { kind: "checking" }
  | { kind: "unsupported" }
  | { kind: "off" }
  | { kind: "on"; id: number; subscription: PushSubscription };

export function PhoneNotifications(props: {
  patient_id: number;
  push: PushSubscriptions;
  /** After this phone subscribed or unsubscribed: reload the list (and the reminder choices). */
  onChanged: (subscribed: boolean) => void;
}) {
  const [device, setDevice] = useState<DeviceState>({ kind: "checking" });
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const base = `/patients/${props.patient_id}/push-subscriptions`;

  useEffect(() => {
    let current = true;
    (async () => {
      const worker = await PortalWorker();
      if (!worker) return current && setDevice({ kind: "unsupported" });
      const subscription = await worker.pushManager.getSubscription().catch(() => null);
      const stored = subscription && props.push.subscriptions.find((s) => s.endpoint === subscription.endpoint);
      if (current) setDevice(stored && subscription ? { kind: "on", id: stored.id, subscription } : { kind: "off" });
    })();
    return () => {
      current = false;
    };
  }, [props.push]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage("");
    try {
      await work();
    } catch (e) {
      const error = AsApiError(e);
      setMessage(
        error.status === 0 && error.code === "network"
          ? "We could not reach the clinic's server. Check your connection and try again."
          : error.status === 0
            ? `This browser could not turn on notifications (${error.message}). Email reminders still work.`
            : error.message,
      );
    } finally {
      setBusy(false);
    }
  };

  const turnOn = () =>
    run(async () => {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setMessage("Notifications are blocked for this site. Allow them in your browser's site settings, then try again.");
        return;
      }
      const worker = await PortalWorker();
      if (!worker) throw new Error("no service worker");
      // A subscription the clinic does not know (another login on this phone, an old key) is replaced.
      const old = await worker.pushManager.getSubscription();
      if (old) await old.unsubscribe();
      const subscription = await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: KeyBytes(props.push.public_key) });
      await Request("POST", base, subscription.toJSON());
      setMessage("Notifications are on for this phone.");
      props.onChanged(true);
    });

  const turnOff = (state: Extract<DeviceState, { kind: "on" }>) =>
    run(async () => {
      await Request("DELETE", `${base}/${state.id}`);
      await state.subscription.unsubscribe().catch(() => false);
      setMessage("Notifications are off for this phone.");
      props.onChanged(false);
    });

  const sendTest = () =>
    run(async () => {
      const sent = await Request<{ sent: number; gone: number; failed: number }>("POST", `${base}/test`, {});
      setMessage(
        sent.sent > 0
          ? "Sent. It should appear on this phone within a minute."
          : "The notification could not be delivered. Turn notifications off and on again on this phone.",
      );
    });

  let body;
  if (!props.push.available) body = <p>Phone notifications are not set up at this clinic. Email reminders still work.</p>;
  else if (device.kind === "checking") body = <p>Checking this phone…</p>;
  else if (device.kind === "unsupported")
    body = (
      <p>
        This browser cannot show notifications from the portal. On an iPhone, add the portal to your Home Screen first (Share → Add to Home
        Screen) and open it from there.
      </p>
    );
  else if (device.kind === "off")
    body = (
      <button type="button" onClick={turnOn} disabled={busy} data-testid="push-on">
        {busy ? "Turning on…" : "Turn on notifications on this phone"}
      </button>
    );
  else
    body = (
      <>
        <p data-testid="push-state">Notifications are on for this phone.</p>
        <div class="push-actions">
          <button type="button" onClick={sendTest} disabled={busy} data-testid="push-test">
            Send a test notification
          </button>{" "}
          <button type="button" class="secondary" onClick={() => turnOff(device)} disabled={busy} data-testid="push-off">
            Turn off on this phone
          </button>
        </div>
      </>
    );

  return (
    <section aria-labelledby="push-heading" data-testid="push-section">
      <h3 id="push-heading">Notifications on this phone</h3>
      {body}
      <p class="portal-live" role="status" aria-live="polite" data-testid="push-status">
        {message}
      </p>
    </section>
  );
}
