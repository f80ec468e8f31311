// /login: email and password; when the login has two-step sign-in, a second step asks for the
// authenticator app's code (or a recovery code). On success the App returns to ?next= (or /).

import { useState } from "preact/hooks";
import { ApiError, Post, SetCsrfToken } from "../api";
import { CodeField, TotpDigits } from "../components/mfa";
import { ScreenHeading, TextField } from "../components/ui";
import { TakeFlash } from "../flash";
import type { Actor, LoginResponse, MfaChallenge } from "../types";

/** The second step: the mfa_token of POST /login, valid for `expires_in` seconds. */
interface CodeStep {
  token: string;
  recovery: boolean;
}

export function LoginScreen(props: { message?: string; onLoggedIn: (user: Actor, notice?: string) => void }) {
  const [flash] = useState(() => TakeFlash());
  const [email, setEmail] = useState(flash?.email ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<CodeStep | null>(null);
  const [code, setCode] = useState("");
  const [code_error, setCodeError] = useState<string | undefined>(undefined);
  const [step_notice, setStepNotice] = useState<string | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setStepNotice(undefined);
    try {
      const result = await Post<LoginResponse | MfaChallenge>("/login", { email, password }, { quiet_401: true });
      if ("mfa_required" in result && result.mfa_required) {
        setPassword("");
        setCode("");
        setCodeError(undefined);
        setStep({ token: result.mfa_token, recovery: false });
        setBusy(false);
        return;
      }
      const session = result as LoginResponse;
      SetCsrfToken(session.csrf_token);
      props.onLoggedIn(session.user);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "client", String(e), []));
      setBusy(false);
    }
  };

  const submitCode = async (event: Event) => {
    event.preventDefault();
    if (!step) return;
    const typed = step.recovery ? code.trim() : TotpDigits(code);
    if (!typed) {
      setCodeError(step.recovery ? "Enter one of your recovery codes." : "Enter the 6-digit code your app shows.");
      return;
    }
    setBusy(true);
    setCodeError(undefined);
    try {
      const session = await Post<LoginResponse>("/login/mfa", { mfa_token: step.token, code: typed }, { quiet_401: true });
      SetCsrfToken(session.csrf_token);
      const left = session.recovery_codes_left;
      props.onLoggedIn(
        session.user,
        step.recovery && left !== undefined
          ? `You signed in with a recovery code; it cannot be used again. ${left === 1 ? "1 recovery code is" : `${left} recovery codes are`} left${left <= 3 ? ": make new ones under Security" : ""}.`
          : undefined,
      );
    } catch (e) {
      const failure = e instanceof ApiError ? e : new ApiError(0, "client", String(e), []);
      setBusy(false);
      // The mfa_token is used up (5 minutes, or 5 wrong codes): the password step again. The
      // server tells this apart from a wrong code only by its message.
      if (failure.status === 401 && /expired|again/i.test(failure.message) && !/not right/i.test(failure.message)) {
        setStep(null);
        setCode("");
        setStepNotice("Your sign-in expired (after 5 minutes or too many wrong codes). Enter your email and password again.");
        return;
      }
      if (failure.status === 401)
        setCodeError(
          step.recovery
            ? "That recovery code is not right, or it has been used already."
            : "That code is not right. Enter the code your app shows now.",
        );
      else if (failure.status === 429) setCodeError("Too many failed attempts. Wait a few minutes, then try again.");
      else setCodeError(failure.fieldMessage("code") ?? failure.fieldMessage("mfa_token") ?? failure.message);
    }
  };

  if (step)
    return (
      <main id="main" class="page page-narrow">
        <ScreenHeading key="code" title="Two-step sign-in" />
        <form onSubmit={submitCode} noValidate>
          <p>
            {step.recovery
              ? "Enter one of the recovery codes you saved when you set up two-step sign-in. Each code works once."
              : "Open your authenticator app and enter the 6-digit code it shows for backcare."}
          </p>
          <CodeField
            key={step.recovery ? "recovery" : "totp"}
            id={step.recovery ? "recovery-code" : "totp-code"}
            label={step.recovery ? "Recovery code" : "6-digit code"}
            hint={step.recovery ? "Like abcd-efgh-ijkl-mnop; capitals and spaces do not matter." : undefined}
            recovery={step.recovery}
            value={code}
            error={code_error}
            onInput={setCode}
          />
          <div class="button-row">
            <button type="submit" disabled={busy}>
              {busy ? "Checking…" : "Verify"}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setStep({ ...step, recovery: !step.recovery });
                setCode("");
                setCodeError(undefined);
              }}
            >
              {step.recovery ? "Use the app's code instead" : "Use a recovery code instead"}
            </button>
          </div>
          <p>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setStep(null);
                setCode("");
              }}
            >
              Start again with email and password
            </button>
          </p>
        </form>
      </main>
    );

  let general: string | undefined;
  if (error) {
    if (error.status === 401) general = "The email or password is not right.";
    else if (error.status === 429) general = "Too many failed attempts. Wait a few minutes, then try again.";
    else if (error.fields.length === 0) general = error.message;
  }
  const notice = step_notice ?? flash?.message ?? props.message;

  return (
    <main id="main" class="page page-narrow">
      <ScreenHeading key="password" title="Log in to backcare" />
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
