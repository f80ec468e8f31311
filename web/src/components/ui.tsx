// Small shared pieces: in-app links, loading and error notices, labelled form fields.

import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ApiError } from "../api";
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
  type?: "text" | "email" | "password" | "search";
  value: string;
  autocomplete?: string;
  required?: boolean;
  error?: string;
  hint?: string;
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
