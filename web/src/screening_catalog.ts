// The screening conditions a therapist can record at intake, in the order and with the labels of
// the server's catalogue (src/core/screening/catalog.cc). The API has no route listing them, so
// this copy must follow that file; the server rejects an unknown id with a field error.

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

export const kConditions: ScreeningCondition[] = [
  { id: "saddle_anaesthesia", label: "Saddle anaesthesia", group: "refer_emergency" },
  { id: "bladder_or_bowel_dysfunction", label: "New bladder or bowel dysfunction", group: "refer_emergency" },
  { id: "bilateral_or_progressive_leg_weakness", label: "Bilateral or progressive leg weakness", group: "refer_emergency" },
  { id: "progressive_neurological_deficit", label: "Progressive neurological deficit", group: "refer_urgent" },
  { id: "fever_or_suspected_infection", label: "Fever or suspected infection", group: "refer_urgent" },
  { id: "suspected_dvt", label: "Suspected deep vein thrombosis", group: "refer_urgent" },
  { id: "history_of_cancer", label: "History of cancer", group: "medical_review" },
  { id: "unexplained_weight_loss", label: "Unexplained weight loss", group: "medical_review" },
  { id: "significant_trauma", label: "Significant trauma or suspected fracture", group: "medical_review" },
  { id: "inflammatory_back_pain", label: "Inflammatory back pain", group: "medical_review" },
  { id: "anticoagulants", label: "Takes anticoagulants", group: "modify" },
  { id: "bleeding_disorder", label: "Bleeding disorder", group: "modify" },
  { id: "osteoporosis", label: "Osteoporosis", group: "modify" },
  { id: "long_term_steroids", label: "Long-term corticosteroids", group: "modify" },
  { id: "pregnancy", label: "Pregnancy", group: "modify" },
  { id: "peripheral_neuropathy", label: "Peripheral neuropathy", group: "modify" },
  { id: "open_wound", label: "Open wound", group: "avoid_area" },
  { id: "skin_lesion", label: "Skin lesion or infection", group: "avoid_area" },
  { id: "recent_surgery", label: "Recent surgery site", group: "avoid_area" },
  { id: "recent_fracture_site", label: "Recent fracture site", group: "avoid_area" },
  { id: "varicose_veins", label: "Varicose veins", group: "avoid_area" },
  { id: "radiating_leg_pain", label: "Radiating leg pain (sciatica)", group: "tracked" },
  { id: "leg_numbness", label: "Numbness or tingling in the leg", group: "tracked" },
];

/** The catalogue's label for a condition id (the id in words for one this copy does not know). */
export function ConditionLabel(id: string): string {
  const found = kConditions.find((c) => c.id === id);
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
