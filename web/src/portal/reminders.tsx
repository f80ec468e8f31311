// My details → Reminders: the patient's reminders (GET/PUT /patients/{id}/reminders):
// appointment reminders (sent the clinic's chosen number of hours before a session) and a daily
// reminder to do the home exercises at a time the patient picks (clinic-local), each by email
// and/or as a phone notification (Web Push, once turned on for a phone: push.tsx). Nothing clinical
// is in either; each email has a one-click unsubscribe link.

import { useState } from "preact/hooks";
import { Get, Request } from "../api";
import { AsApiError } from "../components/ui";
import { UseResource } from "../session";
import { PhoneNotifications, PushSubscriptions } from "./push";

export interface ReminderSettings {
  appointment_email: boolean;
  nudge_email: boolean;
  nudge_time: string; // "HH:MM", the clinic's time zone
  appointment_push: boolean;
  nudge_push: boolean;
}

export function RemindersSection(props: { patient_id: number }) {
  const stored = UseResource(() => Get<ReminderSettings>(`/patients/${props.patient_id}/reminders`), String(props.patient_id));
  const push = UseResource(() => Get<PushSubscriptions>(`/patients/${props.patient_id}/push-subscriptions`), String(props.patient_id));
  const [edited, setEdited] = useState<ReminderSettings | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  if (!stored.data)
    return (
      <section class="portal-card" aria-labelledby="reminders-heading">
        <h2 id="reminders-heading">Reminders</h2>
        <p role="status">{stored.error ? "Your reminder settings could not be loaded." : "Loading your reminder settings…"}</p>
      </section>
    );
  const form = edited ?? stored.data;
  const pushable = (push.data?.subscriptions.length ?? 0) > 0;

  // A phone turned on for the first time: its notifications start with both kinds of reminder
  // (the patient can untick either). Unsaved edits stay as they are.
  const pushChanged = async (subscribed: boolean) => {
    push.reload();
    if (subscribed && !form.appointment_push && !form.nudge_push && edited === null) {
      await Request("PUT", `/patients/${props.patient_id}/reminders`, { ...form, appointment_push: true, nudge_push: true }).catch(() => undefined);
      stored.reload();
    }
  };
  const pushBox = (id: string, label: string, key: "appointment_push" | "nudge_push") => (
    <div class="field">
      <label>
        <input
          type="checkbox"
          id={id}
          checked={form[key]}
          disabled={!pushable && !form[key]}
          aria-describedby={pushable ? undefined : "push-first"}
          onChange={(event) => setEdited({ ...form, [key]: (event.currentTarget as HTMLInputElement).checked })}
        />{" "}
        {label}
      </label>
    </div>
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setMessage("");
    try {
      await Request<ReminderSettings>("PUT", `/patients/${props.patient_id}/reminders`, form);
      setEdited(null);
      stored.reload();
      setMessage("Saved. Your reminders follow these settings from now on.");
    } catch (e) {
      const api_error = AsApiError(e);
      const time_error = api_error.fields.find((f) => f.path === "nudge_time");
      if (time_error) setError(time_error.message);
      setMessage(
        api_error.status === 0
          ? "Not saved: we could not reach the clinic's server. Check your connection and try again."
          : `Not saved: ${time_error ? "please correct the time below." : api_error.message}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="portal-card" onSubmit={submit} noValidate aria-labelledby="reminders-heading" data-testid="reminders-form">
      <h2 id="reminders-heading">Reminders</h2>
      <p>
        By email, to the address above (or your login email), and as notifications on the phones you turn them on for. They never say what
        you are treated for.
      </p>
      <div class="field">
        <label>
          <input
            type="checkbox"
            id="reminders-appointment"
            checked={form.appointment_email}
            onChange={(event) => setEdited({ ...form, appointment_email: (event.currentTarget as HTMLInputElement).checked })}
          />{" "}
          Remind me of my appointments
        </label>
      </div>
      {pushBox("reminders-appointment-push", "Appointment reminders as a phone notification", "appointment_push")}
      <div class="field">
        <label>
          <input
            type="checkbox"
            id="reminders-nudge"
            checked={form.nudge_email}
            onChange={(event) => setEdited({ ...form, nudge_email: (event.currentTarget as HTMLInputElement).checked })}
          />{" "}
          Remind me each day to do my home exercises (not on days I have already ticked one)
        </label>
      </div>
      {pushBox("reminders-nudge-push", "Daily reminder as a phone notification", "nudge_push")}
      {!pushable && (
        <p class="hint" id="push-first">
          Phone notifications can be chosen once they are on for a phone (below).
        </p>
      )}
      <div class="field">
        <label for="reminders-time">Daily reminder time</label>
        <input
          id="reminders-time"
          type="time"
          value={form.nudge_time}
          disabled={!form.nudge_email && !form.nudge_push}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "reminders-time-error" : undefined}
          onInput={(event) => setEdited({ ...form, nudge_time: (event.currentTarget as HTMLInputElement).value })}
        />
        {error && (
          <p class="field-error" id="reminders-time-error">
            {error}
          </p>
        )}
      </div>
      <p class="portal-live" role="status" aria-live="polite" data-testid="reminders-status">
        {message}
      </p>
      <button type="submit" disabled={busy || edited === null}>
        {busy ? "Saving…" : "Save my reminders"}
      </button>
      {push.data && <PhoneNotifications patient_id={props.patient_id} push={push.data} onChanged={pushChanged} />}
    </form>
  );
}
