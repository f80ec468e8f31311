// Two-step sign-in, restricted sessions and the sessions list (#17 item 4), on logins made for
// each test (the demo logins stay as they are for the other files). Codes come from Debian's
// oathtool, an implementation independent of the server's, on the real clock (no fake time: the
// server checks codes against its own clock). A code is refused a second time in its 30 s step,
// so a test waits for the next step before it uses the app's code again.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { ApiClient, AssertAccessible, AssertNoProblems, kBaseUrl, LaunchBrowser, LoginFor, NewPage, Screenshot, UiLogIn } from "./lib.mjs";

const kFirefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const kRecoveryCode = /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/;

let browser;
let admin;
let made = 0;

before(async () => {
  browser = await LaunchBrowser();
  const login = LoginFor("admin");
  admin = await ApiClient.LogIn(login.email, login.password);
});
after(async () => browser?.close());

/** A new login of `role` (front_desk or admin) with a password of its own. */
async function NewLogin(role, name) {
  made += 1;
  const tag = (Date.now() * 100 + made).toString(26).replace(/\d/g, (d) => "qrstuvwxyz"[d]);
  const login = { email: `mfa-${name}-${tag}@clinic.test`, password: `amber orchard ${tag} 42`, role };
  const created = await admin.Call("POST", "/users", { email: login.email, display_name: `Mfa ${name}`, role, password: login.password });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return login;
}

const Step = () => Math.floor(Date.now() / 30000);
const Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The app's current code for `secret` and its 30 s step, from oathtool; taken at least 3 s before
 * the step ends, so the server sees it in the same step.
 */
async function Totp(secret) {
  const into_step = Date.now() % 30000;
  if (into_step > 27000) await Sleep(30000 - into_step + 100);
  const step = Step();
  const code = execFileSync("oathtool", ["--totp", "-b", secret], { encoding: "utf8" }).trim();
  assert.match(code, /^\d{6}$/);
  return { code, step };
}

/** Waits until the step after `step` has begun (a code of `step` is spent). */
async function AfterStep(step) {
  while (Step() <= step) await Sleep(Math.min(1000, (step + 1) * 30000 - Date.now() + 50));
}

/** A 6-digit code that is not the current one (nor the neighbours the server accepts). */
function WrongCode(secret) {
  const near = [-30, 0, 30].map((s) =>
    execFileSync("oathtool", ["--totp", "-b", `--now=@${Math.floor(Date.now() / 1000) + s}`, secret], { encoding: "utf8" }).trim(),
  );
  return ["000000", "111111", "222222", "333333"].find((c) => !near.includes(c));
}

/** POST /login; then POST /login/mfa with `code` when asked. Returns the last answer. */
async function ApiLogIn(login, code) {
  const post = async (path, body) => {
    const response = await fetch(kBaseUrl + "/api/v1" + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json(), cookie: response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
  };
  const first = await post("/login", { email: login.email, password: login.password });
  if (first.status !== 200 || !first.body.mfa_required || code === undefined) return first;
  return post("/login/mfa", { mfa_token: first.body.mfa_token, code });
}

/** Sets up two-step sign-in through the API; returns the secret and the step its code used. */
async function EnrolByApi(client) {
  const started = await client.Call("POST", "/me/mfa/enrolment", {});
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const { code, step } = await Totp(started.body.secret);
  const confirmed = await client.Call("POST", "/me/mfa/enrolment/confirm", { code });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { secret: started.body.secret, step };
}

/** On the set-up card: checks the QR code and the secret, confirms with oathtool's code. */
async function EnrolInUi(page, screen) {
  const setup = page.getByTestId("mfa-setup");
  await setup.waitFor();
  const qr = setup.getByRole("img", { name: "QR code for your authenticator app" });
  assert.match(await qr.getAttribute("src"), /^data:image\/svg\+xml;base64,/);
  await page.waitForFunction(() => document.querySelector(".mfa-qr")?.complete);
  assert.ok((await qr.evaluate((img) => img.naturalWidth)) > 0, "the QR code's SVG loads under the CSP");
  const grouped = await setup.getByTestId("mfa-secret").textContent();
  assert.match(grouped, /^[A-Z2-7]{4}( [A-Z2-7]{4})*( [A-Z2-7]{1,3})?$/, "the secret in groups of four");
  const secret = grouped.replace(/ /g, "");
  assert.equal(secret.length, 32);
  await AssertAccessible(page, screen);

  await page.getByLabel("The 6-digit code the app shows").fill(WrongCode(secret));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await page.locator("#mfa-setup-code-error").waitFor();
  assert.match(await page.locator("#mfa-setup-code-error").textContent(), /^The code is not right/);
  assert.equal(await page.getByLabel("The 6-digit code the app shows").getAttribute("aria-invalid"), "true");
  await AssertAccessible(page, screen + " with a wrong code");

  const { code, step } = await Totp(secret);
  await page.getByLabel("The 6-digit code the app shows").fill(code);
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  const shown = page.getByTestId("recovery-codes");
  await shown.waitFor();
  const codes = (await shown.locator("ol li").allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, kRecoveryCode);
  assert.equal(new Set(codes).size, 10, "ten different codes");
  return { secret, step, codes };
}

/** The email + password step of the UI login, up to the code step. */
async function UiPasswordStep(page, login) {
  await page.goto("/");
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password", { exact: true }).fill(login.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { level: 1, name: "Two-step sign-in" }).waitFor();
}

async function UiLogOut(page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login/);
  await page.getByText("You have logged out.").waitFor();
}

test("a login sets up two-step sign-in, then logs in with the app's code or a recovery code (once), makes new codes and turns it off", async () => {
  const login = await NewLogin("front_desk", "desk");
  const page = await NewPage(browser);
  await UiLogIn(page, login);
  await page.getByRole("link", { name: "Security" }).click();
  await page.getByRole("heading", { level: 1, name: "Account security" }).waitFor();
  await page.getByTestId("mfa-status").filter({ hasText: /^Off/ }).waitFor();
  await page.getByTestId("session-row").first().waitFor();
  await AssertAccessible(page, "account security");
  await Screenshot(page, "account-security-1366");

  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  await page.getByTestId("mfa-setup").waitFor();
  await Screenshot(page, "mfa-setup-1366");
  const { secret, step: enrol_step, codes } = await EnrolInUi(page, "two-step set-up");
  await AssertAccessible(page, "recovery codes");
  await Screenshot(page, "mfa-recovery-codes-1366");
  assert.equal((await ApiLogIn(login)).body.mfa_required, true, "the password alone no longer makes a session");

  // Download as text: a file with the ten codes.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download as text" }).click()]);
  assert.equal(download.suggestedFilename(), "backcare-recovery-codes.txt");
  const text = readFileSync(await download.path(), "utf8");
  for (const c of codes) assert.ok(text.includes(c + "\n"), `the file has ${c}`);
  // Print: the browser's print with only the codes on the page (print itself is stubbed here).
  await page.evaluate(() => {
    window.prints = 0;
    window.print = () => (window.prints += 1);
  });
  await page.getByRole("button", { name: "Print" }).click();
  assert.equal(await page.evaluate(() => window.prints), 1);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".top-bar").isVisible(), false, "the top bar is not printed");
  assert.equal(await page.getByRole("heading", { name: "Account security" }).isVisible(), false, "nor the rest of the screen");
  assert.equal(await page.getByTestId("recovery-codes").locator("ol").isVisible(), true, "the codes are");
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));

  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByTestId("mfa-status").filter({ hasText: /^On since/ }).waitFor();
  assert.match(await page.getByTestId("mfa-status").textContent(), /10 recovery codes are left/);
  await AssertAccessible(page, "account security, two-step sign-in on");
  AssertNoProblems(page);

  // Log in again: the code step, a wrong code next to the field, then a recovery code.
  await UiLogOut(page);
  await UiPasswordStep(page, login);
  const code_field = page.getByLabel("6-digit code");
  assert.equal(await code_field.getAttribute("autocomplete"), "one-time-code");
  assert.equal(await code_field.getAttribute("inputmode"), "numeric");
  await AssertAccessible(page, "login code step");
  await Screenshot(page, "login-code-step-1366");
  await code_field.fill(WrongCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.locator("#totp-code-error").waitFor();
  assert.equal(await page.locator("#totp-code-error").textContent(), "That code is not right. Enter the code your app shows now.");
  assert.equal(await code_field.getAttribute("aria-invalid"), "true");
  await AssertAccessible(page, "login code step with a wrong code");

  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0].toUpperCase());
  await AssertAccessible(page, "login recovery code step");
  await Screenshot(page, "login-recovery-code-1366");
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.getByTestId("welcome").filter({ hasText: "9 recovery codes are left" }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).waitFor();

  // The same recovery code a second time is refused; the app's code (next step) works.
  await UiLogOut(page);
  await UiPasswordStep(page, login);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.locator("#recovery-code-error").waitFor();
  assert.equal(await page.locator("#recovery-code-error").textContent(), "That recovery code is not right, or it has been used already.");
  await AssertAccessible(page, "login recovery code refused");
  await page.getByRole("button", { name: "Use the app's code instead" }).click();
  await AfterStep(enrol_step);
  const login_code = await Totp(secret);
  await page.getByLabel("6-digit code").fill(login_code.code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.getByRole("navigation", { name: "Main" }).waitFor();

  // New recovery codes need a current code: a wrong one is named, then the old codes stop working.
  await page.goto("/account/security");
  await page.getByRole("button", { name: "New recovery codes" }).click();
  const new_codes_field = page.getByLabel("The 6-digit code your app shows now");
  await new_codes_field.fill(WrongCode(secret));
  await page.getByRole("button", { name: "Make new codes" }).click();
  await page.locator("#new-codes-code-error").waitFor();
  await AssertAccessible(page, "new recovery codes with a wrong code");
  await AfterStep(login_code.step);
  await new_codes_field.fill((await Totp(secret)).code);
  await page.getByRole("button", { name: "Make new codes" }).click();
  await page.getByTestId("recovery-codes").filter({ hasText: "old recovery codes no longer work" }).waitFor();
  const renewed = (await page.getByTestId("recovery-codes").locator("ol li").allTextContents()).map((c) => c.trim());
  assert.equal(renewed.length, 10);
  assert.ok(!renewed.includes(codes[1]));
  assert.equal((await ApiLogIn(login, codes[1])).status, 401, "an old recovery code stops working");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByTestId("mfa-status").filter({ hasText: "10 recovery codes are left" }).waitFor();

  // Turning off asks for the password.
  await page.getByRole("button", { name: "Turn off" }).click();
  await page.getByLabel("Your password").fill("not the password at all");
  await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
  await page.locator("#turn-off-password-error").waitFor();
  assert.equal(await page.getByLabel("Your password").getAttribute("aria-invalid"), "true");
  await AssertAccessible(page, "turn off with a wrong password");
  await Screenshot(page, "mfa-turn-off-1366");
  await page.getByLabel("Your password").fill(login.password);
  await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
  await page.getByTestId("mfa-status").filter({ hasText: /^Off/ }).waitFor();
  const plain = await ApiLogIn(login);
  assert.equal(plain.status, 200);
  assert.ok(plain.body.csrf_token && !plain.body.mfa_required, "the password alone signs in again");
  AssertNoProblems(page);
  await page.context().close();
});

test("an expired sign-in goes back to the password step", async () => {
  const login = await NewLogin("front_desk", "expiry");
  const client = await ApiClient.LogIn(login.email, login.password);
  const { secret } = await EnrolByApi(client);
  const page = await NewPage(browser);
  await UiPasswordStep(page, login);
  // Five wrong codes use the sign-in up (as five minutes would); the next answer says so.
  const back_at_password = () => document.querySelector("h1")?.textContent === "Log in to backcare";
  for (let attempt = 1; attempt <= 6 && !(await page.evaluate(back_at_password)); attempt++) {
    await page.getByLabel("6-digit code").fill(WrongCode(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForFunction(
      () =>
        document.querySelector("h1")?.textContent === "Log in to backcare" ||
        (document.querySelector("#totp-code-error") && !document.querySelector("button[type=submit]")?.disabled),
    );
  }
  await page.getByRole("heading", { level: 1, name: "Log in to backcare" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Your sign-in expired" }).waitFor();
  assert.equal(await page.getByLabel("Email").inputValue(), login.email, "the email is kept");
  assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "", "the password is not");
  await AssertAccessible(page, "login after an expired sign-in");
  AssertNoProblems(page);
  await page.context().close();
});

test("the sessions list marks this device, shortens user agents and signs another browser out", async () => {
  const login = await NewLogin("front_desk", "sessions");
  const page = await NewPage(browser);
  await UiLogIn(page, login);
  const other_context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: kBaseUrl, userAgent: kFirefoxOnWindows });
  const other = await other_context.newPage();
  await UiLogIn(other, login);

  await page.goto("/account/security");
  const rows = page.getByTestId("session-row");
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  const mine = rows.filter({ hasText: "This device" });
  assert.match(await mine.locator("th").textContent(), /^(Headless )?Chrome \d+ on LinuxThis device$/);
  assert.equal(await mine.getAttribute("data-current"), "true");
  const firefox = rows.filter({ hasText: "Firefox 128 on Windows" });
  assert.equal(await firefox.locator("td").first().textContent(), "127.0.0.1");
  const api_sessions = await (await ApiClient.LogIn(login.email, login.password)).Get("/me/sessions");
  assert.equal(api_sessions.length, 3, "two browsers and the API client");
  await AssertAccessible(page, "sessions");
  await Screenshot(page, "account-sessions-1366");

  await firefox.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("status").filter({ hasText: "Firefox 128 on Windows is signed out." }).waitFor();
  await rows.filter({ hasText: "Firefox" }).waitFor({ state: "detached" });
  await other.reload();
  await other.waitForURL(/\/login/);
  await other.getByRole("heading", { name: "Log in to backcare" }).waitFor();
  await other_context.close();

  // Signing out this device is logging out.
  await mine.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.goto("/account/security");
  await page.waitForURL(/\/login/);
  AssertNoProblems(page);
  await page.context().close();
});

test("clinic policy 'admins' takes an admin without two-step sign-in through the set-up before anything else", async () => {
  const newcomer = await NewLogin("admin", "admin");
  // An admin with two-step sign-in checks and puts the policy back, whatever happens to the
  // sessions of admins without it (the server restricts them from their next request on).
  const keeper_login = await NewLogin("admin", "keeper");
  const keeper = await ApiClient.LogIn(keeper_login.email, keeper_login.password);
  await EnrolByApi(keeper);
  const before_change = await keeper.Get("/clinic");
  assert.equal(before_change.mfa_policy, "optional", "the demo clinic's policy");

  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"), "/admin/clinic");
  await page.getByRole("group", { name: "Two-step sign-in" }).waitFor();
  assert.equal(await page.getByLabel("Optional", { exact: true }).isChecked(), true);
  assert.match(await page.locator("#clinic-mfa-staff-hint").textContent(), /Patients are never asked/);
  assert.equal(await page.getByTestId("own-mfa-warning").count(), 0);
  await page.getByLabel("Required for admins").check();
  // The demo admin has none, and is told what saving will mean for them.
  await page.getByTestId("own-mfa-warning").waitFor();
  await AssertAccessible(page, "clinic settings, two-step sign-in policy");
  await Screenshot(page, "admin-clinic-mfa-policy-1366");
  await page.getByRole("button", { name: "Save settings" }).click();
  try {
    for (let i = 0; i < 50 && (await keeper.Get("/clinic")).mfa_policy !== "admins"; i++) await Sleep(100);
    assert.equal((await keeper.Get("/clinic")).mfa_policy, "admins");
    await page.getByRole("status").filter({ hasText: "settings are saved" }).waitFor();
    AssertNoProblems(page);
    await page.context().close();

    const restricted = await NewPage(browser);
    await UiLogIn(restricted, newcomer);
    await restricted.getByRole("heading", { level: 1, name: "Set up two-step sign-in" }).waitFor();
    assert.match(await restricted.getByTestId("restriction-explained").textContent(), /requires two-step sign-in for your role/);
    assert.equal(await restricted.getByRole("navigation", { name: "Main" }).count(), 0, "no way around it");
    await AssertAccessible(restricted, "two-step sign-in required");
    await Screenshot(restricted, "mfa-required-1366");
    // Another address shows the same set-up, and the API refuses other routes.
    await restricted.goto("/patients");
    await restricted.getByRole("heading", { level: 1, name: "Set up two-step sign-in" }).waitFor();
    assert.equal(await restricted.getByTestId("patient-table").count(), 0);
    const refused = await restricted.evaluate(async () => (await fetch("/api/v1/patients")).status);
    assert.equal(refused, 403);

    await EnrolInUi(restricted, "two-step sign-in required");
    await AssertAccessible(restricted, "recovery codes of a required set-up");
    await restricted.getByRole("button", { name: "I have saved them" }).click();
    await restricted.getByRole("navigation", { name: "Main" }).waitFor();
    await restricted.getByRole("heading", { level: 1, name: "Patients" }).waitFor();
    await restricted.getByTestId("patient-table").waitFor();

    // The newcomer, now with two-step sign-in, puts the policy back.
    await restricted.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await restricted.getByRole("link", { name: "Clinic settings" }).click();
    await restricted.getByLabel("Optional", { exact: true }).check();
    await restricted.getByRole("button", { name: "Save settings" }).click();
    await restricted.getByRole("status").filter({ hasText: "settings are saved" }).waitFor();
    assert.equal((await keeper.Get("/clinic")).mfa_policy, "optional");
    AssertNoProblems(restricted);
    await restricted.context().close();
  } finally {
    if ((await keeper.Get("/clinic")).mfa_policy !== "optional") {
      const restored = await keeper.Call("PUT", "/clinic", { name: before_change.name, time_zone: before_change.time_zone, mfa_policy: "optional" });
      assert.equal(restored.status, 204, `policy put back: ${JSON.stringify(restored.body)}`);
    }
  }
});

test("an admin's password reset makes the login choose a new password at its next login", async () => {
  const login = await NewLogin("front_desk", "reset");
  const user_session = await ApiClient.LogIn(login.email, login.password);
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"), "/admin/users");
  const row = page.getByTestId("user-row").filter({ hasText: login.email });
  await row.getByRole("button", { name: "Reset link" }).click();
  const dialog = page.getByTestId("password-reset-dialog");
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /must choose a new one at that login/);
  await AssertAccessible(page, "password reset dialog");
  await Screenshot(page, "admin-password-reset-dialog-1366");
  await dialog.getByRole("button", { name: "Reset password" }).click();
  await page.getByTestId("reset-link").waitFor();
  assert.match(await page.getByTestId("reset-explained").textContent(), /choose a new one before anything else/);
  assert.equal((await user_session.Call("GET", "/me")).status, 401, "the login's sessions ended");
  await page.context().close();

  const forced = await NewPage(browser);
  await UiLogIn(forced, login);
  await forced.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
  assert.match(await forced.getByTestId("restriction-explained").textContent(), /reset your password/);
  assert.equal(await forced.getByRole("navigation", { name: "Main" }).count(), 0);
  await AssertAccessible(forced, "password change required");
  await Screenshot(forced, "password-change-required-1366");
  const replacement = "violet canyon ledger 73";
  await forced.getByLabel("Current password").fill(login.password);
  await forced.getByLabel("New password", { exact: true }).fill(replacement);
  await forced.getByLabel("Repeat the new password").fill(replacement);
  await forced.getByRole("button", { name: "Change password" }).click();
  await forced.getByRole("navigation", { name: "Main" }).waitFor();
  await forced.getByRole("heading", { level: 1, name: /^Day sheet/ }).waitFor();
  const after_change = await ApiLogIn({ email: login.email, password: replacement });
  assert.equal(after_change.status, 200);
  assert.equal(after_change.body.user.restriction, null, "the new password makes a normal session");
  AssertNoProblems(forced);
  await forced.context().close();
});

test("an admin resets a login's two-step sign-in after a confirm", async () => {
  const login = await NewLogin("front_desk", "lostphone");
  const client = await ApiClient.LogIn(login.email, login.password);
  await EnrolByApi(client);
  assert.equal((await ApiLogIn(login)).body.mfa_required, true);
  const page = await NewPage(browser);
  await UiLogIn(page, LoginFor("admin"), "/admin/users");
  const row = page.getByTestId("user-row").filter({ hasText: login.email });
  await row.getByRole("button", { name: "Reset two-step sign-in" }).click();
  const dialog = page.getByTestId("mfa-reset-dialog");
  await dialog.waitFor();
  await AssertAccessible(page, "two-step sign-in reset dialog");
  await Screenshot(page, "admin-mfa-reset-dialog-1366");
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal((await ApiLogIn(login)).body.mfa_required, true, "still on after Cancel");

  await row.getByRole("button", { name: "Reset two-step sign-in" }).click();
  await dialog.getByRole("button", { name: "Reset two-step sign-in" }).click();
  await page.getByRole("status").filter({ hasText: `Two-step sign-in is reset for ${login.email}` }).waitFor();
  assert.equal((await client.Call("GET", "/me")).status, 401, "the login's sessions ended");
  const plain = await ApiLogIn(login);
  assert.equal(plain.status, 200);
  assert.ok(plain.body.csrf_token && !plain.body.mfa_required, "the password alone signs in");
  AssertNoProblems(page);
  await page.context().close();
});

test("a 403 permission_denied on a screen asks GET /me again and shows the restricted screen it names", async () => {
  // A session restricted while the app is open (here the answers are substituted; the server's
  // own refusals are checked above): the next refused request leads to the change-password screen.
  const login = await NewLogin("front_desk", "midway");
  const page = await NewPage(browser);
  await UiLogIn(page, login);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  await page.route("**/api/v1/me", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), restriction: "password_change_required" } });
  });
  await page.route("**/api/v1/patients*", (route) =>
    route.fulfill({ status: 403, json: { error: { code: "permission_denied", message: "change your password before going on", fields: [] } } }),
  );
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patients" }).click();
  await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0);
  AssertNoProblems(page);
  await page.context().close();
});
