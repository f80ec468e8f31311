// What the session note screen loads: the clinic, the note (with its ETag) and, given the
// patient, the session, the protocol's technique parameters and the screening's restrictions.

import { ApiError, Get, RequestVersioned } from "../api";
import { DropLocal } from "../note_form";
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
  if (patient_id !== null) {
    const [p, plan, courses] = await Promise.all([
      Get<Patient>(`/patients/${patient_id}`),
      Get<ScheduleEntry[]>(`/patients/${patient_id}/plan`),
      Get<Course[]>(`/patients/${patient_id}/courses`),
    ]);
    patient = p;
    session = plan.find((s) => s.session_id === session_id) ?? null;
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
  return { clinic, note, etag, patient, session, techniques, restrictions, areas_to_avoid };
}
