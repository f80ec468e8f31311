// The session note editor's form model: what the fields hold (NPRS as typed text), its conversion
// to and from the API's NoteContent / Note, the copy kept on this device while a save is pending
// or failed, and the words a technique log is read back in.

import { Humanize } from "./format";
import type { AdverseEvent, FieldError, Note, NoteContent, ObjectiveMeasures, Pressure, ReleaseArea, Soap, StripPass, TechniqueLog, Tolerance, TriggerPoint } from "./types";

export type MeasureKey = keyof ObjectiveMeasures;

export interface NoteForm {
  soap: Soap;
  strip_passes: StripPass[];
  trigger_points: TriggerPoint[];
  release_areas: ReleaseArea[];
  pressure: Pressure | "";
  tolerance: Tolerance | "";
  no_hands_on_reason: string;
  deviation_reason: string;
  /** As typed; "" when not entered. */
  nprs_before: string;
  nprs_after: string;
  /** The objective measures as typed; "" when not measured. */
  measures: Record<MeasureKey, string>;
  adverse_events: AdverseEvent[];
}

/** The three measures in the order the screens show them, with their words and input limits. */
export const kMeasures: { key: MeasureKey; label: string; unit: string; min: number; max: number; step: number; hint: string }[] = [
  {
    key: "standing_tolerance_minutes",
    label: "Standing tolerance",
    unit: "min",
    min: 0,
    max: 480,
    step: 1,
    hint: "Minutes standing before the pain starts (0–480).",
  },
  {
    key: "schober_cm",
    label: "Modified Schober",
    unit: "cm",
    min: 0,
    max: 15,
    step: 0.1,
    hint: "Lengthening of the 15 cm lumbar span in full flexion (0.0–15.0 cm).",
  },
  {
    key: "fingertip_to_floor_cm",
    label: "Fingertip-to-floor",
    unit: "cm",
    min: -30,
    max: 80,
    step: 0.1,
    hint: "Distance in full flexion, knees straight (−30.0–80.0 cm; 0 touches the floor, negative past the feet on a step).",
  },
];

function EmptyMeasures(): Record<MeasureKey, string> {
  return { standing_tolerance_minutes: "", schober_cm: "", fingertip_to_floor_cm: "" };
}

/** "12.5 cm", "20 min". */
export function MeasureWords(key: MeasureKey, value: number): string {
  const measure = kMeasures.find((m) => m.key === key)!;
  const text = measure.step < 1 ? value.toFixed(1) : String(value);
  return `${text.replace("-", "−")} ${measure.unit}`;
}

export function EmptyForm(): NoteForm {
  return {
    soap: { subjective: "", objective: "", assessment: "", plan: "" },
    strip_passes: [],
    trigger_points: [],
    release_areas: [],
    pressure: "",
    tolerance: "",
    no_hands_on_reason: "",
    deviation_reason: "",
    nprs_before: "",
    nprs_after: "",
    measures: EmptyMeasures(),
    adverse_events: [],
  };
}

export function FormFromNote(note: Note): NoteForm {
  const t = note.techniques;
  return {
    soap: { ...note.soap },
    strip_passes: t.strip_passes.map((x) => ({ ...x })),
    trigger_points: t.trigger_points.map((x) => ({ ...x })),
    release_areas: t.release_areas.map((x) => ({ ...x })),
    pressure: t.pressure ?? "",
    tolerance: t.tolerance ?? "",
    no_hands_on_reason: t.no_hands_on_reason ?? "",
    deviation_reason: t.deviation_reason ?? "",
    nprs_before: note.nprs_before === null ? "" : String(note.nprs_before),
    nprs_after: note.nprs_after === null ? "" : String(note.nprs_after),
    measures: {
      standing_tolerance_minutes: MeasureText(note.objective_measures?.standing_tolerance_minutes),
      schober_cm: MeasureText(note.objective_measures?.schober_cm),
      fingertip_to_floor_cm: MeasureText(note.objective_measures?.fingertip_to_floor_cm),
    },
    adverse_events: note.adverse_events.map((x) => ({ ...x })),
  };
}

function MeasureText(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** "" → omitted; anything else is sent as typed (a number), so the server's field error shows. */
function NumberValue(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

export function ContentFromForm(form: NoteForm): NoteContent {
  const content: NoteContent = {
    soap: { ...form.soap },
    techniques: {
      strip_passes: form.strip_passes,
      trigger_points: form.trigger_points,
      release_areas: form.release_areas,
      no_hands_on_reason: form.no_hands_on_reason,
      deviation_reason: form.deviation_reason,
    },
    adverse_events: form.adverse_events,
  };
  if (form.pressure) content.techniques.pressure = form.pressure;
  if (form.tolerance) content.techniques.tolerance = form.tolerance;
  const before = NumberValue(form.nprs_before);
  const after = NumberValue(form.nprs_after);
  if (before !== undefined) content.nprs_before = before;
  if (after !== undefined) content.nprs_after = after;
  // Every measure is sent, null when not measured, so clearing a field clears it on the server.
  content.objective_measures = {
    standing_tolerance_minutes: NumberValue(form.measures.standing_tolerance_minutes) ?? null,
    schober_cm: NumberValue(form.measures.schober_cm) ?? null,
    fingertip_to_floor_cm: NumberValue(form.measures.fingertip_to_floor_cm) ?? null,
  };
  return content;
}

/** The technique log of a form as the TechniqueLog the read-only views show. */
export function LogFromForm(form: NoteForm): TechniqueLog {
  return {
    strip_passes: form.strip_passes,
    trigger_points: form.trigger_points,
    release_areas: form.release_areas,
    pressure: form.pressure || null,
    tolerance: form.tolerance || null,
    no_hands_on_reason: form.no_hands_on_reason,
    deviation_reason: form.deviation_reason,
  };
}

// --- The copy kept on this device -------------------------------------------------------------

const kLocalPrefix = "backcare.note_draft.";

// Whose drafts these are: a copy is kept per login, so on a shared treatment-room computer one
// therapist's unsaved note never opens in another's editor.
let local_owner = 0;

export function SetLocalDraftOwner(user_id: number): void {
  local_owner = user_id;
}

function LocalKey(session_id: number): string {
  return `${kLocalPrefix}${local_owner}.${session_id}`;
}

export interface LocalDraft {
  form: NoteForm;
  /** When it was kept (ISO instant). */
  kept_at: string;
}

export function KeepLocal(session_id: number, form: NoteForm): void {
  try {
    const draft: LocalDraft = { form, kept_at: new Date().toISOString() };
    window.localStorage.setItem(LocalKey(session_id), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the status line still says the note is not saved.
  }
}

export function ReadLocal(session_id: number): LocalDraft | null {
  try {
    const text = window.localStorage.getItem(LocalKey(session_id));
    if (!text) return null;
    const draft = JSON.parse(text) as LocalDraft;
    if (!draft || typeof draft !== "object" || !draft.form || !draft.form.soap) return null;
    return { form: { ...EmptyForm(), ...draft.form, measures: { ...EmptyMeasures(), ...draft.form.measures } }, kept_at: String(draft.kept_at) };
  } catch {
    return null;
  }
}

export function DropLocal(session_id: number): void {
  try {
    window.localStorage.removeItem(LocalKey(session_id));
  } catch {
    // Nothing kept.
  }
}

// --- Words ------------------------------------------------------------------------------------

const kSideWords: Record<string, string> = { left: "Left", right: "Right", bilateral: "Both sides", midline: "Midline" };

export function SideWords(side: string): string {
  return kSideWords[side] ?? Humanize(side);
}

/** "sacrum_to_neck" → "sacrum → neck". */
export function DirectionWords(direction: string): string {
  return direction
    .split("_to_")
    .map((part) => part.replace(/_/g, " "))
    .join(" → ");
}

export function StripPassWords(entry: StripPass): string {
  return `${Humanize(entry.region)}, ${SideWords(entry.side).toLowerCase()}: ${entry.passes} pass${entry.passes === 1 ? "" : "es"}, ${DirectionWords(entry.direction)}`;
}

export function TriggerPointWords(entry: TriggerPoint): string {
  return `${Humanize(entry.muscle)}, ${SideWords(entry.side).toLowerCase()}: held ${entry.hold_seconds} s`;
}

export function ReleaseWords(entry: ReleaseArea): string {
  return `${Humanize(entry.area)}: ${entry.minutes} min`;
}

export function AdverseEventWords(event: AdverseEvent): string {
  return `${Humanize(event.kind)} (${event.severity})${event.note ? ": " + event.note : ""}`;
}

/** The log as lines of text, in the order the screen shows it. */
export function LogLines(log: TechniqueLog): string[] {
  const lines = [
    ...log.strip_passes.map((x) => "Muscle stripping: " + StripPassWords(x)),
    ...log.trigger_points.map((x) => "Trigger point: " + TriggerPointWords(x)),
    ...log.release_areas.map((x) => "Myofascial release: " + ReleaseWords(x)),
  ];
  if (log.pressure) lines.push("Pressure: " + log.pressure);
  if (log.tolerance) lines.push("Tolerance: " + log.tolerance);
  if (log.no_hands_on_reason) lines.push("No hands-on treatment: " + log.no_hands_on_reason);
  if (log.deviation_reason) lines.push("Departure from the protocol: " + log.deviation_reason);
  return lines;
}

/** The server's message for the field at `path` (technique paths with or without "techniques."). */
export function FieldMessage(errors: FieldError[], path: string): string | undefined {
  return errors.find((e) => e.path === path || e.path === "techniques." + path)?.message;
}
