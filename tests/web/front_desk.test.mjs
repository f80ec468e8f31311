// Front desk: the day view and the patient list work, but no score, screening result or
// alert reaches the screen, and the app never asks the API for clinical data.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AddDays, ApiClient, AssertNoProblems, ClinicDate, LaunchBrowser, LoginFor, NewPage, Screenshot, TherapistDayWithSessions, UiLogIn } from "./lib.mjs";

let browser;
let setup;
const desk = LoginFor("front_desk");

before(async () => {
  browser = await LaunchBrowser();
  setup = await TherapistDayWithSessions();
});
after(async () => browser?.close());

const kClinicalPaths = /\/api\/v1\/(alerts|patients\/\d+\/(progress|responses|notes|home-program))/;
const kScoreWords = /NPRS|ODI|RMDQ|PEG|STarT Back|Screening|Precautions|Latest|Expected/;

test("front desk sees every therapist's day and the patient list, without scores", async () => {
  const page = await NewPage(browser);
  const clinical_requests = [];
  page.on("request", (request) => {
    if (kClinicalPaths.test(request.url())) clinical_requests.push(request.url());
  });
  await UiLogIn(page, desk, `/?date=${setup.day}`);
  assert.equal(await page.getByTestId("role").textContent(), "Front desk");
  await page.getByTestId("session").first().waitFor();
  const around = await (await ApiClient.LogIn(desk.email, desk.password)).Get(
    `/schedule?from=${AddDays(setup.day, -1)}&to=${AddDays(setup.day, 2)}`,
  );
  const all_day = around.filter((s) => ClinicDate(new Date(s.start), setup.clinic.time_zone) === setup.day);
  assert.ok(all_day.length >= setup.sessions.length);
  assert.equal(await page.getByTestId("session").count(), all_day.length, "all therapists' sessions");
  assert.equal(await page.getByRole("complementary", { name: /Alerts/ }).count(), 0, "no alerts inbox");
  assert.equal(await page.getByTestId("precautions").count(), 0);
  assert.doesNotMatch(await page.locator("main").innerText(), kScoreWords);
  await Screenshot(page, "day-view-front-desk-1366");

  await page.getByRole("link", { name: "Patients" }).click();
  await page.waitForURL(/\/patients$/);
  const table = page.getByTestId("patient-table");
  await table.waitFor();
  assert.deepEqual(await table.locator("thead th").allTextContents(), ["Name", "Date of birth", "Phone"]);
  assert.doesNotMatch(await page.locator("main").innerText(), kScoreWords);
  await Screenshot(page, "patients-front-desk-1366");

  await table.locator("tbody tr").first().getByRole("link").click();
  await page.waitForURL(/\/patients\/\d+$/);
  await page.getByTestId("no-clinical").waitFor();
  await page.getByRole("heading", { name: "Course timeline" }).waitFor();
  assert.equal(await page.getByTestId("nprs-table").count(), 0, "no NPRS table");
  assert.equal(await page.getByTestId("nprs-chart").count(), 0, "no NPRS chart");
  assert.equal(await page.getByTestId("measure-trends").count(), 0, "no objective measures");
  assert.doesNotMatch(await page.locator("main").innerText(), kScoreWords);
  await Screenshot(page, "chart-front-desk-1366");

  // The account screens front desk reaches show nothing clinical either.
  await page.getByRole("link", { name: "Security" }).click();
  await page.getByTestId("session-row").first().waitFor();
  await page.getByTestId("mfa-status").waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), kScoreWords);

  assert.deepEqual(clinical_requests, [], "the app asked for clinical data");
  AssertNoProblems(page);
  await page.context().close();
});
