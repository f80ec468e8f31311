// /admin/users and /admin/therapists: the clinic's logins (create, disable/enable, password-reset
// links, resetting a lost phone's two-step sign-in) and its therapists (list, add).

import { useState } from "preact/hooks";
import { ApiError, Get, Post, Request } from "../api";
import { ConfirmDialog } from "../components/confirm_dialog";
import { AsApiError, ErrorNotice, FormError, Loading, ScreenHeading, SelectField, TextField } from "../components/ui";
import { FormatDateTime, RoleName } from "../format";
import { LoadClinic, UseResource, UseSession } from "../session";
import type { IssuedLink, Patient, Therapist, User } from "../types";
import { PersonName, ShownOnce, Success } from "./admin_widgets";

// ---- Users ----

interface UsersData {
  time_zone: string;
  users: User[];
  therapists: Therapist[];
  patients: Patient[];
}

export function UsersSection() {
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
  const [mfa_reset, setMfaReset] = useState<User | null>(null);

  const resetMfa = async (u: User): Promise<string | undefined> => {
    try {
      await Post<void>(`/users/${u.id}/mfa-reset`);
    } catch (e) {
      return `Could not reset two-step sign-in for ${u.email}: ${AsApiError(e).message}`;
    }
    setDone(`Two-step sign-in is reset for ${u.email}: they log in with their password alone, and can set it up again under Security.`);
    data.reload();
    return undefined;
  };

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
  const [password_reset, setPasswordReset] = useState<User | null>(null);
  const reset = async (u: User): Promise<string | undefined> => {
    try {
      // No body at all: the server reads a body as {"temporary_password"} and refuses {} (400).
      setLink({ user: u, issued: await Request<IssuedLink>("POST", `/users/${u.id}/password-reset`) });
    } catch (e) {
      return `Could not reset the password of ${u.email}: ${AsApiError(e).message}`;
    }
    data.reload();
    return undefined;
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
          <p data-testid="reset-explained">
            {link.user.display_name || link.user.email} is signed out everywhere. They set a new password with the link; if they log in
            with their old password instead, backcare asks them to choose a new one before anything else.
          </p>
        </section>
      )}
      {password_reset && (
        <ConfirmDialog
          title={`Reset the password of ${password_reset.email}?`}
          confirm_label="Reset password"
          busy_label="Resetting…"
          testid="password-reset-dialog"
          onConfirm={() => reset(password_reset)}
          onClose={() => setPasswordReset(null)}
        >
          <p>
            They are signed out everywhere, and you get a one-time link to give them for setting a new password. If they log in
            with their old password instead, they must choose a new one at that login before anything else.
          </p>
        </ConfirmDialog>
      )}
      {mfa_reset && (
        <ConfirmDialog
          title={`Reset two-step sign-in for ${mfa_reset.email}?`}
          confirm_label="Reset two-step sign-in"
          busy_label="Resetting…"
          testid="mfa-reset-dialog"
          onConfirm={() => resetMfa(mfa_reset)}
          onClose={() => setMfaReset(null)}
        >
          <p>
            For a lost or replaced phone. Their authenticator app and recovery codes stop working and they are signed out
            everywhere; they then log in with their password alone
            {" "}(if the clinic requires two-step sign-in for their role, they must set it up again at that login).
          </p>
          <p>Do this only once you are sure it is really them asking.</p>
        </ConfirmDialog>
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
                      {u.mfa_enabled && <span class="badge"> Two-step sign-in</span>}
                      {u.password_change_required && <span class="badge"> New password due</span>}
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
                        <button
                          type="button"
                          class="secondary small"
                          onClick={() => {
                            setRowError(undefined);
                            setDone(undefined);
                            setPasswordReset(u);
                          }}
                        >
                          Reset link<span class="visually-hidden"> for {u.email}</span>
                        </button>
                      )}
                      {u.id !== me.user_id && u.mfa_enabled && (
                        <button
                          type="button"
                          class="secondary small"
                          onClick={() => {
                            setRowError(undefined);
                            setDone(undefined);
                            setMfaReset(u);
                          }}
                        >
                          Reset two-step sign-in<span class="visually-hidden"> for {u.email}</span>
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

export function TherapistsSection() {
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
