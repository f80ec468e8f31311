// The patient list's search: by name, date of birth (as stored or as typed in the UK) and phone.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, UiLogIn } from "./lib.mjs";

let browser;
let patients;

before(async () => {
  browser = await LaunchBrowser();
  const desk = LoginFor("front_desk");
  patients = (await (await ApiClient.LogIn(desk.email, desk.password)).Get("/patients")).filter((p) => !p.deleted);
});
after(async () => browser?.close());

test("search by name, date of birth and phone", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("front_desk"), "/patients");
  const rows = page.getByTestId("patient-table").locator("tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), patients.length, "everyone before a search");

  const target = patients[3];
  const search = page.getByLabel("Search by name, date of birth or phone");
  const names = async () => rows.locator("th a").allTextContents();
  const full = `${target.given_name} ${target.family_name}`;

  await search.fill(target.family_name.toUpperCase());
  const by_family = patients.filter((p) => `${p.given_name} ${p.family_name}`.toLowerCase().includes(target.family_name.toLowerCase()));
  assert.deepEqual(await names(), by_family.map((p) => `${p.given_name} ${p.family_name}`));

  await search.fill(target.date_of_birth);
  assert.ok((await names()).includes(full), "found by ISO date of birth");
  const [y, m, d] = target.date_of_birth.split("-");
  await search.fill(`${d}/${m}/${y}`);
  assert.ok((await names()).includes(full), "found by dd/mm/yyyy");

  const digits = target.phone.replace(/\D/g, "").slice(-6);
  await search.fill(digits);
  assert.deepEqual(await names(), [full], "found by the phone's last digits");
  assert.match(page.url(), new RegExp(`q=${digits}$`), "the search is in the URL");

  await search.fill("zzzz-nobody");
  assert.equal(await rows.count(), 0);
  await page.getByText("No patient matches").waitFor();
  AssertNoProblems(page);
  await page.context().close();
});
