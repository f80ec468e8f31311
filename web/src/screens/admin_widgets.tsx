// Small parts the admin pages share: a success notice, a secret shown once with a Copy button,
// and a person's name.

import { useState } from "preact/hooks";

export function Success(props: { text?: string }) {
  if (!props.text) return null;
  return (
    <p class="notice notice-ok" role="status">
      {props.text}
    </p>
  );
}

/** A secret shown once: a read-only field to copy from, a Copy button and the hint. */
export function ShownOnce(props: { id: string; label: string; value: string; hint: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="shown-once" data-testid={props.id}>
      <div class="field">
        <label for={props.id + "-value"}>{props.label}</label>
        <p class="hint" id={props.id + "-hint"}>
          {props.hint}
        </p>
        <div class="copy-row">
          <input id={props.id + "-value"} readOnly value={props.value} aria-describedby={props.id + "-hint"} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          <button
            type="button"
            class="secondary"
            onClick={() =>
              navigator.clipboard?.writeText(props.value).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            Copy
          </button>
        </div>
        <p class="hint" role="status">
          {copied ? "Copied." : ""}
        </p>
      </div>
    </div>
  );
}

export function PersonName(t: { given_name: string; family_name: string }): string {
  return [t.given_name, t.family_name].filter(Boolean).join(" ");
}
