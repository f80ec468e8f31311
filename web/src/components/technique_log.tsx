// The technique log's sections of the note editor: trigger points (with the hold timer), muscle
// stripping, myofascial release, pressure and tolerance, adverse events. A technique the patient's
// screening disables is a disabled fieldset with the reason; a modified one shows how.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Humanize } from "../format";
import {
  AdverseEventWords,
  DirectionWords,
  FieldMessage,
  ReleaseWords,
  SideWords,
  StripPassWords,
  TriggerPointWords,
  type NoteForm,
} from "../note_form";
import type { AdverseEvent, FieldError, NoteRestriction, ProtocolTechnique, Side } from "../types";
import { HoldTimer, type HoldRange } from "./hold_timer";

/** The screening's word on a technique: disabled (with why) or modified (with how). */
function RestrictionNotes(props: { restrictions: NoteRestriction[] }) {
  if (props.restrictions.length === 0) return null;
  return (
    <ul class="restrictions" data-testid="restrictions">
      {props.restrictions.map((r) => (
        <li class={"restriction-" + r.action}>
          <strong>{r.action === "disable" ? "Disabled by the screening" : "Modified by the screening"}</strong> (
          {Humanize(r.condition).toLowerCase()}){r.note ? ": " + r.note : ""}
          {r.max_pressure ? `; at most ${Humanize(r.max_pressure).toLowerCase()} pressure` : ""}
          {r.avoid_areas && r.avoid_areas.length > 0 ? `; avoid ${r.avoid_areas.map((a) => Humanize(a).toLowerCase()).join(", ")}` : ""}
        </li>
      ))}
    </ul>
  );
}

function TechniqueFieldset(props: {
  id: string;
  title: string;
  technique: ProtocolTechnique;
  restrictions: NoteRestriction[];
  children: ComponentChildren;
}) {
  const disabled = props.restrictions.some((r) => r.action === "disable");
  return (
    <fieldset class={"technique" + (disabled ? " technique-disabled" : "")} disabled={disabled} data-testid={"technique-" + props.technique.id}>
      <legend>
        <span id={props.id}>{props.title}</span>
      </legend>
      <RestrictionNotes restrictions={props.restrictions} />
      {props.children}
    </fieldset>
  );
}

function EntryList<T>(props: {
  label: string;
  entries: T[];
  words: (entry: T) => string;
  error_prefix: string;
  errors: FieldError[];
  onRemove: (index: number) => void;
  testid: string;
}) {
  if (props.entries.length === 0) return <p class="empty">Nothing logged yet.</p>;
  return (
    <ul class="log-entries" aria-label={props.label} data-testid={props.testid}>
      {props.entries.map((entry, index) => {
        const prefix = `techniques.${props.error_prefix}[${index}]`;
        const errors = props.errors.filter((e) => e.path.startsWith(prefix) || e.path.startsWith(prefix.replace("techniques.", "")));
        return (
          <li>
            <span class="log-words">{props.words(entry)}</span>{" "}
            <button type="button" class="secondary small" onClick={() => props.onRemove(index)} aria-label={`Remove ${props.words(entry)}`}>
              Remove
            </button>
            {errors.map((e) => (
              <p class="field-error">{e.message}</p>
            ))}
          </li>
        );
      })}
    </ul>
  );
}

export function TriggerPointSection(props: {
  technique: ProtocolTechnique;
  restrictions: NoteRestriction[];
  entries: NoteForm["trigger_points"];
  errors: FieldError[];
  onLog: (entry: NoteForm["trigger_points"][number]) => void;
  onRemove: (index: number) => void;
}) {
  const [side, setSide] = useState<Side>("left");
  const muscle = props.technique.targets[0] ?? "quadratus_lumborum";
  const range: HoldRange | null = props.technique.hold_seconds;
  const disabled = props.restrictions.some((r) => r.action === "disable");
  return (
    <TechniqueFieldset id="tp-title" title={`Trigger points: ${Humanize(muscle).toLowerCase()}`} technique={props.technique} restrictions={props.restrictions}>
      <div class="side-choice" role="radiogroup" aria-labelledby="tp-side-label">
        <span id="tp-side-label" class="label">
          Side
        </span>
        {(["left", "right"] as const).map((value) => (
          <label class="radio">
            <input type="radio" name="tp-side" value={value} checked={side === value} onChange={() => setSide(value)} /> {SideWords(value)}
          </label>
        ))}
      </div>
      {range ? (
        <HoldTimer
          range={range}
          disabled={disabled}
          label={`Hold ${range.min}–${range.max} s per the protocol`}
          onStop={(seconds) => props.onLog({ muscle, side, hold_seconds: seconds })}
        />
      ) : (
        <p class="muted">The protocol states no hold range for this technique.</p>
      )}
      <EntryList
        label="Trigger points logged"
        entries={props.entries}
        words={TriggerPointWords}
        error_prefix="trigger_points"
        errors={props.errors}
        onRemove={props.onRemove}
        testid="trigger-points"
      />
    </TechniqueFieldset>
  );
}

export function StrippingSection(props: {
  technique: ProtocolTechnique;
  restrictions: NoteRestriction[];
  entries: NoteForm["strip_passes"];
  errors: FieldError[];
  onLog: (entry: NoteForm["strip_passes"][number]) => void;
  onRemove: (index: number) => void;
}) {
  const [side, setSide] = useState<Side>("bilateral");
  const [passes, setPasses] = useState("3");
  const region = props.technique.targets[0] ?? "spinal_erectors";
  const direction = props.technique.direction || "sacrum_to_neck";
  return (
    <TechniqueFieldset
      id="strip-title"
      title={`Muscle stripping: ${Humanize(region).toLowerCase()}, ${DirectionWords(direction)}`}
      technique={props.technique}
      restrictions={props.restrictions}
    >
      <div class="inline-fields">
        <div class="field">
          <label for="strip-side">Side</label>
          <select id="strip-side" value={side} onChange={(e) => setSide((e.currentTarget as HTMLSelectElement).value as Side)}>
            {(["left", "right", "bilateral"] as const).map((value) => (
              <option value={value}>{SideWords(value)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="strip-passes">Passes</label>
          <input id="strip-passes" type="number" min={1} step={1} value={passes} onInput={(e) => setPasses((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const count = Math.trunc(Number(passes));
            if (count > 0) props.onLog({ region, side, direction, passes: count });
          }}
        >
          Log passes
        </button>
      </div>
      <EntryList
        label="Stripping passes logged"
        entries={props.entries}
        words={StripPassWords}
        error_prefix="strip_passes"
        errors={props.errors}
        onRemove={props.onRemove}
        testid="strip-passes"
      />
    </TechniqueFieldset>
  );
}

export function ReleaseSection(props: {
  technique: ProtocolTechnique;
  restrictions: NoteRestriction[];
  entries: NoteForm["release_areas"];
  errors: FieldError[];
  onLog: (entry: NoteForm["release_areas"][number]) => void;
  onRemove: (index: number) => void;
}) {
  const avoided = new Set(props.restrictions.flatMap((r) => r.avoid_areas ?? []));
  const areas = props.technique.targets;
  const [area, setArea] = useState(areas.find((a) => !avoided.has(a)) ?? areas[0] ?? "");
  const [minutes, setMinutes] = useState("5");
  return (
    <TechniqueFieldset id="release-title" title="Myofascial release" technique={props.technique} restrictions={props.restrictions}>
      <div class="inline-fields">
        <div class="field">
          <label for="release-area">Area</label>
          <select id="release-area" value={area} onChange={(e) => setArea((e.currentTarget as HTMLSelectElement).value)}>
            {areas.map((value) => (
              <option value={value} disabled={avoided.has(value)}>
                {Humanize(value)}
                {avoided.has(value) ? " (avoid: screening)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="release-minutes">Minutes</label>
          <input id="release-minutes" type="number" min={1} step={1} value={minutes} onInput={(e) => setMinutes((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const count = Math.trunc(Number(minutes));
            if (count > 0 && area && !avoided.has(area)) props.onLog({ area, minutes: count });
          }}
        >
          Log release
        </button>
      </div>
      <EntryList
        label="Release logged"
        entries={props.entries}
        words={ReleaseWords}
        error_prefix="release_areas"
        errors={props.errors}
        onRemove={props.onRemove}
        testid="release-areas"
      />
    </TechniqueFieldset>
  );
}

export function PressureFields(props: {
  form: NoteForm;
  restrictions: NoteRestriction[];
  errors: FieldError[];
  update: (change: (f: NoteForm) => NoteForm) => void;
}) {
  const limits = props.restrictions.filter((r) => r.max_pressure).map((r) => r.max_pressure!);
  const pressure_error = FieldMessage(props.errors, "techniques.pressure");
  const tolerance_error = FieldMessage(props.errors, "techniques.tolerance");
  return (
    <div class="inline-fields">
      <div class="field">
        <label for="pressure">Pressure</label>
        {limits.length > 0 && (
          <p class="hint" id="pressure-hint">
            The screening allows at most {limits.map((l) => Humanize(l).toLowerCase()).join(", ")} pressure.
          </p>
        )}
        <select
          id="pressure"
          value={props.form.pressure}
          aria-invalid={pressure_error ? "true" : undefined}
          aria-describedby={[limits.length ? "pressure-hint" : "", pressure_error ? "pressure-error" : ""].filter(Boolean).join(" ") || undefined}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value as NoteForm["pressure"];
            props.update((f) => ({ ...f, pressure: value }));
          }}
        >
          <option value="">Not entered</option>
          {(["light", "moderate", "firm", "deep"] as const).map((value) => (
            <option value={value}>{Humanize(value)}</option>
          ))}
        </select>
        {pressure_error && (
          <p class="field-error" id="pressure-error">
            {pressure_error}
          </p>
        )}
      </div>
      <div class="field">
        <label for="tolerance">Tolerance</label>
        <select
          id="tolerance"
          value={props.form.tolerance}
          aria-invalid={tolerance_error ? "true" : undefined}
          aria-describedby={tolerance_error ? "tolerance-error" : undefined}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value as NoteForm["tolerance"];
            props.update((f) => ({ ...f, tolerance: value }));
          }}
        >
          <option value="">Not entered</option>
          {(["well", "fair", "poor"] as const).map((value) => (
            <option value={value}>{Humanize(value)}</option>
          ))}
        </select>
        {tolerance_error && (
          <p class="field-error" id="tolerance-error">
            {tolerance_error}
          </p>
        )}
      </div>
    </div>
  );
}

export function AdverseEvents(props: {
  events: AdverseEvent[];
  errors: FieldError[];
  onAdd: (event: AdverseEvent) => void;
  onRemove: (index: number) => void;
}) {
  const [kind, setKind] = useState<AdverseEvent["kind"]>("soreness");
  const [severity, setSeverity] = useState<AdverseEvent["severity"]>("mild");
  const [note, setNote] = useState("");
  return (
    <fieldset class="technique">
      <legend>Adverse events</legend>
      {props.events.length === 0 ? (
        <p class="empty">None recorded.</p>
      ) : (
        <ul class="log-entries" aria-label="Adverse events recorded">
          {props.events.map((event, index) => {
            const errors = props.errors.filter((e) => e.path.startsWith(`adverse_events[${index}]`));
            return (
              <li>
                <span class="log-words">{AdverseEventWords(event)}</span>{" "}
                <button type="button" class="secondary small" onClick={() => props.onRemove(index)} aria-label={`Remove ${AdverseEventWords(event)}`}>
                  Remove
                </button>
                {errors.map((e) => (
                  <p class="field-error">{e.message}</p>
                ))}
              </li>
            );
          })}
        </ul>
      )}
      <div class="inline-fields">
        <div class="field">
          <label for="ae-kind">Kind</label>
          <select id="ae-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as AdverseEvent["kind"])}>
            {(["soreness", "bruising", "new_numbness", "radiating_pain", "other"] as const).map((value) => (
              <option value={value}>{Humanize(value)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="ae-severity">Severity</label>
          <select id="ae-severity" value={severity} onChange={(e) => setSeverity((e.currentTarget as HTMLSelectElement).value as AdverseEvent["severity"])}>
            {(["mild", "moderate", "severe"] as const).map((value) => (
              <option value={value}>{Humanize(value)}</option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="ae-note">Note</label>
          <input id="ae-note" type="text" value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            props.onAdd({ kind, severity, note: note.trim() });
            setNote("");
          }}
        >
          Add adverse event
        </button>
      </div>
    </fieldset>
  );
}
