// Who looked at my record: staff reads and changes of the patient's record, newest first, from
// GET /patients/{id}/access-log (paged with ?before=<next>).

import { useState } from "preact/hooks";
import { Get } from "../api";
import { AsApiError, ScreenHeading } from "../components/ui";
import { RoleName } from "../format";
import { UseResource } from "../session";
import type { AccessLogEntry, AccessLogPage, AccessRecord } from "./types";
import { FormatShortDateTime, Pending } from "./common";

const kRecordWords: Record<AccessRecord, string> = {
  chart: "chart",
  notes: "session notes",
  sessions: "sessions",
  plan: "treatment plan",
  questionnaires: "questionnaire answers",
  progress: "progress",
  home_program: "home exercises",
  screening: "health screening",
  course: "course of treatment",
  alerts: "alerts",
  contact: "contact details",
  export: "record",
  report: "progress report",
  access_log: "access log",
};

/** "Dana Okafor (therapist) read your chart, 7 Dec 09:14". */
export function AccessSentence(entry: AccessLogEntry): string {
  const who = `${entry.name || "Someone"} (${RoleName(entry.role).toLowerCase()})`;
  const what = kRecordWords[entry.record] ?? entry.record.replace(/_/g, " ");
  const verb = entry.record === "export" ? "exported" : entry.kind === "change" ? "changed" : "read";
  return `${who} ${verb} your ${what}, ${FormatShortDateTime(entry.at)}`;
}

export function AccessLogScreen(props: { patient_id: number; own_patient_id: number }) {
  const first = UseResource(
    () => Get<AccessLogPage>(`/patients/${props.patient_id}/access-log`),
    String(props.patient_id),
  );
  const [more, setMore] = useState<AccessLogEntry[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [more_error, setMoreError] = useState("");

  const heading = <ScreenHeading title="Who looked at my record" />;
  const intro = (
    <p>Each time clinic staff open or change your record, it is written down. This is that list, newest first.</p>
  );
  if (!first.data) return Pending(heading, first.error, "the list", props.own_patient_id);

  const entries = [...first.data.entries, ...more];
  const cursor = next === undefined ? first.data.next : next;
  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    setMoreError("");
    try {
      const page = await Get<AccessLogPage>(
        `/patients/${props.patient_id}/access-log?before=${encodeURIComponent(cursor)}`,
      );
      setMore((m) => [...m, ...page.entries]);
      setNext(page.next);
    } catch (e) {
      setMoreError(`Could not load more: ${AsApiError(e).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {heading}
      {intro}
      {entries.length === 0 ? (
        <p data-testid="access-log-empty">Nobody at the clinic has opened your record yet.</p>
      ) : (
        <ul class="access-list" data-testid="access-log">
          {entries.map((entry) => (
            <li key={entry.id}>{AccessSentence(entry)}</li>
          ))}
        </ul>
      )}
      {more_error && (
        <p class="notice notice-error" role="alert">
          {more_error}
        </p>
      )}
      {cursor && (
        <button type="button" class="secondary" disabled={busy} onClick={loadMore}>
          {busy ? "Loading…" : "Show older entries"}
        </button>
      )}
    </>
  );
}
