// A therapist's day: log in, see the day's sessions, open a chart whose NPRS chart and table
// match GET /patients/{id}/progress, and keep the session (and its CSRF token) across a reload.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AssertAccessible,
  AssertNoProblems,
  LaunchBrowser,
  NewPage,
  Screenshot,
  TherapistDayWithSessions,
  UiLogIn,
} from "./lib.mjs";

let browser;
let setup;

before(async () => {
  browser = await LaunchBrowser();
  setup = await TherapistDayWithSessions();
});
after(async () => browser?.close());

/** The day's patient with the most NPRS points (the chart has something to draw). */
async function PatientWithMostPoints() {
  let best = null;
  for (const session of setup.sessions) {
    const progress = await setup.client.Get(`/patients/${session.patient_id}/progress`);
    if (!best || progress.points.length > best.progress.points.length) best = { session, progress };
  }
  assert.ok(best.progress.points.length > 0, "no patient of the day has NPRS points");
  return best;
}

function DayUrl() {
  return setup.day === setup.today ? "/" : `/?date=${setup.day}`;
}

test("a therapist sees the day's sessions and opens a chart that matches the API", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, setup.login, "/");
  assert.equal(new URL(page.url()).pathname, "/", "login returned to the day view");
  await page.getByRole("heading", { level: 1, name: /Day sheet/ }).waitFor();
  if (setup.day !== setup.today) {
    // Today is empty for this therapist (a weekend): the screen offers the next day with sessions.
    await page.getByText("No sessions on this day for this therapist.").waitFor();
    await page.getByRole("link", { name: /^Next day with sessions/ }).click();
    await page.waitForURL((url) => url.searchParams.get("date") === setup.day);
  }
  await page.getByTestId("session").first().waitFor();

  // Exactly the therapist's sessions of the day, by patient name, in time order.
  const names = await page.locator('[data-testid="session"] .patient-link').allTextContents();
  assert.deepEqual(names, setup.sessions.map((s) => s.patient_name));
  assert.equal(await page.getByRole("heading", { level: 2 }).filter({ hasText: "session" }).count(), 1, "one therapist shown by default");
  // Times in the clinic's zone.
  const first_time = new Intl.DateTimeFormat("en-GB", { timeZone: setup.clinic.time_zone, hour: "2-digit", minute: "2-digit" }).format(
    new Date(setup.sessions[0].start),
  );
  assert.match(await page.getByTestId("session").first().locator(".session-time").textContent(), new RegExp("^" + first_time));
  // Attend/miss only once a session has started (the server refuses earlier).
  for (const [index, entry] of setup.sessions.entries()) {
    const buttons = await page.getByTestId("session").nth(index).getByRole("button", { name: /attended$/ }).count();
    assert.equal(buttons, entry.status === "booked" && Date.parse(entry.start) <= Date.now() ? 1 : 0, `buttons of session ${entry.session_id}`);
  }
  // Alerts inbox beside the sessions.
  await page.getByRole("complementary", { name: /Alerts/ }).waitFor();
  await Screenshot(page, "day-view-1366");

  const { session, progress } = await PatientWithMostPoints();
  await page.getByRole("link", { name: session.patient_name }).first().click();
  await page.waitForURL(new RegExp(`/patients/${session.patient_id}$`));
  await page.getByRole("heading", { level: 1, name: session.patient_name }).waitFor();
  const table = page.getByTestId("nprs-table");
  await table.waitFor();

  // The table's rows are the API's points, in order.
  const rows = await table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({ id: Number(tr.getAttribute("data-response-id")), nprs: tr.querySelector('[data-col="nprs"]').textContent })),
  );
  assert.deepEqual(
    rows,
    progress.points.map((p) => ({ id: p.response_id, nprs: Number.isInteger(p.nprs) ? String(p.nprs) : p.nprs.toFixed(1) })),
  );

  // The canvas is drawn (uPlot paints the band, the line and the points).
  const painted = await page.getByTestId("nprs-chart").locator("canvas").evaluate((canvas) => {
    const context = canvas.getContext("2d");
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
    return { width: canvas.width, height: canvas.height, count };
  });
  assert.ok(painted.width > 200 && painted.height > 200, `canvas size ${painted.width}×${painted.height}`);
  assert.ok(painted.count > 1000, `canvas has ${painted.count} painted pixels`);

  // The sentence for the latest point.
  const latest = progress.points.at(-1);
  const sentence = await page.getByTestId("expected-sentence").textContent();
  const expected = (p) => `Expected by week ${Number.isInteger(p.week) ? p.week : p.week.toFixed(1)}: ` +
    `${Number.isInteger(p.expected_min_percent) ? p.expected_min_percent : p.expected_min_percent.toFixed(1)}–` +
    `${Number.isInteger(p.expected_max_percent) ? p.expected_max_percent : p.expected_max_percent.toFixed(1)} % reduction.`;
  const banded = progress.points.filter((p) => p.expected_min_percent !== null && p.expected_max_percent !== null);
  if (latest.expected_min_percent !== null) assert.equal(sentence, expected(latest));
  else if (banded.length) assert.match(sentence, new RegExp("no expected band at week .*" + expected(banded.at(-1)).replace(/[.]/g, "\\.") + "$"));
  await page.getByRole("heading", { name: "Course timeline" }).waitFor();
  await page.getByRole("heading", { name: "Home program: last 14 days" }).waitFor();
  await Screenshot(page, "chart-1366");

  // Reload: still signed in, same chart.
  await page.reload();
  await page.getByTestId("nprs-table").waitFor();
  assert.equal(new URL(page.url()).pathname, `/patients/${session.patient_id}`);
  assert.equal(await page.getByTestId("role").textContent(), "Therapist");
  AssertNoProblems(page);
  await page.context().close();
});

test("after a reload, a state change still carries the CSRF token (acknowledge an alert)", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, setup.login, "/");
  await page.reload();
  await page.getByRole("button", { name: "Log out" }).waitFor();
  const open_before = await setup.client.Get("/alerts");
  assert.ok(open_before.length > 0, "the demo has open alerts");
  const inbox = page.getByRole("complementary", { name: /Alerts/ });
  await inbox.getByRole("heading", { name: `Alerts (${open_before.length} open)` }).waitFor();
  const items = page.getByTestId("alert");
  assert.equal(await items.count(), Math.min(8, open_before.length), "the newest 8 are listed");
  if (open_before.length > 8) {
    await inbox.getByRole("button", { name: `Show all ${open_before.length} alerts` }).click();
    assert.equal(await items.count(), open_before.length);
  }
  // The first that a click may close (a red flag closes with its referral's outcome instead).
  await inbox.getByRole("button", { name: /^Acknowledge/ }).first().click();
  await page.getByRole("status").filter({ hasText: "Alert acknowledged." }).waitFor({ state: "attached" });
  const open_after = await setup.client.Get("/alerts");
  assert.equal(open_after.length, open_before.length - 1, "the server recorded the acknowledgement");
  await inbox.getByRole("heading", { name: `Alerts (${open_after.length} open)` }).waitFor();
  AssertNoProblems(page);
  await page.context().close();
});

test("a new tab's reload takes the CSRF token from GET /me", async (t) => {
  const me = await setup.client.Get("/me");
  if (!("csrf_token" in me)) {
    t.skip("this server's GET /me has no csrf_token yet");
    return;
  }
  const page = await NewPage(browser);
  await UiLogIn(page, setup.login, "/");
  // Forget the token kept from the login response; only the cookie is left.
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByTestId("alert").first().waitFor();
  const open_before = (await setup.client.Get("/alerts")).length;
  await page.getByRole("button", { name: /^Acknowledge/ }).first().click();
  await page.getByRole("status").filter({ hasText: "Alert acknowledged." }).waitFor({ state: "attached" });
  assert.equal((await setup.client.Get("/alerts")).length, open_before - 1);
  AssertNoProblems(page);
  await page.context().close();
});

test("a session that ends sends the user to /login and back to where they were", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, setup.login, "/patients");
  // Let the list's own request finish first: answered after the logout, its 401 would send the
  // user to /login before the click below and take the Day link away.
  await page.getByTestId("patient-table").waitFor();
  // End the session behind the app's back (as the 30-minute idle timeout would).
  await page.evaluate(() => fetch("/api/v1/logout", { method: "POST", headers: { "X-CSRF-Token": sessionStorage.getItem("backcare.csrf_token") ?? "" } }));
  await page.getByRole("link", { name: "Day" }).click();
  await page.waitForURL(/\/login\?next=/);
  await page.getByText("Your session has ended").waitFor();
  await page.getByLabel("Email").fill(setup.login.email);
  await page.getByLabel("Password", { exact: true }).fill(setup.login.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.getByRole("heading", { level: 1, name: /Day sheet/ }).waitFor();
  AssertNoProblems(page);
  await page.context().close();
});

test("phone-sized screenshots of the day view and the chart", async () => {
  const page = await NewPage(browser, { width: 390, height: 844 });
  await UiLogIn(page, setup.login, DayUrl());
  await page.getByTestId("session").first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the day view is ${overflow}px wider than the phone`);
  await Screenshot(page, "day-view-390");
  await AssertAccessible(page, "day view at 390 px");
  const { session } = await PatientWithMostPoints();
  await page.goto(`/patients/${session.patient_id}`);
  await page.getByTestId("nprs-table").waitFor();
  await page.getByTestId("nprs-chart").locator("canvas").waitFor();
  const chart_overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(chart_overflow <= 0, `the chart is ${chart_overflow}px wider than the phone`);
  await Screenshot(page, "chart-390");
  await AssertAccessible(page, "chart at 390 px");
  AssertNoProblems(page);
  await page.context().close();
});
