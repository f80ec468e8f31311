// My details → Reminders: the patient's email reminders (GET/PUT /patients/{id}/reminders):
// appointment reminders (sent the clinic's chosen number of hours before a session) and a daily
// reminder to do the home exercises at a time the patient picks (clinic-local). Emails carry no
// clinical detail and each has a one-click unsubscribe link.

import { useState } from "preact/hooks";
import { Get, Request } from "../api";
import { AsApiError } from "../components/ui";
import { UseResource } from "../session";

export interface ReminderSettings {
  appointment_email: boolean;
  nudge_email: boolean;
  nudge_time: string; // "HH:MM", the clinic's time zone
}

export function RemindersSection(props: { patient_id: number }) {
  const stored = UseResource(() => Get<ReminderSettings>(`/patients/${props.patient_id}/reminders`), String(props.patient_id));
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
      <p>By email, to the address above (or your login email). They never say what you are treated for.</p>
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
      <div class="field">
        <label for="reminders-time">Daily reminder time</label>
        <input
          id="reminders-time"
          type="time"
          value={form.nudge_time}
          disabled={!form.nudge_email}
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
    </form>
  );
}
