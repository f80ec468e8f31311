// The home program as GET /patients/{id}/home-program answers it: read by the staff chart and
// the patient portal.

/** How much of a home exercise, from the protocol; null fields do not apply to it. */
export interface ExerciseDose {
  sets: number | null;
  reps: number | null;
  hold_seconds: number | null;
  minutes: number | null;
  days_per_week: number;
  /** The protocol gives no dose and backcare's documented default is used. */
  is_default: boolean;
}

export interface HomeExercise {
  id: string;
  name: string;
  instructions: string;
  days_per_week: number;
  kind: "posture" | "core" | "rebalancing";
  /** Posture: "sitting", "standing" or "sleeping"; else "". */
  context: string;
  /** Rebalancing: "release" or "strengthen"; else "". */
  action: string;
  dose: ExerciseDose;
  /** The protocol's week (0-based) from which the exercise is done; `starts_on` is that date. */
  start_week: number;
  starts_on: string;
  due_today: boolean;
}

export interface AdherenceEntry {
  date: string;
  exercise_id: string;
  completion: "done" | "not_done";
  note: string;
  /** Pain during the exercise, 0-10; null when not rated. */
  pain_rating: number | null;
}

/** GET /patients/{id}/home-program. */
export interface HomeProgram {
  assignments: { id: number; course_id: number; exercise_ids: string[]; start_date: string }[];
  exercises: HomeExercise[];
  recent: AdherenceEntry[];
  /** The clinic-local date the server used. */
  today: string;
  /** 1-based week of the active course containing today; null without an active course. */
  course_week: number | null;
}
