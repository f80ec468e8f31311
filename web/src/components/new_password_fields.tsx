// The two fields of a new password, "New password" and "Repeat the new password", as the
// set-password link and the change-password screen ask for them.

import { TextField } from "./ui";

export function NewPasswordFields(props: {
  password: string;
  confirm: string;
  password_error?: string;
  confirm_error?: string;
  hint?: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
}) {
  return (
    <>
      <TextField
        id="new-password"
        label="New password"
        type="password"
        autocomplete="new-password"
        hint={props.hint}
        required
        value={props.password}
        error={props.password_error}
        onInput={props.onPassword}
      />
      <TextField
        id="confirm-password"
        label="Repeat the new password"
        type="password"
        autocomplete="new-password"
        required
        value={props.confirm}
        error={props.confirm_error}
        onInput={props.onConfirm}
      />
    </>
  );
}
