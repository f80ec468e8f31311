// Today: the home-program exercises due today (their start week has come), each with its
// instructions and dose from the protocol, a tick for "done today" and a 0-10 pain rating, saved
// at once with POST /adherence (which replaces the entry for that day and exercise, so ticking
// again is safe). Without a connection, or after the session has ended, the tick waits on the
// phone (offline.ts) and the screen says what is waiting to be sent; exercises that start in a
// later week are listed with their start date.

import { useEffect, useState } from "preact/hooks";
import { ApiError, Get } from "../api";
import { AsApiError, ScreenHeading } from "../components/ui";
import { AddDays, FormatDay } from "../format";
import { UseResource } from "../session";
import type { AdherenceEntry, ExerciseDose, HomeExercise, HomeProgram } from "../home_program_types";
import type { PortalSummary } from "./types";
import { Pending, LocalToday } from "./common";
import { DropPendingTick, OnPendingChanged, PendingTicks, QueueTick, SendTick, type PendingTick } from "./offline";

/** "Every day" or "5 days a week". */
export function DoseWords(days_per_week: number): string {
  if (days_per_week >= 7) return "Every day";
  return days_per_week === 1 ? "Once a week" : `${days_per_week} days a week`;
}

/** "3 sets of 10 · hold 30 seconds · every day": how much and how often, in plain words. */
export function DoseLine(dose: ExerciseDose): string {
  const parts: string[] = [];
  const sets = dose.sets ?? 1;
  if (dose.reps !== null) parts.push(sets > 1 ? `${sets} sets of ${dose.reps}` : `${dose.reps} times`);
  else if (sets > 1) parts.push(`${sets} sets`);
  if (dose.hold_seconds !== null) parts.push(`hold ${dose.hold_seconds} seconds`);
  if (dose.minutes !== null) parts.push(dose.minutes === 1 ? "1 minute" : `${dose.minutes} minutes`);
  const often = DoseWords(dose.days_per_week);
  parts.push(parts.length > 0 ? often.toLowerCase() : often);
  return parts.join(" · ");
}

/** "Posture · sitting", "Core", "Rebalancing · release": what kind of exercise it is. */
function KindWords(exercise: HomeExercise): string {
  const kind = { posture: "Posture", core: "Core", rebalancing: "Rebalancing" }[exercise.kind] ?? exercise.kind;
  const detail = exercise.context || exercise.action;
  return detail ? `${kind} · ${detail}` : kind;
}

/** What the patient last chose for an exercise today. */
interface Choice {
  completion: "done" | "not_done";
  pain_rating: number | null;
}

/** Whether the browser believes it is online, kept current. */
function UseOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

function Waiting(props: { count: number; online: boolean }) {
  if (props.count === 0 && props.online) return null;
  const ticks = props.count === 1 ? "1 tick is" : `${props.count} ticks are`;
  return (
    <div class="notice" role="status" data-testid="offline-status">
      {!props.online && <p>You are offline. You can still tick your exercises: they are kept on this phone.</p>}
      {props.count > 0 && (
        <p data-testid="pending-count">
          {ticks} waiting to be sent. {props.online ? "Sending now…" : "They will be sent when you are back online."}
        </p>
      )}
    </div>
  );
}

export function TodayScreen(props: { patient_id: number; own_patient_id: number }) {
  const today = LocalToday();
  const program = UseResource(
    () =>
      Promise.all([
        Get<HomeProgram>(`/patients/${props.patient_id}/home-program`),
        // The clinic's alert threshold; the screen works without it.
        Get<PortalSummary>(`/patients/${props.patient_id}/portal`).catch(() => null),
      ]),
    String(props.patient_id),
  );
  const online = UseOnline();
  const own = props.patient_id === props.own_patient_id;
  const [pending, setPending] = useState<PendingTick[]>(() => (own ? PendingTicks(props.patient_id) : []));
  /** Choices made in this visit, by exercise id (the server's `recent` is as loaded). */
  const [chosen, setChosen] = useState<Record<string, Choice>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [failure, setFailure] = useState<{ exercise_id: string; text: string } | null>(null);

  useEffect(() => {
    if (!own) return undefined;
    return OnPendingChanged(() => {
      const now = PendingTicks(props.patient_id);
      setPending((before) => {
        // Fewer waiting: some were sent (or refused), so the server's log is newer than ours.
        if (now.length < before.length) program.reload();
        return now;
      });
    });
  }, [props.patient_id, own]);

  const heading = <ScreenHeading title="Today">Today’s exercises</ScreenHeading>;
  if (!program.data) return Pending(heading, program.error, "your exercises", props.own_patient_id);

  const [{ exercises, recent }, summary] = program.data;
  const threshold = summary?.clinic.exercise_pain_alert_threshold ?? null;
  const due = exercises.filter((e) => e.due_today);
  const later = exercises.filter((e) => !e.due_today).sort((a, b) => a.starts_on.localeCompare(b.starts_on));

  const choiceOf = (exercise_id: string, date: string): Choice | undefined => {
    if (date === today && chosen[exercise_id]) return chosen[exercise_id];
    const waiting = pending.find((t) => t.date === date && t.exercise_id === exercise_id);
    if (waiting) return waiting;
    const entry: AdherenceEntry | undefined = recent.find((e) => e.date === date && e.exercise_id === exercise_id);
    return entry && { completion: entry.completion, pain_rating: entry.pain_rating ?? null };
  };
  const week = Array.from({ length: 7 }, (_, i) => AddDays(today, -i));
  const done_today = due.filter((e) => choiceOf(e.id, today)?.completion === "done").length;

  /** Shows the choice at once; sends it, or keeps it to send later when the server is unreachable. */
  const save = async (exercise: HomeExercise, choice: Choice) => {
    const previous = chosen[exercise.id];
    setChosen((c) => ({ ...c, [exercise.id]: choice }));
    setFailure(null);
    setStatus("");
    const tick: PendingTick = { date: today, exercise_id: exercise.id, ...choice };
    const what =
      choice.completion === "done"
        ? `${exercise.name} done today${choice.pain_rating === null ? "" : `, pain ${choice.pain_rating} out of 10`}`
        : `${exercise.name} not done today`;
    const keep = () => {
      QueueTick(props.patient_id, tick);
      setStatus(`Kept on this phone: ${what}. It will be sent when you are back online.`);
    };
    if (!navigator.onLine && own) return keep();
    setSaving(exercise.id);
    try {
      await SendTick(props.patient_id, tick);
      DropPendingTick(props.patient_id, today, exercise.id);
      setStatus(`Saved: ${what}.`);
      // Read the program again: the service worker keeps that answer, so a later offline visit
      // shows this tick too (it would otherwise show the program as first loaded today).
      program.reload();
    } catch (e) {
      const error = AsApiError(e);
      // Offline, or the session ended (the login screen follows): the tick waits for the next chance.
      if (own && (error.status === 0 || error.status === 401)) return keep();
      setChosen((c) => {
        const { [exercise.id]: _, ...rest } = c;
        return previous ? { ...rest, [exercise.id]: previous } : rest;
      });
      setFailure({ exercise_id: exercise.id, text: `Not saved: ${Refusal(error)}` });
    } finally {
      setSaving((current) => (current === exercise.id ? null : current));
    }
  };

  return (
    <>
      {heading}
      <p class="muted">{FormatDay(today)}</p>
      <Waiting count={pending.length} online={online} />
      {exercises.length === 0 ? (
        <p data-testid="no-program">Your therapist has not given you home exercises yet. They will add them at one of your sessions.</p>
      ) : (
        <>
          <p data-testid="today-count">
            {done_today} of {due.length} done today.
          </p>
          <p class="portal-live" role="status" aria-live="polite" data-testid="save-status">
            {status}
          </p>
          <ul class="exercise-list" data-testid="exercises">
            {due.map((exercise) => {
              const choice = choiceOf(exercise.id, today);
              const checked = choice?.completion === "done";
              const days_done = week.filter((d) => choiceOf(exercise.id, d)?.completion === "done").length;
              const waiting = pending.some((t) => t.date === today && t.exercise_id === exercise.id);
              const id = `done-${exercise.id}`;
              const rating = choice?.pain_rating ?? null;
              return (
                <li class={"exercise" + (checked ? " exercise-done" : "")} key={exercise.id} data-exercise={exercise.id}>
                  <p class="kind muted">{KindWords(exercise)}</p>
                  <h2 id={`name-${exercise.id}`}>{exercise.name}</h2>
                  <p class="dose">
                    <strong data-testid="dose">{DoseLine(exercise.dose)}</strong>
                    <span class="muted"> · done on {days_done} of the last 7 days</span>
                  </p>
                  <p>{exercise.instructions}</p>
                  <div class="tick">
                    <input
                      type="checkbox"
                      id={id}
                      checked={checked}
                      aria-busy={saving === exercise.id}
                      aria-describedby={failure?.exercise_id === exercise.id ? `error-${exercise.id}` : undefined}
                      onChange={(event) =>
                        save(exercise, {
                          completion: (event.currentTarget as HTMLInputElement).checked ? "done" : "not_done",
                          pain_rating: (event.currentTarget as HTMLInputElement).checked ? rating : null,
                        })
                      }
                    />
                    <label for={id}>
                      Done today<span class="visually-hidden"> for {exercise.name}</span>
                    </label>
                    {saving === exercise.id && <span class="muted"> Saving…</span>}
                    {waiting && (
                      <span class="waiting" data-testid="waiting">
                        Waiting to be sent
                      </span>
                    )}
                  </div>
                  {checked && (
                    <div class="pain-rating">
                      <label for={`pain-${exercise.id}`}>How much did it hurt? (0 = no pain, 10 = worst pain)</label>
                      <select
                        id={`pain-${exercise.id}`}
                        value={rating === null ? "" : String(rating)}
                        onChange={(event) => {
                          const value = (event.currentTarget as HTMLSelectElement).value;
                          save(exercise, { completion: "done", pain_rating: value === "" ? null : Number(value) });
                        }}
                      >
                        <option value="">Not rated</option>
                        {Array.from({ length: 11 }, (_, n) => (
                          <option value={String(n)}>{n}</option>
                        ))}
                      </select>
                      {threshold !== null && rating !== null && rating >= threshold && (
                        <p class="muted" data-testid="pain-told">
                          Your therapist will see this rating. If the pain is severe or you feel numbness or weakness in your leg, stop the exercise and call the clinic.
                        </p>
                      )}
                    </div>
                  )}
                  {failure?.exercise_id === exercise.id && (
                    <p class="field-error" id={`error-${exercise.id}`} role="alert">
                      {failure.text}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          {later.length > 0 && (
            <section aria-labelledby="later-heading" data-testid="later">
              <h2 id="later-heading">Coming later</h2>
              <ul class="later-list">
                {later.map((exercise) => (
                  <li key={exercise.id}>
                    {exercise.name} <span class="muted">from {FormatDay(exercise.starts_on)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}

/** The server's reason for refusing a tick, in the words of the field it names. */
function Refusal(error: ApiError): string {
  return error.fieldMessage("date") ?? error.fieldMessage("exercise_id") ?? error.fieldMessage("pain_rating") ?? error.message;
}
