// Shared helpers of the browser tests: the server's address and demo logins, an API client
// with cookie + CSRF (for setup and for comparing the UI with the API), a Chromium launched
// once per test file, and pages that run under the production Content-Security-Policy.

import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

export const kBaseUrl = process.env.BACKCARE_URL ?? "http://127.0.0.1:8099";
export const kScreenshots = process.env.BACKCARE_SCREENSHOTS ?? path.join(import.meta.dirname, "screenshots");
const kLoginsFile = process.env.BACKCARE_LOGINS ?? "/tmp/webdev/logins.json";

/** The CSP the server sends with index.html (webapp.md §4); applied here too, so the tests
 * hold the app to it even against a server that sends a looser one. */
export const kCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'";

export function Logins() {
  return JSON.parse(readFileSync(kLoginsFile, "utf8"));
}

export function LoginFor(role, index = 0) {
  const login = Logins().filter((l) => l.role === role)[index];
  assert.ok(login, `no ${role} login #${index} in ${kLoginsFile}`);
  return login;
}

/** A minimal API client: keeps the session cookie and CSRF token like the browser does. */
export class ApiClient {
  cookie = "";
  csrf = "";
  user = null;

  static async LogIn(email, password) {
    const client = new ApiClient();
    const response = await fetch(kBaseUrl + "/api/v1/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    assert.equal(response.status, 200, `API login of ${email}: ${response.status}`);
    const body = await response.json();
    client.cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    client.csrf = body.csrf_token;
    client.user = body.user;
    return client;
  }

  async Call(method, api_path, body, extra_headers = {}) {
    const headers = { Accept: "application/json", Cookie: this.cookie, ...extra_headers };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = this.csrf;
    const response = await fetch(kBaseUrl + "/api/v1" + api_path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, etag: response.headers.get("etag") };
  }

  async Get(api_path) {
    const { status, body } = await this.Call("GET", api_path);
    assert.equal(status, 200, `GET ${api_path}: ${status} ${JSON.stringify(body)}`);
    return body;
  }
}

export async function LaunchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" });
}

/**
 * A fresh context + page at `viewport` (more browser.newContext options, e.g. timezoneId, in
 * `context_options`), checking that HTML documents come with kCsp, and collecting
 * problems (page errors, CSP / Trusted Types violations, dialogs) into `page.problems`.
 */
export async function NewPage(browser, viewport = { width: 1366, height: 768 }, context_options = {}) {
  const context = await browser.newContext({ viewport, baseURL: kBaseUrl, ...context_options });
  const page = await context.newPage();
  page.problems = [];
  // Every document must come with the server's production CSP (nothing here adds it).
  page.on("response", (response) => {
    if (response.request().resourceType() !== "document") return;
    const csp = response.headers()["content-security-policy"] ?? "";
    if (csp !== kCsp) page.problems.push(`document ${response.url()} has CSP "${csp}"`);
  });
  page.on("pageerror", (error) => page.problems.push("page error: " + error.message));
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|TrustedHTML|TrustedScript|Trusted Type/i.test(text)) page.problems.push("CSP: " + text);
  });
  page.on("dialog", (dialog) => {
    page.problems.push(`dialog opened (${dialog.type()}): ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return page;
}

export function AssertNoProblems(page) {
  assert.deepEqual(page.problems, [], "the page reported problems");
}

/** Logs in through the UI and waits for the app to leave /login. */
export async function UiLogIn(page, login, start = "/") {
  await page.goto(start);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password", { exact: true }).fill(login.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.getByRole("button", { name: "Log out" }).waitFor();
}

export async function Screenshot(page, name) {
  mkdirSync(kScreenshots, { recursive: true });
  await page.screenshot({ path: path.join(kScreenshots, name + ".png"), fullPage: true });
}

/** Fails on any serious or critical axe violation, naming each rule and its first target. */
export async function AssertAccessible(page, screen) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(" ")}`),
    [],
    `axe on ${screen}`,
  );
}

/** The clinic's YYYY-MM-DD for `instant`. */
export function ClinicDate(instant, time_zone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: time_zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/**
 * The first clinic day from today (up to 14 days on) on which a therapist login has sessions,
 * with that login and the day's sessions. The demo's history is relative to today, but today
 * may be a weekend.
 */
export async function TherapistDayWithSessions() {
  const therapists = Logins().filter((l) => l.role === "therapist");
  const admin = await ApiClient.LogIn(LoginFor("admin").email, LoginFor("admin").password);
  const clinic = await admin.Get("/clinic");
  const today = ClinicDate(new Date(), clinic.time_zone);
  const to = new Date(Date.parse(today + "T00:00:00Z") + 16 * 86400e3).toISOString().slice(0, 10);
  const from = new Date(Date.parse(today + "T00:00:00Z") - 86400e3).toISOString().slice(0, 10);
  const sessions = await admin.Get(`/schedule?from=${from}&to=${to}`);
  const clients = [];
  for (const login of therapists) clients.push({ login, client: await ApiClient.LogIn(login.email, login.password) });
  for (let offset = 0; offset < 14; offset++) {
    const day = new Date(Date.parse(today + "T00:00:00Z") + offset * 86400e3).toISOString().slice(0, 10);
    for (const { login, client } of clients) {
      const mine = sessions.filter(
        (s) => s.therapist_id === client.user.therapist_id && ClinicDate(new Date(s.start), clinic.time_zone) === day,
      );
      if (mine.length > 0) return { login, client, day, today, sessions: mine, clinic };
    }
  }
  assert.fail("no therapist has sessions in the next 14 days");
}

/** `date` (YYYY-MM-DD) plus `days`. */
export function AddDays(date, days) {
  return new Date(Date.parse(date + "T00:00:00Z") + days * 86400e3).toISOString().slice(0, 10);
}

let started_sessions = 0;

/**
 * A session of `therapist_login` that has started, was attended and has no note yet, on a newly
 * registered patient (intake with `findings`, then a back-entered course whose `attended_count`
 * past sessions, a week apart, were attended, the last on a recent weekday; the demo notes every
 * past session it attends, so it has none to offer). Returns { session_id (the last),
 * earlier_session_ids, patient_id, patient_name, day, client, clinic }.
 */
export async function StartedSessionWithoutNote(therapist_login, findings = [], attended_count = 1) {
  const client = await ApiClient.LogIn(therapist_login.email, therapist_login.password);
  const clinic = await client.Get("/clinic");
  const today = ClinicDate(new Date(), clinic.time_zone);
  let day = AddDays(today, -1);
  while ([0, 6].includes(new Date(day + "T12:00:00Z").getUTCDay())) day = AddDays(day, -1);
  started_sessions += 1;
  // Unique across runs on one database: letters from the time and a counter.
  const family_name = "Notetest" + (Date.now() * 100 + started_sessions).toString(26).replace(/\d/g, (d) => "qrstuvwxyz"[d]);
  const registered = await client.Call("POST", "/patients", { given_name: "Sam", family_name, date_of_birth: "1975-05-05" });
  assert.equal(registered.status, 201, `register: ${JSON.stringify(registered.body)}`);
  const patient_id = registered.body.id;
  const intake = await client.Call("POST", `/patients/${patient_id}/intake`, { findings });
  assert.equal(intake.status, 201, `intake: ${JSON.stringify(intake.body)}`);
  // The first free hour (the therapist may be booked already) on the last few weekdays.
  let course = null;
  for (let attempt = 0; attempt < 150 && !course; attempt++) {
    const hour = String(8 + ((started_sessions + attempt) % 10)).padStart(2, "0");
    // attended_count sessions, a week apart, the last on `day`.
    const past_sessions = Array.from({ length: attended_count }, (_, i) => ({
      start: `${AddDays(day, -7 * (attended_count - 1 - i))}T${hour}:00:00Z`,
      therapist_id: client.user.therapist_id,
      status: "attended",
    }));
    const answer = await client.Call("POST", `/patients/${patient_id}/courses`, {
      start_date: past_sessions[0].start.slice(0, 10),
      back_entry: true,
      therapist_id: client.user.therapist_id,
      past_sessions,
    });
    if (answer.status === 201) course = answer.body;
    else if (answer.status === 409 && answer.body?.error?.code === "conflict") {
      if (attempt % 10 === 9) do day = AddDays(day, -1); while ([0, 6].includes(new Date(day + "T12:00:00Z").getUTCDay()));
    } else assert.fail(`back-entered course: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  assert.ok(course, "no free hour for a back-entered session");
  const plan = await client.Get(`/patients/${patient_id}/plan`);
  const attended = plan.filter((s) => s.status === "attended");
  assert.equal(attended.length, attended_count, "the back-entered sessions are in the plan");
  const session = attended[attended.length - 1];
  const note = await client.Call("GET", `/sessions/${session.session_id}/note`);
  assert.equal(note.status, 404, "the new session has no note");
  return { session_id: session.session_id, earlier_session_ids: attended.slice(0, -1).map((s) => s.session_id), patient_id, patient_name: "Sam " + family_name, day: ClinicDate(new Date(session.start), clinic.time_zone), client, clinic };
}
