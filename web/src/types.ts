// The shapes of the /api/v1 responses the web app reads (docs/openapi.yaml is the reference).

export type Role = "admin" | "therapist" | "front_desk" | "patient";

export interface Actor {
  user_id: number;
  role: Role;
  clinic_id: number;
  therapist_id: number | null;
  patient_id: number | null;
  /** Present on GET /me once the server returns it (a reload keeps the CSRF token). */
  csrf_token?: string;
}

export interface LoginResponse {
  csrf_token: string;
  user: Actor;
}

export interface FieldError {
  location?: string;
  path: string;
  message: string;
}

export interface Clinic {
  id: number;
  name: string;
  time_zone: string;
  patient_cancel_notice_hours: number;
}

export interface Therapist {
  id: number;
  given_name: string;
  family_name: string;
  license_number: string;
  state: "active" | "inactive";
}

export interface TechniqueRestriction {
  technique_id: string;
  action: "disable" | "modify";
  condition: string;
  note: string;
}

export interface AreaToAvoid {
  condition: string;
  area: string | null;
}

export interface Precautions {
  restrictions: TechniqueRestriction[];
  areas_to_avoid: AreaToAvoid[];
}

export type SessionStatus = "booked" | "attended" | "cancelled" | "missed";

export interface ScheduleEntry {
  session_id: number;
  course_id: number;
  patient_id: number;
  patient_name: string;
  therapist_id: number;
  start: string;
  end: string;
  status: SessionStatus;
  phase_id: string;
  precautions: Precautions | null;
}

export interface Alert {
  id: number;
  patient_id: number | null;
  kind: string;
  severity: "info" | "warning" | "critical";
  record_type: string;
  record_id: number;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
}

export interface ClinicalSummary {
  screening_decision: string | null;
  tracked_signs: string[];
  restrictions: TechniqueRestriction[];
  areas_to_avoid: AreaToAvoid[];
  active_course_id: number | null;
  latest_nprs: number | null;
}

export interface Patient {
  id: number;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  phone: string;
  email: string;
  deleted: boolean;
  clinical: ClinicalSummary | null;
}

export type ProgressStatus =
  | "ahead"
  | "on_track"
  | "behind"
  | "off_track"
  | "no_band"
  | "worse"
  | "not_evaluable";

export interface ProgressPoint {
  response_id: number;
  taken_at: string;
  week: number;
  nprs: number;
  points_change: number;
  reduction_percent: number | null;
  expected_min_percent: number | null;
  expected_max_percent: number | null;
  status?: ProgressStatus;
}

export interface Progress {
  patient_id: number;
  course_id: number | null;
  baseline_nprs: number | null;
  points: ProgressPoint[];
  status?: ProgressStatus | "no_data";
  dose: { attended: number; planned_to_date: number } | null;
}

export interface ScoredResponse {
  id: number;
  instrument: string;
  score: number | null;
  score_status: string;
  band?: string;
  checkpoint_id: string;
  taken_at: string;
}

export interface Course {
  id: number;
  patient_id: number;
  therapist_id: number | null;
  protocol_id: string;
  protocol_version: number;
  start_date: string;
  status: "active" | "paused" | "completed" | "discontinued";
}

export interface HomeProgram {
  assignments: { id: number; course_id: number; exercise_ids: string[]; start_date: string }[];
  exercises: { id: string; name: string; instructions: string; days_per_week: number }[];
  recent: { date: string; exercise_id: string; completion: "done" | "not_done"; note: string }[];
}

export interface AccessLinkView {
  user_id: number;
  email: string;
  display_name: string;
  purpose: "invite" | "reset";
  expires_at: string;
}

export interface ProtocolSummary {
  id: string;
  version: number;
  title: string;
  file_name: string;
  imported_at: string | null;
  built_in: boolean;
  active: boolean;
}
