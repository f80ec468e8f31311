// The outcomes report (/reports/outcomes) on the demo database: admins and therapists reach it from
// the top bar and see the population, the three claims labelled as the article's claims with the
// API's numbers and a verdict in words, the Kaplan–Meier chart (a canvas plus a hidden table of
// every step), the band table and the per-therapist and per-clinic tables. The therapist filter
// goes into the URL and changes the numbers; a bad date range shows the API's field error next to
// the field. Front desk has no link, never asks the API, and gets the "not for your role" notice.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ApiClient, AssertAccessible, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, Screenshot, UiLogIn } from "./lib.mjs";

const admin_login = LoginFor("admin");
const therapist_login = LoginFor("therapist");
const desk_login = LoginFor("front_desk");

const kProportionVerdicts = {
  below_claim: "Below the claim",
  consistent: "Consistent with the claim",
  above_claim: "Above the claim",
  no_data: "No course due yet",
};
const kComparisonVerdicts = {
  supported: "Adherent courses did better than the others",
  contradicted: "Adherent courses did worse than the others",
  not_shown: "No difference shown",
};

let browser;
let admin;

before(async () => {
  browser = await LaunchBrowser();
  admin = await ApiClient.LogIn(admin_login.email, admin_login.password);
});
after(async () => browser?.close());

function Percent(value) {
  return (value * 100).toFixed(1) + " %";
}

/** The words the screen must show for `claim`'s verdict. */
function ExpectedVerdict(claim) {
  if (claim.kind === "comparison") return claim.difference.estimate === null ? /^No difference shown: a group has no course due yet$/ : new RegExp("^" + kComparisonVerdicts[claim.verdict] + "$");
  return new RegExp("^" + kProportionVerdicts[claim.verdict] + "$");
}

/** Checks the population line and each claim card against the API's report. */
async function AssertReportShown(page, report) {
  const population = page.getByTestId("population");
  // Anchored: "29 evaluable courses" also contains "9 evaluable courses".
  await population.filter({ hasText: new RegExp(`^\\s*${report.population.courses} evaluable courses`) }).waitFor();
  assert.equal(
    (await population.innerText()).trim(),
    `${report.population.courses} evaluable courses, ${report.population.dropouts} dropouts, ${report.population.not_evaluable} not evaluable (no baseline pain).`,
  );
  const cards = page.getByTestId("claim");
  assert.equal(await cards.count(), report.claims.length);
  assert.equal(report.claims.length, 3, "the default protocol has three claims");
  for (const [i, claim] of report.claims.entries()) {
    const card = cards.nth(i);
    const heading = (await card.getByRole("heading").innerText()).replace(/\s+/g, " ");
    assert.ok(heading.includes("The article's claim, tested here:"), `claim ${claim.id} is labelled as the article's claim: ${heading}`);
    assert.ok(heading.includes(claim.text), `claim ${claim.id} quotes the source: ${heading}`);
    const text = (await card.innerText()).replace(/\s+/g, " ");
    assert.doesNotMatch(text, /promise|guarantee|you will/i);
    assert.match((await card.getByTestId("verdict").innerText()).trim(), ExpectedVerdict(claim));
    if (claim.kind === "proportion") {
      const claimed = `Claimed ${Math.round(claim.claimed * 100)} %`;
      if (claim.itt.n === 0) {
        assert.ok(text.includes(`${claimed} · no course due yet at this checkpoint`), `claim ${claim.id}: ${text}`);
        continue;
      }
      const observed = `${Percent(claim.itt.rate)} (95 % CI ${(claim.itt.ci_low * 100).toFixed(1)}–${(claim.itt.ci_high * 100).toFixed(1)} %)`;
      assert.ok(
        text.includes(`${claimed} · observed ${observed} of ${claim.itt.n} due courses, ${claim.missing} without a score`),
        `claim ${claim.id}: ${text}`,
      );
      const complete = claim.complete_case;
      const complete_text = complete.rate === null ? "no course due yet" : `${Percent(complete.rate)} (95 % CI ${(complete.ci_low * 100).toFixed(1)}–${(complete.ci_high * 100).toFixed(1)} %)`;
      assert.ok(text.includes(`Counting only courses with a score: ${complete_text} of ${complete.n}.`), `complete case of ${claim.id}: ${text}`);
    } else {
      assert.ok(text.includes(`Kept up core exercises:`) && text.includes(`of ${claim.groups.adherent.itt.n} due courses`), text);
      assert.ok(text.includes(`Did not:`) && text.includes(`of ${claim.groups.not_adherent.itt.n} due courses`), text);
      assert.ok(text.includes("An observational comparison cannot show cause"), text);
    }
  }
}

/** The chart: a canvas, the hidden table with one row per step, and the median in words. */
async function AssertChartShown(page, report) {
  const km = report.time_to_response;
  assert.ok(km.steps.length > 0, "the demo has courses reaching a 30 % reduction");
  await page.getByTestId("km-chart").locator("canvas").first().waitFor();
  const rows = page.getByTestId("km-table").locator("tbody tr");
  assert.equal(await rows.count(), km.steps.length);
  const first = km.steps[0];
  assert.deepEqual(
    (await rows.first().locator("th, td").allInnerTexts()).map((t) => t.trim()),
    [String(first.day), String(first.at_risk), String(first.events), Percent(first.survival), `${Percent(first.ci_low)} to ${Percent(first.ci_high)}`],
  );
  const median = (await page.getByTestId("km-median").innerText()).replace(/\s+/g, " ");
  if (km.median === null) assert.match(median, /not reached/);
  else assert.ok(median.includes(`${km.median} days`), median);
  assert.equal(await page.getByTestId("band-table").locator("tbody tr").count(), Object.keys(report.bands).length);
  assert.equal(await page.getByTestId("therapist-table").locator("tbody tr").count(), report.by_therapist.length);
  assert.equal(await page.getByTestId("clinic-table").locator("tbody tr").count(), report.by_clinic.length);
}

test("an admin opens the report from the top bar, filters by therapist and sees a bad range refused", async () => {
  const page = await NewPage(browser);
  await UiLogIn(page, admin_login, "/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outcomes" }).click();
  await page.waitForURL(/\/reports\/outcomes$/);
  await page.getByRole("heading", { level: 1, name: "Outcomes report" }).waitFor();
  const report = await admin.Get("/reports/outcomes");
  assert.ok(report.claims.some((c) => c.kind === "proportion" && c.itt.n > 0), "the demo has a claim with due courses");
  await AssertReportShown(page, report);
  await AssertChartShown(page, report);
  await AssertAccessible(page, "outcomes report (admin)");
  await Screenshot(page, "outcomes-report-admin-1366");

  // A therapist whose courses give a different population than the whole clinic.
  const therapists = await admin.Get("/therapists");
  let chosen = null;
  for (const t of therapists) {
    const mine = await admin.Get(`/reports/outcomes?therapist_id=${t.id}`);
    if (mine.population.courses !== report.population.courses && mine.population.courses > 0) {
      chosen = { therapist: t, report: mine };
      break;
    }
  }
  assert.ok(chosen, "a demo therapist with fewer courses than the clinic");
  await page.getByLabel("Therapist", { exact: true }).selectOption(String(chosen.therapist.id));
  await page.getByRole("button", { name: "Show report" }).click();
  await page.waitForURL((url) => url.searchParams.get("therapist_id") === String(chosen.therapist.id));
  await AssertReportShown(page, chosen.report);
  assert.equal(await page.getByTestId("therapist-table").locator("tbody tr").count(), chosen.report.by_therapist.length);
  // The URL is a bookmark: a reload shows the same filtered report.
  await page.reload();
  await AssertReportShown(page, chosen.report);
  assert.equal(await page.getByLabel("Therapist", { exact: true }).inputValue(), String(chosen.therapist.id));

  // Sciatic signs: the URL keeps both filters and the numbers follow the API.
  const sciatic = await admin.Get(`/reports/outcomes?therapist_id=${chosen.therapist.id}&sciatic=no`);
  await page.getByLabel("Sciatic signs").selectOption("no");
  await page.getByRole("button", { name: "Show report" }).click();
  await page.waitForURL((url) => url.searchParams.get("sciatic") === "no" && url.searchParams.get("therapist_id") === String(chosen.therapist.id));
  await AssertReportShown(page, sciatic);
  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has("sciatic"));
  await AssertReportShown(page, chosen.report);
  assert.equal(await page.getByLabel("Sciatic signs").inputValue(), "", "the form follows the URL back");

  // An unknown therapist in a bookmarked URL: the server's words, no report.
  await page.goto("/reports/outcomes?therapist_id=999999");
  await page.getByText("therapist 999999 not found").waitFor();
  assert.equal(await page.getByTestId("claim").count(), 0);

  // From after to: the API's field error next to "Courses started from".
  await page.getByLabel("Therapist", { exact: true }).selectOption(String(chosen.therapist.id));
  await page.getByLabel("Courses started from").fill("2026-06-01");
  await page.getByLabel("Courses started to").fill("2026-05-01");
  await page.getByRole("button", { name: "Show report" }).click();
  await page.waitForURL((url) => url.searchParams.get("from") === "2026-06-01" && url.searchParams.get("to") === "2026-05-01");
  const refused = await admin.Call("GET", `/reports/outcomes?from=2026-06-01&to=2026-05-01&therapist_id=${chosen.therapist.id}`);
  assert.equal(refused.status, 400);
  const field_error = refused.body.error.fields.find((f) => f.path === "from");
  assert.ok(field_error, JSON.stringify(refused.body));
  const error = page.locator("#from-error");
  await error.waitFor();
  assert.equal((await error.innerText()).trim(), field_error.message);
  assert.equal(await page.locator("#from").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByTestId("claim").count(), 0, "no report for refused filters");
  await AssertAccessible(page, "outcomes report, bad range");
  AssertNoProblems(page);
});

test("a therapist sees the report with the claims, verdicts and chart", async () => {
  const therapist = await ApiClient.LogIn(therapist_login.email, therapist_login.password);
  const page = await NewPage(browser);
  await UiLogIn(page, therapist_login, "/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outcomes" }).click();
  await page.waitForURL(/\/reports\/outcomes$/);
  const report = await therapist.Get("/reports/outcomes");
  await AssertReportShown(page, report);
  await AssertChartShown(page, report);
  await AssertAccessible(page, "outcomes report (therapist)");
  await Screenshot(page, "outcomes-report-therapist-1366");
  AssertNoProblems(page);
});

test("front desk has no link to the report and gets the not-permitted notice", async () => {
  const desk = await ApiClient.LogIn(desk_login.email, desk_login.password);
  assert.equal((await desk.Call("GET", "/reports/outcomes")).status, 403, "the API refuses front desk");
  const page = await NewPage(browser);
  const report_requests = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/v1/reports/")) report_requests.push(request.url());
  });
  await UiLogIn(page, desk_login, "/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Week" }).waitFor();
  assert.equal(await nav.getByRole("link", { name: "Outcomes" }).count(), 0, "no Outcomes link for front desk");
  await page.goto("/reports/outcomes");
  await page.getByRole("heading", { level: 1, name: "Outcomes report" }).waitFor();
  assert.equal((await page.getByTestId("not-permitted").innerText()).trim(), "Your role does not give access to the outcomes report.");
  assert.equal(await page.getByTestId("claim").count(), 0);
  assert.doesNotMatch(await page.locator("main").innerText(), /NPRS|claimed|observed|evaluable/i);
  assert.deepEqual(report_requests, [], "the app asked for the report");
  await AssertAccessible(page, "outcomes report (front desk)");
  await Screenshot(page, "outcomes-report-front-desk-1366");
  AssertNoProblems(page);
});

test("the comparison claim with both groups due shows the difference, and a server failure shows the error state", async () => {
  // The demo may have no due course adherent to the core exercises, so the served report is changed
  // in flight: both groups due and a difference whose interval excludes 0.
  const report = await admin.Get("/reports/outcomes");
  const comparison = report.claims.find((c) => c.kind === "comparison");
  assert.ok(comparison, "the default protocol has a comparison claim");
  const group = (k, n) => ({ itt: { k, n, rate: k / n, ci_low: 0.1, ci_high: 0.9 }, complete_case: { k, n, rate: k / n, ci_low: 0.1, ci_high: 0.9 }, missing: 1 });
  comparison.groups = { adherent: group(8, 10), not_adherent: group(11, 20) };
  comparison.difference = { estimate: 0.25, ci_low: 0.05, ci_high: 0.45 };
  comparison.verdict = "supported";
  let fail = false;
  const page = await NewPage(browser);
  await page.route("**/api/v1/reports/outcomes*", (route) =>
    fail
      ? route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "boom", fields: [] } }) })
      : route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(report) }),
  );
  await UiLogIn(page, admin_login, "/reports/outcomes");
  const card = page.getByTestId("claim").nth(report.claims.indexOf(comparison));
  await card.waitFor();
  const text = (await card.innerText()).replace(/\s+/g, " ");
  assert.ok(text.includes("Kept up core exercises: 80.0 % (95 % CI 10.0–90.0 %) of 10 due courses, 1 without a score"), text);
  assert.ok(text.includes("Did not: 55.0 % (95 % CI 10.0–90.0 %) of 20 due courses, 1 without a score"), text);
  assert.ok(text.includes("Difference: +25.0 percentage points (95 % CI +5.0 to +45.0)"), text);
  assert.equal((await card.getByTestId("verdict").innerText()).trim(), "Adherent courses did better than the others");
  assert.ok(text.includes("An observational comparison cannot show cause"), text);

  fail = true;
  await page.getByRole("button", { name: "Show report" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Could not load the outcomes report" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /boom/);
  assert.equal(await page.getByTestId("claim").count(), 0, "no stale report under the error");
  AssertNoProblems(page);
});
