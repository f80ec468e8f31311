// /admin/...: the clinic's administration, for admins only (other roles get a "not allowed"
// message; the API refuses them too). Users (create, disable/enable, password-reset links),
// therapists, clinic settings (name, time zone, cancellation notice, the active protocol, who must
// use two-step sign-in), API tokens (the secret shown once) and the protocol view
// (screens/protocol_view.tsx).

import { useState } from "preact/hooks";
import { ApiError, Get, Post, Request } from "../api";
import { AsApiError, ErrorNotice, FormError, Link, Loading, ScreenHeading, SelectField, TextField } from "../components/ui";
import { FormatDay, RoleName } from "../format";
import { ForgetClinic, UseResource, UseSession } from "../session";
import type { ClinicSettings, Closure, MfaPolicy, MfaStatus, ProtocolSummary, User } from "../types";
import { UsersSection, TherapistsSection } from "./admin_people";
import { ShownOnce, Success } from "./admin_widgets";
import { ProtocolList, ProtocolView } from "./protocol_view";

const kSections = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/therapists", label: "Therapists" },
  { href: "/admin/clinic", label: "Clinic settings" },
  { href: "/admin/closures", label: "Closures" },
  { href: "/admin/tokens", label: "API tokens" },
  { href: "/admin/protocols", label: "Protocols" },
];

function AdminNav(props: { path: string }) {
  return (
    <nav aria-label="Admin sections" class="admin-nav">
      <ul>
        {kSections.map((s) => (
          <li>
            <Link href={s.href} aria-current={props.path === s.href || props.path.startsWith(s.href + "/") ? "page" : undefined}>
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Routes /admin and /admin/...; everyone but an admin gets the "not allowed" message. */
export function AdminScreen(props: { path: string }) {
  const { user } = UseSession();
  if (user.role !== "admin")
    return (
      <>
        <ScreenHeading title="Admin" />
        <p class="notice notice-error" role="alert" data-testid="not-allowed">
          Not allowed: the admin pages are for admins only. Ask an admin of the clinic if you need a change.
        </p>
      </>
    );
  const path = props.path === "/admin" ? "/admin/users" : props.path;
  const protocol = /^\/admin\/protocols\/([^/]+)\/(\d+)$/.exec(path);
  let body;
  if (path === "/admin/users") body = <UsersSection />;
  else if (path === "/admin/therapists") body = <TherapistsSection />;
  else if (path === "/admin/clinic") body = <ClinicSection />;
  else if (path === "/admin/closures") body = <ClosuresSection />;
  else if (path === "/admin/tokens") body = <TokensSection />;
  else if (path === "/admin/protocols") body = <ProtocolList />;
  else if (protocol) body = <ProtocolView id={decodeURIComponent(protocol[1])} version={Number(protocol[2])} />;
  else
    body = (
      <>
        <ScreenHeading title="Page not found" />
        <p>There is no admin page at this address.</p>
      </>
    );
  return (
    <>
      <AdminNav path={path} />
      {body}
    </>
  );
}

// ---- Clinic settings ----

function TimeZones(current: string): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return supported.includes(current) ? supported : [current, ...supported];
}

function ClinicSection() {
  const data = UseResource(async () => {
    const [clinic, protocols, mfa] = await Promise.all([
      Get<ClinicSettings>("/clinic"),
      Get<ProtocolSummary[]>("/protocols"),
      Get<MfaStatus>("/me/mfa").catch(() => null),
    ]);
    return { clinic, protocols, own_mfa: mfa?.enabled ?? true };
  }, "clinic");
  if (data.error)
    return (
      <>
        <ScreenHeading title="Clinic settings" />
        <ErrorNotice error={data.error} what="the clinic's settings" />
      </>
    );
  if (!data.data)
    return (
      <>
        <ScreenHeading title="Clinic settings" />
        <Loading what="the clinic's settings" />
      </>
    );
  return <ClinicForm clinic={data.data.clinic} protocols={data.data.protocols} own_mfa={data.data.own_mfa} onSaved={data.reload} />;
}

const kMfaPolicies: { value: MfaPolicy; label: string; explanation: string }[] = [
  {
    value: "optional",
    label: "Optional",
    explanation: "Each person chooses whether to turn on two-step sign-in under Security; nobody is made to.",
  },
  {
    value: "admins",
    label: "Required for admins",
    explanation: "Admins must set it up before they can do anything else; other staff choose for themselves.",
  },
  {
    value: "staff",
    label: "Required for all staff",
    explanation: "Admins, therapists and front desk must set it up before going on. Patients are never asked.",
  },
];

/** The two-step sign-in policy as radio buttons, each with a sentence on what it means. */
function MfaPolicyField(props: { value: MfaPolicy; error?: string; onChange: (value: MfaPolicy) => void }) {
  return (
    <fieldset class="mfa-policy" aria-describedby={props.error ? "clinic-mfa-policy-error" : undefined}>
      <legend>Two-step sign-in</legend>
      {kMfaPolicies.map((p) => (
        <div class="check">
          <input
            type="radio"
            id={"clinic-mfa-" + p.value}
            name="mfa_policy"
            value={p.value}
            checked={props.value === p.value}
            aria-describedby={"clinic-mfa-" + p.value + "-hint"}
            onChange={() => props.onChange(p.value)}
          />
          <label for={"clinic-mfa-" + p.value}>{p.label}</label>
          <p class="hint policy-hint" id={"clinic-mfa-" + p.value + "-hint"}>
            {p.explanation}
          </p>
        </div>
      ))}
      {props.error && (
        <p class="field-error" id="clinic-mfa-policy-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

function ClinicForm(props: { clinic: ClinicSettings; protocols: ProtocolSummary[]; own_mfa: boolean; onSaved: () => void }) {
  const { clinic } = props;
  const key = (p: { id: string; version: number } | null) => (p ? `${p.id}@${p.version}` : "");
  const [form, setForm] = useState({
    name: clinic.name,
    time_zone: clinic.time_zone,
    hours: String(clinic.patient_cancel_notice_hours),
    pain_threshold: String(clinic.exercise_pain_alert_threshold),
    reminder_hours: String(clinic.appointment_reminder_hours ?? 24),
    protocol: key(clinic.protocol),
  });
  const [mfa_policy, setMfaPolicy] = useState<MfaPolicy>(clinic.mfa_policy ?? "optional");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const body: Record<string, unknown> = { name: form.name, time_zone: form.time_zone };
    if (form.hours.trim() !== "") body.patient_cancel_notice_hours = Number(form.hours);
    if (form.pain_threshold.trim() !== "") body.exercise_pain_alert_threshold = Number(form.pain_threshold);
    if (form.reminder_hours.trim() !== "") body.appointment_reminder_hours = Number(form.reminder_hours);
    const chosen = props.protocols.find((p) => key(p) === form.protocol);
    if (chosen) body.protocol = { id: chosen.id, version: chosen.version };
    if (clinic.mfa_policy !== undefined) body.mfa_policy = mfa_policy;
    try {
      await Request<void>("PUT", "/clinic", body);
      ForgetClinic();
      setDone("The clinic's settings are saved.");
      props.onSaved();
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  const active = props.protocols.find((p) => key(p) === form.protocol);
  return (
    <>
      <ScreenHeading title="Clinic settings" />
      <Success text={done} />
      <form class="card form-narrow" onSubmit={submit} noValidate aria-label="Clinic settings">
        <FormError error={error} shown_paths={["name", "time_zone", "patient_cancel_notice_hours", "exercise_pain_alert_threshold", "appointment_reminder_hours", "protocol", "mfa_policy"]} />
        <TextField id="clinic-name" label="Clinic name" autocomplete="off" value={form.name} error={error?.fieldMessage("name")} onInput={set("name")} />
        <SelectField
          id="clinic-time-zone"
          label="Time zone"
          hint="Session times, days and the clinic's today follow it."
          value={form.time_zone}
          options={TimeZones(clinic.time_zone).map((z) => ({ value: z, label: z.replace(/_/g, " ") }))}
          error={error?.fieldMessage("time_zone")}
          onChange={set("time_zone")}
        />
        <TextField
          id="clinic-cancel-hours"
          label="Patients may cancel up to (hours before a session)"
          type="number"
          min={0}
          max={720}
          hint="0 lets patients cancel up to the session's start; at most 720 (30 days)."
          value={form.hours}
          error={error?.fieldMessage("patient_cancel_notice_hours")}
          onInput={set("hours")}
        />
        <TextField
          id="clinic-pain-threshold"
          label="Alert the therapist when a patient rates an exercise's pain at or above (0-10 scale)"
          type="number"
          min={1}
          max={10}
          hint="1 to 10; a rating this high or higher raises an exercise pain alert."
          value={form.pain_threshold}
          error={error?.fieldMessage("exercise_pain_alert_threshold")}
          onInput={set("pain_threshold")}
        />
        <TextField
          id="clinic-reminder-hours"
          label="Email patients a reminder this many hours before a session"
          type="number"
          min={0}
          max={168}
          hint="0 sends no appointment reminders; at most 168 (a week). Patients can switch them off."
          value={form.reminder_hours}
          error={error?.fieldMessage("appointment_reminder_hours")}
          onInput={set("reminder_hours")}
        />
        <SelectField
          id="clinic-protocol"
          label="Protocol for new courses"
          hint="Courses already started keep the version they started on."
          value={form.protocol}
          options={[
            ...(clinic.protocol ? [] : [{ value: "", label: "The built-in protocol" }]),
            ...props.protocols.map((p) => ({ value: key(p), label: `${p.title}, version ${p.version}${p.built_in ? " (built in)" : ""}` })),
          ]}
          error={error?.fieldMessage("protocol")}
          onChange={set("protocol")}
        />
        {active && (
          <p>
            <Link href={`/admin/protocols/${encodeURIComponent(active.id)}/${active.version}`}>View this protocol</Link>
          </p>
        )}
        {clinic.mfa_policy !== undefined && <MfaPolicyField value={mfa_policy} error={error?.fieldMessage("mfa_policy")} onChange={setMfaPolicy} />}
        {mfa_policy !== "optional" && !props.own_mfa && (
          <p class="notice" data-testid="own-mfa-warning">
            You have not set up two-step sign-in yourself: once this is saved, backcare will ask you to set it up before anything else. You can do it now under Security.
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </button>
      </form>
    </>
  );
}

// ---- Closures ----

function ClosuresSection() {
  const data = UseResource(() => Get<Closure[]>("/clinic/closures"), "closures");
  const [form, setForm] = useState({ first_day: "", last_day: "", reason: "" });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [row_error, setRowError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await Post("/clinic/closures", form);
      setDone("The closure is added. Courses started from now on leave its days free.");
      setForm({ first_day: "", last_day: "", reason: "" });
      data.reload();
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };
  const remove = async (c: Closure) => {
    setRowError(undefined);
    setDone(undefined);
    try {
      await Request<void>("DELETE", `/clinic/closures/${c.id}`);
      setDone("The closure is deleted. Sessions already booked were not moved.");
      data.reload();
    } catch (e) {
      setRowError("Could not delete the closure: " + AsApiError(e).message);
    }
  };

  return (
    <>
      <ScreenHeading title="Closures and holidays" />
      <p>Whole days the clinic is closed. The planner books no session on them; booking or moving a session onto one is refused.</p>
      {data.error && <ErrorNotice error={data.error} what="closures" />}
      {!data.data && data.loading && <Loading what="closures" />}
      {row_error && (
        <p class="notice notice-error" role="alert">
          {row_error}
        </p>
      )}
      <Success text={done} />
      {data.data &&
        (data.data.length === 0 ? (
          <p class="empty">No closures.</p>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Closures">
            <table class="data-table" data-testid="closure-table">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">First day</th>
                  <th scope="col">Last day</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {data.data.map((c) => (
                  <tr data-testid="closure-row">
                    <th scope="row">{c.reason}</th>
                    <td>{FormatDay(c.first_day)}</td>
                    <td>{FormatDay(c.last_day)}</td>
                    <td>
                      <button type="button" class="secondary small" onClick={() => remove(c)}>
                        Delete<span class="visually-hidden"> the closure from {FormatDay(c.first_day)}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <section class="card" aria-labelledby="new-closure-heading">
        <h2 id="new-closure-heading">Add a closure</h2>
        <form class="form-narrow" onSubmit={submit} noValidate>
          <FormError error={error} shown_paths={["first_day", "last_day", "reason"]} />
          <TextField id="closure-first" label="First day" type="date" value={form.first_day} error={error?.fieldMessage("first_day")} onInput={set("first_day")} />
          <TextField id="closure-last" label="Last day" type="date" value={form.last_day} error={error?.fieldMessage("last_day")} onInput={set("last_day")} />
          <TextField id="closure-reason" label="Reason" hint="e.g. Christmas; at most 200 characters." autocomplete="off" value={form.reason} error={error?.fieldMessage("reason")} onInput={set("reason")} />
          <button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add closure"}
          </button>
        </form>
      </section>
    </>
  );
}

// ---- API tokens ----

/** GET /api-tokens: a token as admins see it (never its secret). */
interface ApiToken {
  id: number;
  name: string;
  role: string;
  state: "active" | "revoked";
  owner_id: number | null;
  /** Null only for a token made before tokens expired. */
  expires_at: string | null;
}

/** "2027-03-06" from an ISO instant, or the words for a token that has expired. */
function Expiry(at: string | null): string {
  if (at === null) return "—";
  return new Date(at).getTime() <= Date.now() ? "Expired" : at.slice(0, 10);
}

function TokensSection() {
  const { user } = UseSession();
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [revoke_error, setRevokeError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const data = UseResource(async () => {
    const [tokens, users] = await Promise.all([Get<ApiToken[]>("/api-tokens"), Get<User[]>("/users")]);
    return { tokens, users };
  }, "tokens");

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const issued = await Post<{ token_user_id: number; token: string }>("/api-tokens", { name });
      setSecret({ name, token: issued.token });
      setName("");
      data.reload();
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  const revoke = async (token: ApiToken) => {
    setRevokeError(undefined);
    setDone(undefined);
    try {
      await Request<void>("DELETE", `/api-tokens/${token.id}`);
      setDone(`Token “${token.name}” is revoked: it no longer works.`);
      setSecret(null);
      data.reload();
    } catch (e) {
      setRevokeError(`Could not revoke token “${token.name}”: ${AsApiError(e).message}`);
    }
  };
  const maker = (id: number | null) => {
    const found = data.data?.users.find((u) => u.id === id);
    return id === user.user_id ? "you" : found ? found.display_name || found.email : id === null ? "—" : `user ${id}`;
  };

  return (
    <>
      <ScreenHeading title="API tokens" />
      <p>
        A token lets a program call the API as you, with your role ({RoleName(user.role)}), for 90 days or until it is revoked, and
        only while your login is active. Send it as{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <Success text={done} />
      {secret && (
        <section class="card" aria-labelledby="secret-heading">
          <h2 id="secret-heading">New token “{secret.name}”</h2>
          <ShownOnce
            id="token-secret"
            label="Token"
            value={secret.token}
            hint="Copy the token now: it is shown only this once, and backcare keeps only a digest of it."
          />
        </section>
      )}
      <section class="card" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">Create a token</h2>
        <form class="form-narrow" onSubmit={create} noValidate>
          <FormError error={error} shown_paths={["name"]} />
          <TextField id="token-name" label="Name" hint="What the token is for, e.g. the reporting script." autocomplete="off" value={name} error={error?.fieldMessage("name")} onInput={setName} />
          <button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create token"}
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">The clinic's tokens</h2>
        {revoke_error && (
          <p class="notice notice-error" role="alert">
            {revoke_error}
          </p>
        )}
        {data.error && <ErrorNotice error={data.error} what="the API tokens" />}
        {!data.data && !data.error && <Loading what="the API tokens" />}
        {data.data && data.data.tokens.length === 0 && <p class="empty">None yet.</p>}
        {data.data && data.data.tokens.length > 0 && (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="The clinic's tokens">
            <table class="data-table" data-testid="token-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Acts as</th>
                  <th scope="col">Made by</th>
                  <th scope="col">Expires</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {data.data.tokens.map((t) => (
                  <tr data-testid="token-row">
                    <th scope="row">{t.name}</th>
                    <td>{RoleName(t.role)}</td>
                    <td>{maker(t.owner_id)}</td>
                    <td>{Expiry(t.expires_at)}</td>
                    <td>
                      {t.state === "revoked" ? (
                        "Revoked"
                      ) : (
                        <button type="button" class="secondary small" onClick={() => revoke(t)}>
                          Revoke<span class="visually-hidden"> token {t.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
