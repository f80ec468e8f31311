// The items of one questionnaire (GET /instruments) as radio groups, one per item, with the
// item's wording where its licence allows (else its topic) and the answer labels the instrument
// defines. The staff intake and the patient portal's check-in both render questionnaires with it.

import type { Instrument } from "../types";

export function InstrumentItems(props: {
  instrument: Instrument;
  answers: (number | null)[];
  /** Error messages by item number. */
  errors: Record<number, string>;
  onAnswer: (index: number, value: number) => void;
}) {
  const { instrument } = props;
  return (
    <>
      {instrument.items.map((item, index) => {
        const values = Array.from({ length: item.max - item.min + 1 }, (_, k) => item.min + k);
        const labels = item.answer_labels.length === values.length ? item.answer_labels : null;
        const name = `${instrument.id}-${item.number}`;
        const error = props.errors[item.number];
        return (
          <fieldset class="item" aria-describedby={error ? name + "-error" : undefined} key={name}>
            <legend>
              {instrument.items.length > 1 ? `${item.number}. ` : ""}
              {item.text ?? item.topic}
            </legend>
            <div class="choices">
              {values.map((v, k) => (
                <label class="choice" key={v}>
                  <input type="radio" name={name} value={v} checked={props.answers[index] === v} onChange={() => props.onAnswer(index, v)} />
                  {labels ? `${v} ${labels[k]}` : String(v)}
                </label>
              ))}
            </div>
            {error && (
              <p class="field-error" id={name + "-error"}>
                {error}
              </p>
            )}
          </fieldset>
        );
      })}
    </>
  );
}

/** Splits the server's field errors for a questionnaire into per-item messages and the rest. */
export function ItemErrors(fields: { path: string; message: string }[], fallback: string): { items: Record<number, string>; general: string[] } {
  const items: Record<number, string> = {};
  const general: string[] = [];
  for (const f of fields) {
    const item = /item (\d+)/.exec(f.message);
    if (item) items[Number(item[1])] = f.message;
    else general.push(f.message);
  }
  if (fields.length === 0) general.push(fallback);
  return { items, general };
}
