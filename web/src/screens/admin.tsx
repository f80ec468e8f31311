// /admin/...: the clinic's administration, for admins only (other roles get a "not allowed"
// message; the API refuses them too). Users (create, disable/enable, password-reset links),
// therapists, clinic settings (name, time zone, cancellation notice, the active protocol), API
// tokens (the secret shown once) and the protocol view (screens/protocol_view.tsx).

import { useState } from "preact/hooks";
import { ApiError, Get, Post, Request } from "../api";
import { AsApiError, ErrorNotice, FormError, Link, Loading, ScreenHeading, SelectField, TextField } from "../components/ui";
import { FormatDay, FormatDateTime, RoleName } from "../format";
import { ForgetClinic, LoadClinic, UseResource, UseSession } from "../session";
import type { ClinicSettings, Closure, IssuedLink, Patient, ProtocolSummary, Therapist, User } from "../types";
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

function Success(props: { text?: string }) {
  if (!props.text) return null;
  return (
    <p class="notice notice-ok" role="status">
      {props.text}
    </p>
  );
}

/** A secret shown once: a read-only field to copy from, a Copy button and the hint. */
function ShownOnce(props: { id: string; label: string; value: string; hint: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="shown-once" data-testid={props.id}>
      <div class="field">
        <label for={props.id + "-value"}>{props.label}</label>
        <p class="hint" id={props.id + "-hint"}>
          {props.hint}
        </p>
        <div class="copy-row">
          <input id={props.id + "-value"} readOnly value={props.value} aria-describedby={props.id + "-hint"} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          <button
            type="button"
            class="secondary"
            onClick={() =>
              navigator.clipboard?.writeText(props.value).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            Copy
          </button>
        </div>
        <p class="hint" role="status">
          {copied ? "Copied." : ""}
        </p>
      </div>
    </div>
  );
}

function PersonName(t: { given_name: string; family_name: string }): string {
  return [t.given_name, t.family_name].filter(Boolean).join(" ");
}

// ---- Users ----

interface UsersData {
  time_zone: string;
  users: User[];
  therapists: Therapist[];
  patients: Patient[];
}

function UsersSection() {
  const { user: me } = UseSession();
  const data = UseResource<UsersData>(async () => {
    const [clinic, users, therapists, patients] = await Promise.all([
      LoadClinic(),
      Get<User[]>("/users"),
      Get<Therapist[]>("/therapists"),
      Get<Patient[]>("/patients"),
    ]);
    return { time_zone: clinic.time_zone, users, therapists, patients };
  }, "users");
  const [row_error, setRowError] = useState<string | undefined>(undefined);
  const [link, setLink] = useState<{ user: User; issued: IssuedLink } | null>(null);
  const [done, setDone] = useState<string | undefined>(undefined);

  const setState = async (u: User, state: "active" | "disabled") => {
    setRowError(undefined);
    setDone(undefined);
    try {
      await Request<void>("PUT", `/users/${u.id}/state`, { state });
      setDone(`${u.email} is ${state === "active" ? "enabled" : "disabled"}.`);
      data.reload();
    } catch (e) {
      setRowError(`Could not change ${u.email}: ${AsApiError(e).message}`);
    }
  };
  const reset = async (u: User) => {
    setRowError(undefined);
    setDone(undefined);
    try {
      setLink({ user: u, issued: await Post<IssuedLink>(`/users/${u.id}/password-reset`) });
    } catch (e) {
      setRowError(`Could not issue a reset link for ${u.email}: ${AsApiError(e).message}`);
    }
  };

  return (
    <>
      <ScreenHeading title="Users" />
      {data.error && <ErrorNotice error={data.error} what="users" />}
      {!data.data && data.loading && <Loading what="users" />}
      {row_error && (
        <p class="notice notice-error" role="alert">
          {row_error}
        </p>
      )}
      <Success text={done} />
      {link && (
        <section class="card" aria-labelledby="reset-heading">
          <h2 id="reset-heading">Password reset link for {link.user.email}</h2>
          <ShownOnce
            id="reset-link"
            label="Reset link"
            value={window.location.origin + link.issued.path}
            hint={`Copy the link now and give it to ${link.user.display_name || link.user.email}: it is shown only once, works once and expires ${FormatDateTime(link.issued.expires_at, data.data?.time_zone ?? "UTC")}.${link.issued.emailed ? " It is also on its way by email." : ""}`}
          />
        </section>
      )}
      {data.data && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Users">
          <table class="data-table" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Linked to</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.data.users.map((u) => {
                const therapist = data.data!.therapists.find((t) => t.id === u.therapist_id);
                const patient = data.data!.patients.find((p) => p.id === u.patient_id);
                return (
                  <tr data-testid="user-row">
                    <th scope="row">{u.display_name || "—"}</th>
                    <td>{u.email}</td>
                    <td>{RoleName(u.role)}</td>
                    <td>{therapist ? "Therapist " + PersonName(therapist) : patient ? "Patient " + PersonName(patient) : "—"}</td>
                    <td>
                      <span class={"badge " + (u.state === "active" ? "badge-active" : "badge-cancelled")}>{u.state === "active" ? "Active" : "Disabled"}</span>
                    </td>
                    <td class="row-actions">
                      {u.id !== me.user_id &&
                        (u.state === "active" ? (
                          <button type="button" class="secondary small" onClick={() => setState(u, "disabled")}>
                            Disable<span class="visually-hidden"> {u.email}</span>
                          </button>
                        ) : (
                          <button type="button" class="secondary small" onClick={() => setState(u, "active")}>
                            Enable<span class="visually-hidden"> {u.email}</span>
                          </button>
                        ))}
                      {u.state === "active" && (
                        <button type="button" class="secondary small" onClick={() => reset(u)}>
                          Reset link<span class="visually-hidden"> for {u.email}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data.data && (
        <CreateUserForm
          therapists={data.data.therapists}
          patients={data.data.patients.filter((p) => !p.deleted)}
          onCreated={(email) => {
            setDone(`Login created for ${email}.`);
            data.reload();
          }}
        />
      )}
    </>
  );
}

const kUserFields = ["email", "display_name", "role", "password", "therapist_id", "patient_id"];

function CreateUserForm(props: { therapists: Therapist[]; patients: Patient[]; onCreated: (email: string) => void }) {
  const [form, setForm] = useState({ email: "", display_name: "", role: "therapist", password: "", therapist_id: "", patient_id: "" });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = { email: form.email, display_name: form.display_name, role: form.role, password: form.password };
    if (form.role === "therapist" && form.therapist_id) body.therapist_id = Number(form.therapist_id);
    if (form.role === "patient" && form.patient_id) body.patient_id = Number(form.patient_id);
    try {
      await Post("/users", body);
      props.onCreated(form.email);
      setForm({ email: "", display_name: "", role: form.role, password: "", therapist_id: "", patient_id: "" });
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  return (
    <section class="card" aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">Create a login</h2>
      <form class="form-narrow" onSubmit={submit} noValidate>
        <FormError error={error} shown_paths={kUserFields} />
        <TextField id="user-email" label="Email" type="email" autocomplete="off" value={form.email} error={error?.fieldMessage("email")} onInput={set("email")} />
        <TextField id="user-display-name" label="Display name" autocomplete="off" value={form.display_name} error={error?.fieldMessage("display_name")} onInput={set("display_name")} />
        <SelectField
          id="user-role"
          label="Role"
          value={form.role}
          options={["therapist", "front_desk", "admin", "patient"].map((r) => ({ value: r, label: RoleName(r) }))}
          error={error?.fieldMessage("role")}
          onChange={set("role")}
        />
        {form.role === "therapist" && (
          <SelectField
            id="user-therapist"
            label="Therapist"
            hint="A therapist login acts for one therapist; add the therapist first under Therapists."
            value={form.therapist_id}
            options={[{ value: "", label: "Choose a therapist" }, ...props.therapists.map((t) => ({ value: String(t.id), label: PersonName(t) }))]}
            error={error?.fieldMessage("therapist_id")}
            onChange={set("therapist_id")}
          />
        )}
        {form.role === "patient" && (
          <SelectField
            id="user-patient"
            label="Patient"
            value={form.patient_id}
            options={[{ value: "", label: "Choose a patient" }, ...props.patients.map((p) => ({ value: String(p.id), label: `${PersonName(p)} (${p.date_of_birth})` }))]}
            error={error?.fieldMessage("patient_id")}
            onChange={set("patient_id")}
          />
        )}
        <TextField
          id="user-password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint="At least 12 characters, not a common password, not containing the email's name."
          value={form.password}
          error={error?.fieldMessage("password")}
          onInput={set("password")}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create login"}
        </button>
      </form>
    </section>
  );
}

// ---- Therapists ----

function TherapistsSection() {
  const data = UseResource(async () => {
    const [therapists, users] = await Promise.all([Get<Therapist[]>("/therapists"), Get<User[]>("/users")]);
    return { therapists, users };
  }, "therapists");
  const [form, setForm] = useState({ given_name: "", family_name: "", license_number: "" });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await Post("/therapists", form);
      setDone(`${PersonName(form)} is added. Create their login under Users.`);
      setForm({ given_name: "", family_name: "", license_number: "" });
      data.reload();
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  return (
    <>
      <ScreenHeading title="Therapists" />
      {data.error && <ErrorNotice error={data.error} what="therapists" />}
      {!data.data && data.loading && <Loading what="therapists" />}
      <Success text={done} />
      {data.data && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Therapists">
          <table class="data-table" data-testid="therapist-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Licence number</th>
                <th scope="col">State</th>
                <th scope="col">Login</th>
              </tr>
            </thead>
            <tbody>
              {data.data.therapists.map((t) => (
                <tr>
                  <th scope="row">{PersonName(t)}</th>
                  <td>{t.license_number || "—"}</td>
                  <td>{t.state === "active" ? "Active" : "Inactive"}</td>
                  <td>{data.data!.users.find((u) => u.therapist_id === t.id)?.email ?? "No login yet"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="card" aria-labelledby="new-therapist-heading">
        <h2 id="new-therapist-heading">Add a therapist</h2>
        <form class="form-narrow" onSubmit={submit} noValidate>
          <FormError error={error} shown_paths={["given_name", "family_name", "license_number"]} />
          <TextField id="therapist-given" label="Given name" autocomplete="off" value={form.given_name} error={error?.fieldMessage("given_name")} onInput={set("given_name")} />
          <TextField id="therapist-family" label="Family name" autocomplete="off" value={form.family_name} error={error?.fieldMessage("family_name")} onInput={set("family_name")} />
          <TextField id="therapist-licence" label="Licence number" autocomplete="off" value={form.license_number} error={error?.fieldMessage("license_number")} onInput={set("license_number")} />
          <button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add therapist"}
          </button>
        </form>
      </section>
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
    const [clinic, protocols] = await Promise.all([Get<ClinicSettings>("/clinic"), Get<ProtocolSummary[]>("/protocols")]);
    return { clinic, protocols };
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
  return <ClinicForm clinic={data.data.clinic} protocols={data.data.protocols} onSaved={data.reload} />;
}

function ClinicForm(props: { clinic: ClinicSettings; protocols: ProtocolSummary[]; onSaved: () => void }) {
  const { clinic } = props;
  const key = (p: { id: string; version: number } | null) => (p ? `${p.id}@${p.version}` : "");
  const [form, setForm] = useState({
    name: clinic.name,
    time_zone: clinic.time_zone,
    hours: String(clinic.patient_cancel_notice_hours),
    protocol: key(clinic.protocol),
  });
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
    const chosen = props.protocols.find((p) => key(p) === form.protocol);
    if (chosen) body.protocol = { id: chosen.id, version: chosen.version };
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
        <FormError error={error} shown_paths={["name", "time_zone", "patient_cancel_notice_hours", "protocol"]} />
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
        A token lets a program call the API as you, with your role ({RoleName(user.role)}), until it is revoked. Send it as{" "}
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
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {data.data.tokens.map((t) => (
                  <tr data-testid="token-row">
                    <th scope="row">{t.name}</th>
                    <td>{RoleName(t.role)}</td>
                    <td>{maker(t.owner_id)}</td>
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
