// /account/password: a signed-in user changes their own password. The current password is
// required; every other session of the login ends, and this one is renewed (a new CSRF token).
// A session restricted to "password_change_required" (an admin reset the password) gets this
// screen alone, with the reason, and `onChanged` lets the App go on once the password is new.

import { useState } from "preact/hooks";
import { ApiError, Post, SetCsrfToken } from "../api";
import { NewPasswordFields } from "../components/new_password_fields";
import { Link, ScreenHeading, TextField } from "../components/ui";
import { Success } from "./admin_widgets";

export function ChangePasswordScreen(props: { restricted?: boolean; onChanged?: () => void }) {
  const [current, setCurrent] = useState("");
  const [replacement, setReplacement] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [confirm_error, setConfirmError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setConfirmError(undefined);
    setDone(undefined);
    if (replacement !== confirm) {
      setConfirmError("The two passwords are not the same.");
      return;
    }
    setBusy(true);
    try {
      const renewed = await Post<{ csrf_token: string }>("/me/password", { current_password: current, new_password: replacement });
      SetCsrfToken(renewed.csrf_token);
      setCurrent("");
      setReplacement("");
      setConfirm("");
      if (props.onChanged) {
        setBusy(false);
        props.onChanged();
        return;
      }
      setDone("Your password is changed. You stay signed in here; every other device has to log in again.");
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "client", String(e), []));
    }
    setBusy(false);
  };

  const current_error = error?.fieldMessage("current_password");
  const new_error = error?.fieldMessage("new_password");
  const general = error && !current_error && !new_error ? error.message : undefined;

  return (
    <>
      <ScreenHeading title={props.restricted ? "Choose a new password" : "Change your password"} />
      {props.restricted ? (
        <p class="notice" data-testid="restriction-explained">
          An admin of your clinic reset your password. Choose a new one to go on: enter the password you just logged in with,
          then the new one twice. Only you will know it.
        </p>
      ) : (
        <p>
          Two-step sign-in and the places you are signed in are under <Link href="/account/security">Account security</Link>.
        </p>
      )}
      <Success text={done} />
      <form class="form-narrow" onSubmit={submit} noValidate>
        {general && (
          <p class="notice notice-error" role="alert">
            {general}
          </p>
        )}
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          autocomplete="current-password"
          required
          value={current}
          error={current_error}
          onInput={setCurrent}
        />
        <NewPasswordFields
          password={replacement}
          confirm={confirm}
          password_error={new_error}
          confirm_error={confirm_error}
          hint="At least 12 characters; a few unrelated words are easy to remember and hard to guess."
          onPassword={setReplacement}
          onConfirm={setConfirm}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Change password"}
        </button>
      </form>
    </>
  );
}
