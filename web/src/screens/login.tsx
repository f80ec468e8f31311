// /login: email and password; on success the App returns to ?next= (or /).

import { useState } from "preact/hooks";
import { ApiError, Post, SetCsrfToken } from "../api";
import { ScreenHeading, TextField } from "../components/ui";
import { TakeFlash } from "../flash";
import type { Actor, LoginResponse } from "../types";

export function LoginScreen(props: { message?: string; onLoggedIn: (user: Actor) => void }) {
  const [flash] = useState(() => TakeFlash());
  const [email, setEmail] = useState(flash?.email ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await Post<LoginResponse>("/login", { email, password }, { quiet_401: true });
      SetCsrfToken(result.csrf_token);
      props.onLoggedIn(result.user);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "client", String(e), []));
      setBusy(false);
    }
  };

  let general: string | undefined;
  if (error) {
    if (error.status === 401) general = "The email or password is not right.";
    else if (error.status === 429) general = "Too many failed attempts. Wait a few minutes, then try again.";
    else if (error.fields.length === 0) general = error.message;
  }
  const notice = flash?.message ?? props.message;

  return (
    <main id="main" class="page page-narrow">
      <ScreenHeading title="Log in to backcare" />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        {general && (
          <p class="notice notice-error" role="alert">
            {general}
          </p>
        )}
        <TextField
          id="email"
          label="Email"
          type="email"
          autocomplete="username"
          required
          value={email}
          error={error?.fieldMessage("email")}
          onInput={setEmail}
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          error={error?.fieldMessage("password")}
          onInput={setPassword}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
    </main>
  );
}
