// What a user typed is text: a patient named like an HTML payload shows as those characters
// in the list and the chart, a note whose every free-text field holds the payload shows it as
// text in the editor, the signing summary, the signed note and its addenda; no element is
// created from it, and no dialog opens.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, StartedSessionWithoutNote, UiLogIn } from "./lib.mjs";

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

test("every free-text field of a note keeps the payload as text, through signing and an addendum", async () => {
  const therapist = LoginFor("therapist");
  const setup = await StartedSessionWithoutNote(therapist);
  const page = await NewPage(browser);
  await UiLogIn(page, therapist, `/sessions/${setup.session_id}/note?patient=${setup.patient_id}`);
  await page.getByRole("heading", { level: 1, name: /Session note/ }).waitFor();
  for (const section of ["Subjective", "Objective", "Assessment", "Plan"]) {
    await page.getByRole("textbox", { name: new RegExp("^" + section) }).fill(`${section}: ${kPayload}`);
  }
  await page.getByLabel("No hands-on treatment today because…").fill(`Deferred: ${kPayload}`);
  await page.getByLabel("Note", { exact: true }).fill(`Soreness: ${kPayload}`);
  await page.getByRole("button", { name: "Add adverse event" }).click();
  await page.getByRole("list", { name: "Adverse events recorded" }).filter({ hasText: kPayload }).waitFor();
  await page.getByTestId("save-status").filter({ hasText: /^Saved at \d\d:\d\d$/ }).waitFor();
  assert.equal(await page.locator("main img, main script").count(), 0, "no element made in the editor");

  await page.keyboard.press("Control+Enter");
  const dialog = page.getByRole("dialog", { name: "Sign this note?" });
  await dialog.waitFor();
  assert.equal(await dialog.locator("img, script").count(), 0, "no element made in the summary");
  await dialog.getByRole("button", { name: "Sign note" }).click();
  const view = page.getByTestId("note-view");
  await view.waitFor();
  await page.getByRole("textbox", { name: "Addendum text" }).fill(`Addendum: ${kPayload}`);
  await page.getByRole("button", { name: "Add addendum" }).click();
  await page.getByTestId("addenda").filter({ hasText: `Addendum: ${kPayload}` }).waitFor();

  const text = await page.locator("main").innerText();
  for (const expected of ["Subjective", "Objective", "Assessment", "Plan"].map((s) => `${s}: ${kPayload}`)) {
    assert.ok(text.includes(expected), `${expected} shown as text`);
  }
  assert.ok(text.includes(`Deferred: ${kPayload}`), "the no-hands-on reason as text");
  assert.ok(text.includes(`Soreness: ${kPayload}`), "the adverse event's note as text");
  assert.equal(await page.locator("main img, main script").count(), 0, "no element made in the signed note");
  const signed = await setup.client.Get(`/sessions/${setup.session_id}/note`);
  assert.equal(signed.soap.plan, `Plan: ${kPayload}`, "stored as typed");
  await page.waitForTimeout(500); // time for a broken image's onerror to fire, if one existed
  AssertNoProblems(page);
  await page.context().close();
});
