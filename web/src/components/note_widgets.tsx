// Parts of the session note editor: the save status line, the labelled text area and the
// signing dialog (a summary of what becomes immutable).

import { useEffect, useRef, useState } from "preact/hooks";
import { FormatTime } from "../format";
import { AdverseEventWords, kMeasures, LogFromForm, LogLines, type NoteForm } from "../note_form";

export const kSoapSections: { key: keyof NoteForm["soap"]; label: string; letter: string }[] = [
  { key: "subjective", label: "Subjective", letter: "S" },
  { key: "objective", label: "Objective", letter: "O" },
  { key: "assessment", label: "Assessment", letter: "A" },
  { key: "plan", label: "Plan", letter: "P" },
];

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "offline"; reason: "network" | "session" }
  | { kind: "error"; message: string }
  | { kind: "conflict" };

export function SaveStatusLine(props: { status: SaveStatus; time_zone: string }) {
  const { status } = props;
  let text = "";
  let tone = "";
  switch (status.kind) {
    case "idle":
      text = "Not started: the draft is saved once you type or log something.";
      break;
    case "pending":
      text = "Unsaved changes…";
      break;
    case "saving":
      text = "Saving…";
      break;
    case "saved":
      text = "Saved at " + FormatTime(status.at, props.time_zone);
      tone = "ok";
      break;
    case "offline":
      text =
        status.reason === "session"
          ? "Not saved: your session ended — kept on this device. Log in again to save it."
          : "Not saved: offline — kept on this device";
      tone = "bad";
      break;
    case "error":
      text = "Not saved: " + status.message;
      tone = "bad";
      break;
    case "conflict":
      text = "Not saved: changed in another window";
      tone = "bad";
      break;
  }
  return (
    <p class={"save-status " + tone} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </p>
  );
}

export function TextArea(props: { id: string; value: string; error?: string; hint_id?: string; onInput: (value: string) => void }) {
  const described = [props.hint_id ?? "", props.error ? props.id + "-error" : ""].filter(Boolean).join(" ");
  return (
    <>
      <textarea
        id={props.id}
        rows={2}
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {props.error && (
        <p class="field-error" id={props.id + "-error"}>
          {props.error}
        </p>
      )}
    </>
  );
}

// --- Signing ------------------------------------------------------------------------------------

export function SignDialog(props: { form: NoteForm; onCancel: () => void; onSign: () => Promise<string | undefined> }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const on_close = () => props.onCancel();
    dialog?.addEventListener("close", on_close);
    return () => dialog?.removeEventListener("close", on_close);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { form } = props;
  const log = LogLines(LogFromForm(form));
  const filled = kSoapSections.filter((s) => form.soap[s.key].trim() !== "").map((s) => s.label);
  const empty = kSoapSections.filter((s) => form.soap[s.key].trim() === "").map((s) => s.label);
  return (
    <dialog ref={ref} class="sign-dialog" aria-labelledby="sign-title" aria-describedby="sign-lead" data-testid="sign-dialog">
      <h2 id="sign-title">Sign this note?</h2>
      <p id="sign-lead">
        Once signed, the note can never be changed. Later corrections are added as addenda, shown beside it. These become
        permanent:
      </p>
      <ul class="sign-summary">
        <li>
          SOAP: {filled.length ? filled.join(", ") : "nothing written"}
          {empty.length > 0 && filled.length > 0 ? ` (empty: ${empty.join(", ")})` : ""}
        </li>
        <li>
          Technique log: {log.length === 0 ? "nothing logged" : `${log.length} line${log.length === 1 ? "" : "s"}`}
          {log.length > 0 && (
            <ul>
              {log.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          )}
        </li>
        <li>
          NPRS before {form.nprs_before || "—"}, after {form.nprs_after || "—"}
        </li>
        <li data-testid="sign-measures">
          Objective measures:{" "}
          {kMeasures
            .map((m) => `${m.label.toLowerCase()} ${form.measures[m.key].trim() ? form.measures[m.key].trim() + " " + m.unit : "not measured"}`)
            .join(", ")}
        </li>
        <li>
          Adverse events: {form.adverse_events.length === 0 ? "none" : form.adverse_events.map(AdverseEventWords).join("; ")}
        </li>
      </ul>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="button-row">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            const problem = await props.onSign();
            setBusy(false);
            if (problem) setError(problem);
          }}
        >
          {busy ? "Signing…" : "Sign note"}
        </button>
        <button type="button" class="secondary" onClick={() => ref.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

