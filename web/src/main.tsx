// Entry point of the staff app: restores the session (GET /me), routes the URL to a screen (a
// patient to the portal, /portal, a separate entry), and sends the user
// to /login (and back afterwards) whenever the server answers 401. A restricted session (a
// password to change, two-step sign-in to set up) gets only that screen, whatever the URL,
// until it is done; a 403 permission_denied asks GET /me whether the session became one.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { ApiError, Get, Post, SetCsrfToken, SetPermissionDeniedHandler, SetUnauthorizedHandler } from "./api";
import { TopBar } from "./components/top_bar";
import { ScreenHeading } from "./components/ui";
import { Navigate, SafeNext, UseLocation } from "./router";
import { AccountSecurityScreen, MfaRequiredScreen } from "./screens/account_security";
import { AdminScreen } from "./screens/admin";
import { ChangePasswordScreen } from "./screens/change_password";
import { DayView } from "./screens/day_view";
import { LoginScreen } from "./screens/login";
import { IntakeRegistration, PatientIntake } from "./screens/intake";
import { OutcomesReportScreen } from "./screens/outcomes_report";
import { PatientChart } from "./screens/patient_chart";
import { PatientList } from "./screens/patient_list";
import { SessionNote } from "./screens/session_note";
import { SetPasswordScreen } from "./screens/set_password";
import { UnsubscribeScreen } from "./screens/unsubscribe";
import { WeekGrid } from "./screens/week_grid";
import { ForgetClinic, SessionContext } from "./session";
import type { Actor } from "./types";

/** undefined while GET /me is in flight; null when nobody is signed in. */
type UserState = Actor | null | undefined;

/** Replaces the URL after render (never during it). */
function Redirect(props: { to: string }) {
  useEffect(() => Navigate(props.to, { replace: true }), [props.to]);
  return null;
}

/** A patient's place is the portal (portal.html, its own entry): a full page load there. */
function PortalRedirect() {
  useEffect(() => window.location.replace("/portal"), []);
  return (
    <>
      <ScreenHeading title="Patient portal" />
      <p role="status">
        Opening your patient portal… <a href="/portal">Go to the portal</a>
      </p>
    </>
  );
}

function App() {
  const location = UseLocation();
  const [user, setUser] = useState<UserState>(undefined);
  const [login_message, setLoginMessage] = useState<string | undefined>(undefined);
  /** A notice for the first screen after logging in (shown while its path stays). */
  const [welcome, setWelcome] = useState<{ text: string; path: string } | null>(null);

  /** GET /me again: the session's restriction may have been lifted (or imposed). */
  const refreshUser = () =>
    Get<Actor>("/me").then(
      (me) => {
        if (me.csrf_token) SetCsrfToken(me.csrf_token);
        setUser(me);
      },
      () => undefined,
    );

  useEffect(() => {
    Get<Actor>("/me", { quiet_401: true }).then(
      (me) => {
        if (me.csrf_token) SetCsrfToken(me.csrf_token);
        setUser(me);
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) SetCsrfToken(null);
        setUser(null);
      },
    );
    SetPermissionDeniedHandler(() => {
      Get<Actor>("/me").then(
        (me) => {
          if (me.restriction) setUser(me);
        },
        () => undefined,
      );
    });
    SetUnauthorizedHandler(() => {
      SetCsrfToken(null);
      ForgetClinic();
      setUser(null);
      setLoginMessage("Your session has ended. Please log in again to continue where you were.");
      const here = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith("/login"))
        Navigate("/login?next=" + encodeURIComponent(here), { replace: true });
    });
  }, []);

  if (location.path === "/set-password") return <SetPasswordScreen />;
  if (location.path === "/unsubscribe") return <UnsubscribeScreen />;

  if (user === undefined)
    return (
      <main id="main" class="page">
        <p role="status">Loading…</p>
      </main>
    );

  if (location.path === "/login" || user === null) {
    if (user) return <Redirect to={SafeNext(location.search.get("next"))} />;
    if (location.path !== "/login") return <Redirect to={"/login?next=" + encodeURIComponent(location.href)} />;
    return (
      <LoginScreen
        message={login_message}
        onLoggedIn={(actor, notice) => {
          const next = SafeNext(location.search.get("next"));
          setLoginMessage(undefined);
          setWelcome(notice ? { text: notice, path: next.split("?")[0] } : null);
          setUser(actor);
          Navigate(next, { replace: true });
        }}
      />
    );
  }

  const logout = () => {
    Post("/logout", undefined, { quiet_401: true })
      .catch(() => undefined)
      .finally(() => {
        SetCsrfToken(null);
        ForgetClinic();
        setUser(null);
        setLoginMessage("You have logged out.");
        Navigate("/login", { replace: true });
      });
  };

  if (user.restriction)
    return (
      <SessionContext.Provider value={{ user, logout }}>
        <TopBar user={user} path={location.path} onLogout={logout} />
        <main id="main" class="page" key={user.restriction}>
          {user.restriction === "password_change_required" ? (
            <ChangePasswordScreen restricted onChanged={refreshUser} />
          ) : (
            <MfaRequiredScreen onDone={refreshUser} />
          )}
        </main>
      </SessionContext.Provider>
    );

  let screen;
  const chart = /^\/patients\/(\d+)$/.exec(location.path);
  const intake = /^\/patients\/(\d+)\/intake$/.exec(location.path);
  const note = /^\/sessions\/(\d+)\/note$/.exec(location.path);
  if (user.role === "patient") screen = <PortalRedirect />;
  else if (location.path === "/") screen = <DayView />;
  else if (location.path === "/patients") screen = <PatientList />;
  else if (location.path === "/week") screen = <WeekGrid />;
  else if (location.path === "/admin" || location.path.startsWith("/admin/")) screen = <AdminScreen path={location.path} />;
  else if (location.path === "/reports/outcomes") screen = <OutcomesReportScreen />;
  else if (location.path === "/account/password") screen = <ChangePasswordScreen />;
  else if (location.path === "/account/security") screen = <AccountSecurityScreen />;
  else if (location.path === "/intake") screen = <IntakeRegistration />;
  else if (intake) screen = <PatientIntake patient_id={Number(intake[1])} />;
  else if (chart) screen = <PatientChart patient_id={Number(chart[1])} />;
  else if (note) {
    const patient = location.search.get("patient");
    screen = <SessionNote session_id={Number(note[1])} patient_id={patient && /^\d+$/.test(patient) ? Number(patient) : null} />;
  }
  else
    screen = (
      <>
        <ScreenHeading title="Page not found" />
        <p>There is no page at this address.</p>
      </>
    );

  return (
    <SessionContext.Provider value={{ user, logout }}>
      <TopBar user={user} path={location.path} onLogout={logout} />
      <main id="main" class="page" key={location.path}>
        {welcome && welcome.path === location.path && (
          <p class="notice" role="status" data-testid="welcome">
            {welcome.text}
          </p>
        )}
        {screen}
      </main>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById("app")!);
