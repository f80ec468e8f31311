// Small pieces the portal's screens share: dates in the patient's own time zone, phase names in
// plain words, and the notice for an address that is not the patient's own record.

import type { ComponentChildren } from "preact";
import { ApiError } from "../api";
import { Link, Loading } from "../components/ui";

/** The portal's paths for one patient: /portal/patients/{id}/{screen}. */
export type PortalScreen = "today" | "plan" | "progress" | "check-in" | "access-log" | "details";

export function PortalPath(patient_id: number, screen: PortalScreen): string {
  return `/portal/patients/${patient_id}/${screen}`;
}

/** Today's YYYY-MM-DD on the patient's device (the patient logs their own day). */
export function LocalToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "Mon 21 Dec, 09:00" in the device's time zone ("Mon 4 Jan 2027, 08:00" in another year). */
export function FormatSessionTime(instant: string): string {
  const at = new Date(instant);
  const other_year = at.getFullYear() !== new Date().getFullYear();
  const day = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: other_year ? "numeric" : undefined,
  }).format(at);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" }).format(at);
  return `${day}, ${time}`;
}

/** "7 Dec 09:14" in the device's time zone (the access log's wording). */
export function FormatShortDateTime(instant: string): string {
  const at = new Date(instant);
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" }).format(at);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" }).format(at);
  return `${day} ${time}`;
}

/** "7 Dec 2026" for an instant, in the device's time zone. */
export function FormatLongDate(instant: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" }).format(new Date(instant));
}

/** A protocol phase id in plain lower-case words: "initial_relief" → "initial relief". */
export function PhaseWords(phase_id: string): string {
  return phase_id.replace(/[_-]+/g, " ").trim();
}

/** True for the answers that mean "this address is not part of your record". */
export function IsNotYours(error: ApiError): boolean {
  return error.status === 404 || error.status === 403;
}

/**
 * A failed load in words: another patient's (or a missing) record gets the same calm notice, so
 * the screen never tells whether someone else's record exists.
 */
export function LoadFailure(props: { error: ApiError; what: string; own_patient_id: number | null }) {
  const { error } = props;
  if (IsNotYours(error))
    return (
      <div class="notice notice-error" role="alert" data-testid="not-yours">
        <p>This page is not part of your record. You can see only your own care here.</p>
        {props.own_patient_id !== null && (
          <p>
            <Link href={PortalPath(props.own_patient_id, "today")}>Go to my exercises for today</Link>
          </p>
        )}
      </div>
    );
  const text =
    error.status === 0
      ? "We could not reach the clinic's server. Check your connection and try again."
      : `We could not load ${props.what}: ${error.message}`;
  return (
    <p class="notice notice-error" role="alert">
      {text}
    </p>
  );
}

/** What a screen shows before its data has come: its heading, then the load failure or "loading". */
export function Pending(
  heading: ComponentChildren,
  error: ApiError | undefined,
  what: string,
  own_patient_id: number | null,
) {
  return (
    <>
      {heading}
      {error ? <LoadFailure error={error} what={what} own_patient_id={own_patient_id} /> : <Loading what={what} />}
    </>
  );
}
