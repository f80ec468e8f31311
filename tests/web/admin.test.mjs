// The admin pages: an admin adds a therapist and creates their login (field errors next to the
// fields, disable and enable, a reset link), changes a clinic setting that is still there after
// a reload, creates an API token that works and stops working once revoked, and reads the
// protocol as tables. Therapists and front desk get no Admin link and a "not allowed" page.
// Names typed as HTML show as text.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AddDays, ApiClient, AssertAccessible, AssertNoProblems, ClinicDate, kBaseUrl, LaunchBrowser, LoginFor, NewPage, Screenshot, UiLogIn } from "./lib.mjs";

const kPayload = "<img src=x onerror=alert(1)>";
let browser;
let admin;

before(async () => {
  browser = await LaunchBrowser();
  const login = LoginFor("admin");
  admin = await ApiClient.LogIn(login.email, login.password);
});
after(async () => browser?.close());

function Unique(prefix) {
  return prefix + Date.now().toString(26).replace(/\d/g, (d) => "qrstuvwxyz"[d]);
}

async function AssertNoInjectedElements(page) {
  await page.waitForTimeout(300); // time for a broken image's onerror to fire, if one existed
  assert.equal(await page.locator("main img, main script").count(), 0, "no element made from typed text");
}

async function LoginStatus(email, password) {
  const response = await fetch(kBaseUrl + "/api/v1/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

test("an admin adds a therapist and creates, disables, enables and resets their login", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.waitForURL(/\/admin$/);
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  await page.getByTestId("user-row").first().waitFor();
  assert.equal(await page.getByTestId("user-row").count(), (await admin.Get("/users")).length);

  // A therapist: the family name's field error, then a name typed as HTML.
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Therapists" }).click();
  await page.getByRole("heading", { level: 1, name: "Therapists" }).waitFor();
  await page.getByRole("button", { name: "Add therapist" }).click();
  await page.locator("#therapist-family-error").waitFor();
  assert.equal(await page.locator("#therapist-family-error").textContent(), "expected a non-empty family name");
  assert.equal(await page.getByLabel("Family name").getAttribute("aria-describedby"), "therapist-family-error");
  const family = Unique("Admintest");
  await page.getByLabel("Given name").fill(kPayload);
  await page.getByLabel("Family name").fill(family);
  await page.getByLabel("Licence number").fill("LMT-4242");
  await page.getByRole("button", { name: "Add therapist" }).click();
  const therapist_row = page.getByTestId("therapist-table").locator("tbody tr").filter({ hasText: family });
  await therapist_row.waitFor();
  assert.equal(await therapist_row.locator("th").textContent(), `${kPayload} ${family}`);
  const therapist = (await admin.Get("/therapists")).find((t) => t.family_name === family);
  assert.ok(therapist, "the API lists the new therapist");
  assert.equal(therapist.license_number, "LMT-4242");
  await AssertNoInjectedElements(page);
  await AssertAccessible(page, "admin therapists");
  await Screenshot(page, "admin-therapists-1366");

  // Their login: a password error next to the password, then the login works.
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Create a login" }).waitFor();
  const email = `${family.toLowerCase()}@example.org`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(kPayload);
  await page.getByLabel("Role").selectOption("therapist");
  await page.getByLabel("Therapist", { exact: true }).selectOption(String(therapist.id));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create login" }).click();
  await page.locator("#user-password-error").waitFor();
  assert.equal(await page.locator("#user-password-error").textContent(), "expected at least 12 characters, got 5");
  assert.equal(await page.getByLabel("Password").getAttribute("aria-invalid"), "true");
  await AssertAccessible(page, "admin users with a field error");
  const password = "quiet-harbour-lantern-58";
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create login" }).click();
  await page.getByRole("status").filter({ hasText: `Login created for ${email}` }).waitFor();
  const row = page.getByTestId("user-row").filter({ hasText: email });
  await row.waitFor();
  assert.equal(await row.locator("th").textContent(), kPayload);
  assert.equal(await row.locator("td").nth(2).textContent(), `Therapist ${kPayload} ${family}`);
  assert.equal(await LoginStatus(email, password), 200, "the new login works");
  const created = (await admin.Get("/users")).find((u) => u.email === email);
  assert.equal(created.therapist_id, therapist.id);

  await row.getByRole("button", { name: "Disable" }).click();
  await row.getByText("Disabled").waitFor();
  assert.equal((await admin.Get("/users")).find((u) => u.email === email).state, "disabled");
  assert.equal(await LoginStatus(email, password), 401, "a disabled login cannot log in");
  await row.getByRole("button", { name: "Enable" }).click();
  await row.getByText("Active").waitFor();
  assert.equal(await LoginStatus(email, password), 200, "enabled again");

  await row.getByRole("button", { name: "Reset link" }).click();
  // A reset signs the login out everywhere, so it is confirmed first.
  const dialog = page.getByTestId("password-reset-dialog");
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /signed out everywhere/);
  await dialog.getByRole("button", { name: "Reset password" }).click();
  const link = page.getByTestId("reset-link").getByLabel("Reset link");
  await link.waitFor();
  assert.match(await link.inputValue(), new RegExp(`^${kBaseUrl.replace(/[.]/g, "\\.")}/set-password#token=[A-Za-z0-9_-]+$`));
  await AssertNoInjectedElements(page);
  await AssertAccessible(page, "admin users");
  await Screenshot(page, "admin-users-1366");
  AssertNoProblems(page);
  await page.context().close();
});

test("an admin changes clinic settings, and they are still there after a reload", async () => {
  const before_change = await admin.Get("/clinic");
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"), "/admin/clinic");
  await page.getByRole("heading", { level: 1, name: "Clinic settings" }).waitFor();
  const hours = page.getByLabel("Patients may cancel up to (hours before a session)");
  await hours.waitFor();
  assert.equal(await hours.inputValue(), String(before_change.patient_cancel_notice_hours));
  assert.equal(await page.getByLabel("Time zone").inputValue(), before_change.time_zone);
  assert.equal(await page.getByLabel("Protocol for new courses").inputValue(), `${before_change.protocol.id}@${before_change.protocol.version}`);

  await hours.fill("9999");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.locator("#clinic-cancel-hours-error").waitFor();
  assert.equal(await page.locator("#clinic-cancel-hours-error").textContent(), "expected an integer in [0, 720], got 9999");
  await AssertAccessible(page, "clinic settings with a field error");

  const changed = before_change.patient_cancel_notice_hours === 36 ? 48 : 36;
  await hours.fill(String(changed));
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("status").filter({ hasText: "settings are saved" }).waitFor();
  await page.reload();
  await page.getByLabel("Patients may cancel up to (hours before a session)").waitFor();
  assert.equal(await page.getByLabel("Patients may cancel up to (hours before a session)").inputValue(), String(changed));
  const after_change = await admin.Get("/clinic");
  assert.equal(after_change.patient_cancel_notice_hours, changed);
  assert.equal(after_change.name, before_change.name, "the other settings are unchanged");
  assert.equal(after_change.time_zone, before_change.time_zone);
  await AssertAccessible(page, "clinic settings");
  await Screenshot(page, "admin-clinic-1366");

  // The protocol the clinic follows, as tables.
  await page.getByRole("link", { name: "View this protocol" }).click();
  await page.waitForURL(/\/admin\/protocols\/[^/]+\/\d+$/);
  const protocol = await admin.Get(`/protocols/${before_change.protocol.id}/versions/${before_change.protocol.version}`);
  await page.getByRole("heading", { level: 1, name: `${protocol.title}, version ${protocol.version}` }).waitFor();
  const phases = page.getByTestId("phase-table").locator("tbody tr");
  assert.equal(await phases.count(), protocol.phases.length);
  const first = protocol.phases[0];
  assert.deepEqual(await phases.first().locator("th, td").allTextContents(), [
    first.name,
    `Weeks ${first.start_week}–${first.end_week}`,
    `${first.cadence.sessions_per_week} per week, at least ${first.cadence.min_days_between_sessions} days apart`,
    `${first.expected_reduction.min_percent}–${first.expected_reduction.max_percent} %`,
    first.goals.join("; "),
  ]);
  const trigger = protocol.techniques.find((t) => t.hold_seconds);
  const trigger_row = page.getByTestId("technique-table").locator("tbody tr").filter({ hasText: trigger.name });
  assert.equal(await trigger_row.locator("td").nth(3).textContent(), `${trigger.hold_seconds.min}–${trigger.hold_seconds.max} s`);
  assert.equal(await page.getByTestId("precaution-table").locator("tbody tr").count(), protocol.techniques.flatMap((t) => t.precautions).length);
  assert.doesNotMatch(await page.locator("main").innerText(), /[{}]/, "no raw JSON");
  await AssertAccessible(page, "protocol view");
  await Screenshot(page, "admin-protocol-1366");

  // Put the setting back for the other tests.
  const restored = await admin.Call("PUT", "/clinic", { name: before_change.name, time_zone: before_change.time_zone, patient_cancel_notice_hours: before_change.patient_cancel_notice_hours });
  assert.equal(restored.status, 204);
  AssertNoProblems(page);
  await page.context().close();
});

test("an admin creates an API token, sees it once, and revokes it", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"), "/admin/tokens");
  await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
  await page.getByRole("button", { name: "Create token" }).click();
  await page.locator("#token-name-error").waitFor();
  assert.equal(await page.locator("#token-name-error").textContent(), "expected a non-empty name");
  await page.getByLabel("Name").fill(kPayload);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("token-secret").getByLabel("Token");
  await secret.waitFor();
  const token = await secret.inputValue();
  assert.match(await page.getByTestId("token-secret").textContent(), /shown only this once/);
  const me = async () => (await fetch(kBaseUrl + "/api/v1/me", { headers: { Authorization: "Bearer " + token } })).status;
  assert.equal(await me(), 200, "the token works");
  const row = page.getByTestId("token-row").filter({ hasText: "onerror" }).last();
  assert.equal(await row.locator("th").textContent(), kPayload);
  // It expires in 90 days (the date in UTC, as the server states it; either side of a midnight).
  const day = (offset_ms) => new Date(Date.now() + 90 * 86400000 + offset_ms).toISOString().slice(0, 10);
  const expires = await row.locator("td").nth(2).textContent();
  assert.ok([day(-120000), day(0)].includes(expires), `the token expires on ${expires}, not in 90 days`);
  await AssertNoInjectedElements(page);
  await AssertAccessible(page, "API tokens with a new secret");
  await Screenshot(page, "admin-tokens-1366");

  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByText("Revoked").waitFor();
  assert.equal(await page.getByTestId("token-secret").count(), 0, "the secret is gone");
  assert.equal(await me(), 401, "a revoked token stops working");
  AssertNoProblems(page);
  await page.context().close();
});

test("an admin adds a closure and deletes it", async () => {
  const clinic = await admin.Get("/clinic");
  const first = AddDays(ClinicDate(new Date(), clinic.time_zone), 500);
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"), "/admin/closures");
  await page.getByRole("heading", { level: 1, name: "Closures and holidays" }).waitFor();
  await page.getByLabel("First day").fill(first);
  await page.getByLabel("Last day").fill(AddDays(first, -2));
  await page.getByRole("button", { name: "Add closure" }).click();
  await page.locator("#closure-last-error").waitFor();
  assert.equal(await page.locator("#closure-last-error").textContent(), `expected a day on or after first_day ${first}, got ${AddDays(first, -2)}`);
  assert.equal(await page.locator("#closure-reason-error").textContent(), "expected a non-empty reason");
  await AssertAccessible(page, "closures with field errors");

  await page.getByLabel("Last day").fill(AddDays(first, 2));
  await page.getByLabel("Reason").fill(kPayload);
  await page.getByRole("button", { name: "Add closure" }).click();
  const row = page.getByTestId("closure-row").filter({ hasText: "onerror" });
  await row.waitFor();
  assert.equal(await row.locator("th").textContent(), kPayload);
  const stored = (await admin.Get("/clinic/closures")).find((c) => c.first_day === first);
  assert.deepEqual([stored.last_day, stored.reason], [AddDays(first, 2), kPayload]);
  await AssertNoInjectedElements(page);
  await AssertAccessible(page, "closures");
  await Screenshot(page, "admin-closures-1366");

  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("status").filter({ hasText: "closure is deleted" }).waitFor();
  await page.getByTestId("closure-row").filter({ hasText: "onerror" }).waitFor({ state: "detached" });
  assert.equal((await admin.Get("/clinic/closures")).filter((c) => c.first_day === first).length, 0, "deleted in the API");
  AssertNoProblems(page);
  await page.context().close();
});

for (const role of ["therapist", "front_desk"]) {
  test(`${role} gets no Admin link, and /admin says not allowed`, async () => {
    const page = await NewPage(browser);
    await UiLogIn(page, LoginFor(role));
    assert.equal(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count(), 0);
    await page.goto("/admin/users");
    await page.getByTestId("not-allowed").waitFor();
    assert.match(await page.getByTestId("not-allowed").textContent(), /^Not allowed/);
    assert.equal(await page.getByTestId("user-table").count(), 0);
    await AssertAccessible(page, `admin as ${role}`);
    await Screenshot(page, `admin-not-allowed-${role}-1366`);
    AssertNoProblems(page);
    await page.context().close();
  });
}

test("a front desk login changes its password: a wrong current one is named, then it changes and only the new one logs in", async () => {
  const email = Unique("desk.changer.") + "@clinic.test";
  const first = "copper kettle harbour 31";
  const second = "meadow lantern quarry 45";
  const created = await admin.Call("POST", "/users", { email, display_name: "Desk Changer", role: "front_desk", password: first });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const page = await NewPage(browser);
  await UiLogIn(page, { email, password: first }, "/patients");
  await page.getByRole("link", { name: "Password" }).click();
  await page.getByRole("heading", { level: 1, name: "Change your password" }).waitFor();
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password", { exact: true }).fill(second);
  await page.getByLabel("Repeat the new password").fill(second);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.locator("#current-password-error").waitFor();
  assert.equal(await page.locator("#current-password-error").textContent(), "is not your current password");
  await AssertAccessible(page, "change password with an error");

  await page.getByLabel("Current password").fill(first);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Your password is changed.").waitFor();
  await Screenshot(page, "change-password-1366");
  // This browser stays signed in, and a change still carries a valid CSRF token.
  await page.getByRole("link", { name: "Patients" }).click();
  await page.getByTestId("patient-table").waitFor();
  assert.equal(await LoginStatus(email, first), 401, "the old password no longer logs in");
  assert.equal(await LoginStatus(email, second), 200, "the new one does");
  AssertNoProblems(page);
  await page.context().close();
});
