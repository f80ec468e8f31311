// /patients: every patient of the clinic, filtered as you type by name, date of birth or phone.
// URL: /patients?q=... keeps the search across reloads and back/forward.

import { useState } from "preact/hooks";
import { Get } from "../api";
import { ErrorNotice, Link, Loading, ScreenHeading } from "../components/ui";
import { FormatDay, FormatNumber, Humanize } from "../format";
import { UseLocation } from "../router";
import { SeesClinicalData, UseResource, UseSession } from "../session";
import type { Patient } from "../types";

export function PatientName(p: Patient): string {
  return [p.given_name, p.family_name].filter(Boolean).join(" ");
}

/** True when `query` matches the name, the date of birth (as stored or as shown) or the phone. */
export function MatchesPatient(p: Patient, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const name = `${p.given_name} ${p.family_name}`.toLowerCase();
  const reversed = `${p.family_name} ${p.given_name}`.toLowerCase();
  if (q.split(/\s+/).every((word) => name.includes(word)) || reversed.includes(q)) return true;
  if (p.date_of_birth.includes(q) || FormatDay(p.date_of_birth, false).toLowerCase().includes(q)) return true;
  const q_digits = q.replace(/\D/g, "");
  if (q_digits.length >= 3 && p.phone.replace(/\D/g, "").includes(q_digits)) return true;
  // Day/month/year as typed in the UK: 04/01/1962.
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(q);
  if (dmy) {
    const iso = `${dmy[3]}-${dmy[2].padStart(2, "0")}-${dmy[1].padStart(2, "0")}`;
    if (p.date_of_birth === iso) return true;
  }
  return false;
}

export function PatientList() {
  const { user } = UseSession();
  const location = UseLocation();
  const [query, setQuery] = useState(location.search.get("q") ?? "");
  const patients = UseResource(() => Get<Patient[]>("/patients"), "patients");
  const clinical = SeesClinicalData(user);

  const update = (value: string) => {
    setQuery(value);
    const url = value ? "/patients?q=" + encodeURIComponent(value) : "/patients";
    window.history.replaceState(null, "", url);
  };

  const list = (patients.data ?? []).filter((p) => !p.deleted);
  const shown = list.filter((p) => MatchesPatient(p, query));

  return (
    <>
      <ScreenHeading title="Patients" />
      <p>
        <Link href="/intake" class="button-link">
          New patient
        </Link>
      </p>
      <form class="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="patient-search">Search by name, date of birth or phone</label>
          <input id="patient-search" type="search" value={query} onInput={(e) => update((e.currentTarget as HTMLInputElement).value)} />
        </div>
      </form>
      {patients.error && <ErrorNotice error={patients.error} what="patients" />}
      {!patients.data && patients.loading && <Loading what="patients" />}
      {patients.data && (
        <>
          <p role="status" class="muted">
            {query ? `${shown.length} of ${list.length} patients match.` : `${list.length} patients.`}
          </p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Patient list">
            <table class="data-table" data-testid="patient-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Date of birth</th>
                  <th scope="col">Phone</th>
                  {clinical && <th scope="col">Screening</th>}
                  {clinical && <th scope="col">Latest NPRS</th>}
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => (
                  <tr>
                    <th scope="row">
                      <Link href={`/patients/${p.id}`}>{PatientName(p) || "(no name)"}</Link>
                    </th>
                    <td>
                      <time dateTime={p.date_of_birth}>{FormatDay(p.date_of_birth, false)}</time>
                    </td>
                    <td>{p.phone}</td>
                    {clinical && <td>{p.clinical?.screening_decision ? Humanize(p.clinical.screening_decision) : "Not screened"}</td>}
                    {clinical && <td>{FormatNumber(p.clinical?.latest_nprs)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.length === 0 && <p class="empty">No patient matches “{query}”.</p>}
        </>
      )}
    </>
  );
}

