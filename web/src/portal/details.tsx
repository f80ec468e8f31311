// My details: the name, phone and email the clinic has for the patient (GET /patients/{id}),
// which the patient corrects with PUT /patients/{id}/contact; the date of birth is shown but only
// the clinic changes it. The login email and password are not changed here. Below, the patient's
// email reminders (reminders.tsx).

import { useState } from "preact/hooks";
import { Get, Request } from "../api";
import { AsApiError, ScreenHeading } from "../components/ui";
import { UseResource } from "../session";
import type { Patient } from "../types";
import { FormatLongDate, Pending } from "./common";
import { RemindersSection } from "./reminders";

interface Contact {
  given_name: string;
  family_name: string;
  phone: string;
  email: string;
}

const kFields: { name: keyof Contact; label: string; type: "text" | "tel" | "email"; autocomplete: string }[] = [
  { name: "given_name", label: "Given name", type: "text", autocomplete: "given-name" },
  { name: "family_name", label: "Family name", type: "text", autocomplete: "family-name" },
  { name: "phone", label: "Phone", type: "tel", autocomplete: "tel" },
  { name: "email", label: "Email", type: "email", autocomplete: "email" },
];

export function DetailsScreen(props: { patient_id: number; own_patient_id: number }) {
  const patient = UseResource(() => Get<Patient>(`/patients/${props.patient_id}`), String(props.patient_id));
  const [edited, setEdited] = useState<Contact | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  const heading = <ScreenHeading title="My details">My details</ScreenHeading>;
  if (!patient.data) return Pending(heading, patient.error, "your details", props.own_patient_id);
  const stored: Contact = {
    given_name: patient.data.given_name,
    family_name: patient.data.family_name,
    phone: patient.data.phone,
    email: patient.data.email,
  };
  const form = edited ?? stored;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      await Request<void>("PUT", `/patients/${props.patient_id}/contact`, form);
      setEdited(null);
      patient.reload();
      setMessage("Saved. The clinic will use these details from now on.");
    } catch (e) {
      const error = AsApiError(e);
      const by_field: Record<string, string> = {};
      for (const f of error.fields) by_field[f.path] = f.message;
      setErrors(by_field);
      setMessage(
        error.status === 0
          ? "Not saved: we could not reach the clinic's server. Check your connection and try again."
          : `Not saved: ${error.fields.length > 0 ? "please correct the fields marked below." : error.message}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {heading}
      <p>This is how the clinic reaches you. Your login email and password stay as they are.</p>
      <p>
        Date of birth: <strong>{FormatLongDate(patient.data.date_of_birth + "T12:00:00")}</strong>{" "}
        <span class="muted">(if this is wrong, tell the front desk)</span>
      </p>
      <form class="portal-card" onSubmit={submit} noValidate data-testid="details-form">
        {kFields.map((field) => (
          <div class="field" key={field.name}>
            <label for={`details-${field.name}`}>{field.label}</label>
            <input
              id={`details-${field.name}`}
              // Preact's input props discriminate on one literal `type`; the three here share them.
              type={field.type as "text"}
              autocomplete={field.autocomplete}
              value={form[field.name]}
              aria-invalid={errors[field.name] ? true : undefined}
              aria-describedby={errors[field.name] ? `details-${field.name}-error` : undefined}
              onInput={(event) => setEdited({ ...form, [field.name]: (event.currentTarget as HTMLInputElement).value })}
            />
            {errors[field.name] && (
              <p class="field-error" id={`details-${field.name}-error`}>
                {errors[field.name]}
              </p>
            )}
          </div>
        ))}
        <p class="portal-live" role="status" aria-live="polite" data-testid="details-status">
          {message}
        </p>
        <button type="submit" disabled={busy || edited === null}>
          {busy ? "Saving…" : "Save my details"}
        </button>
      </form>
      <RemindersSection patient_id={props.patient_id} />
    </>
  );
}
