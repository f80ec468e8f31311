// Response shapes only the patient portal reads (src/portal/); the shared ones are in ../types.ts.

import type { Role } from "../types";

/** GET /patients/{id}/portal: what the patient portal loads once. */
export interface PortalSummary {
  today: string;
  clinic: {
    name: string;
    time_zone: string;
    patient_cancel_notice_hours: number;
    exercise_pain_alert_threshold: number;
  };
  check_in: {
    /** The protocol checkpoint whose questionnaires are due now, if any. */
    due: { checkpoint_id: string; instruments: string[]; since: string } | null;
    /** The weekly pain score: due when none was given in the last 7 days. */
    weekly: { instrument: "nprs"; last_taken_at: string | null; due: boolean };
  };
}

/** The kinds of record GET /patients/{id}/access-log names. */
export type AccessRecord =
  | "chart"
  | "notes"
  | "sessions"
  | "plan"
  | "questionnaires"
  | "progress"
  | "home_program"
  | "screening"
  | "course"
  | "alerts"
  | "contact"
  | "export"
  | "report"
  | "access_log";

/** One staff access to a patient's record (GET /patients/{id}/access-log, the patient's own). */
export interface AccessLogEntry {
  id: number;
  at: string;
  role: Role;
  name: string;
  action: string;
  kind: "read" | "change";
  record: AccessRecord;
}

/** GET /patients/{id}/access-log: newest first; `next` pages on with ?before=. */
export interface AccessLogPage {
  entries: AccessLogEntry[];
  next: string | null;
}
