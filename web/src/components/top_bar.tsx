// The bar on every signed-in screen: the app name, the staff screens (none for a patient, whose
// portal is not this app, nor for a restricted session), who is signed in, the account links,
// and Log out.

import { Link } from "./ui";
import { RoleName } from "../format";
import type { Actor } from "../types";

export function TopBar(props: { user: Actor; path: string; onLogout: () => void }) {
  const current = (match: boolean) => (match ? ("page" as const) : undefined);
  const on_patients = props.path.startsWith("/patients");
  const staff = props.user.role !== "patient" && !props.user.restriction;
  return (
    <header class="top-bar">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <span class="brand">backcare</span>
      {staff && (
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
      {staff && (
        <Link href="/account/password" class="account" aria-current={current(props.path === "/account/password")}>
          Password
        </Link>
      )}
      {staff && (
        <Link href="/account/security" class="account" aria-current={current(props.path === "/account/security")}>
          Security
        </Link>
      )}
      <button type="button" class="secondary" onClick={props.onLogout}>
        Log out
      </button>
    </header>
  );
}
