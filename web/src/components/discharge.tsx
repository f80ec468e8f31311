// Ending a course on the patient chart (POST /courses/{id}/discharge): the "Discharge" action and
// its form for therapists and admins on an active or paused course, and the discharge summary of a
// course that has ended. Front desk reads only that the course ended and when: the outcome, the
// note and the scores are clinical.

import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, Post } from "../api";
import { FormatDay, FormatNumber, Humanize, InstrumentName } from "../format";
import { SeesClinicalData, UseSession } from "../session";
import type { Course, DischargeOutcome, DischargeSummary, ScheduleEntry } from "../types";

const kOutcomes: { id: DischargeOutcome; label: string; hint: string }[] = [
  { id: "goals_met", label: "Goals met", hint: "completes the course" },
  { id: "plateau", label: "Plateau", hint: "completes the course" },
  { id: "referred_on", label: "Referred on", hint: "discontinues the course" },
  { id: "patient_choice", label: "Patient's choice", hint: "discontinues the course" },
  { id: "lost_to_follow_up", label: "Lost to follow-up", hint: "discontinues the course" },
];

const kNoteMaxChars = 4000;

/** The course discharged just now, whose summary takes the focus once it shows (one-shot). */
let focus_summary_of: number | null = null;

export function OutcomeName(outcome: DischargeOutcome): string {
  return kOutcomes.find((o) => o.id === outcome)?.label ?? Humanize(outcome);
}

/**
 * The discharge part of one course on the chart. `sessions` are the course's sessions (to count
 * the bookings a discharge cancels);
 * `onDischarged` reloads the chart.
 */
export function CourseDischarge(props: {
  course: Course;
  sessions: ScheduleEntry[];
  onDischarged: () => void;
}) {
  const { user } = UseSession();
  const { course } = props;
  const clinical = SeesClinicalData(user);
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  // Back from the form ("Keep the course"): focus returns to the button that opened it.
  const closed_by_user = useRef(false);
  useEffect(() => {
    if (!open && closed_by_user.current) {
      closed_by_user.current = false;
      opener.current?.focus();
    }
  }, [open]);
  const ended = course.status === "completed" || course.status === "discontinued";

  if (ended) {
    if (!course.discharge) return null;
    if (!clinical)
      return (
        <p class="muted" data-testid="course-ended">
          Ended on {FormatDay(course.discharge.discharged_on, false)}.
        </p>
      );
    return <DischargeSummaryView course={course} my_user_id={user.user_id} />;
  }
  if (!clinical) return null;
  // Discharged; the chart is reloading and still has the course as it was.
  if (sent)
    return (
      <p class="muted" role="status">
        Course discharged. Loading the summary…
      </p>
    );
  if (!open)
    return (
      <p>
        <button ref={opener} type="button" class="secondary small" onClick={() => setOpen(true)} aria-label={`Discharge: end the course from ${FormatDay(course.start_date, false)}`}>
          Discharge
        </button>
      </p>
    );
  const future = props.sessions.filter((s) => s.status === "booked" && Date.parse(s.start) > Date.now()).length;
  return (
    <DischargeForm
      course={course}
      future_bookings={future}
      onCancel={() => {
        closed_by_user.current = true;
        setOpen(false);
      }}
      onDone={() => {
        focus_summary_of = course.id;
        setSent(true);
        setOpen(false);
        props.onDischarged();
      }}
    />
  );
}

function DischargeForm(props: {
  course: Course;
  future_bookings: number;
  onCancel: () => void;
  onDone: (summary: DischargeSummary) => void;
}) {
  const id = `discharge-${props.course.id}`;
  const [outcome, setOutcome] = useState<DischargeOutcome | null>(null);
  const [note, setNote] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [confirm_error, setConfirmError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!confirmed) {
      setConfirmError("Tick this box to confirm before discharging.");
      return;
    }
    setConfirmError(undefined);
    setBusy(true);
    setError(null);
    try {
      // Without an outcome the body leaves it out, and the API's field error says it is required.
      const body = outcome ? { outcome, note } : { note };
      props.onDone(await Post<DischargeSummary>(`/courses/${props.course.id}/discharge`, body));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "client", String(caught), []));
    } finally {
      setBusy(false);
    }
  };

  const outcome_error = error?.fieldMessage("outcome");
  const note_error = error?.fieldMessage("note");
  const general_error = error && !outcome_error && !note_error ? error.message : undefined;
  const consequence =
    props.future_bookings === 0
      ? "I understand that discharging ends the course (it has no future bookings to cancel)."
      : `I understand that discharging ends the course and cancels its ${
          props.future_bookings === 1 ? "1 future booking" : `${props.future_bookings} future bookings`
        }.`;
  return (
    <form class="discharge-form" onSubmit={submit} aria-labelledby={id + "-title"} data-testid="discharge-form" noValidate>
      <h4 id={id + "-title"} ref={heading} tabIndex={-1}>
        Discharge: end this course
      </h4>
      <fieldset
        class="outcome-group"
        aria-invalid={outcome_error ? "true" : undefined}
        aria-describedby={outcome_error ? id + "-outcome-error" : undefined}
      >
        <legend>Outcome</legend>
        {kOutcomes.map((o) => (
          <div class="field inline">
            <input
              type="radio"
              id={`${id}-${o.id}`}
              name={id + "-outcome"}
              value={o.id}
              checked={outcome === o.id}
              onChange={() => setOutcome(o.id)}
            />
            <label for={`${id}-${o.id}`}>
              {o.label} <span class="muted">({o.hint})</span>
            </label>
          </div>
        ))}
        {outcome_error && (
          <p class="field-error" id={id + "-outcome-error"}>
            {outcome_error}
          </p>
        )}
      </fieldset>
      <div class="field">
        <label for={id + "-note"}>Summary note</label>
        <p class="hint" id={id + "-note-hint"}>
          Why the course ends and what was advised; at most {kNoteMaxChars.toLocaleString("en-GB")} characters.
        </p>
        <textarea
          id={id + "-note"}
          rows={4}
          value={note}
          aria-invalid={note_error ? "true" : undefined}
          aria-describedby={[id + "-note-hint", note_error ? id + "-note-error" : ""].filter(Boolean).join(" ")}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {note_error && (
          <p class="field-error" id={id + "-note-error"}>
            {note_error}
          </p>
        )}
      </div>
      <div class="field inline discharge-confirm">
        <input
          type="checkbox"
          id={id + "-confirm"}
          checked={confirmed}
          aria-invalid={confirm_error ? "true" : undefined}
          aria-describedby={confirm_error ? id + "-confirm-error" : undefined}
          onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for={id + "-confirm"}>{consequence}</label>
      </div>
      {confirm_error && (
        <p class="field-error" id={id + "-confirm-error"}>
          {confirm_error}
        </p>
      )}
      {general_error && (
        <p class="notice notice-error" role="alert">
          Could not discharge: {general_error}
        </p>
      )}
      <div class="button-row">
        <button type="submit" disabled={busy}>
          {busy ? "Discharging…" : "Discharge"}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Keep the course
        </button>
      </div>
    </form>
  );
}

/** A discharged course's outcome and, for clinicians, its note and final scores against baseline. */
function DischargeSummaryView(props: { course: Course; my_user_id: number }) {
  const { course } = props;
  const discharge = course.discharge!;
  // As the discharge date left them (GET /courses); null for roles that do not see scores.
  const scores = discharge.changes ?? [];
  const by = discharge.discharged_by === props.my_user_id ? "you" : `staff user #${discharge.discharged_by}`;
  const caption_id = `discharge-scores-${course.id}`;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus_summary_of !== course.id) return;
    focus_summary_of = null;
    heading.current?.focus();
  }, [course.id]);
  return (
    <div class="discharge-summary" data-testid="discharge-summary">
      <h4 ref={heading} tabIndex={-1}>
        Discharge summary
      </h4>
      <dl class="facts">
        <div>
          <dt>Outcome</dt>
          <dd data-testid="discharge-outcome">{OutcomeName(discharge.outcome)}</dd>
        </div>
        <div>
          <dt>Discharged on</dt>
          <dd>
            <time dateTime={discharge.discharged_on}>{FormatDay(discharge.discharged_on, false)}</time>
          </dd>
        </div>
        <div>
          <dt>By</dt>
          <dd data-testid="discharge-by">{by}</dd>
        </div>
      </dl>
      <p class="discharge-note" data-testid="discharge-note">
        {discharge.note ? discharge.note : <span class="empty">No summary note.</span>}
      </p>
      {scores.length === 0 ? (
        <p class="empty">No scores against a baseline for this course.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={caption_id}>
          <table class="data-table" data-testid="discharge-scores">
            <caption id={caption_id}>Final scores against baseline</caption>
            <thead>
              <tr>
                <th scope="col">Questionnaire</th>
                <th scope="col">Baseline</th>
                <th scope="col">Final</th>
                <th scope="col">Change</th>
                <th scope="col">Responder class</th>
              </tr>
            </thead>
            <tbody>
              {scores.map((s) => (
                <tr data-instrument={s.instrument}>
                  <th scope="row">{InstrumentName(s.instrument)}</th>
                  <td>{FormatNumber(s.baseline)}</td>
                  <td>{FormatNumber(s.final)}</td>
                  <td>
                    {ChangeWords(s.points_change)}
                    {s.percent_change === null ? "" : ` (${FormatNumber(s.percent_change)} %)`}
                  </td>
                  <td>{s.class ? Humanize(s.class) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** points_change is baseline − final: positive is better. */
function ChangeWords(points_change: number): string {
  if (points_change === 0) return "No change";
  const points = Math.abs(points_change);
  return `${FormatNumber(points)} ${points === 1 ? "point" : "points"} ${points_change > 0 ? "better" : "worse"}`;
}
