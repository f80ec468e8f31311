// The objective measures of a note's O section: three number inputs labelled with their units,
// each with its range, the server's field error next to it, and the value last measured (in an
// earlier session of the patient) shown beside it as a reference. The last value is a reference
// and is never copied in: a measure not taken today stays "not measured", so the chart's trends
// only hold values that were measured on their day.

import { FormatDay, ZonedDate } from "../format";
import { FieldMessage, kMeasures, MeasureWords, type MeasureKey } from "../note_form";
import type { FieldError } from "../types";

/** The latest earlier value of each measure, with the start of the session it was measured in. */
export type LastMeasures = Partial<Record<MeasureKey, { value: number; start: string }>>;

export function MeasureFields(props: {
  values: Record<MeasureKey, string>;
  errors: FieldError[];
  last: LastMeasures;
  time_zone: string;
  onInput: (key: MeasureKey, value: string) => void;
}) {
  return (
    <fieldset class="measure-fields" data-testid="measure-fields">
      <legend>Objective measures (leave blank when not measured)</legend>
      {kMeasures.map((m) => {
        const id = "measure-" + m.key.replace(/_/g, "-");
        const error = FieldMessage(props.errors, "objective_measures." + m.key);
        const last = props.last[m.key];
        const described = [id + "-hint", last ? id + "-last" : "", error ? id + "-error" : ""].filter(Boolean).join(" ");
        return (
          <div class="field measure-field">
            <label for={id}>
              {m.label} ({m.unit})
            </label>
            <input
              id={id}
              type="number"
              min={m.min}
              max={m.max}
              step={m.step}
              inputMode={m.step < 1 ? "decimal" : "numeric"}
              value={props.values[m.key]}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={described}
              onInput={(e) => props.onInput(m.key, (e.currentTarget as HTMLInputElement).value)}
            />
            <p class="hint" id={id + "-hint"}>
              {m.hint}
            </p>
            {last && (
              <p class="hint measure-last" id={id + "-last"} data-testid={"last-" + m.key}>
                Last session: {MeasureWords(m.key, last.value)} ({FormatDay(ZonedDate(new Date(last.start), props.time_zone), false)})
              </p>
            )}
            {error && (
              <p class="field-error" id={id + "-error"}>
                {error}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
