// axe on every screen: no serious or critical violation (WCAG 2.1 A/AA + best practice).
// Also saves the login and patient-list screenshots.
// The session note editor is checked empty, with a hold running, with the sign dialog open, and signed.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AssertAccessible,
  AssertNoProblems,
  LaunchBrowser,
  LoginFor,
  NewPage,
  Screenshot,
  StartedSessionWithoutNote,
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

test("axe: login", async () => {
  const page = await NewPage(browser);
  await page.goto("/login");
  await page.getByRole("button", { name: "Log in" }).waitFor();
  await Screenshot(page, "login-1366");
  await AssertAccessible(page, "login");
  // With errors showing.
  await page.getByLabel("Email").fill(setup.login.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").waitFor();
  await AssertAccessible(page, "login with an error");
  AssertNoProblems(page);
  await page.context().close();
});

test("axe: day view, patient list, chart (therapist)", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, setup.login, `/?date=${setup.day}`);
  await page.getByTestId("session").first().waitFor();
  await page.getByTestId("alert").first().waitFor();
  await AssertAccessible(page, "day view");

  await page.getByRole("link", { name: "Patients" }).click();
  await page.getByTestId("patient-table").waitFor();
  await Screenshot(page, "patients-1366");
  await AssertAccessible(page, "patient list");

  await page.goto(`/patients/${setup.sessions[0].patient_id}`);
  await page.getByRole("heading", { name: "Course timeline" }).waitFor();
  await page.getByRole("heading", { name: "Other questionnaires" }).waitFor();
  await AssertAccessible(page, "chart");
  AssertNoProblems(page);
  await page.context().close();
});

test("axe: chart as front desk", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("front_desk"), `/patients/${setup.sessions[0].patient_id}`);
  await page.getByTestId("no-clinical").waitFor();
  await AssertAccessible(page, "chart (front desk)");
  AssertNoProblems(page);
  await page.context().close();
});

test("axe: session note editor, sign dialog, signed note (therapist)", async () => {
  const therapist = LoginFor("therapist");
  const note = await StartedSessionWithoutNote(therapist);
  const page = await NewPage(browser);
  await page.clock.install();
  await UiLogIn(page, therapist, `/sessions/${note.session_id}/note?patient=${note.patient_id}`);
  await page.getByTestId("hold-timer").waitFor();
  await AssertAccessible(page, "note editor");

  await page.getByRole("button", { name: "Start hold timer" }).click();
  await page.clock.runFor(65_000);
  await page.getByTestId("hold-zone").filter({ hasText: "in range" }).waitFor();
  await AssertAccessible(page, "note editor, hold in range");
  await page.getByRole("button", { name: "Stop and log hold" }).click();
  await page.getByLabel(/Subjective/).fill("Synthetic subjective.");
  await page.getByLabel(/Assessment/).fill("Synthetic assessment.");
  await page.clock.runFor(2_000);
  await page.getByTestId("save-status").filter({ hasText: "Saved at" }).waitFor();

  await page.getByRole("button", { name: "Sign…" }).click();
  await page.getByRole("dialog", { name: "Sign this note?" }).waitFor();
  await AssertAccessible(page, "sign dialog");
  await page.getByRole("button", { name: "Sign note" }).click();
  await page.getByTestId("note-view").waitFor();
  await AssertAccessible(page, "signed note");
  AssertNoProblems(page);
  await page.context().close();
});

test("a patient who logs in to the staff app is sent to the portal, which has no staff navigation", async () => {
  const page = await NewPage(browser, { width: 390, height: 844 });
  await page.goto("/week");
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(LoginFor("patient").email);
  await page.getByLabel("Password", { exact: true }).fill(LoginFor("patient").password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/portal\/patients\/\d+\/today$/);
  await page.getByRole("heading", { level: 1, name: "Today’s exercises" }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0, "no Day, Week or Patients links");
  assert.equal(await page.getByTestId("week-grid").count(), 0, "no schedule");
  await page.getByRole("navigation", { name: "Portal" }).waitFor();
  await AssertAccessible(page, "portal after a staff-app login");
  AssertNoProblems(page);
  await page.context().close();
});
