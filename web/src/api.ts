// The one place the app talks to the server: JSON over fetch, the CSRF header on every
// state-changing request, and errors turned into ApiError values with the server's field errors.

import type { FieldError } from "./types";

const kCsrfStorageKey = "backcare.csrf_token";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, message: string, fields: FieldError[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The message of the field error naming `path`, if any. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

let csrf_token: string | null = readStoredCsrf();
let on_unauthorized: (() => void) | null = null;
let on_permission_denied: (() => void) | null = null;

function readStoredCsrf(): string | null {
  try {
    return window.sessionStorage.getItem(kCsrfStorageKey);
  } catch {
    return null;
  }
}

/** Keeps the token for this tab; sessionStorage survives a reload but not closing the tab. */
export function SetCsrfToken(token: string | null): void {
  csrf_token = token;
  try {
    if (token) window.sessionStorage.setItem(kCsrfStorageKey, token);
    else window.sessionStorage.removeItem(kCsrfStorageKey);
  } catch {
    // Storage may be disabled; the in-memory token still works until a reload.
  }
}

/** Called when an authenticated request answers 401 (session ended or expired). */
export function SetUnauthorizedHandler(handler: () => void): void {
  on_unauthorized = handler;
}

/**
 * Called when a request answers 403 permission_denied: the session may have become restricted
 * (a password to change, two-step sign-in to set up), which GET /me tells.
 */
export function SetPermissionDeniedHandler(handler: () => void): void {
  on_permission_denied = handler;
}

interface RequestOptions {
  /** Do not run the 401 handler (login, the first /me, the public link routes). */
  quiet_401?: boolean;
}

export async function Request<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  return (await RequestVersioned<T>(method, path, body, options)).data;
}

/** A response body with the resource version the server sent (its ETag header), if any. */
export interface Versioned<T> {
  data: T;
  etag: string | null;
}

/**
 * Request() that also returns the answer's ETag, and sends `if_match` as If-Match (so the server
 * answers 409 when the resource changed since that version was read).
 */
export async function RequestVersioned<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  options: RequestOptions & { if_match?: string | null } = {},
): Promise<Versioned<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf_token) headers["X-CSRF-Token"] = csrf_token;
  if (options.if_match) headers["If-Match"] = options.if_match;
  let response: Response;
  try {
    response = await fetch("/api/v1" + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check the connection and try again.", []);
  }
  const etag = response.headers.get("ETag");
  if (response.status === 204) return { data: undefined as T, etag };
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; fields?: FieldError[] } })?.error;
    const api_error = new ApiError(
      response.status,
      error?.code ?? "http_" + response.status,
      error?.message ?? `The server answered ${response.status}.`,
      Array.isArray(error?.fields) ? error!.fields! : [],
    );
    if (response.status === 401 && !options.quiet_401 && on_unauthorized) on_unauthorized();
    if (response.status === 403 && api_error.code === "permission_denied" && on_permission_denied) on_permission_denied();
    throw api_error;
  }
  return { data: parsed as T, etag };
}

export const Get = <T>(path: string, options?: RequestOptions) => Request<T>("GET", path, undefined, options);
export const Post = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  Request<T>("POST", path, body ?? {}, options);
