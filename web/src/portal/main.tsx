// The patient portal's entry (portal.html, served at /portal): restores the session (GET /me),
// shows the login when there is none, and routes /portal/patients/{id}/{screen} to a screen.
// Staff, and sessions with something to do first (a password to change), go to the staff app,
// which handles them. Imports only what a patient needs: no staff screen is reachable from here.
// It registers the service worker (offline use) and sends the ticks that waited on the phone
// after each login and whenever the browser is back online.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "uplot/dist/uPlot.min.css";
import "../styles.css";
import "./portal.css";
import { ApiError, Get, Post, SetCsrfToken, SetUnauthorizedHandler } from "../api";
import { Link, ScreenHeading } from "../components/ui";
import { Navigate, UseLocation } from "../router";
import { LoginScreen } from "../screens/login";
import type { Actor } from "../types";
import { AccessLogScreen } from "./access_log";
import { CheckInScreen } from "./check_in";
import { PortalPath, type PortalScreen } from "./common";
import { DetailsScreen } from "./details";
import { ForgetOfflineData, RegisterServiceWorker, SendPendingTicks, type RefusedTick } from "./offline";
import { PlanScreen } from "./plan";
import { ProgressScreen } from "./progress";
import { TodayScreen } from "./today";

const kScreens: { screen: PortalScreen; label: string }[] = [
  { screen: "today", label: "Today" },
  { screen: "plan", label: "My plan" },
  { screen: "progress", label: "Progress" },
  { screen: "check-in", label: "Check-in" },
  { screen: "access-log", label: "Who looked" },
  { screen: "details", label: "My details" },
];

/** Whether this signed-in user belongs in the portal (else the staff app at / takes over). */
function PortalUser(user: Actor): boolean {
  return user.role === "patient" && user.patient_id !== null && !user.restriction;
}

/** Replaces the URL after render (never during it). */
function Redirect(props: { to: string }) {
  useEffect(() => Navigate(props.to, { replace: true }), [props.to]);
  return null;
}

function PortalNav(props: { patient_id: number; path: string }) {
  return (
    <nav aria-label="Portal" class="portal-nav">
      <ul>
        {kScreens.map(({ screen, label }) => {
          const href = PortalPath(props.patient_id, screen);
          return (
            <li key={screen}>
              <Link href={href} aria-current={props.path === href ? "page" : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Sends the patient's waiting ticks now and whenever the browser comes back online. */
function UseReplay(patient_id: number | null): RefusedTick[] {
  const [refused, setRefused] = useState<RefusedTick[]>([]);
  useEffect(() => {
    if (patient_id === null) return undefined;
    const send = () => void SendPendingTicks(patient_id).then((r) => r.length > 0 && setRefused((before) => [...before, ...r]));
    send();
    window.addEventListener("online", send);
    return () => window.removeEventListener("online", send);
  }, [patient_id]);
  return refused;
}

function RefusedNotice(props: { refused: RefusedTick[] }) {
  if (props.refused.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert" data-testid="refused-ticks">
      <p>Some ticks made while you were offline could not be saved:</p>
      <ul>
        {props.refused.map(({ tick, message }) => (
          <li key={tick.date + tick.exercise_id}>
            {tick.date}, {tick.exercise_id.replace(/_/g, " ")}: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Portal() {
  const location = UseLocation();
  /** undefined while GET /me is in flight; null when nobody is signed in. */
  const [user, setUser] = useState<Actor | null | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const refused = UseReplay(user ? user.patient_id : null);

  useEffect(() => {
    Get<Actor>("/me", { quiet_401: true }).then(
      (me) => {
        if (me.csrf_token) SetCsrfToken(me.csrf_token);
        if (!PortalUser(me)) window.location.replace("/");
        else setUser(me);
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) SetCsrfToken(null);
        setUser(null);
      },
    );
    SetUnauthorizedHandler(() => {
      SetCsrfToken(null);
      setUser(null);
      setMessage("Your session has ended. Please log in again.");
    });
  }, []);

  if (user === undefined)
    return (
      <main id="main" class="page portal-page">
        <p role="status">Loading…</p>
      </main>
    );

  if (user === null)
    return (
      <div class="portal">
        <LoginScreen
          message={message}
          onLoggedIn={(actor) => {
            setMessage(undefined);
            if (!PortalUser(actor)) window.location.assign("/");
            else setUser(actor);
          }}
        />
      </div>
    );

  const own = user.patient_id!;
  const logout = () => {
    Post("/logout", undefined, { quiet_401: true })
      .catch(() => undefined)
      .finally(() => {
        SetCsrfToken(null);
        setUser(null);
        setMessage("You have logged out.");
        void ForgetOfflineData();
        Navigate("/portal", { replace: true });
      });
  };

  const match = /^\/portal\/patients\/(\d+)\/([a-z-]+)\/?$/.exec(location.path);
  const patient_id = match ? Number(match[1]) : own;
  const screen = match?.[2];
  if (!match && (location.path === "/portal" || location.path === "/portal/"))
    return <Redirect to={PortalPath(own, "today")} />;
  const props = { patient_id, own_patient_id: own };
  let content;
  if (screen === "today") content = <TodayScreen {...props} />;
  else if (screen === "plan") content = <PlanScreen {...props} />;
  else if (screen === "progress") content = <ProgressScreen {...props} />;
  else if (screen === "check-in") content = <CheckInScreen {...props} />;
  else if (screen === "access-log") content = <AccessLogScreen {...props} />;
  else if (screen === "details") content = <DetailsScreen {...props} />;
  else
    content = (
      <>
        <ScreenHeading title="Page not found" />
        <p>There is no page at this address.</p>
        <p>
          <Link href={PortalPath(own, "today")}>Go to my exercises for today</Link>
        </p>
      </>
    );

  return (
    <div class="portal">
      <header class="top-bar portal-bar">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <span class="brand">backcare</span>
        <span class="who">My care</span>
        <button type="button" class="secondary" onClick={logout}>
          Log out
        </button>
      </header>
      <PortalNav patient_id={own} path={location.path} />
      <main id="main" class="page portal-page" key={location.path}>
        <RefusedNotice refused={refused} />
        {content}
      </main>
    </div>
  );
}

RegisterServiceWorker();
render(<Portal />, document.getElementById("app")!);
