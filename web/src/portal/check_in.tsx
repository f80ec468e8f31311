// Check-in: the weekly pain score (NPRS, 0-10) sent with POST /responses, the same call the staff
// app makes for a questionnaire; the last score sent is shown from GET /responses.

import { useState } from "preact/hooks";
import { Get, Post } from "../api";
import { AsApiError, ScreenHeading } from "../components/ui";
import { FormatNumber } from "../format";
import { UseResource } from "../session";
import type { ScoredResponse } from "../types";
import { FormatLongDate, Pending } from "./common";

/** The NPRS item as the instrument words it (src/core/instrument/instrument.cc). */
const kNprsQuestion =
  "On a scale of 0 to 10, where 0 is no pain and 10 is the worst pain imaginable, what number best describes your pain?";

export function CheckInScreen(props: { patient_id: number; own_patient_id: number }) {
  const responses = UseResource(
    () => Get<ScoredResponse[]>(`/patients/${props.patient_id}/responses`),
    String(props.patient_id),
  );
  const [score, setScore] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [sent, setSent] = useState<number | null>(null);

  const heading = <ScreenHeading title="Check-in">Weekly check-in</ScreenHeading>;
  if (!responses.data) return Pending(heading, responses.error, "your check-ins", props.own_patient_id);

  const last = responses.data
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
      responses.reload();
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

  return (
    <>
      {heading}
      <p>Once a week, tell your therapist how your back pain is. It takes a few seconds.</p>
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
