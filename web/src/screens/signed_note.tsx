// A signed session note, read-only, with its addenda and the "Add addendum" form.

import { useState } from "preact/hooks";
import { ApiError, Request } from "../api";
import { FormatDateTime } from "../format";
import { AdverseEventWords, kMeasures, LogLines, MeasureWords } from "../note_form";
import type { Note } from "../types";
import { kSoapSections } from "../components/note_widgets";
import type { NoteContext } from "./note_context";

// --- Read-only ----------------------------------------------------------------------------------

export function NoteView(props: { note: Note; context: NoteContext; can_add_addendum: boolean; onChanged: () => void }) {
  const { note } = props;
  const tz = props.context.clinic.time_zone;
  const log = LogLines(note.techniques);
  return (
    <div class="note-view" data-testid="note-view">
      {note.status === "signed" && note.signed_at && (
        <p class="notice">
          Signed {FormatDateTime(note.signed_at, tz)}. A signed note never changes; add an addendum to correct or complete it.
        </p>
      )}
      <div class="note-layout">
        <section class="card" aria-labelledby="soap-view-heading">
          <h2 id="soap-view-heading">SOAP</h2>
          <dl class="soap-view">
            {kSoapSections.map((s) => (
              <div>
                <dt>{s.label}</dt>
                <dd data-testid={"soap-" + s.key}>{note.soap[s.key] || <span class="empty">Not written</span>}</dd>
              </div>
            ))}
          </dl>
          <h3>Objective measures</h3>
          <dl class="measures-view" data-testid="measures-view">
            {kMeasures.map((m) => {
              const value = note.objective_measures?.[m.key] ?? null;
              return (
                <div>
                  <dt>{m.label}</dt>
                  <dd data-testid={"measure-" + m.key}>{value === null ? <span class="empty">Not measured</span> : MeasureWords(m.key, value)}</dd>
                </div>
              );
            })}
          </dl>
        </section>
        <section class="card" aria-labelledby="log-view-heading">
          <h2 id="log-view-heading">Technique log</h2>
          {log.length === 0 ? (
            <p class="empty">Nothing logged.</p>
          ) : (
            <ul data-testid="log-view">
              {log.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          )}
          <h3>Pain and adverse events</h3>
          <p>
            NPRS before {note.nprs_before ?? "—"}, after {note.nprs_after ?? "—"}.
          </p>
          {note.adverse_events.length === 0 ? (
            <p>No adverse events.</p>
          ) : (
            <ul>
              {note.adverse_events.map((e) => (
                <li>{AdverseEventWords(e)}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {note.status === "signed" && <Addenda note={note} time_zone={tz} can_add={props.can_add_addendum} onAdded={props.onChanged} />}
    </div>
  );
}

function Addenda(props: { note: Note; time_zone: string; can_add: boolean; onAdded: () => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await Request("POST", `/notes/${props.note.id}/addenda`, { text });
      setText("");
      props.onAdded();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) setError(e);
    } finally {
      setBusy(false);
    }
  };
  const text_error = error?.fieldMessage("text");
  return (
    <section class="card" aria-labelledby="addenda-heading">
      <h2 id="addenda-heading">Addenda</h2>
      {props.note.addenda.length === 0 ? (
        <p class="empty">No addenda.</p>
      ) : (
        <ol class="addenda" data-testid="addenda">
          {props.note.addenda.map((a) => (
            <li>
              <time dateTime={a.at}>{FormatDateTime(a.at, props.time_zone)}</time>: {a.text}
            </li>
          ))}
        </ol>
      )}
      {props.can_add && (
        <form
          aria-label="Add an addendum"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) void add();
          }}
        >
          <div class="field">
            <label for="addendum-text">Addendum text</label>
            <textarea
              id="addendum-text"
              rows={3}
              value={text}
              aria-invalid={text_error ? "true" : undefined}
              aria-describedby={text_error ? "addendum-error" : undefined}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
            {text_error && (
              <p class="field-error" id="addendum-error">
                {text_error}
              </p>
            )}
          </div>
          {error && !text_error && (
            <p class="notice notice-error" role="alert">
              Not added: {error.message}
            </p>
          )}
          <button type="submit" disabled={busy || !text.trim()}>
            Add addendum
          </button>
        </form>
      )}
    </section>
  );
}
