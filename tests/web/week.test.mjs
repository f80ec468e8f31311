// The front desk's week grid: availability shaded, a session moved from the keyboard and by drag
// and drop (the API shows the new time), a move that would break the course's cadence refused
// with the rule's words (the session stays), and no clinical data on the screen.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AddDays, ApiClient, AssertAccessible, AssertNoProblems, ClinicDate, LaunchBrowser, LoginFor, NewPage, Screenshot, UiLogIn } from "./lib.mjs";

let browser;
let course; // { desk, clinic, patient_id, sessions (future booked, by start) }
const desk_login = LoginFor("front_desk");
const kScoreWords = /NPRS|ODI|RMDQ|PEG|STarT Back|Screening|Precautions/;

function Minutes(hhmm) {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

function LocalMinutes(instant, time_zone) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: time_zone, hourCycle: "h23", hour: "numeric", minute: "numeric" }).formatToParts(new Date(instant));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return get("hour") * 60 + get("minute");
}

/** A free start on `date` for `therapist_id`, not `avoid`, on the 15-minute grid (or null). */
async function FreeStart(desk, date, therapist_id, avoid, duration) {
  const [mine] = await desk.Get(`/availability?from=${date}&to=${AddDays(date, 1)}&therapist_id=${therapist_id}`);
  for (const w of mine.days[0].free) {
    for (let m = Math.ceil(Minutes(w.start) / 15) * 15; m + duration <= Minutes(w.end); m += 15) {
      if (m !== avoid) return m;
    }
  }
  return null;
}

before(async () => {
  browser = await LaunchBrowser();
  const therapist = await ApiClient.LogIn(LoginFor("therapist").email, LoginFor("therapist").password);
  const desk = await ApiClient.LogIn(desk_login.email, desk_login.password);
  const clinic = await desk.Get("/clinic");
  const family_name = "Weekgrid" + Date.now().toString(26).replace(/\d/g, (d) => "qrstuvwxyz"[d]);
  const registered = await desk.Call("POST", "/patients", { given_name: "Wendy", family_name, date_of_birth: "1968-03-03" });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const patient_id = registered.body.id;
  assert.equal((await therapist.Call("POST", `/patients/${patient_id}/intake`, { findings: [] })).status, 201);
  // Starting in two weeks leaves every session of the first weeks in the future.
  const start_date = AddDays(ClinicDate(new Date(), clinic.time_zone), 14);
  const started = await therapist.Call("POST", `/patients/${patient_id}/courses`, { start_date });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const plan = await desk.Get(`/patients/${patient_id}/plan`);
  const sessions = plan.filter((s) => s.status === "booked").sort((a, b) => a.start.localeCompare(b.start));
  assert.ok(sessions.length >= 4, "the course has its first weeks booked");
  course = { desk, clinic, patient_id, family_name, sessions };
});
after(async () => browser?.close());

async function OpenWeekOf(page, session) {
  const date = ClinicDate(new Date(session.start), course.clinic.time_zone);
  await page.goto(`/week?start=${date}&therapist=all`);
  const block = page.locator(`[data-testid="week-session"][data-session="${session.session_id}"]`);
  await block.waitFor();
  return { date, block };
}

test("the front desk moves a session from the keyboard and the API shows the new time", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, desk_login, "/week");
  await page.getByRole("heading", { level: 1, name: /Week/ }).waitFor();
  const tz = course.clinic.time_zone;
  // A session whose day has another free start with the same therapist.
  let chosen = null;
  for (const session of course.sessions) {
    const date = ClinicDate(new Date(session.start), tz);
    const from = LocalMinutes(session.start, tz);
    const to = await FreeStart(course.desk, date, session.therapist_id, from, 60);
    if (to !== null) {
      chosen = { session, date, from, to };
      break;
    }
  }
  assert.ok(chosen, "some session's day has a free hour");
  const { block } = await OpenWeekOf(page, chosen.session);
  assert.equal(await page.locator(".wg-open").count() > 0, true, "working hours are drawn");
  assert.doesNotMatch(await page.locator("main").innerText(), kScoreWords);
  await AssertAccessible(page, "week grid");
  await Screenshot(page, "week-front-desk-1366");

  await block.click();
  await page.getByTestId("session-panel").waitFor();
  await page.getByTestId("course-week").waitFor();
  const steps = (chosen.to - chosen.from) / 15;
  for (let i = 0; i < Math.abs(steps); i++) await block.press(steps > 0 ? "ArrowDown" : "ArrowUp");
  const hh = String(Math.floor(chosen.to / 60)).padStart(2, "0");
  const mm = String(chosen.to % 60).padStart(2, "0");
  assert.equal(await page.getByTestId("move-target").innerText(), `${hh}:${mm}`);
  assert.equal(await page.getByLabel("Time").inputValue(), `${hh}:${mm}`);
  await AssertAccessible(page, "week grid with a session selected");
  await block.press("Enter");
  await page.getByTestId("week-status").filter({ hasText: "Moved" }).waitFor();
  const after_move = (await course.desk.Get(`/patients/${course.patient_id}/plan`)).find((s) => s.session_id === chosen.session.session_id);
  assert.equal(LocalMinutes(after_move.start, tz), chosen.to, "the API has the new time");
  assert.equal(ClinicDate(new Date(after_move.start), tz), chosen.date, "on the same day");
  AssertNoProblems(page);
});

test("a move that breaks the course's cadence is refused with the rule, and the session stays", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, desk_login, "/week");
  const tz = course.clinic.time_zone;
  const plan = (await course.desk.Get(`/patients/${course.patient_id}/plan`)).filter((s) => s.status === "booked").sort((a, b) => a.start.localeCompare(b.start));
  const [first, second] = plan;
  const first_date = ClinicDate(new Date(first.start), tz);
  // The second session onto the day after the first: inside the phase's spacing (2 days).
  const target_date = AddDays(first_date, 1);
  const { block } = await OpenWeekOf(page, second);
  await block.click();
  await page.getByLabel("Date").fill(target_date);
  await page.getByLabel("Time").fill("12:00");
  await page.getByRole("button", { name: "Move session" }).click();
  const error = page.getByTestId("week-error");
  await error.waitFor();
  assert.match(await error.innerText(), /stays where it was/);
  assert.match(await error.innerText(), /day|spacing|apart|between/i, "the rule is named");
  const unchanged = (await course.desk.Get(`/patients/${course.patient_id}/plan`)).find((s) => s.session_id === second.session_id);
  assert.equal(unchanged.start, second.start, "the API still has the old time");
  await Screenshot(page, "week-refused-move-1366");
  AssertNoProblems(page);
});

test("a session dragged to another free time moves there", async () => {
  // Tall enough that the whole day is on screen: a drop lands where the mouse is released.
  const page = await NewPage(browser, { width: 1366, height: 1200 });
  await UiLogIn(page, desk_login, "/week");
  const tz = course.clinic.time_zone;
  const plan = (await course.desk.Get(`/patients/${course.patient_id}/plan`)).filter((s) => s.status === "booked").sort((a, b) => a.start.localeCompare(b.start));
  let chosen = null;
  for (const session of plan.slice(2)) {
    const date = ClinicDate(new Date(session.start), tz);
    const from = LocalMinutes(session.start, tz);
    const to = await FreeStart(course.desk, date, session.therapist_id, from, 60);
    if (to !== null && Math.abs(to - from) >= 60) {
      chosen = { session, date, from, to };
      break;
    }
  }
  assert.ok(chosen, "a later session's day has a free hour");
  const { block } = await OpenWeekOf(page, chosen.session);
  await block.click();
  const grid = page.getByTestId("week-grid");
  const axis_start = Number(await grid.getAttribute("data-axis-start"));
  const px = Number(await grid.getAttribute("data-px-per-minute"));
  const box = await block.boundingBox();
  const lane = page.locator(`[data-testid="lane"][data-date="${chosen.date}"][data-therapist="${chosen.session.therapist_id}"]`);
  const grab = box.height / 2; // dragTo takes the source by its centre
  await block.dragTo(lane, { targetPosition: { x: 5, y: (chosen.to - axis_start) * px + grab } });
  await page.getByTestId("week-status").filter({ hasText: "Moved" }).or(page.getByTestId("week-error")).waitFor();
  const refusal = page.getByTestId("week-error");
  if ((await refusal.count()) > 0) assert.fail("the drop was refused: " + (await refusal.innerText()));
  const moved = (await course.desk.Get(`/patients/${course.patient_id}/plan`)).find((s) => s.session_id === chosen.session.session_id);
  assert.equal(LocalMinutes(moved.start, tz), chosen.to, "dropped on the free time");
  AssertNoProblems(page);
});
