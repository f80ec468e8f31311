// My plan: the patient's upcoming sessions (GET /courses + /plan) with the phase each belongs
// to, and a cancel button per session. Whether a cancel is allowed is the clinic's policy, which
// the server applies: when it refuses (too close to the session, say), its message is shown as is.
// "Add to my calendar" makes the patient's secret calendar feed (POST /calendar-feed) and shows
// its address to subscribe to in a phone's calendar app.

import { useState } from "preact/hooks";
import { Get, Post } from "../api";
import { AsApiError, ScreenHeading } from "../components/ui";
import { UseResource } from "../session";
import type { Course, ScheduleEntry } from "../types";
import { FormatLongDate, FormatSessionTime, Pending, PhaseWords } from "./common";

interface PlanData {
  courses: Course[];
  plan: ScheduleEntry[];
}

/** Booked sessions that have not ended yet, soonest first. */
export function UpcomingSessions(plan: ScheduleEntry[], now: Date = new Date()): ScheduleEntry[] {
  return plan
    .filter((s) => s.status === "booked" && Date.parse(s.end) > now.getTime())
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

const kFirstShown = 8;

export function PlanScreen(props: { patient_id: number; own_patient_id: number }) {
  const data = UseResource<PlanData>(async () => {
    const [courses, plan] = await Promise.all([
      Get<Course[]>(`/patients/${props.patient_id}/courses`),
      Get<ScheduleEntry[]>(`/patients/${props.patient_id}/plan`),
    ]);
    return { courses, plan };
  }, String(props.patient_id));
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ session_id: number; text: string } | null>(null);
  const [status, setStatus] = useState("");
  const [show_all, setShowAll] = useState(false);

  const heading = <ScreenHeading title="My plan" />;
  if (!data.data) return Pending(heading, data.error, "your plan", props.own_patient_id);

  const active = data.data.courses.find((c) => c.status === "active" || c.status === "paused");
  const upcoming = UpcomingSessions(data.data.plan);
  const attended = data.data.plan.filter((s) => s.status === "attended").length;
  const shown = show_all ? upcoming : upcoming.slice(0, kFirstShown);

  const cancel = async (session: ScheduleEntry) => {
    setBusy(true);
    setRefusal(null);
    setStatus("");
    try {
      await Post(`/sessions/${session.session_id}/cancel`);
      setConfirming(null);
      setStatus(`Your session on ${FormatSessionTime(session.start)} is cancelled.`);
      data.reload();
    } catch (e) {
      const error = AsApiError(e);
      setConfirming(null);
      setRefusal({
        session_id: session.session_id,
        text:
          error.status === 0
            ? "Not cancelled: we could not reach the clinic's server. Check your connection and try again."
            : `Not cancelled: ${error.message}`,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {heading}
      {active ? (
        <p>
          Your course started on {FormatLongDate(active.start_date + "T12:00:00Z")}. You have attended {attended}{" "}
          {attended === 1 ? "session" : "sessions"} so far.
        </p>
      ) : (
        <p>You have no course of treatment running at the moment.</p>
      )}
      <p class="portal-live" role="status" aria-live="polite" data-testid="plan-status">
        {status}
      </p>
      <h2>Upcoming sessions</h2>
      {upcoming.length === 0 ? (
        <p data-testid="no-upcoming">No sessions are booked. Contact the clinic to book one.</p>
      ) : (
        <ul class="session-list" data-testid="upcoming">
          {shown.map((session) => (
            <li key={session.session_id} class="session-item" data-session={session.session_id}>
              <p class="session-when">
                <strong>{FormatSessionTime(session.start)}</strong>
              </p>
              <p class="muted">Phase: {PhaseWords(session.phase_id)}</p>
              {confirming === session.session_id ? (
                <div class="button-row" role="group" aria-label={`Cancel the session on ${FormatSessionTime(session.start)}?`}>
                  <p class="confirm-text">Cancel this session?</p>
                  <button type="button" disabled={busy} onClick={() => cancel(session)}>
                    {busy ? "Cancelling…" : "Yes, cancel it"}
                  </button>
                  <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(null)}>
                    Keep it
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    setConfirming(session.session_id);
                    setRefusal(null);
                  }}
                >
                  Cancel<span class="visually-hidden"> the session on {FormatSessionTime(session.start)}</span>
                </button>
              )}
              {refusal?.session_id === session.session_id && (
                <p class="notice notice-error" role="alert" data-testid="cancel-refused">
                  {refusal.text}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {!show_all && upcoming.length > kFirstShown && (
        <button type="button" class="secondary" onClick={() => setShowAll(true)}>
          Show all {upcoming.length} upcoming sessions
        </button>
      )}
      {props.patient_id === props.own_patient_id && <CalendarFeed />}
    </>
  );
}

/** The patient's calendar feed: made on request, its address shown once to subscribe to. */
function CalendarFeed() {
  const [address, setAddress] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const make = async () => {
    setBusy(true);
    setError("");
    try {
      const feed = await Post<{ token: string; path: string }>("/calendar-feed");
      setAddress(window.location.origin + feed.path);
    } catch (e) {
      const failure = AsApiError(e);
      setError(failure.status === 0 ? "We could not reach the clinic's server. Check your connection and try again." : failure.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="portal-card" aria-labelledby="calendar-heading" data-testid="calendar-feed">
      <h2 id="calendar-heading">Add to my calendar</h2>
      <p>Your sessions can appear in your phone's calendar and stay up to date when they change.</p>
      {address ? (
        <>
          <p>
            In your calendar app, add a calendar by address (“subscribe”) and paste this address. Keep it to yourself: anyone with it can see
            your session times.
          </p>
          <p>
            <a href={address.replace(/^https?:/, "webcal:")} data-testid="calendar-link">
              Open in my calendar app
            </a>
          </p>
          <label for="calendar-address">Calendar address</label>
          <input id="calendar-address" type="text" readOnly value={address} onFocus={(event) => (event.currentTarget as HTMLInputElement).select()} />
        </>
      ) : (
        <button type="button" class="secondary" disabled={busy} onClick={make}>
          {busy ? "Making your calendar address…" : "Make my calendar address"}
        </button>
      )}
      <p class="muted">Making a new address stops the one you made before.</p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
