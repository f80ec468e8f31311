// /sessions/:id/note?patient=N — the session note. A therapist drafts it keyboard-first (Alt+S/O/A/P
// jump to the SOAP sections, Space runs the trigger-point hold timer, Ctrl+Enter opens signing),
// with autosave (a draft is created on the first save; each save sends If-Match so a save from
// another window shows as a choice), a copy kept on this device while a save fails, and signing
// after a summary of what becomes immutable. A signed note is shown read-only with its addenda and
// an "Add addendum" form. Admins read; front desk and patients are told politely (the API refuses
// them anyway). `patient` (set by the day sheet and chart links) gives the heading, the protocol's
// technique parameters before the first save, and "repeat last session".

import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, Get, Post, RequestVersioned } from "../api";
import { AdverseEvents, PressureFields, ReleaseSection, StrippingSection, TriggerPointSection } from "../components/technique_log";
import { MeasureFields } from "../components/measure_fields";
import { ErrorNotice, Link, Loading, ScreenHeading } from "../components/ui";
import { FormatDateTime, FormatDay, FormatTime, Humanize, ZonedDate } from "../format";
import { ContentFromForm, DropLocal, EmptyForm, FieldMessage, FormFromNote, KeepLocal, SetLocalDraftOwner, ReadLocal, TriggerPointWords, type NoteForm } from "../note_form";
import { SeesClinicalData, UseResource, UseSession } from "../session";
import type { FieldError, Note } from "../types";
import { PatientName } from "./patient_list";
import { kSoapSections, SaveStatusLine, SignDialog, TextArea, type SaveStatus } from "../components/note_widgets";
import { LoadNoteContext, type NoteContext } from "./note_context";
import { NoteView } from "./signed_note";

/** Autosave waits this long after the last change. */
const kAutosaveDelayMs = 1500;


export function SessionNote(props: { session_id: number; patient_id: number | null }) {
  const { user } = UseSession();
  SetLocalDraftOwner(user.user_id);
  const allowed = SeesClinicalData(user);
  const context = UseResource<NoteContext | null>(
    () => (allowed ? LoadNoteContext(props.session_id, props.patient_id) : Promise.resolve(null)),
    `${props.session_id}|${props.patient_id}|${allowed}`,
  );

  if (!allowed)
    return (
      <>
        <ScreenHeading title="Session note" />
        <p class="notice" data-testid="note-not-for-role">
          Session notes are written and read by therapists (and read by admins). Please ask the patient's therapist if you
          need something from a note.
        </p>
      </>
    );
  if (context.error)
    return (
      <>
        <ScreenHeading title="Session note" />
        <ErrorNotice error={context.error} what="this session's note" />
      </>
    );
  if (!context.data)
    return (
      <>
        <ScreenHeading title="Session note" />
        <Loading what="the note" />
      </>
    );
  const data = context.data;
  const heading = <NoteHeading context={data} />;
  if (data.note?.status === "signed")
    return (
      <>
        {heading}
        <NoteView note={data.note} context={data} can_add_addendum={user.role === "therapist"} onChanged={context.reload} />
      </>
    );
  if (user.role !== "therapist")
    return (
      <>
        {heading}
        {data.note ? (
          <>
            <p class="notice">This note is a draft; only therapists write notes.</p>
            <NoteView note={data.note} context={data} can_add_addendum={false} onChanged={context.reload} />
          </>
        ) : (
          <p class="empty">No note has been written for this session yet.</p>
        )}
      </>
    );
  return (
    <>
      {heading}
      <NoteEditor key={data.note?.id ?? "new"} session_id={props.session_id} context={data} onSigned={context.reload} />
    </>
  );
}

function NoteHeading(props: { context: NoteContext }) {
  const { patient, session, clinic, note } = props.context;
  const name = patient ? PatientName(patient) || "(no name)" : null;
  const when = session
    ? `${FormatDay(ZonedDate(new Date(session.start), clinic.time_zone))} ${FormatTime(session.start, clinic.time_zone)}`
    : null;
  const title = ["Session note", name].filter(Boolean).join(" · ");
  return (
    <div class="note-heading">
      <ScreenHeading title={title}>
        Session note
        {name && <span class="subtitle"> {name}</span>}
        {when && <span class="subtitle">, {when}</span>}
      </ScreenHeading>
      <p class="note-meta">
        {note && <span class={"badge badge-note-" + note.status}>{note.status === "signed" ? "Signed" : "Draft"}</span>}
        {patient && <Link href={`/patients/${patient.id}`}>Back to {name}'s chart</Link>}
      </p>
    </div>
  );
}

// --- The editor -------------------------------------------------------------------------------



const kPathWords: Record<string, string> = {
  nprs_before: "NPRS before",
  nprs_after: "NPRS after",
  strip_passes: "Stripping entry",
  trigger_points: "Trigger point",
  release_areas: "Release entry",
  adverse_events: "Adverse event",
  objective_measures: "Objective measures",
  standing_tolerance_minutes: "Standing tolerance",
  schober_cm: "Modified Schober",
  fingertip_to_floor_cm: "Fingertip-to-floor",
};

/** "techniques.trigger_points[0].hold_seconds" → "Trigger point 1, hold seconds". */
function PathWords(path: string): string {
  const parts = path.replace(/^techniques\./, "").split(".");
  return parts
    .map((part, index) => {
      const item = /^(\w+)\[(\d+)\]$/.exec(part);
      const words = item ? `${kPathWords[item[1]] ?? Humanize(item[1])} ${Number(item[2]) + 1}` : kPathWords[part] ?? Humanize(part);
      return index === 0 ? words : words.toLowerCase();
    })
    .join(", ");
}

function NoteEditor(props: { session_id: number; context: NoteContext; onSigned: () => void }) {
  const { context, session_id } = props;
  const tz = context.clinic.time_zone;
  const local = useRef(ReadLocal(session_id));
  const [form, setForm] = useState<NoteForm>(() =>
    local.current ? local.current.form : context.note ? FormFromNote(context.note) : EmptyForm(),
  );
  const [status, setStatus] = useState<SaveStatus>(
    context.note ? { kind: "saved", at: context.note.updated_at } : { kind: "idle" },
  );
  const [restored_at] = useState<string | null>(local.current?.kept_at ?? null);
  const [field_errors, setFieldErrors] = useState<FieldError[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [signing, setSigning] = useState(false);

  const form_ref = useRef(form);
  const note_id = useRef<number | null>(context.note?.id ?? null);
  const etag = useRef<string | null>(context.etag);
  const version = useRef(local.current ? 1 : 0);
  const saved_version = useRef(0);
  const in_flight = useRef<Promise<boolean> | null>(null);
  const debounce = useRef<number | undefined>(undefined);
  const in_conflict = useRef(false);

  const schedule = () => {
    window.clearTimeout(debounce.current);
    debounce.current = window.setTimeout(() => void Save(), kAutosaveDelayMs);
  };

  const update = (change: (f: NoteForm) => NoteForm) => {
    const next = change(form_ref.current);
    form_ref.current = next;
    setForm(next);
    version.current += 1;
    KeepLocal(session_id, next);
    if (!in_conflict.current) {
      setStatus((s) => (s.kind === "saving" ? s : { kind: "pending" }));
      schedule();
    }
  };

  const RunSave = async (overwrite: boolean): Promise<boolean> => {
    const target = version.current;
    setStatus({ kind: "saving" });
    const content = ContentFromForm(form_ref.current);
    try {
      if (note_id.current === null) {
        let created: { id: number };
        try {
          created = await Post<{ id: number }>(`/sessions/${session_id}/note`, content);
        } catch (error) {
          // Another window drafted this session's note first: the same choice as a clash.
          if (!(error instanceof ApiError) || error.status !== 409) throw error;
          const existing = await RequestVersioned<Note>("GET", `/sessions/${session_id}/note`).catch(() => null);
          if (!existing || existing.data.status !== "draft") throw error;
          note_id.current = existing.data.id;
          etag.current = existing.etag;
          throw new ApiError(409, "conflict", error.message, []);
        }
        note_id.current = created.id;
        const fresh = await RequestVersioned<Note>("GET", `/notes/${created.id}`);
        etag.current = fresh.etag;
      } else {
        const answer = await RequestVersioned<void>("PUT", `/notes/${note_id.current}`, content, {
          if_match: overwrite ? null : etag.current,
        });
        // A server that sends no ETag does not check If-Match either: send none from now on.
        etag.current = answer.etag;
      }
      saved_version.current = target;
      in_conflict.current = false;
      if (version.current === target) DropLocal(session_id);
      setFieldErrors([]);
      setStatus({ kind: "saved", at: new Date().toISOString() });
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      KeepLocal(session_id, form_ref.current);
      if (error.status === 0 || error.status >= 500) setStatus({ kind: "offline", reason: "network" });
      else if (error.status === 401) setStatus({ kind: "offline", reason: "session" });
      else if (error.status === 409 && error.code === "conflict") {
        in_conflict.current = true;
        setStatus({ kind: "conflict" });
      } else {
        setFieldErrors(error.fields);
        setStatus({ kind: "error", message: error.message });
      }
      return false;
    }
  };

  /** Saves now (waiting for a save in flight first); true when everything typed is saved. */
  const Save = async (overwrite = false): Promise<boolean> => {
    window.clearTimeout(debounce.current);
    while (in_flight.current) await in_flight.current;
    if (in_conflict.current && !overwrite) return false;
    if (saved_version.current === version.current && note_id.current !== null) return true;
    const promise = RunSave(overwrite);
    in_flight.current = promise;
    let ok = false;
    try {
      ok = await promise;
    } finally {
      in_flight.current = null;
    }
    if (ok && version.current !== saved_version.current) {
      setStatus({ kind: "pending" });
      schedule();
    }
    return ok;
  };

  const ReloadTheirs = async () => {
    if (note_id.current === null) return;
    try {
      const fresh = await RequestVersioned<Note>("GET", `/notes/${note_id.current}`);
      const next = FormFromNote(fresh.data);
      form_ref.current = next;
      setForm(next);
      etag.current = fresh.etag;
      version.current += 1;
      saved_version.current = version.current;
      in_conflict.current = false;
      DropLocal(session_id);
      setFieldErrors([]);
      setStatus({ kind: "saved", at: fresh.data.updated_at });
      setAnnouncement("Loaded the version saved in the other window; your changes were discarded.");
      if (fresh.data.status === "signed") props.onSigned();
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) setStatus({ kind: "error", message: error.message });
    }
  };

  // A copy restored from this device is saved at once.
  useEffect(() => {
    if (local.current) void Save();
    // Leaving the screen saves what is pending (the copy on this device stays until it is saved).
    return () => {
      window.clearTimeout(debounce.current);
      if (version.current !== saved_version.current && !in_conflict.current) void Save();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Back online: save what was kept on this device.
  useEffect(() => {
    const on_online = () => {
      if (version.current !== saved_version.current && !in_conflict.current) void Save();
    };
    window.addEventListener("online", on_online);
    return () => window.removeEventListener("online", on_online);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keyboard: Alt+S/O/A/P jump to the SOAP sections; Ctrl+Enter opens signing.
  useEffect(() => {
    const on_key = (event: KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const section = kSoapSections.find((s) => event.code === "Key" + s.letter);
        if (section) {
          event.preventDefault();
          document.getElementById("soap-" + section.key)?.focus();
        }
        return;
      }
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        setSigning(true);
      }
    };
    document.addEventListener("keydown", on_key);
    return () => document.removeEventListener("keydown", on_key);
  }, []);

  const restrictions = context.restrictions;
  const technique = (id: string) => context.techniques.find((t) => t.id === id);
  const stripping = technique("muscle_stripping");
  const trigger = technique("trigger_point");
  const release = technique("myofascial_release");

  const repeatLast = async () => {
    if (!context.patient) return;
    try {
      const notes = await Get<Note[]>(`/patients/${context.patient.id}/notes`);
      const last = notes.filter((n) => n.status === "signed" && n.session_id !== session_id).pop();
      if (!last) {
        setAnnouncement("There is no earlier signed note to repeat.");
        return;
      }
      const current = form_ref.current;
      if (current.strip_passes.length + current.trigger_points.length + current.release_areas.length > 0) {
        setAnnouncement("Today's log already has entries; remove them first to repeat the last session's log.");
        return;
      }
      update((f) => ({
        ...f,
        strip_passes: last.techniques.strip_passes.map((x) => ({ ...x })),
        trigger_points: last.techniques.trigger_points.map((x) => ({ ...x })),
        release_areas: last.techniques.release_areas.map((x) => ({ ...x })),
        pressure: last.techniques.pressure ?? "",
        tolerance: last.techniques.tolerance ?? "",
      }));
      const measured = Object.keys(context.last_measures).length > 0;
      setAnnouncement(
        `Copied the technique log of the note signed ${last.signed_at ? FormatDateTime(last.signed_at, tz) : ""}. Adjust it to today's session.` +
          (measured ? " The last objective measures are shown beside their fields; enter today's if you measured them." : ""),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) setAnnouncement("Could not read the earlier notes: " + error.message);
    }
  };

  return (
    <form
      class="note-editor"
      aria-label="Session note"
      onSubmit={(e) => {
        e.preventDefault();
        void Save();
      }}
    >
      <div class="note-toolbar">
        <SaveStatusLine status={status} time_zone={tz} />
        <button type="submit" class="secondary">
          Save now
        </button>
        {context.patient && (
          <button type="button" class="secondary" onClick={repeatLast}>
            Repeat last session's techniques
          </button>
        )}
        <button type="button" onClick={() => setSigning(true)} aria-keyshortcuts="Control+Enter">
          Sign…
        </button>
      </div>
      <p class="hint">Alt+S, Alt+O, Alt+A, Alt+P jump to the SOAP sections; Ctrl+Enter signs.</p>
      {restored_at && (
        <p class="notice" data-testid="restored">
          Restored the changes kept on this device at {FormatTime(restored_at, tz)}, which had not reached the server; they
          are saved again now.
        </p>
      )}
      {status.kind === "conflict" && (
        <div class="notice notice-error conflict" role="alert" data-testid="conflict">
          <p>This note was saved from another window since you opened it. Which version should stay?</p>
          <div class="button-row">
            <button type="button" class="secondary" onClick={ReloadTheirs}>
              Reload theirs
            </button>
            <button type="button" onClick={() => void Save(true)}>
              Overwrite with mine
            </button>
          </div>
        </div>
      )}
      {field_errors.length > 0 && (
        <div class="notice notice-error" role="alert" data-testid="field-errors">
          <p>The note was not saved. Please correct:</p>
          <ul>
            {field_errors.map((e) => (
              <li>
                {PathWords(e.path)}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class={announcement ? "notice" : "visually-hidden"} role="status" aria-live="polite" data-testid="note-announcement">
        {announcement}
      </p>

      <div class="note-layout">
        <section class="card soap" aria-labelledby="soap-heading">
          <h2 id="soap-heading">SOAP</h2>
          {kSoapSections.map((section) => {
            const id = "soap-" + section.key;
            const error = FieldMessage(field_errors, "soap." + section.key);
            return (
              <div class="field">
                <label for={id}>
                  {section.label} <span class="shortcut">(Alt+{section.letter})</span>
                </label>
                <textarea
                  id={id}
                  rows={4}
                  value={form.soap[section.key]}
                  aria-keyshortcuts={"Alt+" + section.letter}
                  aria-invalid={error ? "true" : undefined}
                  aria-describedby={error ? id + "-error" : undefined}
                  onInput={(e) => {
                    const value = (e.currentTarget as HTMLTextAreaElement).value;
                    update((f) => ({ ...f, soap: { ...f.soap, [section.key]: value } }));
                  }}
                />
                {error && (
                  <p class="field-error" id={id + "-error"}>
                    {error}
                  </p>
                )}
                {section.key === "objective" && (
                  <MeasureFields
                    values={form.measures}
                    errors={field_errors}
                    last={context.last_measures}
                    time_zone={tz}
                    onInput={(key, value) => update((f) => ({ ...f, measures: { ...f.measures, [key]: value } }))}
                  />
                )}
              </div>
            );
          })}
        </section>

        <section class="card techniques" aria-labelledby="techniques-heading">
          <h2 id="techniques-heading">Technique log</h2>
          {context.techniques.length === 0 && (
            <p class="notice">
              The protocol's technique parameters are not known here (open the note from the day sheet or the chart).
            </p>
          )}
          {context.areas_to_avoid.length > 0 && (
            <p class="precautions">
              <strong>Areas to avoid:</strong>{" "}
              {context.areas_to_avoid
                .map((a) => `${a.area ? a.area : "the affected area"} (${Humanize(a.condition).toLowerCase()})`)
                .join("; ")}
            </p>
          )}
          {trigger && (
            <TriggerPointSection
              technique={trigger}
              restrictions={restrictions.filter((r) => r.technique_id === trigger.id)}
              entries={form.trigger_points}
              errors={field_errors}
              onLog={(entry) => {
                update((f) => ({ ...f, trigger_points: [...f.trigger_points, entry] }));
                setAnnouncement(`Logged: ${TriggerPointWords(entry)}.`);
              }}
              onRemove={(index) => update((f) => ({ ...f, trigger_points: f.trigger_points.filter((_, i) => i !== index) }))}
            />
          )}
          {stripping && (
            <StrippingSection
              technique={stripping}
              restrictions={restrictions.filter((r) => r.technique_id === stripping.id)}
              entries={form.strip_passes}
              errors={field_errors}
              onLog={(entry) => update((f) => ({ ...f, strip_passes: [...f.strip_passes, entry] }))}
              onRemove={(index) => update((f) => ({ ...f, strip_passes: f.strip_passes.filter((_, i) => i !== index) }))}
            />
          )}
          {release && (
            <ReleaseSection
              technique={release}
              restrictions={restrictions.filter((r) => r.technique_id === release.id)}
              entries={form.release_areas}
              errors={field_errors}
              onLog={(entry) => update((f) => ({ ...f, release_areas: [...f.release_areas, entry] }))}
              onRemove={(index) => update((f) => ({ ...f, release_areas: f.release_areas.filter((_, i) => i !== index) }))}
            />
          )}
          <PressureFields form={form} restrictions={restrictions} errors={field_errors} update={update} />
          <div class="field">
            <label for="deviation-reason">Reason for departing from the protocol (if you did)</label>
            <p class="hint" id="deviation-reason-hint">
              For example a hold outside the range. A log that departs from the protocol without a reason is not saved.
            </p>
            <TextArea
              id="deviation-reason"
              value={form.deviation_reason}
              error={FieldMessage(field_errors, "techniques.deviation_reason")}
              hint_id="deviation-reason-hint"
              onInput={(value) => update((f) => ({ ...f, deviation_reason: value }))}
            />
          </div>
          <div class="field">
            <label for="no-hands-on">No hands-on treatment today because…</label>
            <TextArea
              id="no-hands-on"
              value={form.no_hands_on_reason}
              error={FieldMessage(field_errors, "techniques.no_hands_on_reason")}
              onInput={(value) => update((f) => ({ ...f, no_hands_on_reason: value }))}
            />
          </div>
        </section>

        <section class="card outcome" aria-labelledby="outcome-heading">
          <h2 id="outcome-heading">Pain and adverse events</h2>
          <div class="nprs-fields">
            {(["nprs_before", "nprs_after"] as const).map((key) => {
              const id = key.replace("_", "-");
              const error = FieldMessage(field_errors, key);
              return (
                <div class="field">
                  <label for={id}>NPRS {key === "nprs_before" ? "before" : "after"} (0–10)</label>
                  <input
                    id={id}
                    type="number"
                    min={0}
                    max={10}
                    step={1}
                    inputMode="numeric"
                    value={form[key]}
                    aria-invalid={error ? "true" : undefined}
                    aria-describedby={error ? id + "-error" : undefined}
                    onInput={(e) => {
                      const value = (e.currentTarget as HTMLInputElement).value;
                      update((f) => ({ ...f, [key]: value }));
                    }}
                  />
                  {error && (
                    <p class="field-error" id={id + "-error"}>
                      {error}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
          <AdverseEvents
            events={form.adverse_events}
            errors={field_errors}
            onAdd={(event) => update((f) => ({ ...f, adverse_events: [...f.adverse_events, event] }))}
            onRemove={(index) => update((f) => ({ ...f, adverse_events: f.adverse_events.filter((_, i) => i !== index) }))}
          />
        </section>
      </div>

      {signing && (
        <SignDialog
          form={form}
          onCancel={() => setSigning(false)}
          onSign={async () => {
            const saved = await Save();
            if (!saved || note_id.current === null)
              return "The note could not be saved, so it was not signed. See the message above the note.";
            try {
              await Post(`/notes/${note_id.current}/sign`);
            } catch (error) {
              if (error instanceof ApiError) return "Not signed: " + error.message;
              throw error;
            }
            DropLocal(session_id);
            setSigning(false);
            props.onSigned();
            return undefined;
          }}
        />
      )}
    </form>
  );
}
