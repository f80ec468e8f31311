// /account/security: the signed-in user's own security. Two-step sign-in (status, set up, new
// recovery codes with a current code, turn off with the password unless the clinic requires it)
// and the sessions of the login (this device marked, Sign out per session). Any staff role; it
// shows nothing clinical. MfaRequiredScreen is the set-up a restricted session gets instead of
// the app.

import { useState } from "preact/hooks";
import { ApiError, Get, Post, Request } from "../api";
import { CodeField, MfaSetup, RecoveryCodes, TotpDigits } from "../components/mfa";
import { AsApiError, ErrorNotice, FormError, Link, Loading, ScreenHeading, TextField } from "../components/ui";
import { FormatDateTime, ShortUserAgent } from "../format";
import { LoadClinic, UseResource, UseSession } from "../session";
import type { MfaStatus, SignedInSession } from "../types";
import { Success } from "./admin_widgets";

export function AccountSecurityScreen() {
  return (
    <>
      <ScreenHeading title="Account security" />
      <p>
        How you sign in, and where you are signed in. To change your password, go to{" "}
        <Link href="/account/password">Change your password</Link>.
      </p>
      <TwoStepSection />
      <SessionsSection />
    </>
  );
}

/** What a restricted session ("mfa_enrolment_required") shows instead of the app. */
export function MfaRequiredScreen(props: { onDone: () => void }) {
  return (
    <>
      <ScreenHeading title="Set up two-step sign-in" />
      <p class="notice" data-testid="restriction-explained">
        Your clinic requires two-step sign-in for your role. After your password, backcare will ask for a code from an app on your
        phone, so a stolen password alone cannot open the clinic's records. Set it up now to go on; it takes about a minute.
      </p>
      <MfaSetup onDone={props.onDone} />
    </>
  );
}

/** The browser's own time zone when the clinic's cannot be read. */
function TimeZone(): Promise<string> {
  return LoadClinic().then(
    (c) => c.time_zone,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
}

type TwoStepMode = "view" | "setup" | "new-codes" | "turn-off";

function TwoStepSection() {
  const status = UseResource(async () => {
    const [mfa, time_zone] = await Promise.all([Get<MfaStatus>("/me/mfa"), TimeZone()]);
    return { mfa, time_zone };
  }, "mfa");
  const [mode, setMode] = useState<TwoStepMode>("view");
  const [codes, setCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | undefined>(undefined);

  const finish = (message: string) => {
    setMode("view");
    setCodes(null);
    setDone(message);
    status.reload();
  };

  let body;
  if (status.error) body = <ErrorNotice error={status.error} what="your two-step sign-in" />;
  else if (!status.data) body = <Loading what="your two-step sign-in" />;
  else if (codes) body = <RecoveryCodes codes={codes} lead="Your old recovery codes no longer work." onSaved={() => finish("Your new recovery codes are saved.")} />;
  else if (mode === "setup") body = <MfaSetup onDone={() => finish("Two-step sign-in is on.")} onCancel={() => setMode("view")} />;
  else {
    const { mfa, time_zone } = status.data;
    body = (
      <>
        {mfa.enabled ? (
          <p data-testid="mfa-status">
            <span class="badge badge-active">On</span> since {mfa.enabled_at ? FormatDateTime(mfa.enabled_at, time_zone) : "—"}.{" "}
            {mfa.recovery_codes_left === 1 ? "1 recovery code is" : `${mfa.recovery_codes_left} recovery codes are`} left.
            {mfa.recovery_codes_left <= 3 && " Make new ones before they run out."}
          </p>
        ) : (
          <p data-testid="mfa-status">
            <span class="badge badge-cancelled">Off</span> After your password, two-step sign-in asks for a 6-digit code from an app on
            your phone, so a stolen password alone cannot open your account.
            {mfa.required && " Your clinic requires it for your role."}
          </p>
        )}
        {mode === "new-codes" && <NewCodesForm onCodes={setCodes} onCancel={() => setMode("view")} />}
        {mode === "turn-off" && <TurnOffForm onDone={() => finish("Two-step sign-in is off.")} onCancel={() => setMode("view")} />}
        {mode === "view" && (
          <>
            <div class="button-row">
              {!mfa.enabled && (
                <button type="button" onClick={() => (setDone(undefined), setMode("setup"))}>
                  Set up two-step sign-in
                </button>
              )}
              {mfa.enabled && (
                <button type="button" class="secondary" onClick={() => (setDone(undefined), setMode("new-codes"))}>
                  New recovery codes
                </button>
              )}
              {mfa.enabled && !mfa.required && (
                <button type="button" class="secondary" onClick={() => (setDone(undefined), setMode("turn-off"))}>
                  Turn off
                </button>
              )}
            </div>
            {mfa.enabled && mfa.required && (
              <p class="hint" data-testid="mfa-required">
                Your clinic requires two-step sign-in for your role, so it cannot be turned off. If you lose your phone, sign in with a
                recovery code and set it up again, or ask an admin to reset it.
              </p>
            )}
          </>
        )}
      </>
    );
  }
  return (
    <section class="card" aria-labelledby="two-step-heading">
      <h2 id="two-step-heading">Two-step sign-in</h2>
      <Success text={done} />
      {body}
    </section>
  );
}

function NewCodesForm(props: { onCodes: (codes: string[]) => void; onCancel: () => void }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onCodes((await Post<{ recovery_codes: string[] }>("/me/mfa/recovery-codes", { code: TotpDigits(code) })).recovery_codes);
    } catch (e) {
      setError(AsApiError(e));
      setBusy(false);
    }
  };
  const code_error = error?.fieldMessage("code") ?? (error?.status === 401 ? error.message : undefined);
  return (
    <form class="form-narrow" onSubmit={submit} noValidate aria-labelledby="new-codes-heading">
      <h3 id="new-codes-heading">New recovery codes</h3>
      <p>Ten new codes replace the ones you have; the old ones stop working.</p>
      <FormError error={code_error ? undefined : error} shown_paths={["code"]} />
      <CodeField id="new-codes-code" label="The 6-digit code your app shows now" value={code} error={code_error} onInput={setCode} />
      <div class="button-row">
        <button type="submit" disabled={busy}>
          {busy ? "Making codes…" : "Make new codes"}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TurnOffForm(props: { onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await Request<void>("DELETE", "/me/mfa", { password });
      props.onDone();
    } catch (e) {
      setError(AsApiError(e));
      setBusy(false);
    }
  };
  return (
    <form class="form-narrow" onSubmit={submit} noValidate aria-labelledby="turn-off-heading">
      <h3 id="turn-off-heading">Turn off two-step sign-in</h3>
      <p>Your password alone will sign you in again, and your recovery codes stop working.</p>
      <FormError error={error} shown_paths={["password"]} />
      <TextField
        id="turn-off-password"
        label="Your password"
        type="password"
        autocomplete="current-password"
        required
        value={password}
        error={error?.fieldMessage("password")}
        onInput={setPassword}
      />
      <div class="button-row">
        <button type="submit" disabled={busy}>
          {busy ? "Turning off…" : "Turn off two-step sign-in"}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SessionsSection() {
  const { logout } = UseSession();
  const data = UseResource(async () => {
    const [sessions, time_zone] = await Promise.all([Get<SignedInSession[]>("/me/sessions"), TimeZone()]);
    return { sessions, time_zone };
  }, "sessions");
  const [row_error, setRowError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const sign_out = async (s: SignedInSession) => {
    setRowError(undefined);
    setDone(undefined);
    try {
      await Request<void>("DELETE", `/me/sessions/${encodeURIComponent(s.id)}`, undefined, { quiet_401: s.current });
      if (s.current) {
        logout();
        return;
      }
      setDone(`${ShortUserAgent(s.user_agent)} is signed out.`);
      data.reload();
    } catch (e) {
      setRowError(`Could not sign out ${ShortUserAgent(s.user_agent)}: ${AsApiError(e).message}`);
    }
  };

  return (
    <section class="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <p>Sign out a browser you no longer use or do not recognise; it will have to log in again.</p>
      {data.error && <ErrorNotice error={data.error} what="your sessions" />}
      {!data.data && data.loading && <Loading what="your sessions" />}
      {row_error && (
        <p class="notice notice-error" role="alert">
          {row_error}
        </p>
      )}
      <Success text={done} />
      {data.data && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Sessions">
          <table class="data-table" data-testid="session-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Started</th>
                <th scope="col">Last active</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.data.sessions.map((s) => (
                <tr data-testid="session-row" data-current={s.current ? "true" : undefined}>
                  <th scope="row">
                    <span title={s.user_agent || undefined}>{ShortUserAgent(s.user_agent)}</span>
                    {s.current && <span class="badge badge-active this-device">This device</span>}
                  </th>
                  <td>{s.address || "—"}</td>
                  <td>{FormatDateTime(s.created_at, data.data!.time_zone)}</td>
                  <td>{FormatDateTime(s.last_seen_at, data.data!.time_zone)}</td>
                  <td>
                    <button type="button" class="secondary small" onClick={() => sign_out(s)}>
                      Sign out<span class="visually-hidden"> {s.current ? "this device" : ShortUserAgent(s.user_agent) + " from " + (s.address || "an unknown address")}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
