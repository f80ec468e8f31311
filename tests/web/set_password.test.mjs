// An invitation link: the screen names the invitee, shows the server's password rule, sets
// the password, and the invitee logs in with it; a used link and a forged one say so.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertAccessible, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, Screenshot } from "./lib.mjs";

let browser;
let admin;

before(async () => {
  browser = await LaunchBrowser();
  const login = LoginFor("admin");
  admin = await ApiClient.LogIn(login.email, login.password);
});
after(async () => browser?.close());

async function Invite(email, display_name) {
  const { status, body } = await admin.Call("POST", "/invitations", { email, display_name, role: "front_desk" });
  assert.equal(status, 201, JSON.stringify(body));
  assert.match(body.path, /^\/set-password#token=/);
  return body;
}

test("an invitee sets a password and logs in with it", async () => {
  const email = `desk-invite-${Date.now()}@demo.backcare.test`;
  const link = await Invite(email, "Robin Invitee");
  const page = await NewPage(browser);
  await page.goto(link.path);
  await page.getByTestId("link-for").filter({ hasText: "Robin Invitee" }).waitFor();
  assert.match(await page.getByTestId("link-for").textContent(), new RegExp(email.replace(/[.]/g, "\\.")));
  await Screenshot(page, "set-password-1366");
  await AssertAccessible(page, "set-password");

  // The server's rule, shown next to the field.
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the new password").fill("short");
  await page.getByRole("button", { name: "Set password" }).click();
  const field_error = page.locator("#new-password-error");
  await field_error.waitFor();
  assert.match(await field_error.textContent(), /12 characters/);
  assert.equal(await page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid"), "true");

  // Mismatch is caught before the server.
  await page.getByLabel("New password", { exact: true }).fill("lantern-orchard-river-9");
  await page.getByLabel("Repeat the new password").fill("lantern-orchard-river-8");
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByText("The two passwords are not the same.").waitFor();

  await page.getByLabel("Repeat the new password").fill("lantern-orchard-river-9");
  await page.getByRole("button", { name: "Set password" }).click();
  await page.waitForURL(/\/login$/);
  await page.getByText("Your password is set.").waitFor();
  assert.equal(await page.getByLabel("Email").inputValue(), email, "the email is filled in");
  await page.getByLabel("Password", { exact: true }).fill("lantern-orchard-river-9");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  assert.equal(await page.getByTestId("role").textContent(), "Front desk");
  AssertNoProblems(page);

  // The link is used up now: 410 in words.
  await page.goto(link.path);
  await page.getByRole("alert").filter({ hasText: "already been used or has expired" }).waitFor();
  await page.context().close();
});

test("a forged link says it is not valid", async () => {
  const page = await NewPage(browser);
  await page.goto("/set-password#token=" + "ab".repeat(32));
  await page.getByRole("alert").filter({ hasText: "This link is not valid" }).waitFor();
  assert.equal(await page.getByLabel("New password", { exact: true }).count(), 0, "no form for a bad link");
  await page.goto("/set-password");
  await page.getByRole("alert").filter({ hasText: "no link token" }).waitFor();
  AssertNoProblems(page);
  await page.context().close();
});
