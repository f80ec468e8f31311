// Two-step sign-in (TOTP) pieces shared by the login, the account security screen and a session
// the clinic's policy restricts: the code field, the set-up steps (QR code, the secret for manual
// entry, the first code) and the recovery codes, shown once with Download, Print and "I have
// saved them".

import { useEffect, useState } from "preact/hooks";
import { ApiError, Post } from "../api";
import type { MfaEnrolment } from "../types";
import { AsApiError, FormError } from "./ui";

/**
 * The 6-digit code of the authenticator app (numeric keypad, the browser's one-time-code
 * autofill) or, with `recovery`, a recovery code (letters and digits, no autocorrection).
 */
export function CodeField(props: {
  id: string;
  label: string;
  value: string;
  recovery?: boolean;
  error?: string;
  hint?: string;
  onInput: (value: string) => void;
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
      <input
        id={props.id}
        name={props.id}
        type="text"
        class={props.recovery ? "code-input code-input-recovery" : "code-input"}
        value={props.value}
        inputMode={props.recovery ? "text" : "numeric"}
        autoComplete={props.recovery ? "off" : "one-time-code"}
        autoCapitalize="none"
        spellcheck={false}
        maxLength={props.recovery ? 40 : 8}
        required
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

/** The app's code as the server wants it: digits only (people type "123 456"). */
export function TotpDigits(value: string): string {
  return value.replace(/[\s-]/g, "");
}

/** "ABCD EFGH IJKL ..." : the secret in groups of four, easier to type from the screen. */
export function GroupedSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(" ");
}

/** A data: URI of the server's SVG (UTF-8 safe; the CSP allows img-src data:). */
export function SvgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return "data:image/svg+xml;base64," + btoa(binary);
}

/**
 * Set-up in three steps: POST /me/mfa/enrolment on mount (a new secret each time), the QR code
 * and the secret, then the first code (POST /me/mfa/enrolment/confirm), then the recovery codes.
 * `onDone` runs once the user says the codes are saved (two-step sign-in is on from the confirm).
 */
export function MfaSetup(props: { onDone: () => void; onCancel?: () => void }) {
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [start_error, setStartError] = useState<ApiError | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  useEffect(() => {
    let current = true;
    setEnrolment(null);
    setStartError(undefined);
    Post<MfaEnrolment>("/me/mfa/enrolment", {}).then(
      (e) => current && setEnrolment(e),
      (e: unknown) => current && setStartError(AsApiError(e)),
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const confirm = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await Post<{ recovery_codes: string[] }>("/me/mfa/enrolment/confirm", { code: TotpDigits(code) });
      setCodes(answer.recovery_codes);
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  if (codes) return <RecoveryCodes codes={codes} lead="Two-step sign-in is on." onSaved={props.onDone} />;

  if (start_error)
    return (
      <div class="card mfa-setup">
        <p class="notice notice-error" role="alert">
          Could not start setting up two-step sign-in: {start_error.message}
        </p>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Back
          </button>
        )}
      </div>
    );
  if (!enrolment)
    return (
      <p class="muted" role="status">
        Preparing a new key for your authenticator app…
      </p>
    );

  const code_error = error?.fieldMessage("code");
  // 409: the enrolment is gone (another tab restarted or finished it): start again.
  const expired = error?.status === 409;
  return (
    <section class="card mfa-setup" aria-label="Set up two-step sign-in" data-testid="mfa-setup">
      <ol class="mfa-steps">
        <li>
          <p>
            Open an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator),
            add an account and scan this QR code:
          </p>
          <img class="mfa-qr" src={SvgDataUri(enrolment.qr_svg)} alt="QR code for your authenticator app" width={200} height={200} />
        </li>
        <li>
          <p>
            Cannot scan it? Choose to enter a key by hand, with the account name backcare, time-based, and type this key (the
            spaces do not matter):
          </p>
          <p class="mfa-secret">
            <code data-testid="mfa-secret">{GroupedSecret(enrolment.secret)}</code>
          </p>
        </li>
        <li>
          <form onSubmit={confirm} noValidate>
            <FormError error={expired ? undefined : error} shown_paths={["code"]} />
            {expired && (
              <p class="notice notice-error" role="alert">
                This set-up has expired or was replaced in another window.{" "}
                <button type="button" class="secondary small" onClick={() => setGeneration((g) => g + 1)}>
                  Start again
                </button>
              </p>
            )}
            <CodeField
              id="mfa-setup-code"
              label="The 6-digit code the app shows"
              hint="It changes every 30 seconds; enter the one shown now."
              value={code}
              error={code_error ? "The code is not right. Check the key in the app, then enter the code it shows now." : undefined}
              onInput={setCode}
            />
            <div class="button-row">
              <button type="submit" disabled={busy}>
                {busy ? "Checking…" : "Turn on two-step sign-in"}
              </button>
              {props.onCancel && (
                <button type="button" class="secondary" onClick={props.onCancel}>
                  Cancel
                </button>
              )}
            </div>
          </form>
        </li>
      </ol>
    </section>
  );
}

function RecoveryText(codes: string[]): string {
  const made = new Date().toISOString().slice(0, 10);
  return [
    "backcare recovery codes",
    `Made on ${made}. Each code signs you in once when you do not have your authenticator app.`,
    "Making new codes replaces all of these.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/**
 * The recovery codes, shown once (the server keeps only their hashes): as a list, as a text file
 * to download, printed on their own, and "I have saved them" to go on.
 */
export function RecoveryCodes(props: { codes: string[]; lead: string; onSaved: () => void }) {
  useEffect(() => {
    const done = () => document.body.classList.remove("printing-codes");
    window.addEventListener("afterprint", done);
    return () => {
      window.removeEventListener("afterprint", done);
      done();
    };
  }, []);

  const download = () => {
    const url = URL.createObjectURL(new Blob([RecoveryText(props.codes)], { type: "text/plain;charset=utf-8" }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = "backcare-recovery-codes.txt";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const print = () => {
    document.body.classList.add("printing-codes");
    window.print();
  };

  return (
    <section class="card recovery-print" aria-labelledby="recovery-heading" data-testid="recovery-codes">
      <h2 id="recovery-heading">Your recovery codes</h2>
      <p>
        {props.lead} If you lose your phone, each of these codes signs you in once instead of the app's code.{" "}
        <strong>They are shown only now:</strong> download or print them, or write them down, and keep them somewhere safe
        (not on the phone).
      </p>
      <ol class="recovery-codes">
        {props.codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div class="button-row no-print">
        <button type="button" class="secondary" onClick={download}>
          Download as text
        </button>
        <button type="button" class="secondary" onClick={print}>
          Print
        </button>
        <button type="button" onClick={props.onSaved}>
          I have saved them
        </button>
      </div>
    </section>
  );
}
