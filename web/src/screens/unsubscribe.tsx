// /unsubscribe#token=...: the link at the foot of a reminder email. Opening the page does not
// unsubscribe by itself (mail scanners open links); the button POSTs the token, and the page says
// which reminder was switched off. The token stays in the URL fragment, never sent in a GET.

import { useState } from "preact/hooks";
import { ApiError, Post } from "../api";
import { ScreenHeading } from "../components/ui";

interface UnsubscribeResult {
  kind: "appointment" | "nudge";
  already_used: boolean;
}

function TokenFromHash(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  return params.get("token") ?? "";
}

const kKindWords: Record<UnsubscribeResult["kind"], string> = {
  appointment: "appointment reminders",
  nudge: "daily home exercise reminders",
};

export function UnsubscribeScreen() {
  const [token] = useState(TokenFromHash);
  const [result, setResult] = useState<UnsubscribeResult | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(
    token ? undefined : "This address has no unsubscribe token. Open the full link from the reminder email.",
  );
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      setResult(await Post<UnsubscribeResult>("/unsubscribe", { token }, { quiet_401: true }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404)
        setProblem("This link is not valid any more (the reminders may have been switched on again). You can change your reminders under My details in the portal.");
      else setProblem("The link could not be used: " + (e instanceof ApiError ? e.message : String(e)));
    }
    setBusy(false);
  };

  return (
    <main id="main" class="page page-narrow">
      <ScreenHeading title="Email reminders" />
      {problem && (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {result && (
        <p class="notice" role="status" data-testid="unsubscribed">
          {result.already_used ? "Already done: " : "Done: "}
          you will get no more {kKindWords[result.kind]} by email. You can switch them on again under My details in the
          portal.
        </p>
      )}
      {!problem && !result && (
        <form onSubmit={submit}>
          <p>Stop this kind of reminder email? You can switch it on again in the portal at any time.</p>
          <button type="submit" disabled={busy}>
            Unsubscribe
          </button>
        </form>
      )}
    </main>
  );
}
