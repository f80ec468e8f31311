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
  /** What this session must do before anything else; null (or absent) for a normal session. */
  restriction?: Restriction | null;
}

/**
 * A restricted session may only reach its own account: "password_change_required" after an
 * admin reset the password, "mfa_enrolment_required" when the clinic requires two-step sign-in
 * for the role and the login has none.
 */
export type Restriction = "password_change_required" | "mfa_enrolment_required";

/** POST /login and POST /login/mfa when the session is made. */
export interface LoginResponse {
  csrf_token: string;
  user: Actor;
  /** Only on POST /login/mfa: how many unused recovery codes the login has left. */
  recovery_codes_left?: number;
}

/** POST /login when the login has two-step sign-in: no session yet, a code is asked next. */
export interface MfaChallenge {
  mfa_required: true;
  mfa_token: string;
  expires_in: number;
}

/** GET /me/mfa. */
export interface MfaStatus {
  enabled: boolean;
  enabled_at: string | null;
  recovery_codes_left: number;
  /** The clinic's policy requires two-step sign-in for this login's role. */
  required: boolean;
}

/** POST /me/mfa/enrolment: what the authenticator app needs. */
export interface MfaEnrolment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

/** GET /me/sessions: one signed-in browser or client of this login. */
export interface SignedInSession {
  id: string;
  current: boolean;
  created_at: string;
  last_seen_at: string;
  user_agent: string;
  address: string;
}

export type MfaPolicy = "optional" | "admins" | "staff";

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
  /** A patient's 0-10 pain rating of a home exercise at or above this raises an exercise_pain alert. */
  exercise_pain_alert_threshold: number;
  /** Hours before a session its patient is emailed a reminder (0..168; 0 = none). */
  appointment_reminder_hours: number;
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
  /** Where the session's note stands, for staff (absent from older servers). */
  note_status?: "none" | "draft" | "signed" | null;
}

export interface Alert {
  id: number;
  patient_id: number | null;
  kind: string;
  severity: "info" | "warning" | "critical";
  record_type: string;
  record_id: number;
  /** What happened, in words (e.g. "Rated Dead bug 8/10 on 2026-12-07 (clinic threshold 7)"); may be "". */
  detail: string;
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
  /** A patient's report: a plain sentence in place of `status`. */
  summary?: string;
}

export interface Progress {
  patient_id: number;
  course_id: number | null;
  baseline_nprs: number | null;
  points: ProgressPoint[];
  status?: ProgressStatus | "no_data";
  /** A patient's report: plain sentences in place of `status`. */
  summary?: string;
  dose: { attended: number; planned_to_date: number } | null;
  /** ODI and RMDQ from their baseline to the latest score in the course. */
  function_changes?: {
    instrument: string;
    baseline: number;
    latest: number;
    points_change: number;
    percent_change: number | null;
    class?: ResponderClass;
    worse: boolean;
  }[];
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
  /** How the course ended; null while it runs (absent from older servers). */
  discharge?: Discharge | null;
}

export type DischargeOutcome = "goals_met" | "plateau" | "referred_on" | "patient_choice" | "lost_to_follow_up";

export interface Discharge {
  outcome: DischargeOutcome;
  discharged_on: string;
  discharged_by: number;
  /** null for front desk and patients in GET /courses. */
  note: string | null;
  /** GET /courses: the final scores as the discharge date left them; null for front desk and patients. */
  changes?: FinalScore[] | null;
}

export type ResponderClass = "substantial" | "moderate" | "not_responder" | "worsened" | "not_evaluable";

/** One instrument's final score against its baseline; `class` null where the API did not give it. */
export interface FinalScore {
  instrument: string;
  baseline: number;
  final: number;
  /** baseline − final: positive is better. */
  points_change: number;
  percent_change: number | null;
  class: ResponderClass | null;
}

/** The answer of POST /courses/{id}/discharge. */
export interface DischargeSummary {
  course_id: number;
  status: "completed" | "discontinued";
  discharge: Discharge;
  cancelled_session_ids: number[];
  changes: FinalScore[];
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

export type Side = "left" | "right" | "bilateral" | "midline";

export interface StripPass {
  region: string;
  side: Side;
  direction: string;
  passes: number;
}

export interface TriggerPoint {
  muscle: string;
  side: Side;
  hold_seconds: number;
}

export interface ReleaseArea {
  area: string;
  minutes: number;
}

export type Pressure = "light" | "moderate" | "firm" | "deep";
export type Tolerance = "well" | "fair" | "poor";

export interface AdverseEvent {
  kind: "soreness" | "bruising" | "new_numbness" | "radiating_pain" | "other";
  severity: "mild" | "moderate" | "severe";
  note: string;
}

export interface Soap {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

export interface TechniqueLog {
  strip_passes: StripPass[];
  trigger_points: TriggerPoint[];
  release_areas: ReleaseArea[];
  pressure: Pressure | null;
  tolerance: Tolerance | null;
  no_hands_on_reason: string;
  deviation_reason: string;
}

/** A note's objective measures; null = not measured in that session. */
export interface ObjectiveMeasures {
  /** Minutes standing before the pain starts, 0–480. */
  standing_tolerance_minutes: number | null;
  /** Modified Schober distraction, cm to one decimal, 0.0–15.0. */
  schober_cm: number | null;
  /** Fingertip-to-floor distance, cm to one decimal, -30.0–80.0 (negative: past the feet, on a step). */
  fingertip_to_floor_cm: number | null;
}

/** The body of POST /sessions/{id}/note and PUT /notes/{id}. */
export interface NoteContent {
  soap: Soap;
  techniques: Omit<TechniqueLog, "pressure" | "tolerance"> & { pressure?: Pressure; tolerance?: Tolerance };
  nprs_before?: number;
  nprs_after?: number;
  objective_measures?: Partial<ObjectiveMeasures>;
  adverse_events: AdverseEvent[];
}

/** A protocol technique's parameters (GET /protocols/{id}/versions/{v} and the note detail). */
export interface ProtocolTechnique {
  id: string;
  name?: string;
  targets: string[];
  direction: string;
  hold_seconds: { min: number; max: number } | null;
  pressure: string;
  precautions?: { condition: string; action: "disable" | "modify"; note: string; max_pressure: string; avoid_areas: string[] }[];
}

export interface NoteRestriction {
  technique_id: string;
  action: "disable" | "modify";
  condition: string;
  note: string;
  max_pressure?: string;
  avoid_areas?: string[];
}

export interface Note {
  id: number;
  session_id: number;
  author_id: number;
  soap: Soap;
  techniques: TechniqueLog;
  nprs_before: number | null;
  nprs_after: number | null;
  /** Absent from servers before schema 15. */
  objective_measures?: ObjectiveMeasures;
  adverse_events: AdverseEvent[];
  status: "draft" | "signed";
  signed_by: number | null;
  signed_at: string | null;
  addenda: { author_id: number; at: string; text: string }[];
  created_at: string;
  updated_at: string;
  /** Only on a single note's read (GET /notes/{id}, GET /sessions/{id}/note). */
  protocol?: { id: string; version: number; techniques: ProtocolTechnique[] };
  restrictions?: NoteRestriction[];
  areas_to_avoid?: AreaToAvoid[];
  deviations?: { path: string; message: string }[];
}

export interface ProtocolVersion {
  id: string;
  version: number;
  title: string;
  techniques: ProtocolTechnique[];
  /** The phases with their goals (free text, e.g. "improved standing tolerance"). */
  phases?: { id: string; name: string; goals: string[] }[];
}

/** Local "HH:MM" times of one clinic date, [start, end). */
export interface DayWindow {
  start: string;
  end: string;
}

/** GET /api/v1/availability: one therapist's working hours and free time, date by date. */
export interface TherapistAvailability {
  therapist_id: number;
  given_name: string;
  family_name: string;
  days: { date: string; open: DayWindow[]; free: DayWindow[]; closed: string | null }[];
}

/** An outcome questionnaire's definition (GET /instruments). */
export interface InstrumentItem {
  number: number;
  min: number;
  max: number;
  topic: string;
  /** The item's wording where its licence allows it, else null (the topic says what it asks). */
  text: string | null;
  answer_labels: string[];
}

export interface Instrument {
  id: string;
  title: string;
  source: string;
  copyright: string;
  items: InstrumentItem[];
  max_missing_items: number;
  score_min: number;
  score_max: number;
  mcid_points: number | null;
}

export interface Finding {
  condition: string;
  area: string | null;
}

/** The answer of POST /patients/{id}/intake. */
export interface IntakeResult {
  screening_id: number;
  findings: Finding[];
  decision: string;
  allows_treatment: boolean;
  tracked_signs: string[];
  restrictions: TechniqueRestriction[];
  responses: ScoredResponse[];
  alert_ids: number[];
}

export interface UnplacedSession {
  phase_id: string;
  week: number;
  window_first: string;
  window_last: string;
  reason: string;
  detail: string;
}

/** The answer of POST /patients/{id}/courses. */
export interface StartedCourse {
  course_id: number;
  session_ids: number[];
  unplaced_sessions: number;
  unplaced: UnplacedSession[];
}

export interface User {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  state: "active" | "disabled";
  therapist_id: number | null;
  patient_id: number | null;
  /** Whether the login has two-step sign-in. */
  mfa_enabled: boolean;
  /** An admin's password reset is pending: the login must choose a new password. */
  password_change_required: boolean;
}

export interface IssuedLink {
  user_id: number;
  emailed: boolean;
  token: string;
  path: string;
  expires_at: string;
}

export interface ClinicSettings extends Clinic {
  protocol: { id: string; version: number } | null;
  /** Who must use two-step sign-in (absent from a server older than #17 item 4). */
  mfa_policy?: MfaPolicy;
}

/** GET /protocols/{id}/versions/{v}: the parts the admin screen shows (docs/protocol-format.md). */
export interface ProtocolPhase {
  id: string;
  name: string;
  start_week: number;
  end_week: number | null;
  cadence: {
    sessions_per_week: number;
    min_days_between_sessions: number;
    interval_steps: { interval_weeks: number; until_week: number | null }[];
  };
  expected_reduction: { min_percent: number; max_percent: number } | null;
  goals: string[];
}

export interface ProtocolDetail {
  id: string;
  version: number;
  title: string;
  condition?: string;
  source?: string;
  session_minutes?: number;
  phases: ProtocolPhase[];
  techniques: (ProtocolTechnique & { aims?: string[]; deep_pressure?: boolean })[];
  checkpoints?: { id: string; week: number | null; after_session: number | null; at_baseline: boolean; instruments: string[] }[];
  home_program?: {
    id: string;
    name: string;
    kind: string;
    start_week: number;
    dose: { days_per_week: number; sets: number | null; reps: number | null; hold_seconds: number | null; minutes: number | null };
  }[];
  claims?: { id: string; text: string; checkpoint: string; instrument: string }[];
}

export interface Closure {
  id: number;
  first_day: string;
  last_day: string;
  reason: string;
  created_by: number | null;
  created_at: string;
}

/** One screening (GET /patients/{id}/screenings). */
export interface Screening {
  id: number;
  conditions: string[];
  findings: Finding[];
  decision: string;
  allows_treatment: boolean;
  resolved: string[];
  note: string;
  outcome: "none" | "cleared" | "discontinued";
  cleared_on: string | null;
  clearance_source: string;
  screened_by: number;
  screened_at: string;
}

/** GET /reports/outcomes (docs/analytics.md, "The report"): a proportion with its Wilson 95 % interval. */
export interface OutcomeProportion {
  k: number;
  n: number;
  /** null when n = 0 (no course due). */
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface OutcomePopulation {
  courses: number;
  not_evaluable: number;
  /** Only on the report's own population (not per therapist or clinic). */
  dropouts?: number;
}

export interface OutcomeProportionClaim {
  id: string;
  kind: "proportion";
  text: string;
  checkpoint: string;
  min_reduction_percent: number;
  claimed: number;
  itt: OutcomeProportion;
  complete_case: OutcomeProportion;
  missing: number;
  /** below_claim | consistent | above_claim | no_data */
  verdict: string;
}

export interface OutcomeGroup {
  itt: OutcomeProportion;
  complete_case: OutcomeProportion;
  missing: number;
}

export interface OutcomeComparisonClaim {
  id: string;
  kind: "comparison";
  text: string;
  checkpoint: string;
  min_reduction_percent: number;
  factor: string;
  groups: { adherent: OutcomeGroup; not_adherent: OutcomeGroup };
  difference: { estimate: number | null; ci_low: number | null; ci_high: number | null };
  note: string;
  /** supported | contradicted | not_shown */
  verdict: string;
}

export type OutcomeClaim = OutcomeProportionClaim | OutcomeComparisonClaim;

export interface SurvivalStep {
  day: number;
  at_risk: number;
  events: number;
  survival: number;
  ci_low: number | null;
  ci_high: number | null;
}

export interface TimeToResponse {
  event: string;
  unit: string;
  subjects: number;
  events: number;
  censored: number;
  median: number | null;
  median_ci_low: number | null;
  median_ci_high: number | null;
  steps: SurvivalStep[];
}

export interface OutcomeBand {
  checkpoint: string;
  expected: { min_percent: number; max_percent: number };
  due: number;
  below: number;
  within: number;
  above: number;
  missing: number;
  shares: { below: number | null; within: number | null; above: number | null; missing: number | null };
}

export interface OutcomeGroupReport {
  therapist_id?: number | null;
  clinic_id?: number;
  name: string;
  population: OutcomePopulation;
  claims: OutcomeClaim[];
  bands: Record<string, OutcomeBand>;
}

export interface OutcomesReport {
  as_of: string;
  protocol: { id: string; version: number };
  population: OutcomePopulation;
  claims: OutcomeClaim[];
  time_to_response: TimeToResponse;
  bands: Record<string, OutcomeBand>;
  by_therapist: OutcomeGroupReport[];
  by_clinic: OutcomeGroupReport[];
}
