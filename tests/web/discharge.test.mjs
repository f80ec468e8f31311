// Discharge on the patient chart: a therapist ends a demo patient's active course (the API's
// field error shown next to the outcome first), then sees the discharge summary with the final
// NPRS against baseline, and the API agrees (course completed, its future bookings cancelled).
// Front desk sees that the course ended, but no Discharge action, outcome, note or score.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertAccessible, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, Screenshot, UiLogIn } from "./lib.mjs";

const therapist = LoginFor("therapist");
const desk = LoginFor("front_desk");
const kNote = "Pain settled; <b>keep walking</b> daily & review in 3 months.";
const kScoreWords = /NPRS|ODI|RMDQ|PEG|STarT Back|Screening|Precautions|Latest|Expected|Goals met|Outcome|Pain settled|Baseline/;

let browser;
let client;
let target; // { patient_id, course, future_ids, progress }

before(async () => {
  browser = await LaunchBrowser();
  client = await ApiClient.LogIn(therapist.email, therapist.password);
  // The therapist's last demo patient whose active course has future bookings and NPRS points
  // after baseline (the last, so the tests that pick a day's first sessions are not affected).
  const patients = (await client.Get("/patients")).filter((p) => !p.deleted);
  for (const patient of patients.reverse()) {
    const courses = await client.Get(`/patients/${patient.id}/courses`);
    const course = courses.find((c) => c.status === "active" && c.therapist_id === client.user.therapist_id);
    if (!course) continue;
    const plan = await client.Get(`/patients/${patient.id}/plan`);
    const future_ids = plan
      .filter((s) => s.course_id === course.id && s.status === "booked" && Date.parse(s.start) > Date.now())
      .map((s) => s.session_id);
    const progress = await client.Get(`/patients/${patient.id}/progress`);
    if (future_ids.length > 0 && progress.course_id === course.id && progress.points.length >= 2) {
      target = { patient_id: patient.id, course, future_ids, progress };
      break;
    }
  }
  assert.ok(target, "a demo patient of the therapist with an active course, future bookings and NPRS points");
});
after(async () => browser?.close());

test("a therapist discharges a course and sees the summary on the chart", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, therapist, `/patients/${target.patient_id}`);
  await page.getByTestId("nprs-table").waitFor();
  const course = page.getByTestId("course").filter({ has: page.locator(`#course-${target.course.id}`) });
  assert.equal(await course.getByTestId("discharge-summary").count(), 0, "no summary while the course runs");
  // The focus moves in an effect after the render: wait for it (a slow sanitizer build may take a
  // frame or two), then name where it is if it never arrives.
  const focused = async (expected) => {
    await page
      .waitForFunction((text) => document.activeElement?.textContent?.trim() === text, expected, { timeout: 5000 })
      .catch(() => undefined);
    return page.evaluate(() => document.activeElement?.textContent?.trim());
  };
  // Opening the form moves the focus into it; "Keep the course" closes it and gives the focus back.
  await course.getByRole("button", { name: /^Discharge/ }).click();
  const form = course.getByTestId("discharge-form");
  await form.waitFor();
  assert.equal(await focused("Discharge: end this course"), "Discharge: end this course");
  await form.getByRole("button", { name: "Keep the course" }).click();
  await form.waitFor({ state: "detached" });
  assert.equal(await focused("Discharge"), "Discharge");
  await page.keyboard.press("Enter");
  await form.waitFor();
  const n = target.future_ids.length;
  const confirm = form.getByLabel(`I understand that discharging ends the course and cancels its ${n === 1 ? "1 future booking" : `${n} future bookings`}.`);
  await confirm.waitFor();

  // Without the confirmation nothing is sent; without an outcome the API's error sits by the group.
  await form.getByRole("button", { name: "Discharge", exact: true }).click();
  await form.getByText("Tick this box to confirm before discharging.").waitFor();
  assert.equal(await confirm.getAttribute("aria-invalid"), "true");
  await confirm.check();
  const answered = page.waitForResponse((r) => r.url().endsWith(`/courses/${target.course.id}/discharge`));
  await form.getByRole("button", { name: "Discharge", exact: true }).click();
  assert.equal((await answered).status(), 400);
  const outcome_group = form.getByRole("group", { name: "Outcome" });
  const outcome_error = outcome_group.locator(".field-error");
  assert.equal(await outcome_error.textContent(), "required", "the API's field error next to the outcome");
  assert.equal(await outcome_group.getAttribute("aria-describedby"), await outcome_error.getAttribute("id"));
  assert.equal(await form.getByText("Tick this box").count(), 0, "the confirmation error is gone");
  await AssertAccessible(page, "discharge form with an error");
  await Screenshot(page, "discharge-form-1366");

  await outcome_group.getByLabel(/^Goals met/).check();
  await form.getByLabel("Summary note").fill(kNote);
  const done = page.waitForResponse((r) => r.url().endsWith(`/courses/${target.course.id}/discharge`));
  await form.getByRole("button", { name: "Discharge", exact: true }).click();
  const answer = await (await done).json();
  assert.equal(answer.status, "completed");

  const summary = course.getByTestId("discharge-summary");
  await summary.waitFor();
  assert.equal(await focused("Discharge summary"), "Discharge summary", "the summary takes the focus");
  assert.equal(await course.getByRole("button", { name: /^Discharge/ }).count(), 0, "no Discharge action once ended");
  assert.equal(await course.locator(".badge").first().textContent(), "Completed");
  assert.equal(await summary.getByTestId("discharge-outcome").textContent(), "Goals met");
  assert.equal(await summary.getByTestId("discharge-by").textContent(), "you");
  assert.equal(await summary.getByTestId("discharge-note").textContent(), kNote, "the note as text, never HTML");
  assert.equal(await summary.locator("b").count(), 0);
  // The final NPRS against baseline as the discharge answered it, with the responder class.
  const nprs_answer = answer.changes.find((c) => c.instrument === "nprs");
  assert.ok(nprs_answer, "the discharge answer has the NPRS change");
  const latest = target.progress.points[target.progress.points.length - 1];
  assert.equal(nprs_answer.baseline, target.progress.baseline_nprs);
  assert.equal(nprs_answer.final, latest.nprs);
  const cells = await summary.getByTestId("discharge-scores").locator('tr[data-instrument="nprs"] > *').allTextContents();
  const num = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  const points = Math.abs(nprs_answer.points_change);
  const change =
    nprs_answer.points_change === 0
      ? "No change"
      : `${num(points)} ${points === 1 ? "point" : "points"} ${nprs_answer.points_change > 0 ? "better" : "worse"}`;
  const class_words = { substantial: "Substantial", moderate: "Moderate", not_responder: "Not responder", worsened: "Worsened", not_evaluable: "Not evaluable" };
  assert.deepEqual(cells, [
    "NPRS",
    num(nprs_answer.baseline),
    num(nprs_answer.final),
    change + (nprs_answer.percent_change === null ? "" : ` (${num(nprs_answer.percent_change)} %)`),
    class_words[nprs_answer.class],
  ]);

  // The API: the course ended with this outcome and note; its future bookings are cancelled.
  const courses = await client.Get(`/patients/${target.patient_id}/courses`);
  const ended = courses.find((c) => c.id === target.course.id);
  assert.equal(ended.status, "completed");
  assert.equal(ended.discharge.outcome, "goals_met");
  assert.equal(ended.discharge.note, kNote);
  assert.equal(ended.discharge.discharged_by, client.user.user_id);
  assert.deepEqual(ended.discharge.changes, answer.changes, "the course list repeats the final scores");
  assert.deepEqual([...answer.cancelled_session_ids].sort(), [...target.future_ids].sort());
  const plan = await client.Get(`/patients/${target.patient_id}/plan`);
  for (const id of target.future_ids)
    assert.equal(plan.find((s) => s.session_id === id)?.status, "cancelled", `future session ${id} cancelled`);
  assert.equal(
    plan.filter((s) => s.course_id === target.course.id && s.status === "booked" && Date.parse(s.start) > Date.now()).length,
    0,
    "no future booking left",
  );
  await AssertAccessible(page, "chart with a discharge summary");
  await Screenshot(page, "chart-discharged-1366");

  // Opened again later, the chart shows the same summary, responder class included (GET /courses).
  await page.reload();
  await summary.waitFor();
  assert.equal(await summary.getByTestId("discharge-outcome").textContent(), "Goals met");
  const later = await summary.getByTestId("discharge-scores").locator('tr[data-instrument="nprs"] > *').allTextContents();
  assert.deepEqual(later, cells, "the same final NPRS against baseline and responder class");
  AssertNoProblems(page);
  await page.context().close();
});

test("front desk sees that the course ended, without the Discharge action, outcome, note or scores", async () => {
  assert.ok(target, "runs after the discharge above");
  const page = await NewPage(browser);
  await UiLogIn(page, desk, `/patients/${target.patient_id}`);
  await page.getByTestId("no-clinical").waitFor();
  const ended = page.getByTestId("course-ended");
  await ended.waitFor();
  assert.match(await ended.textContent(), /^Ended on \d{1,2} \w+ \d{4}\.$/);
  assert.equal(await page.getByTestId("discharge-summary").count(), 0);
  assert.doesNotMatch(await page.locator("main").innerText(), kScoreWords);
  assert.equal(await page.getByRole("button", { name: /Discharge/ }).count(), 0);
  // Nor does the API give the front desk the note or the scores.
  const desk_api = await ApiClient.LogIn(desk.email, desk.password);
  const ended_course = (await desk_api.Get(`/patients/${target.patient_id}/courses`)).find((c) => c.id === target.course.id);
  assert.equal(ended_course.discharge.outcome, "goals_met");
  assert.equal(ended_course.discharge.note, null, "no discharge note for the front desk");
  assert.equal(ended_course.discharge.changes, null, "no scores for the front desk");
  await AssertAccessible(page, "chart of a discharged course for front desk");
  await Screenshot(page, "chart-discharged-front-desk-1366");

  // Nor on a patient whose course still runs.
  const patients = (await (await ApiClient.LogIn(desk.email, desk.password)).Get("/patients")).filter((p) => !p.deleted);
  const running = [];
  for (const p of patients) {
    const courses = await client.Get(`/patients/${p.id}/courses`);
    if (courses.some((c) => c.status === "active")) running.push(p.id);
    if (running.length) break;
  }
  assert.ok(running.length, "a patient with an active course");
  await page.goto(`/patients/${running[0]}`);
  await page.getByRole("heading", { name: "Course timeline" }).waitFor();
  await page.getByTestId("course").first().waitFor();
  assert.equal(await page.getByRole("button", { name: /Discharge/ }).count(), 0, "no Discharge action for front desk");
  AssertNoProblems(page);
  await page.context().close();
});

test("an admin gets the Discharge action on a running course", async () => {
  const admin = LoginFor("admin");
  const admin_client = await ApiClient.LogIn(admin.email, admin.password);
  const patients = (await admin_client.Get("/patients")).filter((p) => !p.deleted);
  let running = null;
  for (const p of patients) {
    const course = (await admin_client.Get(`/patients/${p.id}/courses`)).find((c) => c.status === "active" || c.status === "paused");
    if (course) {
      running = { patient_id: p.id, course };
      break;
    }
  }
  assert.ok(running, "a patient with a running course");
  const page = await NewPage(browser);
  await UiLogIn(page, admin, `/patients/${running.patient_id}`);
  const course = page.getByTestId("course").filter({ has: page.locator(`#course-${running.course.id}`) });
  await course.getByRole("button", { name: /^Discharge/ }).click();
  await course.getByTestId("discharge-form").getByRole("group", { name: "Outcome" }).getByRole("radio").first().waitFor();
  assert.equal(await course.getByTestId("discharge-form").getByRole("radio").count(), 5, "five outcomes");
  AssertNoProblems(page);
  await page.context().close();
});
