// /set-password#token=...: who the one-time link is for, then a new password, then /login.
// The token stays in the URL fragment, which browsers never send to the server.

import { useEffect, useState } from "preact/hooks";
import { ApiError, Post } from "../api";
import { NewPasswordFields } from "../components/new_password_fields";
import { ScreenHeading } from "../components/ui";
import { SetFlash } from "../flash";
import { Navigate } from "../router";
import type { AccessLinkView } from "../types";

function TokenFromHash(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  return params.get("token") ?? "";
}

function LinkProblem(error: ApiError): string {
  if (error.status === 404) return "This link is not valid. Check that you copied the whole link, or ask the clinic for a new one.";
  if (error.status === 410) return "This link has already been used or has expired. Ask the clinic to send you a new one.";
  if (error.status === 429) return "Too many attempts. Wait a few minutes, then try again.";
  return "The link could not be checked: " + error.message;
}

export function SetPasswordScreen() {
  const [token] = useState(TokenFromHash);
  const [link, setLink] = useState<AccessLinkView | undefined>(undefined);
  const [link_error, setLinkError] = useState<string | undefined>(token ? undefined : "This address has no link token. Open the full link from your invitation or reset email.");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [confirm_error, setConfirmError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    Post<AccessLinkView>("/access-links/check", { token }, { quiet_401: true }).then(setLink, (e: unknown) =>
      setLinkError(e instanceof ApiError ? LinkProblem(e) : String(e)),
    );
  }, [token]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setConfirmError(undefined);
    if (password !== confirm) {
      setConfirmError("The two passwords are not the same.");
      return;
    }
    setBusy(true);
    try {
      const done = await Post<AccessLinkView>("/set-password", { token, password }, { quiet_401: true });
      SetFlash({ message: "Your password is set. Log in with it now.", email: done.email });
      Navigate("/login", { replace: true });
    } catch (e) {
      const api_error = e instanceof ApiError ? e : new ApiError(0, "client", String(e), []);
      if (api_error.status === 404 || api_error.status === 410) setLinkError(LinkProblem(api_error));
      else setError(api_error);
      setBusy(false);
    }
  };

  const password_error = error?.fieldMessage("password");
  const general = error && !password_error ? error.message : undefined;

  return (
    <main id="main" class="page page-narrow">
      <ScreenHeading title="Choose your password" />
      {link_error && (
        <p class="notice notice-error" role="alert">
          {link_error}
        </p>
      )}
      {!link && !link_error && <p role="status">Checking your link…</p>}
      {link && !link_error && (
        <>
          <p data-testid="link-for">
            {link.purpose === "invite" ? "Welcome, " : "Resetting the password for "}
            <strong>{link.display_name || link.email}</strong> ({link.email}).
          </p>
          <form onSubmit={submit} noValidate>
            {general && (
              <p class="notice notice-error" role="alert">
                {general}
              </p>
            )}
            <NewPasswordFields
              password={password}
              confirm={confirm}
              password_error={password_error}
              confirm_error={confirm_error}
              onPassword={setPassword}
              onConfirm={setConfirm}
            />
            <button type="submit" disabled={busy}>
              {busy ? "Saving…" : "Set password"}
            </button>
          </form>
        </>
      )}
      <p>
        <a href="/login">Go to the login page</a>
      </p>
    </main>
  );
}
