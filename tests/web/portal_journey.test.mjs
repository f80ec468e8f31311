// A patient's journey through the portal on a 390×844 phone (issue #16 item 5): invited by link,
// they set a password and log in; today's exercises show with their dose, later ones with their
// start date; they tick one and rate it 8/10 (the therapist gets an "exercise_pain" alert), tick
// two more offline (the screen says they wait; the network comes back and they are sent), one
// after the session has ended (kept, sent after the next login); they answer the questionnaires
// due at week 4, see their progress, make their calendar feed's address (a calendar app reads
// it), correct their phone number, and find the therapist's earlier read of their chart in "Who
// looked". Another patient's pages show the "not part of your record" notice. axe: no serious or
// critical violation on any screen.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AddDays,
  ApiClient,
  AssertAccessible,
  AssertNoProblems,
  LaunchBrowser,
  LoginFor,
  NewPage,
  Screenshot,
  StartedSessionWithoutNote,
} from "./lib.mjs";

const kPhone = { width: 390, height: 844 };
const kPassword = "heron-quarry-lantern-4";

let browser;
/** { patient_id, patient_name, client (the therapist), clinic, course_id, path (invitation), email } */
let setup;

before(async () => {
  browser = await LaunchBrowser();
  // A new patient whose back-entered course had 5 weekly sessions, the last on a recent weekday:
  // week 4 ends on that day, so the week-4 questionnaires are due.
  const started = await StartedSessionWithoutNote(LoginFor("therapist"), [], 5);
  const { client, patient_id } = started;
  const courses = await client.Get(`/patients/${patient_id}/courses`);
  assert.equal(courses.length, 1);
  const course = courses[0];
  // The whole program from a week ago: the week-0 exercises are due, the week-2 ones come later.
  const assigned = await client.Call("POST", `/patients/${patient_id}/home-program`, {
    course_id: course.id,
    exercise_ids: [],
    start_date: AddDays(started.day, -7),
  });
  assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
  // The therapist reads the chart: the patient will see it in "Who looked".
  await client.Get(`/patients/${patient_id}`);
  const email = `portal-${Date.now()}@demo.backcare.test`;
  const invited = await client.Call("POST", "/invitations", { email, role: "patient", patient_id });
  assert.equal(invited.status, 201, JSON.stringify(invited.body));
  setup = { ...started, course_id: course.id, path: invited.body.path, email };
});

after(async () => {
  await browser?.close();
});

async function PortalLogIn(page) {
  await page.getByRole("heading", { level: 1, name: "Log in to backcare" }).waitFor();
  await page.getByLabel("Email").fill(setup.email);
  await page.getByLabel("Password", { exact: true }).fill(kPassword);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** The patient's adherence entry for `date` and `exercise_id` as the server has it. */
async function StoredEntry(date, exercise_id) {
  const program = await setup.client.Get(`/patients/${setup.patient_id}/home-program`);
  return program.recent.find((e) => e.date === date && e.exercise_id === exercise_id);
}

async function WaitFor(what, check) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("an invited patient uses the portal on a phone, offline too", async () => {
  const page = await NewPage(browser, kPhone, { timezoneId: setup.clinic.time_zone });
  const context = page.context();

  // The invitation: set a password, then log in; the staff app sends a patient to the portal.
  await page.goto(setup.path);
  await page.getByLabel("New password", { exact: true }).fill(kPassword);
  await page.getByLabel("Repeat the new password").fill(kPassword);
  await page.getByRole("button", { name: "Set password" }).click();
  await page.waitForURL(/\/login$/);
  await page.getByLabel("Password", { exact: true }).fill(kPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(new RegExp(`/portal/patients/${setup.patient_id}/today$`));
  await page.getByTestId("exercises").waitFor();
  // The service worker controls the page once it is ready and the page is loaded again.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.getByTestId("exercises").waitFor();
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the service worker controls the portal");

  const program = await setup.client.Get(`/patients/${setup.patient_id}/home-program`);
  const today = program.today;
  const due = program.exercises.filter((e) => e.due_today);
  const later = program.exercises.filter((e) => !e.due_today);
  assert.ok(due.length >= 3 && later.length >= 1, `due ${due.length}, later ${later.length}`);
  assert.equal(await page.locator("[data-exercise]").count(), due.length, "only today's exercises are listed");
  for (const exercise of later) await page.getByTestId("later").getByText(exercise.name).waitFor();
  const [first, second, third] = due;
  const card = (exercise) => page.locator(`[data-exercise="${exercise.id}"]`);
  assert.match(await card(first).getByTestId("dose").textContent(), /every day|days a week|once a week/i);
  await Screenshot(page, "portal-today-390");
  await AssertAccessible(page, "portal today");

  // Online: a tick, then a pain rating of 8 (at or above the clinic's threshold of 7).
  await card(first).getByLabel(/Done today/).check();
  await page.getByTestId("save-status").filter({ hasText: "Saved" }).waitFor();
  await card(first).getByLabel(/How much did it hurt/).selectOption("8");
  await card(first).getByTestId("pain-told").waitFor();
  await page.getByTestId("save-status").filter({ hasText: "pain 8 out of 10" }).waitFor();
  const rated = await StoredEntry(today, first.id);
  assert.equal(rated?.completion, "done");
  assert.equal(rated?.pain_rating, 8);
  const alerts = await setup.client.Get("/alerts");
  assert.ok(
    alerts.some((a) => a.kind === "exercise_pain" && a.patient_id === setup.patient_id),
    "the therapist sees an exercise_pain alert for the patient",
  );

  // Offline: two ticks wait on the phone, and the screen says so.
  await page.waitForLoadState("networkidle");
  await context.setOffline(true);
  await page.getByTestId("offline-status").filter({ hasText: "You are offline" }).waitFor();
  await card(second).getByLabel(/Done today/).check();
  await card(third).getByLabel(/Done today/).check();
  await card(third).getByLabel(/How much did it hurt/).selectOption("3");
  await page.getByTestId("pending-count").filter({ hasText: "2 ticks are waiting to be sent" }).waitFor();
  assert.equal(await page.getByTestId("waiting").count(), 2);
  assert.equal(await StoredEntry(today, second.id), undefined, "nothing reached the server while offline");
  // The portal opens offline from the service worker's copy, with the ticks still waiting.
  await page.reload();
  await page.getByTestId("exercises").waitFor();
  await page.getByTestId("pending-count").filter({ hasText: "2 ticks" }).waitFor();
  assert.ok(await card(second).getByLabel(/Done today/).isChecked());
  // The tick saved online before going offline shows too, with its rating (the kept program
  // is the one read after that save).
  assert.ok(await card(first).getByLabel(/Done today/).isChecked(), "the online tick shows offline");
  assert.equal(await card(first).getByLabel(/How much did it hurt/).inputValue(), "8");
  await Screenshot(page, "portal-today-offline-390");

  // Back online: the waiting ticks are sent, and the server has them.
  await context.setOffline(false);
  await page.getByTestId("pending-count").waitFor({ state: "detached" });
  await WaitFor("the replayed ticks", async () => (await StoredEntry(today, third.id))?.pain_rating === 3);
  assert.equal((await StoredEntry(today, second.id))?.completion, "done");
  assert.equal(await page.getByTestId("waiting").count(), 0);

  // The session ends (the cookie is gone): the next tick is kept and sent after logging in again.
  await context.clearCookies();
  // A click, not uncheck(): the 401 takes the screen to the login before a check could settle.
  await card(second).getByLabel(/Done today/).click();
  await PortalLogIn(page);
  await WaitFor("the tick made when the session had ended", async () => (await StoredEntry(today, second.id))?.completion === "not_done");

  // Check-in: the week-4 questionnaires (NPRS and ODI), rendered from the instrument definitions.
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Check-in" }).click();
  const form = page.getByTestId("due-check-in");
  await form.getByText("week 4").waitFor();
  await AssertAccessible(page, "portal due check-in");
  // Sending with ODI items unanswered past its limit: each unanswered item says so, nothing of it
  // is sent (the NPRS, complete, is).
  const odi = form.getByTestId("instrument-odi");
  const nprs = form.getByTestId("instrument-nprs");
  await nprs.getByRole("radio").nth(4).check();
  await odi.locator("fieldset.item").first().getByRole("radio").first().check();
  await form.getByRole("button", { name: "Send my answers" }).click();
  await odi.locator(".field-error").first().waitFor();
  await nprs.getByText("Sent. Thank you.").waitFor();
  for (const item of await odi.locator("fieldset.item").all()) await item.getByRole("radio").nth(1).check();
  await form.getByRole("button", { name: "Send my answers" }).click();
  await page.getByTestId("due-sent").waitFor();
  const responses = await setup.client.Get(`/patients/${setup.patient_id}/responses`);
  assert.deepEqual(
    responses.filter((r) => r.checkpoint_id === "week_4").map((r) => r.instrument).sort(),
    ["nprs", "odi"],
    "both week-4 questionnaires are stored with their checkpoint",
  );
  await Screenshot(page, "portal-check-in-390");

  // Progress.
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Progress" }).click();
  await page.getByRole("heading", { level: 1 }).filter({ hasText: /progress/i }).waitFor();
  await AssertAccessible(page, "portal progress");

  // My plan: the calendar feed's address, which a calendar app can read.
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "My plan" }).click();
  await page.getByRole("button", { name: "Make my calendar address" }).click();
  const address = await page.getByLabel("Calendar address").inputValue();
  assert.match(await page.getByTestId("calendar-link").getAttribute("href"), /^webcal:\/\/.*\.ics$/);
  const feed = await fetch(address);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /^BEGIN:VCALENDAR/);
  await AssertAccessible(page, "portal plan with the calendar address");

  // My details: a new phone number reaches the chart.
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "My details" }).click();
  await page.getByLabel("Phone").fill("+44 20 7946 0958");
  await page.getByRole("button", { name: "Save my details" }).click();
  await page.getByTestId("details-status").filter({ hasText: "Saved" }).waitFor();
  assert.equal((await setup.client.Get(`/patients/${setup.patient_id}`)).phone, "+44 20 7946 0958");
  await AssertAccessible(page, "portal details");

  // Who looked: the therapist's read of the chart before the invitation.
  const admin = await ApiClient.LogIn(LoginFor("admin").email, LoginFor("admin").password);
  const log = await admin.Get(`/patients/${setup.patient_id}/access-log`);
  const chart_read = log.entries.find((e) => e.role === "therapist" && e.record === "chart" && e.kind === "read");
  assert.ok(chart_read, "the audit chain has the therapist's chart read");
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Who looked" }).click();
  await page.getByText(chart_read.name).first().waitFor();
  await AssertAccessible(page, "portal access log");
  AssertNoProblems(page);
  await context.close();
});

test("another patient's pages are not reachable through the portal", async () => {
  const page = await NewPage(browser, kPhone, { timezoneId: setup.clinic.time_zone });
  await page.goto("/portal");
  await PortalLogIn(page);
  await page.waitForURL(new RegExp(`/portal/patients/${setup.patient_id}/today$`));
  const patients = await setup.client.Get("/patients");
  const other = patients.find((p) => p.id !== setup.patient_id && !p.deleted);
  for (const screen of ["today", "plan", "progress", "check-in", "access-log", "details"]) {
    await page.goto(`/portal/patients/${other.id}/${screen}`);
    await page.getByTestId("not-yours").waitFor();
    assert.equal(await page.getByText(other.family_name).count(), 0, `${screen} shows nothing of the other patient`);
  }
  AssertNoProblems(page);
  await page.context().close();
});
