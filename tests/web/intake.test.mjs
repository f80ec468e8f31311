// Intake, the therapist's day-one path: registration (with its field errors next to the fields),
// the safety screening and its decision, the baseline questionnaires from the instruments'
// definitions, the course start with the sessions the planner could not place, and the plan. A
// red flag gives a prominent referral and no course; front desk starts courses but never sees a
// screening result. What a user types shows as text.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AddDays, ApiClient, AssertAccessible, AssertNoProblems, ClinicDate, LaunchBrowser, LoginFor, NewPage, Screenshot, UiLogIn } from "./lib.mjs";

const kPayload = "<img src=x onerror=alert(1)>";
let browser;
let runs = 0;

before(async () => {
  browser = await LaunchBrowser();
});
after(async () => browser?.close());

/** A family name unique across runs on one database (letters only). */
function UniqueFamily(prefix) {
  runs += 1;
  return prefix + (Date.now() * 100 + runs).toString(26).replace(/\d/g, (d) => "qrstuvwxyz"[d]);
}

async function AssertNoInjectedElements(page) {
  await page.waitForTimeout(300); // time for a broken image's onerror to fire, if one existed
  assert.equal(await page.locator("main img, main script").count(), 0, "no element made from typed text");
}

test("a therapist takes a new patient from registration to a started course and its plan", async () => {
  const login = LoginFor("therapist");
  const api = await ApiClient.LogIn(login.email, login.password);
  const admin_login = LoginFor("admin");
  const admin = await ApiClient.LogIn(admin_login.email, admin_login.password);
  const clinic = await api.Get("/clinic");
  // A closure on the course's first days, so the planner has sessions it cannot place.
  const start = AddDays(ClinicDate(new Date(), clinic.time_zone), 400);
  const closure = await admin.Call("POST", "/clinic/closures", { first_day: start, last_day: AddDays(start, 9), reason: "Refit" });
  assert.ok([201, 409].includes(closure.status), JSON.stringify(closure.body));

  const page = await NewPage(browser);
  await UiLogIn(page, login, "/patients");
  await page.getByRole("link", { name: "New patient" }).click();
  await page.waitForURL(/\/intake$/);
  await page.getByRole("heading", { level: 1, name: "New patient" }).waitFor();

  // Field errors from the API appear next to their fields.
  await page.getByLabel("Date of birth").fill(AddDays(ClinicDate(new Date(), clinic.time_zone), 30));
  await page.getByRole("button", { name: "Register patient" }).click();
  const family_error = page.locator("#family_name-error");
  await family_error.waitFor();
  assert.equal(await family_error.textContent(), "expected a non-empty family name");
  assert.equal(await page.getByLabel("Family name").getAttribute("aria-describedby"), "family_name-error");
  assert.equal(await page.getByLabel("Family name").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#date_of_birth-error").textContent(), "expected a date not after today");
  await AssertAccessible(page, "registration with field errors");
  await Screenshot(page, "intake-registration-errors-1366");

  const family = UniqueFamily("Intake");
  await page.getByLabel("Given name").fill(kPayload);
  await page.getByLabel("Family name").fill(family);
  await page.getByLabel("Date of birth").fill("1971-03-04");
  await page.getByLabel("Phone").fill("+44 7700 900123");
  await page.getByRole("button", { name: "Register patient" }).click();
  await page.waitForURL(/\/patients\/\d+\/intake$/);
  const patient_id = Number(/\/patients\/(\d+)\/intake/.exec(page.url())[1]);
  assert.equal(await page.getByTestId("intake-name").textContent(), `${kPayload} ${family}`);
  const registered = await api.Get(`/patients/${patient_id}`);
  assert.equal(registered.given_name, kPayload);
  assert.equal(registered.date_of_birth, "1971-03-04");

  // Screening: osteoporosis disables muscle stripping; an open wound names an area to avoid.
  await page.getByRole("heading", { name: "Safety screening" }).waitFor();
  await AssertAccessible(page, "screening form");
  await page.getByLabel("Osteoporosis").check();
  await page.getByLabel("Open wound").check();
  await page.getByLabel("Area to avoid (open wound)").fill(kPayload);
  await page.getByRole("button", { name: "Save screening" }).click();
  const decision = page.getByTestId("decision");
  await decision.waitFor();
  assert.equal(await page.getByTestId("decision-words").textContent(), "Treat with modified techniques");
  assert.deepEqual(await page.getByTestId("reasons").locator("li").allTextContents(), ["Osteoporosis", `Open wound — avoid: ${kPayload}`]);
  const disabled = await page.getByTestId("disabled-techniques").locator("li").allTextContents();
  assert.ok(disabled.some((t) => t.startsWith("Muscle stripping (osteoporosis)")), disabled.join(" | "));
  const modified = await page.getByTestId("modified-techniques").locator("li").allTextContents();
  assert.ok(modified.some((t) => t.startsWith("Myofascial release (open wound)")), modified.join(" | "));
  const screened = await api.Get(`/patients/${patient_id}`);
  assert.equal(screened.clinical.screening_decision, "modify");
  assert.deepEqual(screened.clinical.areas_to_avoid, [{ condition: "open_wound", area: kPayload }]);
  assert.equal(await page.getByRole("button", { name: "Start course" }).count(), 1, "a course may start");

  // Baseline questionnaires, from the instruments' definitions.
  await page.getByRole("heading", { name: "Baseline questionnaires" }).waitFor();
  const instruments = await api.Get("/instruments");
  const odi = instruments.find((i) => i.id === "odi");
  const nprs = page.getByTestId("instrument-nprs");
  assert.equal(await nprs.getByRole("radio").count(), 11, "NPRS 0 to 10");
  await nprs.getByRole("radio", { name: "7", exact: true }).check();
  const odi_set = page.getByTestId("instrument-odi");
  assert.equal(await odi_set.locator("fieldset.item").count(), odi.items.length);
  // Too many ODI items left out: the server's error shows at the questionnaire.
  for (let n = 1; n <= odi.items.length - odi.max_missing_items - 1; n++)
    await odi_set.locator("fieldset.item").nth(n - 1).getByRole("radio", { name: "2", exact: true }).check();
  const startback = page.getByTestId("instrument-startback");
  for (const item of await startback.locator("fieldset.item").all()) await item.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Save baseline questionnaires" }).click();
  await page.getByTestId("baseline-nprs").waitFor();
  await page.getByTestId("error-odi").waitFor();
  assert.equal(await page.getByTestId("error-odi").textContent(), "3 items are unanswered: answer at least 8 of 10 so the baseline can be scored.");
  await AssertAccessible(page, "baseline questionnaires with an error");
  await Screenshot(page, "intake-screening-baseline-1366");
  for (let n = odi.items.length - odi.max_missing_items; n <= odi.items.length; n++)
    await odi_set.locator("fieldset.item").nth(n - 1).getByRole("radio", { name: "2", exact: true }).check();
  await page.getByRole("button", { name: "Save baseline questionnaires" }).click();
  await page.getByTestId("baseline-odi").waitFor();
  assert.equal(await page.getByTestId("baseline-nprs").textContent(), "Saved: score 7");
  const baseline = (await api.Get(`/patients/${patient_id}/responses`)).filter((r) => r.checkpoint_id === "baseline");
  assert.deepEqual(baseline.map((r) => r.instrument).sort(), ["nprs", "odi", "startback"]);
  assert.equal(baseline.find((r) => r.instrument === "odi").score, 40, "ODI: 10 items of 2 out of 5 = 40 %");

  // The course: the planner cannot place the sessions of the closed days, and says why.
  await page.getByLabel("First day").fill(start);
  assert.equal(await page.getByLabel("Therapist").inputValue(), String(api.user.therapist_id));
  await page.getByRole("button", { name: "Start course" }).click();
  await page.getByTestId("course-started").waitFor();
  const unplaced = page.getByTestId("unplaced").locator("li");
  assert.ok((await unplaced.count()) > 0, "sessions the closure left unplaced");
  assert.match(await unplaced.first().textContent(), /^Initial relief, week 0 .*closed or blocked — .*clinic closure/);
  const courses = await api.Get(`/patients/${patient_id}/courses`);
  assert.equal(courses.length, 1);
  assert.equal(courses[0].start_date, start);
  const plan = await api.Get(`/patients/${patient_id}/plan`);
  await page.getByRole("heading", { name: "Course timeline" }).waitFor();
  assert.equal(await page.locator(".phase-session").count(), plan.length, "the plan shows every booked session");
  assert.equal(await page.getByRole("button", { name: "Start course" }).count(), 0);
  await AssertNoInjectedElements(page);
  await AssertAccessible(page, "started course with its plan");
  await Screenshot(page, "intake-course-plan-1366");
  AssertNoProblems(page);
  await page.context().close();
});

test("a red flag gives a prominent referral and offers no course", async (t) => {
  const login = LoginFor("therapist", 1);
  const api = await ApiClient.LogIn(login.email, login.password);
  const family = UniqueFamily("Redflag");
  const registered = await api.Call("POST", "/patients", { given_name: "Robin", family_name: family, date_of_birth: "1960-06-06" });
  assert.equal(registered.status, 201);
  const patient_id = registered.body.id;
  // The red flag raises a critical alert that only the referral's outcome closes; close it, so
  // the other tests' alert inbox is as the demo made it.
  t.after(async () => {
    const outcome = await api.Call("POST", `/patients/${patient_id}/referral-outcome`, { outcome: "discontinued", note: "Referred on; the test ends here" });
    assert.equal(outcome.status, 201, JSON.stringify(outcome.body));
  });

  const page = await NewPage(browser);
  await UiLogIn(page, login, `/patients/${patient_id}`);
  await page.getByRole("link", { name: /Intake: screening/ }).click();
  await page.waitForURL(new RegExp(`/patients/${patient_id}/intake$`));
  await page.getByLabel("Saddle anaesthesia").check();
  await page.getByRole("button", { name: "Save screening" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Emergency referral: do not treat" });
  await alert.waitFor();
  assert.equal(await page.getByTestId("decision-words").textContent(), "Emergency referral: do not treat");
  assert.deepEqual(await page.getByTestId("reasons").locator("li").allTextContents(), ["Saddle anaesthesia"]);
  assert.equal(await page.getByRole("button", { name: "Start course" }).count(), 0, "no course offered");
  assert.equal(await page.getByRole("heading", { name: "Start the course" }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Baseline questionnaires" }).count(), 0);
  await AssertAccessible(page, "referral");
  await Screenshot(page, "intake-referral-1366");

  // After a reload the referral still shows and still offers no course.
  await page.reload();
  await page.getByTestId("previous-decision").waitFor();
  assert.match(await page.getByTestId("previous-decision").textContent(), /Emergency referral: do not treat/);
  assert.equal(await page.getByTestId("previous-decision").getAttribute("role"), "alert");
  assert.equal(await page.getByRole("button", { name: "Start course" }).count(), 0);
  const refused = await api.Call("POST", `/patients/${patient_id}/courses`, { start_date: AddDays(ClinicDate(new Date(), "Europe/London"), 3) });
  assert.equal(refused.status, 409, "the server refuses a course too");

  // In the day view's inbox the red flag offers the referral's outcome, not a click to close it.
  await page.goto("/");
  const item = page.getByTestId("alert").filter({ hasText: `Robin ${family}` });
  await item.waitFor();
  assert.equal(await item.getByRole("button", { name: /Acknowledge/ }).count(), 0, "no Acknowledge on a red flag");
  await item.getByRole("link", { name: /Record the referral's outcome/ }).click();
  await page.waitForURL(new RegExp(`/patients/${patient_id}/intake$`));
  AssertNoProblems(page);
  await page.context().close();
});

test("a referral's medical clearance, once recorded, lets the course start", async () => {
  const login = LoginFor("therapist", 1);
  const api = await ApiClient.LogIn(login.email, login.password);
  const registered = await api.Call("POST", "/patients", { given_name: "Kim", family_name: UniqueFamily("Cleared"), date_of_birth: "1965-01-02" });
  assert.equal(registered.status, 201);
  const patient_id = registered.body.id;
  const intake = await api.Call("POST", `/patients/${patient_id}/intake`, { findings: [{ condition: "suspected_dvt" }] });
  assert.equal(intake.body.decision, "refer_urgent");

  const page = await NewPage(browser);
  await UiLogIn(page, login, `/patients/${patient_id}/intake`);
  await page.getByTestId("previous-decision").waitFor();
  assert.match(await page.getByTestId("previous-decision").textContent(), /Urgent referral: do not treat/);
  assert.equal(await page.getByRole("button", { name: "Start course" }).count(), 0);
  await page.getByRole("heading", { name: "Record the referral's outcome" }).waitFor();
  await page.getByLabel("Medically cleared: treatment may start").check();
  await page.getByRole("button", { name: "Record outcome" }).click();
  await page.locator("#outcome-source-error").waitFor();
  assert.equal(await page.locator("#outcome-source-error").textContent(), "expected who gave the clearance");
  await AssertAccessible(page, "referral outcome with a field error");
  await Screenshot(page, "intake-referral-outcome-1366");
  await page.getByLabel("Cleared by").fill(kPayload);
  await page.getByRole("button", { name: "Record outcome" }).click();
  await page.getByTestId("outcome-recorded").waitFor();
  assert.equal(await page.getByTestId("outcome-recorded").textContent(), "Clearance recorded. The decision is now: Clear to treat.");
  await page.getByRole("button", { name: "Start course" }).waitFor();
  assert.equal(await page.getByRole("heading", { name: "Record the referral's outcome" }).count(), 0);
  assert.equal((await api.Get(`/patients/${patient_id}`)).clinical.screening_decision, "clear");
  const screenings = await api.Get(`/patients/${patient_id}/screenings`);
  assert.equal(screenings[screenings.length - 1].clearance_source, kPayload);
  assert.deepEqual(await api.Get(`/alerts?patient_id=${patient_id}`), [], "the clearance closed the red-flag alert");
  await AssertNoInjectedElements(page);
  AssertNoProblems(page);
  await page.context().close();
});

test("a re-screen resolves a finding of the last screening, with the reason next to it", async () => {
  const login = LoginFor("therapist", 2);
  const api = await ApiClient.LogIn(login.email, login.password);
  const registered = await api.Call("POST", "/patients", { given_name: "Lee", family_name: UniqueFamily("Rescreen"), date_of_birth: "1970-07-07" });
  const patient_id = registered.body.id;
  const intake = await api.Call("POST", `/patients/${patient_id}/intake`, { findings: [{ condition: "osteoporosis" }, { condition: "leg_numbness" }] });
  assert.equal(intake.body.decision, "modify");

  const page = await NewPage(browser);
  await UiLogIn(page, login, `/patients/${patient_id}/intake`);
  const active = page.getByTestId("active-findings");
  await active.waitFor();
  await active.getByLabel("No longer present: Osteoporosis").check();
  await page.getByRole("button", { name: "Save screening" }).click();
  await page.locator("#reason-osteoporosis-error").waitFor();
  assert.equal(await page.locator("#reason-osteoporosis-error").textContent(), "expected a reason");
  assert.equal(await page.getByLabel("Why osteoporosis is no longer present").getAttribute("aria-describedby"), "reason-osteoporosis-error");
  await AssertAccessible(page, "re-screen with a field error");
  await page.getByLabel("Why osteoporosis is no longer present").fill(kPayload);
  await page.getByRole("button", { name: "Save screening" }).click();
  await page.getByTestId("decision").waitFor();
  assert.equal(await page.getByTestId("decision-words").textContent(), "Clear to treat");
  assert.deepEqual(await page.getByTestId("reasons").locator("li").allTextContents(), ["Numbness or tingling in the leg"], "the other finding is carried forward");
  const screenings = await api.Get(`/patients/${patient_id}/screenings`);
  const latest = screenings[screenings.length - 1];
  assert.deepEqual([latest.resolved, latest.conditions], [["osteoporosis"], ["leg_numbness"]]);
  await active.getByLabel("No longer present: Numbness or tingling in the leg").waitFor();
  assert.equal(await active.getByLabel("No longer present: Osteoporosis").count(), 0, "the list follows the new screening");
  await AssertNoInjectedElements(page);
  AssertNoProblems(page);
  await page.context().close();
});

test("front desk registers a patient and is told a course waits for screening, without the decision", async () => {
  const desk = LoginFor("front_desk");
  const page = await NewPage(browser);
  const clinical_requests = [];
  page.on("request", (request) => {
    if (/\/api\/v1\/(instruments|patients\/\d+\/(responses|intake|progress))/.test(request.url())) clinical_requests.push(request.url());
  });
  await UiLogIn(page, desk, "/intake");
  await page.getByLabel("Given name").fill("Dana");
  await page.getByLabel("Family name").fill(UniqueFamily("Desk"));
  await page.getByLabel("Date of birth").fill("1990-09-09");
  await page.getByRole("button", { name: "Register patient" }).click();
  await page.waitForURL(/\/patients\/\d+\/intake$/);
  await page.getByRole("heading", { name: "Start the course" }).waitFor();
  assert.equal(await page.getByRole("heading", { name: "Safety screening" }).count(), 0);
  await page.getByRole("button", { name: "Start course" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "cannot start yet" });
  await refusal.waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), /[Dd]ecision|[Rr]eferr?al|NPRS|ODI|STarT Back/);
  await AssertAccessible(page, "intake (front desk)");
  await Screenshot(page, "intake-front-desk-1366");
  assert.deepEqual(clinical_requests, [], "the app asked for clinical data");
  AssertNoProblems(page);
  await page.context().close();
});
