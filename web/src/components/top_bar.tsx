// The bar on every signed-in screen: the app name, the staff screens (none for a patient, whose
// portal is not this app), who is signed in, and Log out.

import { Link } from "./ui";
import { RoleName } from "../format";
import type { Actor } from "../types";

export function TopBar(props: { user: Actor; path: string; onLogout: () => void }) {
  const current = (match: boolean) => (match ? ("page" as const) : undefined);
  const on_patients = props.path.startsWith("/patients");
  return (
    <header class="top-bar">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <span class="brand">backcare</span>
      {props.user.role !== "patient" && (
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/" aria-current={current(props.path === "/")}>
                Day
              </Link>
            </li>
            <li>
              <Link href="/week" aria-current={current(props.path === "/week")}>
                Week
              </Link>
            </li>
            <li>
              <Link href="/patients" aria-current={current(on_patients && props.path === "/patients")}>
                Patients
              </Link>
            </li>
            {(props.user.role === "admin" || props.user.role === "therapist") && (
              <li>
                <Link href="/reports/outcomes" aria-current={current(props.path.startsWith("/reports/"))}>
                  Outcomes
                </Link>
              </li>
            )}
            {props.user.role === "admin" && (
              <li>
                <Link href="/admin" aria-current={current(props.path === "/admin" || props.path.startsWith("/admin/"))}>
                  Admin
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
      <span class="who">
        Signed in as <strong data-testid="role">{RoleName(props.user.role)}</strong>
      </span>
      {props.user.role !== "patient" && (
        <Link href="/account/password" class="account" aria-current={current(props.path === "/account/password")}>
          Password
        </Link>
      )}
      <button type="button" class="secondary" onClick={props.onLogout}>
        Log out
      </button>
    </header>
  );
}
