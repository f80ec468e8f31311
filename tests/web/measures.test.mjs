// Objective measures in the session note (issue 13, item 3): a therapist sees the values last
// measured beside the O section's three fields (a reference, not copied in), an out-of-range value
// shows the server's error next to its field, the signed note reads back through the API with the
// values and shows them read-only, and the patient chart shows each measure's trend by session.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AssertAccessible, AssertNoProblems, LaunchBrowser, LoginFor, NewPage, Screenshot, StartedSessionWithoutNote, UiLogIn } from "./lib.mjs";

let browser;
let therapist;

before(async () => {
  browser = await LaunchBrowser();
  therapist = LoginFor("therapist");
});
after(async () => browser?.close());

test("a therapist records the measures, an out-of-range value is shown at its field, the chart shows the trend", async () => {
  const setup = await StartedSessionWithoutNote(therapist, [], 2);
  const [earlier] = setup.earlier_session_ids;
  const created = await setup.client.Call("POST", `/sessions/${earlier}/note`, {
    soap: { subjective: "Synthetic.", assessment: "Synthetic." },
    techniques: { no_hands_on_reason: "Synthetic: assessment only." },
    objective_measures: { standing_tolerance_minutes: 15, schober_cm: 3, fingertip_to_floor_cm: 25 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await setup.client.Call("POST", `/notes/${created.body.id}/sign`)).status, 204);

  const page = await NewPage(browser);
  await UiLogIn(page, therapist, `/sessions/${setup.session_id}/note?patient=${setup.patient_id}`);
  const standing = page.getByLabel("Standing tolerance (min)");
  const schober = page.getByLabel("Modified Schober (cm)");
  const fingertip = page.getByLabel("Fingertip-to-floor (cm)");
  await standing.waitFor();
  // The last values are a reference beside the fields; the fields stay empty until measured.
  await page.getByTestId("last-standing_tolerance_minutes").filter({ hasText: "Last session: 15 min" }).waitFor();
  await page.getByTestId("last-schober_cm").filter({ hasText: "Last session: 3.0 cm" }).waitFor();
  await page.getByTestId("last-fingertip_to_floor_cm").filter({ hasText: "Last session: 25.0 cm" }).waitFor();
  assert.deepEqual([await standing.inputValue(), await schober.inputValue(), await fingertip.inputValue()], ["", "", ""]);
  await page.getByRole("button", { name: "Repeat last session's techniques" }).click();
  await page.getByTestId("note-announcement").filter({ hasText: "The last objective measures are shown beside their fields" }).waitFor();
  assert.equal(await standing.inputValue(), "", "repeating the log does not copy a measure in");

  await page.getByRole("textbox", { name: /Subjective/ }).fill("Stands longer at work.");
  await page.getByRole("textbox", { name: /Assessment/ }).fill("Mobility improving.");
  await page.getByRole("textbox", { name: /No hands-on treatment today/ }).fill("Synthetic: assessment only.");
  await standing.fill("30");
  await schober.fill("16");
  await fingertip.fill("-2.5");

  // Autosave sends 16 cm: the server's 422 is shown next to the Schober field.
  const schober_error = page.locator("#measure-schober-cm-error");
  await schober_error.filter({ hasText: "expected 0.0..15.0 cm with at most one decimal, got 16" }).waitFor();
  assert.equal(await schober.getAttribute("aria-invalid"), "true");
  assert.match(await schober.getAttribute("aria-describedby"), /measure-schober-cm-error/);
  assert.equal(await page.locator("#measure-standing-tolerance-minutes-error").count(), 0, "only the bad field shows an error");
  await page.getByTestId("field-errors").filter({ hasText: "Objective measures, modified schober" }).waitFor();
  await AssertAccessible(page, "note editor with a measure error");
  await Screenshot(page, "note-measures-error-1366");

  await schober.fill("4.5");
  await page.getByTestId("save-status").filter({ hasText: /^Saved at \d\d:\d\d$/ }).waitFor();
  assert.equal(await schober_error.count(), 0, "the error goes once the value is accepted");
  const draft = await setup.client.Get(`/sessions/${setup.session_id}/note`);
  assert.deepEqual(draft.objective_measures, { standing_tolerance_minutes: 30, schober_cm: 4.5, fingertip_to_floor_cm: -2.5 });

  await page.keyboard.press("Control+Enter");
  const dialog = page.getByRole("dialog", { name: "Sign this note?" });
  await dialog.getByTestId("sign-measures").filter({ hasText: "standing tolerance 30 min, modified schober 4.5 cm, fingertip-to-floor -2.5 cm" }).waitFor();
  await dialog.getByRole("button", { name: "Sign note" }).click();
  await page.getByTestId("note-view").waitFor();
  assert.equal(await page.getByTestId("measure-standing_tolerance_minutes").textContent(), "30 min");
  assert.equal(await page.getByTestId("measure-schober_cm").textContent(), "4.5 cm");
  assert.equal(await page.getByTestId("measure-fingertip_to_floor_cm").textContent(), "−2.5 cm");
  const signed = await setup.client.Get(`/sessions/${setup.session_id}/note`);
  assert.equal(signed.status, "signed");
  assert.deepEqual(signed.objective_measures, { standing_tolerance_minutes: 30, schober_cm: 4.5, fingertip_to_floor_cm: -2.5 });
  await AssertAccessible(page, "signed note with measures");

  // The chart: each measure's trend by session, oldest first.
  await page.getByRole("link", { name: /Back to .*'s chart/ }).click();
  const trends = page.getByTestId("measure-trends");
  await trends.waitFor();
  await page.getByTestId("trend-summary-standing_tolerance_minutes").filter({ hasText: "From 15 min to 30 min (+15 min) over 2 measurements." }).waitFor();
  await page.getByTestId("trend-summary-schober_cm").filter({ hasText: "From 3.0 cm to 4.5 cm (+1.5 cm) over 2 measurements." }).waitFor();
  await page.getByTestId("trend-summary-fingertip_to_floor_cm").filter({ hasText: "From 25.0 cm to −2.5 cm (−27.5 cm) over 2 measurements." }).waitFor();
  // Each beside the phase goal of the course's protocol it measures.
  await page.getByTestId("trend-goal-standing_tolerance_minutes").filter({ hasText: "Initial relief goal: improved standing tolerance · longer is better" }).waitFor();
  await page.getByTestId("trend-goal-schober_cm").filter({ hasText: "Structural change goal: better spinal mobility" }).waitFor();
  await page.getByTestId("trend-goal-fingertip_to_floor_cm").filter({ hasText: "Structural change goal: better spinal mobility · a shorter distance is better" }).waitFor();
  const rows = page.getByTestId("trend-standing_tolerance_minutes").locator("tbody tr");
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute("data-session-id"), String(earlier));
  assert.equal(await rows.nth(1).locator('[data-col="value"]').textContent(), "30 min");
  await page.getByRole("table", { name: "Modified Schober (cm) by session" }).waitFor();
  // A small uPlot line per measure, beside its table.
  for (const key of ["standing_tolerance_minutes", "schober_cm", "fingertip_to_floor_cm"])
    await page.getByTestId("trend-chart-" + key).locator("canvas").waitFor();
  await AssertAccessible(page, "patient chart with measure trends");
  await Screenshot(page, "chart-measures-1366");
  AssertNoProblems(page);
  await page.context().close();
});
