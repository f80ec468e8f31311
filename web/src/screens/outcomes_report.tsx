// /reports/outcomes: the clinic's outcomes against the article's claims (GET /reports/outcomes,
// docs/analytics.md "The report"). Admins and therapists only; front desk gets the "not for your
// role" notice without asking the API. The filters are the URL query (as_of, from, to,
// therapist_id, sciatic), so a report can be bookmarked; the form applies them on submit and
// shows the API's field errors next to each field. Claims are shown as claims being tested,
// never as promises.

import { useEffect, useState } from "preact/hooks";
import { Get } from "../api";
import { Percent, SurvivalChart } from "../components/survival_chart";
import { ErrorNotice, FormError, Loading, ScreenHeading, SelectField, TextField } from "../components/ui";
import { FormatDay, Humanize } from "../format";
import { Navigate, UseLocation } from "../router";
import { SeesClinicalData, UseResource, UseSession } from "../session";
import type {
  OutcomeBand,
  OutcomeClaim,
  OutcomeComparisonClaim,
  OutcomeGroupReport,
  OutcomeProportion,
  OutcomeProportionClaim,
  OutcomesReport,
  Therapist,
} from "../types";

const kFilterNames = ["as_of", "from", "to", "therapist_id", "sciatic"] as const;
type Filters = Record<(typeof kFilterNames)[number], string>;

function FiltersFrom(search: URLSearchParams): Filters {
  const filters = {} as Filters;
  for (const name of kFilterNames) filters[name] = search.get(name) ?? "";
  return filters;
}

function QueryOf(filters: Filters): string {
  const query = new URLSearchParams();
  for (const name of kFilterNames) if (filters[name]) query.set(name, filters[name]);
  const text = query.toString();
  return text ? "?" + text : "";
}

const kVerdictWords: Record<string, string> = {
  below_claim: "Below the claim",
  consistent: "Consistent with the claim",
  above_claim: "Above the claim",
  no_data: "No course due yet",
  supported: "Adherent courses did better than the others",
  contradicted: "Adherent courses did worse than the others",
  not_shown: "No difference shown",
};

export function VerdictWords(verdict: string): string {
  return kVerdictWords[verdict] ?? Humanize(verdict);
}

const kCheckpointNames: Record<string, string> = {
  session_6: "the 6th session",
  week_4: "week 4",
  week_12: "week 12",
  followup_3m: "the 3-month follow-up",
};

function CheckpointName(checkpoint: string): string {
  return kCheckpointNames[checkpoint] ?? Humanize(checkpoint).toLowerCase();
}

function Interval(p: { ci_low: number | null; ci_high: number | null }): string {
  if (p.ci_low === null || p.ci_high === null) return "";
  return ` (95 % CI ${(p.ci_low * 100).toFixed(1)}–${(p.ci_high * 100).toFixed(1)} %)`;
}

/** A claimed share as the source states it: "80 %". */
function Claimed(share: number): string {
  return String(Math.round(share * 1000) / 10) + " %";
}

function Observed(p: OutcomeProportion): string {
  return p.rate === null ? "no course due yet" : `${Percent(p.rate)}${Interval(p)}`;
}

function ProportionClaimCard(props: { claim: OutcomeProportionClaim }) {
  const { claim } = props;
  const id = "claim-" + claim.id;
  return (
    <article class="card claim" data-testid="claim" aria-labelledby={id}>
      <h3 id={id}>
        <span class="claim-label">The article's claim, tested here:</span> “{claim.text}”
      </h3>
      <p class="muted">
        Counted as at least {claim.min_reduction_percent} % less pain (NPRS) than at baseline, at {CheckpointName(claim.checkpoint)}.
      </p>
      {claim.itt.n === 0 ? (
        <p class="lead">Claimed {Claimed(claim.claimed)} · no course due yet at this checkpoint</p>
      ) : (
        <>
          <p class="lead">
            Claimed {Claimed(claim.claimed)} · observed {Observed(claim.itt)} of {claim.itt.n} due courses, {claim.missing} without a
            score
          </p>
          <p>
            Counting only courses with a score: {Observed(claim.complete_case)} of {claim.complete_case.n}.
          </p>
        </>
      )}
      <p class={"verdict verdict-" + claim.verdict} data-testid="verdict">
        {VerdictWords(claim.verdict)}
      </p>
    </article>
  );
}

function Points(value: number | null): string {
  if (value === null) return "—";
  const points = value * 100;
  return (points > 0 ? "+" : points < 0 ? "−" : "") + Math.abs(points).toFixed(1);
}

function ComparisonClaimCard(props: { claim: OutcomeComparisonClaim }) {
  const { claim } = props;
  const id = "claim-" + claim.id;
  const { adherent, not_adherent } = claim.groups;
  const difference = claim.difference;
  const no_data = difference.estimate === null;
  return (
    <article class="card claim" data-testid="claim" aria-labelledby={id}>
      <h3 id={id}>
        <span class="claim-label">The article's claim, tested here:</span> “{claim.text}”
      </h3>
      <p class="muted">
        Courses whose patient kept up the core exercises compared with the others: at least {claim.min_reduction_percent} % less pain
        than at baseline, at {CheckpointName(claim.checkpoint)}.
      </p>
      <ul class="claim-groups">
        <li>
          Kept up core exercises: {Observed(adherent.itt)} of {adherent.itt.n} due courses, {adherent.missing} without a score
        </li>
        <li>
          Did not: {Observed(not_adherent.itt)} of {not_adherent.itt.n} due courses, {not_adherent.missing} without a score
        </li>
      </ul>
      <p class="lead">
        Difference:{" "}
        {no_data
          ? "not known until both groups have a due course"
          : `${Points(difference.estimate)} percentage points (95 % CI ${Points(difference.ci_low)} to ${Points(difference.ci_high)})`}
      </p>
      <p class={"verdict verdict-" + claim.verdict} data-testid="verdict">
        {no_data ? "No difference shown: a group has no course due yet" : VerdictWords(claim.verdict)}
      </p>
      <p class="note">
        {claim.note || "An observational comparison cannot show cause: patients who keep up their exercises may differ in other ways."}
      </p>
    </article>
  );
}

function ClaimCard(props: { claim: OutcomeClaim }) {
  return props.claim.kind === "comparison" ? <ComparisonClaimCard claim={props.claim} /> : <ProportionClaimCard claim={props.claim} />;
}

function Count(count: number, share: number | null) {
  return `${count} (${Percent(share)})`;
}

function BandTable(props: { bands: Record<string, OutcomeBand> }) {
  const phases = Object.entries(props.bands);
  if (phases.length === 0) return <p class="empty">The protocol has no phase with an expected band.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Expected bands">
      <table class="data-table" data-testid="band-table">
        <thead>
          <tr>
            <th scope="col">Phase (checkpoint, expected reduction)</th>
            <th scope="col">Due courses</th>
            <th scope="col">Below the band</th>
            <th scope="col">Within</th>
            <th scope="col">Above</th>
            <th scope="col">No score</th>
          </tr>
        </thead>
        <tbody>
          {phases.map(([phase, band]) => (
            <tr>
              <th scope="row">
                {Humanize(phase)} ({CheckpointName(band.checkpoint)}, {band.expected.min_percent}–{band.expected.max_percent} %)
              </th>
              <td>{band.due}</td>
              <td>{Count(band.below, band.shares.below)}</td>
              <td>{Count(band.within, band.shares.within)}</td>
              <td>{Count(band.above, band.shares.above)}</td>
              <td>{Count(band.missing, band.shares.missing)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClaimHeading(claim: OutcomeClaim): string {
  if (claim.kind === "comparison") return `Core exercises, ${CheckpointName(claim.checkpoint)}: kept up / did not`;
  const name = CheckpointName(claim.checkpoint).replace(/^the /, "");
  return `${name.charAt(0).toUpperCase() + name.slice(1)} (claimed ${Claimed(claim.claimed)})`;
}

function Rate(p: OutcomeProportion): string {
  return p.rate === null ? "no course due" : `${Percent(p.rate)} of ${p.n}`;
}

function GroupTable(props: { title: string; rows: OutcomeGroupReport[]; claims: OutcomeClaim[]; testid: string }) {
  const { claims } = props;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.title}>
      <table class="data-table" data-testid={props.testid}>
        <caption>Responders among due courses (intention to treat), with the number of due courses</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Evaluable courses</th>
            {claims.map((claim) => (
              <th scope="col">{ClaimHeading(claim)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row">{row.name}</th>
              <td>{row.population.courses}</td>
              {claims.map((claim) => {
                const mine = row.claims.find((c) => c.id === claim.id);
                if (!mine) return <td>—</td>;
                if (mine.kind === "comparison")
                  return (
                    <td>
                      {Rate(mine.groups.adherent.itt)} / {Rate(mine.groups.not_adherent.itt)}
                    </td>
                  );
                return <td>{Rate(mine.itt)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MedianText(props: { report: OutcomesReport }) {
  const km = props.report.time_to_response;
  if (km.median === null)
    return (
      <p data-testid="km-median">
        Median time to a 30 % reduction: not reached ({km.events} of {km.subjects} courses reached one, {km.censored} censored).
      </p>
    );
  const low = km.median_ci_low === null ? "—" : String(km.median_ci_low);
  const high = km.median_ci_high === null ? "no upper limit" : `${km.median_ci_high} days`;
  return (
    <p data-testid="km-median">
      Median time to a 30 % reduction: <strong>{km.median} days</strong> (95 % CI {low} to {high}); {km.events} of {km.subjects}{" "}
      courses reached one, {km.censored} were censored (dropout or no later score).
    </p>
  );
}

function Report(props: { report: OutcomesReport }) {
  const { report } = props;
  const km = report.time_to_response;
  return (
    <div class="outcomes">
      <p class="lead" data-testid="population">
        {report.population.courses} evaluable courses, {report.population.dropouts ?? 0} dropouts, {report.population.not_evaluable} not
        evaluable (no baseline pain).
      </p>
      <p class="muted">
        Report date {FormatDay(report.as_of)}; protocol {report.protocol.id}, version {report.protocol.version}. A checkpoint counts once
        its window has closed (14 days after it); dropouts and missing scores count as no response.
      </p>

      <h2>The article's claims, tested on this clinic's courses</h2>
      <p class="muted">These are the source article's statements, checked against what happened here. They are not promises to patients.</p>
      <div class="claims">
        {report.claims.map((claim) => (
          <ClaimCard claim={claim} />
        ))}
      </div>

      <h2>Time to a 30 % reduction</h2>
      <MedianText report={report} />
      {km.steps.length > 0 ? (
        <SurvivalChart
          steps={km.steps}
          label={`Step chart: share of ${km.subjects} courses still without a 30 % reduction by day since the course started. The table below lists the steps.`}
        />
      ) : (
        <p class="empty">No course has reached a 30 % reduction yet.</p>
      )}

      <h2>Against the expected bands</h2>
      <BandTable bands={report.bands} />

      <h2>Per therapist</h2>
      <GroupTable title="Per therapist" rows={report.by_therapist} claims={report.claims} testid="therapist-table" />
      <h2>Per clinic</h2>
      <GroupTable title="Per clinic" rows={report.by_clinic} claims={report.claims} testid="clinic-table" />
    </div>
  );
}

function ReportForStaff() {
  const location = UseLocation();
  const query = QueryOf(FiltersFrom(location.search));
  const [form, setForm] = useState<Filters>(FiltersFrom(location.search));
  useEffect(() => setForm(FiltersFrom(new URLSearchParams(query))), [query]);
  const report = UseResource(() => Get<OutcomesReport>("/reports/outcomes" + query), query);
  const therapists = UseResource(() => Get<Therapist[]>("/therapists"), "therapists");

  const error = report.error;
  const field_error = (name: string) => (error?.status === 400 ? error.fieldMessage(name) : undefined);
  const set = (name: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const therapist_options = [
    { value: "", label: "All therapists" },
    ...(therapists.data ?? []).map((t) => ({ value: String(t.id), label: `${t.given_name} ${t.family_name}` })),
  ];
  if (form.therapist_id && !therapist_options.some((o) => o.value === form.therapist_id))
    therapist_options.push({ value: form.therapist_id, label: "Therapist " + form.therapist_id });

  return (
    <>
      <form
        class="toolbar report-filters"
        aria-label="Report filters"
        onSubmit={(e) => {
          e.preventDefault();
          const next = QueryOf(form);
          if (next === query) report.reload();
          else Navigate("/reports/outcomes" + next);
        }}
      >
        <TextField id="as_of" label="Report date" type="date" value={form.as_of} error={field_error("as_of")} onInput={set("as_of")} />
        <TextField id="from" label="Courses started from" type="date" value={form.from} error={field_error("from")} onInput={set("from")} />
        <TextField id="to" label="Courses started to" type="date" value={form.to} error={field_error("to")} onInput={set("to")} />
        <SelectField id="therapist_id" label="Therapist" value={form.therapist_id} options={therapist_options} error={field_error("therapist_id")} onChange={set("therapist_id")} />
        <SelectField
          id="sciatic"
          label="Sciatic signs"
          value={form.sciatic}
          options={[
            { value: "", label: "Any" },
            { value: "yes", label: "With sciatic signs" },
            { value: "no", label: "Without sciatic signs" },
          ]}
          error={field_error("sciatic")}
          onChange={set("sciatic")}
        />
        <button type="submit">Show report</button>
      </form>
      {therapists.error && <ErrorNotice error={therapists.error} what="the therapists" />}
      {/* 400: bad filters (beside their fields); 404: an unknown therapist, in the server's words. */}
      {error && (error.status === 400 || error.status === 404) && <FormError error={error} shown_paths={[...kFilterNames]} />}
      {error && error.status !== 400 && error.status !== 404 && <ErrorNotice error={error} what="the outcomes report" />}
      {report.loading && <Loading what="the outcomes report" />}
      {report.data && !error && <Report report={report.data} />}
    </>
  );
}

export function OutcomesReportScreen() {
  const { user } = UseSession();
  return (
    <>
      <ScreenHeading title="Outcomes report" />
      {SeesClinicalData(user) ? (
        <ReportForStaff />
      ) : (
        <p class="notice notice-error" role="alert" data-testid="not-permitted">
          Your role does not give access to the outcomes report.
        </p>
      )}
    </>
  );
}
