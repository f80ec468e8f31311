// Today: the exercises of the patient's home program, each with its instructions and how often
// to do it, and a tick for "done today" saved at once with POST /adherence (which replaces the
// entry for that day and exercise, so ticking and unticking again is safe).

import { useState } from "preact/hooks";
import { Get, Post } from "../api";
import { AsApiError, ScreenHeading } from "../components/ui";
import { AddDays, FormatDay } from "../format";
import { UseResource } from "../session";
import type { HomeProgram } from "../types";
import { Pending, LocalToday } from "./common";

type Completion = "done" | "not_done";

/** "Every day" or "5 days a week". */
export function DoseWords(days_per_week: number): string {
  if (days_per_week >= 7) return "Every day";
  return days_per_week === 1 ? "Once a week" : `${days_per_week} days a week`;
}

export function TodayScreen(props: { patient_id: number; own_patient_id: number }) {
  const today = LocalToday();
  const program = UseResource(() => Get<HomeProgram>(`/patients/${props.patient_id}/home-program`), String(props.patient_id));
  /** Ticks saved in this visit, by exercise id (the server's `recent` is as loaded). */
  const [saved, setSaved] = useState<Record<string, Completion>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [failure, setFailure] = useState<{ exercise_id: string; text: string } | null>(null);

  const heading = <ScreenHeading title="Today">Today’s exercises</ScreenHeading>;
  if (!program.data) return Pending(heading, program.error, "your exercises", props.own_patient_id);

  const { exercises, recent } = program.data;
  const completion = (exercise_id: string, date: string): Completion | undefined => {
    if (date === today && saved[exercise_id]) return saved[exercise_id];
    return recent.find((e) => e.date === date && e.exercise_id === exercise_id)?.completion;
  };
  const week = Array.from({ length: 7 }, (_, i) => AddDays(today, -i));
  const done_today = exercises.filter((e) => completion(e.id, today) === "done").length;

  /** Shows the tick at once; on failure puts back what was there and says why. */
  const tick = async (exercise_id: string, name: string, done: boolean) => {
    const value: Completion = done ? "done" : "not_done";
    const previous = saved[exercise_id];
    setSaved((s) => ({ ...s, [exercise_id]: value }));
    setSaving(exercise_id);
    setFailure(null);
    setStatus("");
    try {
      await Post(`/patients/${props.patient_id}/adherence`, { date: today, exercise_id, completion: value });
      setStatus(done ? `Saved: ${name} done today.` : `Saved: ${name} not done today.`);
    } catch (e) {
      setSaved((s) => {
        const { [exercise_id]: _, ...rest } = s;
        return previous ? { ...rest, [exercise_id]: previous } : rest;
      });
      const error = AsApiError(e);
      const text =
        error.status === 0
          ? "Not saved: we could not reach the clinic's server. Check your connection and tick again."
          : `Not saved: ${error.fieldMessage("date") ?? error.fieldMessage("exercise_id") ?? error.message}`;
      setFailure({ exercise_id, text });
    } finally {
      setSaving((current) => (current === exercise_id ? null : current));
    }
  };

  return (
    <>
      {heading}
      <p class="muted">{FormatDay(today)}</p>
      {exercises.length === 0 ? (
        <p data-testid="no-program">Your therapist has not given you home exercises yet. They will add them at one of your sessions.</p>
      ) : (
        <>
          <p data-testid="today-count">
            {done_today} of {exercises.length} done today.
          </p>
          <p class="portal-live" role="status" aria-live="polite" data-testid="save-status">
            {status}
          </p>
          <ul class="exercise-list" data-testid="exercises">
            {exercises.map((exercise) => {
              const checked = completion(exercise.id, today) === "done";
              const days_done = week.filter((d) => completion(exercise.id, d) === "done").length;
              const id = `done-${exercise.id}`;
              return (
                <li class={"exercise" + (checked ? " exercise-done" : "")} key={exercise.id} data-exercise={exercise.id}>
                  <h2 id={`name-${exercise.id}`}>{exercise.name}</h2>
                  <p class="dose">
                    <strong>{DoseWords(exercise.days_per_week)}</strong>
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
                      onChange={(event) => tick(exercise.id, exercise.name, (event.currentTarget as HTMLInputElement).checked)}
                    />
                    <label for={id}>
                      Done today<span class="visually-hidden"> for {exercise.name}</span>
                    </label>
                    {saving === exercise.id && <span class="muted"> Saving…</span>}
                  </div>
                  {failure?.exercise_id === exercise.id && (
                    <p class="field-error" id={`error-${exercise.id}`} role="alert">
                      {failure.text}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
