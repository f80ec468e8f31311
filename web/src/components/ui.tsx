// Small shared pieces: in-app links, loading and error notices, labelled form fields.

import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ApiError } from "../api";
import { OnLinkClick } from "../router";

export function Link(props: { href: string; class?: string; children: ComponentChildren; "aria-current"?: "page" }) {
  return (
    <a href={props.href} class={props.class} aria-current={props["aria-current"]} onClick={OnLinkClick}>
      {props.children}
    </a>
  );
}

export function Loading(props: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {props.what}…
    </p>
  );
}

/** A failed request in words; 403 gets the polite "not for your role" wording. */
export function ErrorNotice(props: { error: ApiError; what: string }) {
  const { error } = props;
  let text: string;
  if (error.status === 403) text = `Your role does not give access to ${props.what}.`;
  else if (error.status === 404) text = `No ${props.what} found. It may have been removed, or the address is wrong.`;
  else if (error.status === 401) text = "Your session has ended. Please log in again.";
  else text = `Could not load ${props.what}: ${error.message}`;
  return (
    <p class="notice notice-error" role="alert">
      {text}
    </p>
  );
}

/** Sets the document title and moves focus to the screen's main heading on navigation. */
export function ScreenHeading(props: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = props.title + " · backcare";
  }, [props.title]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children ?? props.title}
    </h1>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  type?: "text" | "email" | "password" | "search" | "date" | "tel" | "number";
  value: string;
  autocomplete?: string;
  required?: boolean;
  error?: string;
  hint?: string;
  min?: number;
  max?: number;
  onInput: (value: string) => void;
}) {
  const described = [props.hint ? props.id + "-hint" : "", props.error ? props.id + "-error" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={props.id + "-hint"}>
          {props.hint}
        </p>
      )}
      <input
        id={props.id}
        name={props.id}
        // Preact 11 types each input type separately; the runtime attribute is the same.
        type={(props.type ?? "text") as "text"}
        value={props.value}
        autoComplete={props.autocomplete}
        required={props.required}
        min={props.min}
        max={props.max}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {props.error && (
        <p class="field-error" id={props.id + "-error"}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A form-wide failure that names no field (or a field this form does not show). */
export function FormError(props: { error?: ApiError; shown_paths?: string[]; text?: string }) {
  const { error } = props;
  let text = props.text;
  if (!text && error) {
    const shown = props.shown_paths ?? [];
    const unshown = error.fields.filter((f) => !shown.includes(f.path));
    if (error.fields.length === 0 || unshown.length > 0)
      text = error.message + (unshown.length ? ": " + unshown.map((f) => `${f.path} ${f.message}`).join("; ") : "");
  }
  if (!text) return null;
  return (
    <p class="notice notice-error" role="alert">
      {text}
    </p>
  );
}

/** A labelled <select> with its field error, like TextField. */
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: string;
  hint?: string;
  onChange: (value: string) => void;
}) {
  const described = [props.hint ? props.id + "-hint" : "", props.error ? props.id + "-error" : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={props.id + "-hint"}>
          {props.hint}
        </p>
      )}
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
      {props.error && (
        <p class="field-error" id={props.id + "-error"}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Any thrown value as an ApiError (network and client failures included). */
export function AsApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, "client", String(e), []);
}
