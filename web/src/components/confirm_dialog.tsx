// A modal question before an action that cannot be undone (a <dialog>, not window.confirm, so it
// follows the app's styles and the browser tests can see it): the title, what will happen, the
// action's button and Cancel. Escape cancels too.

import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirm_label: string;
  busy_label: string;
  /** Runs the action; returns the words of a failure to show in the dialog, or undefined. */
  onConfirm: () => Promise<string | undefined>;
  onClose: () => void;
  testid?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const on_close = () => props.onClose();
    dialog?.addEventListener("close", on_close);
    return () => dialog?.removeEventListener("close", on_close);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <dialog ref={ref} class="sign-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-lead" data-testid={props.testid}>
      <h2 id="confirm-title">{props.title}</h2>
      <div id="confirm-lead">{props.children}</div>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="button-row">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            const problem = await props.onConfirm();
            setBusy(false);
            if (problem) setError(problem);
            else ref.current?.close();
          }}
        >
          {busy ? props.busy_label : props.confirm_label}
        </button>
        <button type="button" class="secondary" onClick={() => ref.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
