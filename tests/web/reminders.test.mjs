// Email reminders in the browser: a patient switches on the daily home-exercise reminder at
// 07:30 and off the appointment reminders under My details (the API then has those settings);
// the unsubscribe page of a reminder email asks before it acts, and says so plainly when its
// link is not valid or has no token. axe: no serious or critical violation. (A valid token
// exists only once a reminder was sent: tests/mail/reminders_test.py follows one end to end.)

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertAccessible, AssertNoProblems, LaunchBrowser, Logins, NewPage } from "./lib.mjs";

const kPhone = { width: 390, height: 844 };

let browser;

before(async () => {
  browser = await LaunchBrowser();
});

after(async () => {
  await browser?.close();
});

test("a patient sets their reminders under My details", async () => {
  // The second-to-last demo patient, out of the other portal tests' way.
  const patients = Logins().filter((l) => l.role === "patient");
  const login = patients[patients.length - 2];
  const api = await ApiClient.LogIn(login.email, login.password);
  const patient_id = api.user.patient_id;
  const page = await NewPage(browser, kPhone);
  await page.goto(`/portal/patients/${patient_id}/details`);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password", { exact: true }).fill(login.password);
  await page.getByRole("button", { name: "Log in" }).click();
  const form = page.getByTestId("reminders-form");
  await form.waitFor();
  await AssertAccessible(page, "portal details with reminders");

  await form.getByLabel("Remind me of my appointments").uncheck();
  await form.getByLabel(/Remind me each day/).check();
  await form.getByLabel("Daily reminder time").fill("07:30");
  await form.getByRole("button", { name: /Save/ }).click();
  await page.getByTestId("reminders-status").filter({ hasText: "Saved." }).waitFor();
  assert.deepEqual(await api.Get(`/patients/${patient_id}/reminders`), {
    appointment_email: false,
    nudge_email: true,
    nudge_time: "07:30",
    appointment_push: false,
    nudge_push: false,
  });
  AssertNoProblems(page);
  await page.context().close();
});

test("the unsubscribe page asks first and explains a link that is not valid", async () => {
  const page = await NewPage(browser, kPhone);
  await page.goto("/unsubscribe");
  await page.getByRole("alert").filter({ hasText: "no unsubscribe token" }).waitFor();
  await AssertAccessible(page, "unsubscribe without a token");

  // 32 random bytes the server never issued (a fresh load: a change of fragment alone is no load).
  await page.goto("about:blank");
  await page.goto("/unsubscribe#token=" + "Zm9yZ2VkLXRva2VuLW5ldmVyLWlzc3VlZC1ieS1zZXJ2ZXI");
  const button = page.getByRole("button");
  await button.waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "opening the page does nothing by itself");
  await button.click();
  await page.getByRole("alert").filter({ hasText: "not valid any more" }).waitFor();
  await AssertAccessible(page, "unsubscribe with a link that is not valid");
  AssertNoProblems(page);
  await page.context().close();
});
