// The printable progress report (GET /api/v1/patients/{id}/report) on the demo database: a
// therapist opens it from a patient's chart ("Printable report", a new tab), axe finds no serious
// or critical violation on it, headless Chromium prints it to an A4 PDF of one or two pages
// (pdfinfo) whose text holds the patient's and clinic's names, "Attendance" and the NPRS heading
// (pdftotext, Debian poppler-utils). The patient opens their own report from My progress in the
// portal (200, with the therapist's read in their access log) and gets 404 for another patient's.
// A new patient named with markup gets a report that says "No ... yet" and shows the name as text.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ApiClient, AssertAccessible, AssertNoProblems, LaunchBrowser, LoginFor, Logins, NewPage, Screenshot, UiLogIn, kBaseUrl } from "./lib.mjs";

const kPhone = { width: 390, height: 844 };
const kReportCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let browser;
let temp;
/** { clinic, login (the patient's), patient, other_patient_id } */
let setup;

before(async () => {
  browser = await LaunchBrowser();
  temp = mkdtempSync(path.join(tmpdir(), "backcare-report-"));
  const admin = await ApiClient.LogIn(LoginFor("admin").email, LoginFor("admin").password);
  const clinic = await admin.Get("/clinic");
  // A demo patient with a portal login, a course and pain scores on it.
  let found = null;
  for (const login of Logins().filter((l) => l.role === "patient")) {
    const api = await ApiClient.LogIn(login.email, login.password);
    const patient_id = api.user.patient_id;
    const courses = await api.Get(`/patients/${patient_id}/courses`);
    const progress = await api.Get(`/patients/${patient_id}/progress`);
    if (courses.length > 0 && progress.points.length > 0) {
      found = { login, api, patient: await admin.Get(`/patients/${patient_id}`) };
      break;
    }
  }
  assert.ok(found, "a demo patient with a portal login, a course and pain scores");
  const other = (await admin.Get("/patients")).find((p) => p.id !== found.patient.id && !p.deleted);
  assert.ok(other, "another patient in the demo");
  setup = { clinic, ...found, other_patient_id: other.id };
});

after(async () => {
  await browser?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

function PatientName(patient) {
  return [patient.given_name, patient.family_name].filter(Boolean).join(" ");
}

/** pdftotext's text with every run of white space made one space (lines wrap anywhere). */
function PdfText(file) {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

function PdfPages(file) {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const match = info.match(/^Pages:\s+(\d+)$/m);
  assert.ok(match, `pdfinfo printed no page count: ${info}`);
  return Number(match[1]);
}

test("a therapist opens the printable report from the chart and prints it to one or two A4 pages", async () => {
  const page = await NewPage(browser);
  const id = setup.patient.id;
  await UiLogIn(page, LoginFor("therapist"), `/patients/${id}`);
  const link = page.getByTestId("printable-report");
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), `/api/v1/patients/${id}/report`);
  assert.equal(await link.getAttribute("target"), "_blank");

  // The answer as the browser gets it: HTML under the report's own strict policy, not cached.
  const response = await page.request.get(`/api/v1/patients/${id}/report`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()["content-type"], "text/html; charset=utf-8");
  assert.equal(response.headers()["content-security-policy"], kReportCsp);
  assert.equal(response.headers()["cache-control"], "no-store");

  const [report] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  const problems = [];
  report.on("console", (message) => problems.push(message.text()));
  await report.waitForLoadState("load");
  assert.equal(new URL(report.url()).pathname, `/api/v1/patients/${id}/report`);
  await report.getByRole("heading", { level: 1, name: "Progress report" }).waitFor();
  for (const name of ["Course", "Screening", "Pain (NPRS) against the expected band", "Disability (ODI)", "Attendance", "Home program", "Session notes", "Change from baseline"]) {
    await report.getByRole("heading", { level: 2, name }).waitFor();
  }
  // The NPRS chart is drawn and its points are also a table.
  assert.equal(await report.locator("svg[role=img]").first().isVisible(), true);
  assert.ok((await report.locator("section[aria-labelledby=nprs-heading] tbody tr").count()) >= 2);
  await AssertAccessible(report, "printable report");
  await Screenshot(report, "report-therapist");

  const pdf = path.join(temp, "report.pdf");
  writeFileSync(pdf, await report.pdf({ format: "A4", printBackground: true }));
  const pages = PdfPages(pdf);
  assert.ok(pages === 1 || pages === 2, `the report prints to ${pages} A4 pages`);
  const text = PdfText(pdf);
  for (const expected of [PatientName(setup.patient), setup.clinic.name, "Attendance", "Pain (NPRS) against the expected band"]) {
    assert.ok(text.includes(expected), `the PDF's text has "${expected}"`);
  }
  assert.deepEqual(problems.filter((p) => /Content Security Policy|Refused/i.test(p)), [], "the report breaks no CSP rule");
  AssertNoProblems(page);
});

test("a patient opens their own report from My progress, and not another patient's", async () => {
  const page = await NewPage(browser, kPhone, { timezoneId: setup.clinic.time_zone });
  const id = setup.patient.id;
  await page.goto("/portal");
  await page.getByRole("heading", { level: 1, name: "Log in to backcare" }).waitFor();
  await page.getByLabel("Email").fill(setup.login.email);
  await page.getByLabel("Password", { exact: true }).fill(setup.login.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(new RegExp(`/portal/patients/${id}/today$`));
  await page.goto(`/portal/patients/${id}/progress`);
  const link = page.getByTestId("printable-report");
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), `/api/v1/patients/${id}/report`);

  const [report] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await report.waitForLoadState("load");
  await report.getByRole("heading", { level: 2, name: "Attendance" }).waitFor();
  assert.ok((await report.locator("header").innerText()).includes(PatientName(setup.patient)));
  // A patient reads sentences, not the clinicians' classes.
  assert.equal(await report.getByText("Responder class (IMMPACT)").count(), 0);
  await AssertAccessible(report, "printable report (patient)");

  const own = await page.request.get(`/api/v1/patients/${id}/report`);
  assert.equal(own.status(), 200);
  const other = await page.request.get(`/api/v1/patients/${setup.other_patient_id}/report`);
  assert.equal(other.status(), 404);
  assert.equal((await other.json()).error.code, "not_found");

  // A therapist's read of the report is in the patient's access log, as a read of "report".
  const therapist = await ApiClient.LogIn(LoginFor("therapist").email, LoginFor("therapist").password);
  const read = await fetch(`${kBaseUrl}/api/v1/patients/${id}/report`, { headers: { Cookie: therapist.cookie } });
  assert.equal(read.status, 200);
  // (Reads are audited through a group commit: the entry may take a moment to be written.)
  let log;
  const seen = (entries) => entries.some((e) => e.record === "report" && e.role === "therapist" && e.kind === "read");
  for (let attempt = 0; attempt < 50; attempt++) {
    log = await setup.api.Get(`/patients/${id}/access-log`);
    if (seen(log.entries)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(seen(log.entries), `a therapist's report read in the access log: ${JSON.stringify(log.entries.slice(0, 5))}`);
  AssertNoProblems(page);
});

test("a new patient's report says what there is not yet, and shows a name made of markup as text", async () => {
  const desk = await ApiClient.LogIn(LoginFor("front_desk").email, LoginFor("front_desk").password);
  const given = `<img src=x onerror="document.title='pwned'">`;
  const family = `O'Hara & <b>Sons</b>`;
  const created = await desk.Call("POST", "/patients", { given_name: given, family_name: family, date_of_birth: "1970-05-06" });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  // A plain browser context (the report's own CSP, not the app's): log in, open the report.
  const context = await browser.newContext();
  const page = await context.newPage();
  const console_messages = [];
  page.on("console", (message) => console_messages.push(message.text()));
  const login = LoginFor("therapist");
  const response = await page.request.post(`${kBaseUrl}/api/v1/login`, { data: { email: login.email, password: login.password } });
  assert.equal(response.status(), 200);
  const opened = await page.goto(`${kBaseUrl}/api/v1/patients/${created.body.id}/report`);
  assert.equal(opened.status(), 200);
  assert.ok((await page.locator("header").innerText()).includes(`${given} ${family}`), "the name shows as typed");
  assert.equal(await page.locator("img, b").count(), 0, "no element came from the name");
  assert.notEqual(await page.title(), "pwned");
  for (const text of ["No course yet.", "Not screened yet.", "No pain scores yet.", "No disability (ODI) scores yet.", "No sessions yet.", "No home program yet.", "No signed session notes yet.", "No follow-up scores yet."]) {
    await page.getByText(text, { exact: true }).waitFor();
  }
  await AssertAccessible(page, "printable report of a new patient");
  assert.deepEqual(console_messages, [], "the report logs nothing (no CSP violation, no script)");
  await context.close();
});
