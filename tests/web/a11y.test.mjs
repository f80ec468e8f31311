// axe on every screen: no serious or critical violation (WCAG 2.1 A/AA + best practice).
// Also saves the login and patient-list screenshots.

import { after, before, test } from "node:test";
import { AssertAccessible, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, Screenshot, TherapistDayWithSessions, UiLogIn } from "./lib.mjs";

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
