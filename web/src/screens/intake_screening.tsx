// The intake's safety screening step: conditions by decision group (the catalogue from the
// server), the last screening's findings that a re-screen may resolve with a reason, and the
// decision with its reasons and the disabled and modified techniques.

import { useState } from "preact/hooks";
import { Get, Post } from "../api";
import { FormError, TextField, AsApiError } from "../components/ui";
import type { ApiError } from "../api";
import { Humanize } from "../format";
import { ConditionLabel, DecisionWords, kConditionGroups, Conditions } from "../screening_catalog";
import { UseResource } from "../session";
import type { IntakeResult, Screening, TechniqueRestriction } from "../types";

export function ScreeningStep(props: { patient_id: number; previous: string | null; onScreened: (r: IntakeResult) => void }) {
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [areas, setAreas] = useState<Record<string, string>>({});
  const [resolving, setResolving] = useState<Record<string, boolean>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [sent, setSent] = useState<string[]>([]);
  const [sent_resolved, setSentResolved] = useState<string[]>([]);
  const [generation, setGeneration] = useState(0);
  const [busy, setBusy] = useState(false);
  // The findings still active after the latest screening: a re-screen carries them forward
  // unless they are resolved here, each with a reason.
  const screenings = UseResource(
    () => (props.previous || generation > 0 ? Get<Screening[]>(`/patients/${props.patient_id}/screenings`) : Promise.resolve([] as Screening[])),
    `screenings${props.patient_id}:${props.previous}:${generation}`,
  );
  const latest = screenings.data?.[screenings.data.length - 1];
  const active_findings = latest?.findings ?? [];

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const ids = Conditions().filter((c) => checked[c.id]).map((c) => c.id);
    const findings = ids.map((condition) => {
      const area = (areas[condition] ?? "").trim();
      return area ? { condition, area } : { condition };
    });
    setSent(ids);
    const resolved_ids = active_findings.map((f) => f.condition).filter((c) => resolving[c]);
    setSentResolved(resolved_ids);
    const body: Record<string, unknown> = { findings };
    if (resolved_ids.length) body.resolved = resolved_ids.map((condition) => ({ condition, reason: reasons[condition] ?? "" }));
    try {
      props.onScreened(await Post<IntakeResult>(`/patients/${props.patient_id}/intake`, body));
      setChecked({});
      setAreas({});
      setResolving({});
      setReasons({});
      setGeneration((g) => g + 1);
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  // findings[i].condition / findings[i].area name the i-th condition sent.
  const fieldError = (condition: string, part: "condition" | "area") => {
    const index = sent.indexOf(condition);
    return index < 0 ? undefined : error?.fieldMessage(`findings[${index}].${part}`);
  };
  const resolvedError = (condition: string, part: "condition" | "reason") => {
    const index = sent_resolved.indexOf(condition);
    return index < 0 ? undefined : error?.fieldMessage(`resolved[${index}].${part}`);
  };
  const shown = [
    ...sent.flatMap((_, i) => [`findings[${i}].condition`, `findings[${i}].area`]),
    ...sent_resolved.flatMap((_, i) => [`resolved[${i}].condition`, `resolved[${i}].reason`]),
  ];

  return (
    <section class="card" aria-labelledby="screening-step">
      <h2 id="screening-step">Safety screening</h2>
      {props.previous && (
        <p class="muted">This patient was screened before. Tick what is new; the last screening's findings are carried forward.</p>
      )}
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown_paths={shown} />
        {active_findings.length > 0 && (
          <fieldset data-testid="active-findings">
            <legend>Findings of the last screening</legend>
            <p class="hint">They stay unless you mark them no longer present. Red flags are closed by the referral's outcome.</p>
            {active_findings.map((f) => {
              const condition = Conditions().find((c) => c.id === f.condition);
              const resolvable = condition !== undefined && ["modify", "avoid_area", "tracked"].includes(condition.group);
              const condition_error = resolvedError(f.condition, "condition");
              const name = ConditionLabel(f.condition) + (f.area !== null ? ` (${f.area})` : "");
              return (
                <div class="check">
                  {resolvable ? (
                    <>
                      <input
                        type="checkbox"
                        id={"resolve-" + f.condition}
                        checked={!!resolving[f.condition]}
                        aria-invalid={condition_error ? "true" : undefined}
                        aria-describedby={condition_error ? `resolve-${f.condition}-error` : undefined}
                        onChange={(e) => setResolving((s) => ({ ...s, [f.condition]: (e.currentTarget as HTMLInputElement).checked }))}
                      />
                      <label for={"resolve-" + f.condition}>No longer present: {name}</label>
                    </>
                  ) : (
                    <span>{name}: closed by the referral's outcome</span>
                  )}
                  {condition_error && (
                    <p class="field-error" id={`resolve-${f.condition}-error`}>
                      {condition_error}
                    </p>
                  )}
                  {resolving[f.condition] && (
                    <TextField
                      id={"reason-" + f.condition}
                      label={`Why ${ConditionLabel(f.condition).toLowerCase()} is no longer present`}
                      value={reasons[f.condition] ?? ""}
                      autocomplete="off"
                      error={resolvedError(f.condition, "reason")}
                      onInput={(v) => setReasons((s) => ({ ...s, [f.condition]: v }))}
                    />
                  )}
                </div>
              );
            })}
          </fieldset>
        )}
        <div class="condition-groups">
          {kConditionGroups.map((g) => (
            <fieldset class={"condition-group group-" + g.group}>
              <legend>{g.title}</legend>
              <p class="hint">{g.hint}</p>
              {Conditions()
                .filter((c) => c.group === g.group)
                .map((c) => {
                  const condition_error = fieldError(c.id, "condition");
                  return (
                    <div class="check">
                      <input
                        type="checkbox"
                        id={"finding-" + c.id}
                        checked={!!checked[c.id]}
                        aria-invalid={condition_error ? "true" : undefined}
                        aria-describedby={condition_error ? `finding-${c.id}-error` : undefined}
                        onChange={(e) => setChecked((s) => ({ ...s, [c.id]: (e.currentTarget as HTMLInputElement).checked }))}
                      />
                      <label for={"finding-" + c.id}>{c.label}</label>
                      {condition_error && (
                        <p class="field-error" id={`finding-${c.id}-error`}>
                          {condition_error}
                        </p>
                      )}
                      {c.group === "avoid_area" && checked[c.id] && (
                        <TextField
                          id={"area-" + c.id}
                          label={`Area to avoid (${c.label.toLowerCase()})`}
                          value={areas[c.id] ?? ""}
                          autocomplete="off"
                          error={fieldError(c.id, "area")}
                          onInput={(v) => setAreas((s) => ({ ...s, [c.id]: v }))}
                        />
                      )}
                    </div>
                  );
                })}
            </fieldset>
          ))}
        </div>
        {active_findings.length === 0 && (
          <p class="muted">Tick nothing when the screening found nothing: the decision is then clear to treat.</p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save screening"}
        </button>
      </form>
    </section>
  );
}

export function RestrictionList(props: { title: string; restrictions: TechniqueRestriction[]; testid: string }) {
  if (props.restrictions.length === 0) return null;
  return (
    <>
      <h3>{props.title}</h3>
      <ul data-testid={props.testid}>
        {props.restrictions.map((r) => (
          <li>
            <strong>{Humanize(r.technique_id)}</strong> ({ConditionLabel(r.condition).toLowerCase()}){r.note ? `: ${r.note}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The screening's answer: the decision, the findings that led to it and the restrictions. */
export function DecisionPanel(props: { result: IntakeResult }) {
  const { result } = props;
  const referral = !result.allows_treatment;
  return (
    <section
      class={referral ? "referral" : "card decision"}
      role={referral ? "alert" : "status"}
      aria-labelledby="decision-heading"
      data-testid="decision"
    >
      <h2 id="decision-heading">
        {!referral && "Screening decision: "}
        <span data-testid="decision-words">{DecisionWords(result.decision)}</span>
      </h2>
      {referral && (
        <p class="lead">
          Refer the patient as the decision says. No course can start until the referral's outcome (medical clearance or
          discontinuation) is recorded.
        </p>
      )}
      <h3>Reasons</h3>
      {result.findings.length === 0 ? (
        <p data-testid="reasons">No findings: nothing stands in the way of treatment.</p>
      ) : (
        <ul data-testid="reasons">
          {result.findings.map((f) => (
            <li>
              {ConditionLabel(f.condition)}
              {f.area !== null && <> — avoid: {f.area}</>}
            </li>
          ))}
        </ul>
      )}
      {result.tracked_signs.length > 0 && (
        <p>Tracked sciatic signs: {result.tracked_signs.map((s) => ConditionLabel(s)).join(", ")}.</p>
      )}
      <RestrictionList title="Disabled techniques" restrictions={result.restrictions.filter((r) => r.action === "disable")} testid="disabled-techniques" />
      <RestrictionList title="Modified techniques" restrictions={result.restrictions.filter((r) => r.action === "modify")} testid="modified-techniques" />
    </section>
  );
}
