// The portal offline: the service worker (sw.ts) keeps the shell and today's program, and the
// ticks and ratings a patient makes while the phone has no connection (or after the session has
// expired) wait here, in localStorage per patient, until they can be sent. One entry per (date,
// exercise): a later tick replaces an earlier one, as POST /adherence replaces the stored entry, so
// sending an entry twice is harmless. The queue is sent in order when the browser says it is
// online again and after each login; the entries of one patient are only ever sent by that patient.

import { ApiError, Post } from "../api";

export interface PendingTick {
  date: string;
  exercise_id: string;
  completion: "done" | "not_done";
  pain_rating: number | null;
}

/** A tick the server refused for good (kRefusedForGood): it is dropped, with the reason. */
export interface RefusedTick {
  tick: PendingTick;
  message: string;
}

const kChanged = "backcare-pending-changed";

function StorageKey(patient_id: number): string {
  return `backcare.portal.pending.${patient_id}`;
}

export function PendingTicks(patient_id: number): PendingTick[] {
  try {
    const stored = window.localStorage.getItem(StorageKey(patient_id));
    const parsed: unknown = stored ? JSON.parse(stored) : [];
    return Array.isArray(parsed) ? (parsed as PendingTick[]) : [];
  } catch {
    return [];
  }
}

function Store(patient_id: number, ticks: PendingTick[]): void {
  try {
    if (ticks.length === 0) window.localStorage.removeItem(StorageKey(patient_id));
    else window.localStorage.setItem(StorageKey(patient_id), JSON.stringify(ticks));
  } catch {
    // Storage full or disabled: the tick stays on screen as not sent, and the screen says so.
  }
  window.dispatchEvent(new CustomEvent(kChanged, { detail: patient_id }));
}

function SameEntry(a: PendingTick, b: PendingTick): boolean {
  return a.date === b.date && a.exercise_id === b.exercise_id;
}

/** Keeps `tick` to send later, replacing a waiting tick for the same day and exercise. */
export function QueueTick(patient_id: number, tick: PendingTick): void {
  Store(patient_id, [...PendingTicks(patient_id).filter((t) => !SameEntry(t, tick)), tick]);
}

/** Drops a waiting tick for that day and exercise (a newer one was just sent). */
export function DropPendingTick(patient_id: number, date: string, exercise_id: string): void {
  const ticks = PendingTicks(patient_id);
  const kept = ticks.filter((t) => !(t.date === date && t.exercise_id === exercise_id));
  if (kept.length !== ticks.length) Store(patient_id, kept);
}

/** Calls `listener` whenever a patient's waiting ticks change (in this tab). */
export function OnPendingChanged(listener: () => void): () => void {
  window.addEventListener(kChanged, listener);
  return () => window.removeEventListener(kChanged, listener);
}

/** POST /adherence for one tick; "pain_rating" is sent only when the patient gave one. */
export function SendTick(patient_id: number, tick: PendingTick): Promise<void> {
  const body: Record<string, unknown> = { date: tick.date, exercise_id: tick.exercise_id, completion: tick.completion };
  if (tick.pain_rating !== null) body.pain_rating = tick.pain_rating;
  return Post<void>(`/patients/${patient_id}/adherence`, body);
}

/** True when the request never reached the server, so the tick should wait and be sent later. */
export function Unreachable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

/** Answers that mean the tick can never be stored (a bad date, an exercise no longer assigned). */
const kRefusedForGood = [400, 404, 409, 422];

let sending: Promise<RefusedTick[]> | null = null;

/**
 * Sends the patient's waiting ticks, oldest first, and returns those the server refused (dropped:
 * they can never succeed). Stops at the first that cannot be sent now (offline, a server error, or
 * 401/403: the session ended or must do something first; they are sent after the next login). One
 * run at a time.
 */
export function SendPendingTicks(patient_id: number): Promise<RefusedTick[]> {
  if (sending) return sending;
  sending = (async () => {
    const refused: RefusedTick[] = [];
    for (const tick of PendingTicks(patient_id)) {
      try {
        await SendTick(patient_id, tick);
      } catch (e) {
        if (!(e instanceof ApiError) || !kRefusedForGood.includes(e.status)) break;
        refused.push({ tick, message: e.fields[0]?.message ?? e.message });
      }
      // Remove exactly what was sent: a tick made meanwhile for the same entry stays queued.
      Store(
        patient_id,
        PendingTicks(patient_id).filter((t) => !(SameEntry(t, tick) && t.completion === tick.completion && t.pain_rating === tick.pain_rating)),
      );
    }
    return refused;
  })().finally(() => {
    sending = null;
  });
  return sending;
}

// The service worker's caches (sw.ts names them): the patient's data is dropped at logout.
export const kPortalDataCache = "backcare-portal-data";

interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (url: string) => string }): { createScriptURL(url: string): string };
}

/**
 * Registers the portal's service worker. The server's CSP requires Trusted Types for script URLs,
 * so the one URL allowed goes through a policy that accepts nothing else.
 */
export function RegisterServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const kUrl = "/portal-sw.js";
  const factory = (window as unknown as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  const url = factory
    ? factory
        .createPolicy("backcare-portal-sw", {
          createScriptURL: (candidate) => {
            if (candidate !== kUrl) throw new TypeError(`not the portal's service worker: ${candidate}`);
            return candidate;
          },
        })
        .createScriptURL(kUrl)
    : kUrl;
  navigator.serviceWorker.register(url as unknown as string, { scope: "/portal" }).catch(() => {
    // No offline support on this browser (or private mode): the portal works online as before.
  });
}

/** Forgets the patient's data the service worker kept (at logout); the shell stays. */
export function ForgetOfflineData(): Promise<void> {
  if (!("caches" in window)) return Promise.resolve();
  return window.caches.delete(kPortalDataCache).then(
    () => undefined,
    () => undefined,
  );
}
