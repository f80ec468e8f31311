// The screening conditions a therapist can record at intake, as the server's catalogue lists them
// (GET /screening/conditions, from src/core/screening/catalog.cc), and the words for each group
// and decision.

import { Get } from "./api";

export type ConditionGroup = "refer_emergency" | "refer_urgent" | "medical_review" | "modify" | "avoid_area" | "tracked";

export interface ScreeningCondition {
  id: string;
  label: string;
  group: ConditionGroup;
}

export const kConditionGroups: { group: ConditionGroup; title: string; hint: string }[] = [
  { group: "refer_emergency", title: "Red flags: emergency referral", hint: "Suspected cauda equina syndrome. No treatment; refer at once." },
  { group: "refer_urgent", title: "Red flags: urgent referral", hint: "No treatment until a doctor has seen the patient." },
  { group: "medical_review", title: "Medical review before treatment", hint: "Treatment waits for medical clearance." },
  { group: "modify", title: "Treat with deep pressure disabled", hint: "Techniques are limited as the protocol says." },
  { group: "avoid_area", title: "Treat, avoiding an area", hint: "Name the area to avoid." },
  { group: "tracked", title: "Sciatic signs (tracked)", hint: "Followed over the course; not a refusal by themselves." },
];

let conditions: ScreeningCondition[] = [];
let conditions_promise: Promise<ScreeningCondition[]> | null = null;

/** The server's catalogue (GET /screening/conditions), fetched once per page load. */
export function LoadConditions(): Promise<ScreeningCondition[]> {
  if (!conditions_promise) {
    conditions_promise = Get<ScreeningCondition[]>("/screening/conditions").then((list) => (conditions = list));
    conditions_promise.catch(() => {
      conditions_promise = null;
    });
  }
  return conditions_promise;
}

/** The catalogue as loaded (empty until LoadConditions resolved). */
export function Conditions(): ScreeningCondition[] {
  return conditions;
}

/** The catalogue's label for a condition id (the id in words before the catalogue is loaded). */
export function ConditionLabel(id: string): string {
  const found = conditions.find((c) => c.id === id);
  return found ? found.label : id.replace(/_/g, " ");
}

/** Decisions that let a course start (the others are referrals or wait for a medical review). */
export function DecisionAllowsTreatment(decision: string | null | undefined): boolean {
  return decision === "clear" || decision === "modify" || decision === "avoid_area";
}

export const kDecisionWords: Record<string, string> = {
  clear: "Clear to treat",
  avoid_area: "Treat, avoiding an area",
  modify: "Treat with modified techniques",
  medical_review: "Medical review before treatment",
  refer_urgent: "Urgent referral: do not treat",
  refer_emergency: "Emergency referral: do not treat",
};

export function DecisionWords(decision: string): string {
  return kDecisionWords[decision] ?? decision.replace(/_/g, " ");
}
