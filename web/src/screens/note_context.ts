// What the session note screen loads: the clinic, the note (with its ETag) and, given the
// patient, the session, the protocol's technique parameters, the screening's restrictions and the
// objective measures last taken in the patient's earlier sessions.

import { ApiError, Get, RequestVersioned } from "../api";
import type { LastMeasures } from "../components/measure_fields";
import { DropLocal, kMeasures } from "../note_form";
import { LoadClinic } from "../session";
import type { AreaToAvoid, Clinic, Course, Note, NoteRestriction, Patient, ProtocolTechnique, ProtocolVersion, ScheduleEntry } from "../types";

export interface NoteContext {
  clinic: Clinic;
  note: Note | null;
  etag: string | null;
  patient: Patient | null;
  session: ScheduleEntry | null;
  techniques: ProtocolTechnique[];
  restrictions: NoteRestriction[];
  areas_to_avoid: AreaToAvoid[];
  /** Each measure's latest value from a signed note of an earlier session (a reference). */
  last_measures: LastMeasures;
}

/** The latest value of each measure among `notes`' signed notes of sessions before `session`. */
export function LastMeasuresBefore(notes: Note[], plan: ScheduleEntry[], session: ScheduleEntry | null): LastMeasures {
  const last: LastMeasures = {};
  const start_of = new Map(plan.map((s) => [s.session_id, s.start]));
  for (const note of notes) {
    const start = start_of.get(note.session_id);
    if (note.status !== "signed" || !start || !note.objective_measures) continue;
    if (session && (note.session_id === session.session_id || Date.parse(start) >= Date.parse(session.start))) continue;
    for (const m of kMeasures) {
      const value = note.objective_measures[m.key];
      const known = last[m.key];
      if (value !== null && (!known || Date.parse(known.start) <= Date.parse(start))) last[m.key] = { value, start };
    }
  }
  return last;
}

export async function LoadNoteContext(session_id: number, patient_id: number | null): Promise<NoteContext> {
  const clinic = await LoadClinic();
  let note: Note | null = null;
  let etag: string | null = null;
  try {
    const answer = await RequestVersioned<Note>("GET", `/sessions/${session_id}/note`);
    note = answer.data;
    etag = answer.etag;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  let patient: Patient | null = null;
  let session: ScheduleEntry | null = null;
  let protocol: ProtocolVersion | null = null;
  let last_measures: LastMeasures = {};
  if (patient_id !== null) {
    const [p, plan, courses, notes] = await Promise.all([
      Get<Patient>(`/patients/${patient_id}`),
      Get<ScheduleEntry[]>(`/patients/${patient_id}/plan`),
      Get<Course[]>(`/patients/${patient_id}/courses`),
      // The earlier measures are a reference: a failure here must not keep the note from opening.
      Get<Note[]>(`/patients/${patient_id}/notes`).catch(() => [] as Note[]),
    ]);
    patient = p;
    session = plan.find((s) => s.session_id === session_id) ?? null;
    last_measures = LastMeasuresBefore(notes, plan, session);
    const course = session ? courses.find((c) => c.id === session!.course_id) : undefined;
    if (!note?.protocol && course)
      protocol = await Get<ProtocolVersion>(
        `/protocols/${encodeURIComponent(course.protocol_id)}/versions/${course.protocol_version}`,
      ).catch(() => null);
  }
  // A signed note never changes: a copy of it kept on this device is stale.
  if (note?.status === "signed") DropLocal(session_id);
  const techniques = note?.protocol?.techniques ?? protocol?.techniques ?? [];
  // Before the first save the restrictions come from the chart, completed from the protocol's
  // precautions (the pressure limit and the areas to avoid).
  const restrictions =
    note?.restrictions ??
    (patient?.clinical?.restrictions ?? []).map((r) => {
      const precaution = techniques
        .find((t) => t.id === r.technique_id)
        ?.precautions?.find((p) => p.condition === r.condition && p.action === r.action);
      return { ...r, max_pressure: precaution?.max_pressure ?? "", avoid_areas: precaution?.avoid_areas ?? [] };
    });
  const areas_to_avoid = note?.areas_to_avoid ?? patient?.clinical?.areas_to_avoid ?? [];
  return { clinic, note, etag, patient, session, techniques, restrictions, areas_to_avoid, last_measures };
}
