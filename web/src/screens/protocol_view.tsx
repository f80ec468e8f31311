// /admin/protocols and /admin/protocols/:id/:version: the stored protocol versions, and one
// version as readable tables: phases (weeks, sessions per week, the expected NPRS band, goals),
// checkpoints, techniques with their parameters and precautions, and the home program.

import { Get } from "../api";
import { ErrorNotice, Link, Loading, ScreenHeading } from "../components/ui";
import { FormatNumber, Humanize, InstrumentName } from "../format";
import { ConditionLabel, LoadConditions } from "../screening_catalog";
import { UseResource } from "../session";
import type { ProtocolDetail, ProtocolPhase, ProtocolSummary } from "../types";

export function ProtocolList() {
  const data = UseResource(() => Get<ProtocolSummary[]>("/protocols"), "protocols");
  return (
    <>
      <ScreenHeading title="Protocols" />
      {data.error && <ErrorNotice error={data.error} what="protocols" />}
      {!data.data && data.loading && <Loading what="protocols" />}
      {data.data && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Protocol versions">
          <table class="data-table" data-testid="protocol-table">
            <thead>
              <tr>
                <th scope="col">Protocol</th>
                <th scope="col">Version</th>
                <th scope="col">File</th>
                <th scope="col">For new courses</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((p) => (
                <tr>
                  <th scope="row">
                    <Link href={`/admin/protocols/${encodeURIComponent(p.id)}/${p.version}`}>{p.title}</Link>
                  </th>
                  <td>{p.version}</td>
                  <td>
                    {p.file_name}
                    {p.built_in ? " (built in)" : ""}
                  </td>
                  <td>{p.active ? "Yes (active)" : "No"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** "2 per week, at least 2 days apart" or "every 2 weeks until week 18, then every 4 weeks". */
function Cadence(phase: ProtocolPhase): string {
  const c = phase.cadence;
  if (c.interval_steps.length > 0)
    return c.interval_steps
      .map((s, i) => `${i === 0 ? "Every" : "then every"} ${s.interval_weeks} weeks${s.until_week !== null ? ` until week ${s.until_week}` : ""}`)
      .join(", ");
  let text = `${c.sessions_per_week} per week`;
  if (c.min_days_between_sessions > 0) text += `, at least ${c.min_days_between_sessions} days apart`;
  return text;
}

function Weeks(phase: ProtocolPhase): string {
  return phase.end_week === null ? `From week ${phase.start_week}` : `Weeks ${phase.start_week}–${phase.end_week}`;
}

export function ProtocolView(props: { id: string; version: number }) {
  const data = UseResource(async () => {
    const [detail] = await Promise.all([
      Get<ProtocolDetail>(`/protocols/${encodeURIComponent(props.id)}/versions/${props.version}`),
      LoadConditions(),
    ]);
    return detail;
  }, `${props.id}@${props.version}`);
  if (data.error)
    return (
      <>
        <ScreenHeading title="Protocol" />
        <ErrorNotice error={data.error} what="protocol version" />
      </>
    );
  if (!data.data)
    return (
      <>
        <ScreenHeading title="Protocol" />
        <Loading what="the protocol" />
      </>
    );
  const p = data.data;
  const precautions = p.techniques.flatMap((t) => (t.precautions ?? []).map((pr) => ({ technique: t.name ?? Humanize(t.id), ...pr })));
  return (
    <>
      <ScreenHeading title={`${p.title}, version ${p.version}`} />
      <dl class="facts card">
        {p.condition && (
          <div>
            <dt>Condition</dt>
            <dd>{p.condition}</dd>
          </div>
        )}
        {p.session_minutes !== undefined && (
          <div>
            <dt>Session length</dt>
            <dd>{p.session_minutes} minutes</dd>
          </div>
        )}
        <div>
          <dt>Identifier</dt>
          <dd>
            {p.id} v{p.version}
          </dd>
        </div>
      </dl>
      {p.source && <p class="muted">Source: {p.source}</p>}

      <section class="card" aria-labelledby="phases-heading">
        <h2 id="phases-heading">Phases</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="phases-heading">
          <table class="data-table" data-testid="phase-table">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col">Weeks</th>
                <th scope="col">Sessions</th>
                <th scope="col">Expected pain reduction</th>
                <th scope="col">Goals</th>
              </tr>
            </thead>
            <tbody>
              {p.phases.map((phase) => (
                <tr>
                  <th scope="row">{phase.name || Humanize(phase.id)}</th>
                  <td>{Weeks(phase)}</td>
                  <td>{Cadence(phase)}</td>
                  <td>
                    {phase.expected_reduction
                      ? `${FormatNumber(phase.expected_reduction.min_percent)}–${FormatNumber(phase.expected_reduction.max_percent)} %`
                      : "No band"}
                  </td>
                  <td>{phase.goals.join("; ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card" aria-labelledby="techniques-heading">
        <h2 id="techniques-heading">Techniques</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="techniques-heading">
          <table class="data-table" data-testid="technique-table">
            <thead>
              <tr>
                <th scope="col">Technique</th>
                <th scope="col">Targets</th>
                <th scope="col">Direction</th>
                <th scope="col">Pressure</th>
                <th scope="col">Hold</th>
                <th scope="col">Aims</th>
              </tr>
            </thead>
            <tbody>
              {p.techniques.map((t) => (
                <tr>
                  <th scope="row">{t.name ?? Humanize(t.id)}</th>
                  <td>{t.targets.map(Humanize).join(", ")}</td>
                  <td>{t.direction ? Humanize(t.direction) : "—"}</td>
                  <td>
                    {Humanize(t.pressure)}
                    {t.deep_pressure && t.pressure !== "deep" ? " (deep pressure)" : ""}
                  </td>
                  <td class="nowrap">{t.hold_seconds ? `${t.hold_seconds.min}–${t.hold_seconds.max} s` : "—"}</td>
                  <td>{(t.aims ?? []).join("; ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {precautions.length > 0 && (
          <>
            <h3 id="precautions-heading">Precautions</h3>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="precautions-heading">
              <table class="data-table" data-testid="precaution-table">
                <thead>
                  <tr>
                    <th scope="col">Technique</th>
                    <th scope="col">Condition</th>
                    <th scope="col">Action</th>
                    <th scope="col">Limit</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {precautions.map((pr) => (
                    <tr>
                      <th scope="row">{pr.technique}</th>
                      <td>{ConditionLabel(pr.condition)}</td>
                      <td>{pr.action === "disable" ? "Disabled" : "Modified"}</td>
                      <td>
                        {[pr.max_pressure ? `At most ${pr.max_pressure} pressure` : "", pr.avoid_areas.length ? "Avoid " + pr.avoid_areas.map(Humanize).join(", ").toLowerCase() : ""]
                          .filter(Boolean)
                          .join("; ") || "—"}
                      </td>
                      <td>{pr.note || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      {p.checkpoints && p.checkpoints.length > 0 && (
        <section class="card" aria-labelledby="checkpoints-heading">
          <h2 id="checkpoints-heading">Questionnaire checkpoints</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="checkpoints-heading">
            <table class="data-table" data-testid="checkpoint-table">
              <thead>
                <tr>
                  <th scope="col">Checkpoint</th>
                  <th scope="col">When</th>
                  <th scope="col">Questionnaires</th>
                </tr>
              </thead>
              <tbody>
                {p.checkpoints.map((c) => (
                  <tr>
                    <th scope="row">{Humanize(c.id)}</th>
                    <td>{c.at_baseline ? "At intake" : c.after_session !== null ? `After session ${c.after_session}` : c.week !== null ? `Week ${c.week}` : "—"}</td>
                    <td>{c.instruments.map(InstrumentName).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {p.home_program && p.home_program.length > 0 && (
        <section class="card" aria-labelledby="home-heading">
          <h2 id="home-heading">Home program</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="home-heading">
            <table class="data-table" data-testid="home-table">
              <thead>
                <tr>
                  <th scope="col">Exercise</th>
                  <th scope="col">Kind</th>
                  <th scope="col">From week</th>
                  <th scope="col">Dose</th>
                </tr>
              </thead>
              <tbody>
                {p.home_program.map((e) => {
                  const d = e.dose;
                  const dose = [
                    d.sets && d.reps ? `${d.sets} × ${d.reps}` : d.reps ? `${d.reps} reps` : "",
                    d.hold_seconds ? `hold ${d.hold_seconds} s` : "",
                    d.minutes ? `${d.minutes} min` : "",
                    `${d.days_per_week} days a week`,
                  ].filter(Boolean);
                  return (
                    <tr>
                      <th scope="row">{e.name}</th>
                      <td>{Humanize(e.kind)}</td>
                      <td>{e.start_week}</td>
                      <td>{dose.join(", ")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {p.claims && p.claims.length > 0 && (
        <section class="card" aria-labelledby="claims-heading">
          <h2 id="claims-heading">The source's claims (checked against the clinic's outcomes)</h2>
          <ul>
            {p.claims.map((c) => (
              <li>
                {c.text} <span class="muted">({Humanize(c.checkpoint).toLowerCase()}, {InstrumentName(c.instrument)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
