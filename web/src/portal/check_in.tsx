// Check-in: the questionnaires due at this checkpoint of the course (GET /patients/{id}/portal
// names them; rendered from the instrument definitions of GET /instruments and sent with POST
// /responses tagged with the checkpoint), or, when none is due, the weekly pain score (NPRS,
// 0-10). The last pain score sent is shown from GET /responses.

import { useState } from "preact/hooks";
import { Get, Post } from "../api";
import { InstrumentItems, ItemErrors } from "../components/instrument_items";
import { AsApiError, ScreenHeading } from "../components/ui";
import { FormatNumber } from "../format";
import { UseResource } from "../session";
import type { Instrument, ScoredResponse } from "../types";
import type { PortalSummary } from "./types";
import { FormatLongDate, Pending } from "./common";

/** The NPRS item as the instrument words it (src/core/instrument/instrument.cc). */
const kNprsQuestion =
  "On a scale of 0 to 10, where 0 is no pain and 10 is the worst pain imaginable, what number best describes your pain?";

/** A checkpoint id in words: "week_4" → "week 4", "session_6" → "after session 6". */
export function CheckpointWords(id: string): string {
  const week = /^week_(\d+)$/.exec(id);
  if (week) return `week ${week[1]}`;
  const session = /^session_(\d+)$/.exec(id);
  if (session) return `after session ${session[1]}`;
  const months = /^followup_(\d+)m$/.exec(id);
  if (months) return `${months[1]}-month follow-up`;
  return id.replace(/[_-]+/g, " ");
}

interface Answering {
  answers: (number | null)[];
  items: Record<number, string>;
  general: string;
  sent: boolean;
}

/** The questionnaires of a due checkpoint, each sent with its checkpoint tag. */
function DueQuestionnaires(props: {
  patient_id: number;
  due: NonNullable<PortalSummary["check_in"]["due"]>;
  instruments: Instrument[];
  onSent: () => void;
}) {
  const { due } = props;
  const [state, setState] = useState<Record<string, Answering>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const of = (i: Instrument): Answering => state[i.id] ?? { answers: i.items.map(() => null), items: {}, general: "", sent: false };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setMessage("");
    const next = { ...state };
    for (const instrument of props.instruments) {
      const current = of(instrument);
      if (current.sent) continue;
      // A questionnaire with more unanswered items than its scoring allows cannot be scored: each
      // unanswered item says so, and nothing of it is sent.
      const unanswered = instrument.items.filter((_, index) => current.answers[index] === null);
      if (unanswered.length > instrument.max_missing_items) {
        const items: Record<number, string> = {};
        for (const item of unanswered) items[item.number] = `Please answer question ${item.number}.`;
        const needed = instrument.items.length - instrument.max_missing_items;
        const general =
          needed === instrument.items.length
            ? "Please answer every question."
            : `Please answer at least ${needed} of the ${instrument.items.length} questions.`;
        next[instrument.id] = { ...current, items, general };
        continue;
      }
      try {
        await Post<ScoredResponse>(`/patients/${props.patient_id}/responses`, {
          instrument: instrument.id,
          answers: current.answers,
          checkpoint_id: due.checkpoint_id,
        });
        next[instrument.id] = { ...current, items: {}, general: "", sent: true };
      } catch (e) {
        const error = AsApiError(e);
        if (error.status === 0) {
          setMessage("Not sent: we could not reach the clinic's server. Check your connection and try again.");
          break;
        }
        const { items, general } = ItemErrors(error.fields, error.message);
        next[instrument.id] = { ...current, items, general: general.join("; ") };
      }
    }
    setState(next);
    setBusy(false);
    if (props.instruments.every((i) => next[i.id]?.sent)) props.onSent();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="due-check-in">
      <p>
        Your therapist asks for these questionnaires at <strong>{CheckpointWords(due.checkpoint_id)}</strong> of your course, to see how
        you are doing. They take a few minutes.
      </p>
      {props.instruments.map((instrument) => {
        const current = of(instrument);
        return (
          <fieldset class="instrument portal-card" key={instrument.id} data-testid={"instrument-" + instrument.id}>
            <legend>{instrument.title}</legend>
            {current.sent ? (
              <p class="saved">Sent. Thank you.</p>
            ) : (
              <>
                {current.general && (
                  <p class="field-error" role="alert">
                    {current.general}
                  </p>
                )}
                <InstrumentItems
                  instrument={instrument}
                  answers={current.answers}
                  errors={current.items}
                  onAnswer={(index, value) =>
                    setState((s) => {
                      const answers = [...of(instrument).answers];
                      answers[index] = value;
                      return { ...s, [instrument.id]: { ...of(instrument), answers } };
                    })
                  }
                />
              </>
            )}
          </fieldset>
        );
      })}
      {message && (
        <p class="notice notice-error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Sending…" : "Send my answers"}
      </button>
    </form>
  );
}

export function CheckInScreen(props: { patient_id: number; own_patient_id: number }) {
  const loaded = UseResource(async () => {
    const [responses, summary] = await Promise.all([
      Get<ScoredResponse[]>(`/patients/${props.patient_id}/responses`),
      Get<PortalSummary>(`/patients/${props.patient_id}/portal`),
    ]);
    const due = summary.check_in.due;
    const instruments = due ? (await Get<Instrument[]>("/instruments")).filter((i) => due.instruments.includes(i.id)) : [];
    return { responses, summary, instruments };
  }, String(props.patient_id));
  const [due_sent, setDueSent] = useState(false);
  const [score, setScore] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [sent, setSent] = useState<number | null>(null);

  const heading = <ScreenHeading title="Check-in">Check-in</ScreenHeading>;
  if (!loaded.data) return Pending(heading, loaded.error, "your check-ins", props.own_patient_id);
  const { responses, summary, instruments } = loaded.data;
  const due = summary.check_in.due;

  const last = responses
    .filter((r) => r.instrument === "nprs" && r.score !== null)
    .sort((a, b) => Date.parse(b.taken_at) - Date.parse(a.taken_at))[0];

  const submit = async (event: Event) => {
    event.preventDefault();
    if (score === null) {
      setError("Choose a number from 0 to 10.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await Post(`/patients/${props.patient_id}/responses`, { instrument: "nprs", answers: [score] });
      setSent(score);
      setScore(null);
      loaded.reload();
    } catch (e) {
      const failure = AsApiError(e);
      setError(
        failure.status === 0
          ? "Not sent: we could not reach the clinic's server. Check your connection and try again."
          : `Not sent: ${failure.fields[0]?.message ?? failure.message}`,
      );
    } finally {
      setBusy(false);
    }
  };

  if (due && !due_sent && instruments.length > 0)
    return (
      <>
        {heading}
        <DueQuestionnaires
          patient_id={props.patient_id}
          due={due}
          instruments={instruments}
          onSent={() => {
            setDueSent(true);
            loaded.reload();
          }}
        />
      </>
    );

  return (
    <>
      {heading}
      {due_sent && (
        <p class="notice notice-ok" role="status" data-testid="due-sent">
          Thank you. Your answers are saved and your therapist will see them.
        </p>
      )}
      <h2>Weekly pain score</h2>
      <p data-testid="weekly-due">
        {summary.check_in.weekly.due
          ? "Once a week, tell your therapist how your back pain is. It takes a few seconds."
          : "You have given your pain score this week. You can send another if your pain has changed."}
      </p>
      {last && (
        <p class="muted" data-testid="last-check-in">
          Your last pain score was {FormatNumber(last.score, 0)} out of 10, on {FormatLongDate(last.taken_at)}.
        </p>
      )}
      {sent !== null && (
        <p class="notice notice-ok" role="status" data-testid="check-in-sent">
          Thank you. Your pain score of {sent} out of 10 is saved.
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset class="nprs" aria-describedby={error ? "nprs-error" : undefined}>
          <legend>{kNprsQuestion}</legend>
          <div class="nprs-scale">
            {Array.from({ length: 11 }, (_, n) => (
              <label class={"nprs-option" + (score === n ? " selected" : "")} key={n}>
                <input
                  type="radio"
                  name="nprs"
                  value={n}
                  checked={score === n}
                  onChange={() => {
                    setScore(n);
                    setError("");
                  }}
                />
                <span>{n}</span>
              </label>
            ))}
          </div>
          <p class="nprs-ends muted" aria-hidden="true">
            <span>0 no pain</span>
            <span>10 worst imaginable</span>
          </p>
          {error && (
            <p class="field-error" id="nprs-error" role="alert">
              {error}
            </p>
          )}
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? "Sending…" : "Send my pain score"}
        </button>
      </form>
    </>
  );
}
