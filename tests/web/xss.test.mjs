// What a user typed is text: a patient named like an HTML payload shows as those characters
// in the list and the chart, no element is created from it, and no dialog opens.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, UiLogIn } from "./lib.mjs";

const kPayload = "<img src=x onerror=alert(1)>";
const kFamily = `Payload"'</td><script>alert(2)</script>`;
let browser;
let patient_id;

before(async () => {
  browser = await LaunchBrowser();
  const login = LoginFor("admin");
  const admin = await ApiClient.LogIn(login.email, login.password);
  const { status, body } = await admin.Call("POST", "/patients", {
    given_name: kPayload,
    family_name: kFamily,
    date_of_birth: "1970-01-01",
    phone: "+44 7700 900999",
  });
  assert.equal(status, 201, JSON.stringify(body));
  patient_id = body.id;
});
after(async () => browser?.close());

test("a patient named like HTML shows as text in the list and the chart", async () => {
  const therapist = LoginFor("therapist");
  const page = await NewPage(browser);
  await UiLogIn(page, therapist, "/patients");
  // Its family name alone: other tests type the same given name into their forms.
  await page.getByLabel("Search by name, date of birth or phone").fill("Payload");
  const row = page.getByTestId("patient-table").locator("tbody tr");
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await row.first().getByRole("link").textContent(), `${kPayload} ${kFamily}`);
  assert.equal(await page.locator("main img, main script").count(), 0, "no element made from the name");

  await row.first().getByRole("link").click();
  await page.waitForURL(new RegExp(`/patients/${patient_id}$`));
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "onerror" }).waitFor();
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), `${kPayload} ${kFamily}`);
  assert.equal(await page.locator("main img, main script").count(), 0);
  assert.equal(await page.title(), `${kPayload} ${kFamily} · backcare`);
  await page.waitForTimeout(500); // time for a broken image's onerror to fire, if one existed
  AssertNoProblems(page);
  await page.context().close();
});
