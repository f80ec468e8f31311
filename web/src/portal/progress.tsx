// My progress: the patient's NPRS pain scores over time (uPlot, with a table carrying the same
// numbers for screen readers), the server's plain-language summary, and the phase of the plan
// they are in, from the plan itself. No expected band and no outcome figures: what studies report
// is not a promise for one person, and the screen says so.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { Get } from "../api";
import { Link, ScreenHeading } from "../components/ui";
import { FormatNumber } from "../format";
import { UseResource } from "../session";
import type { Progress, ProgressPoint, ScheduleEntry } from "../types";
import { FormatLongDate, Pending, PhaseWords, PortalPath } from "./common";
import { UpcomingSessions } from "./plan";

export interface PhasePosition {
  /** The phases in the order the plan reaches them. */
  phases: string[];
  current: string;
  /** Booked sessions of the current phase still ahead. */
  left_in_phase: number;
}

/** The phase of the next booked session (or, with none booked, of the last attended one). */
export function CurrentPhase(plan: ScheduleEntry[], now: Date = new Date()): PhasePosition | null {
  const ordered = [...plan].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const phases: string[] = [];
  for (const s of ordered) if (s.phase_id && !phases.includes(s.phase_id)) phases.push(s.phase_id);
  const upcoming = UpcomingSessions(plan, now);
  const attended = ordered.filter((s) => s.status === "attended");
  const current = upcoming[0]?.phase_id ?? attended[attended.length - 1]?.phase_id;
  if (!current) return null;
  return { phases, current, left_in_phase: upcoming.filter((s) => s.phase_id === current).length };
}

function PainChart(props: { points: ProgressPoint[] }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = container.current;
    if (!root || props.points.length === 0) return;
    const times = props.points.map((p) => Date.parse(p.taken_at) / 1000);
    const width = () => Math.max(260, Math.min(root.clientWidth || 340, 720));
    const chart = new uPlot(
      {
        width: width(),
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { y: { range: [0, 10] } },
        axes: [
          { stroke: "#3c4452", grid: { stroke: "#e3e7ec" } },
          { stroke: "#3c4452", grid: { stroke: "#e3e7ec" }, splits: () => [0, 2, 4, 6, 8, 10], size: 36 },
        ],
        series: [{}, { label: "Pain (0–10)", stroke: "#1d4f91", width: 2, points: { size: 7, fill: "#1d4f91" } }],
      },
      [times, props.points.map((p) => p.nprs)],
      root,
    );
    const resize = () => chart.setSize({ width: width(), height: 220 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.destroy();
    };
  }, [props.points]);
  return <div ref={container} class="pain-chart" aria-hidden="true" data-testid="pain-chart" />;
}

export function ProgressScreen(props: { patient_id: number; own_patient_id: number }) {
  const data = UseResource(async () => {
    const [progress, plan] = await Promise.all([
      Get<Progress>(`/patients/${props.patient_id}/progress`),
      Get<ScheduleEntry[]>(`/patients/${props.patient_id}/plan`),
    ]);
    return { progress, plan };
  }, String(props.patient_id));

  const heading = <ScreenHeading title="My progress" />;
  if (!data.data) return Pending(heading, data.error, "your progress", props.own_patient_id);

  const { progress, plan } = data.data;
  const phase = CurrentPhase(plan);
  const points = [...progress.points].sort((a, b) => Date.parse(a.taken_at) - Date.parse(b.taken_at));
  const latest = points[points.length - 1];

  return (
    <>
      {heading}
      <section aria-labelledby="phase-heading" class="portal-card">
        <h2 id="phase-heading">Where you are in your plan</h2>
        {phase ? (
          <p data-testid="phase">
            You are in the <strong>{PhaseWords(phase.current)}</strong> phase
            {phase.phases.length > 1 &&
              `, phase ${phase.phases.indexOf(phase.current) + 1} of ${phase.phases.length} (${phase.phases.map(PhaseWords).join(", then ")})`}
            .{" "}
            {phase.left_in_phase > 0
              ? `${phase.left_in_phase} more ${phase.left_in_phase === 1 ? "session of this phase is" : "sessions of this phase are"} booked.`
              : "No more sessions of this phase are booked."}
          </p>
        ) : (
          <p data-testid="phase">You have no sessions planned yet.</p>
        )}
      </section>

      <section aria-labelledby="pain-heading" class="portal-card">
        <h2 id="pain-heading">Your pain scores</h2>
        {points.length === 0 ? (
          <p data-testid="no-scores">
            No pain scores yet. <Link href={PortalPath(props.own_patient_id, "check-in")}>Record one in Check-in</Link>.
          </p>
        ) : (
          <>
            <p>
              {progress.baseline_nprs !== null && <>At the start your pain was {FormatNumber(progress.baseline_nprs, 0)} out of 10. </>}
              Your latest score, on {FormatLongDate(latest.taken_at)}, is {FormatNumber(latest.nprs, 0)} out of 10.
            </p>
            {progress.summary && <p data-testid="progress-summary">{progress.summary}</p>}
            <PainChart points={points} />
            <table class="portal-table" data-testid="pain-table">
              <caption>Pain scores, 0 (no pain) to 10 (worst pain imaginable)</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Pain</th>
                </tr>
              </thead>
              <tbody>
                {points
                  .slice()
                  .reverse()
                  .map((p) => (
                    <tr key={p.response_id}>
                      <td>{FormatLongDate(p.taken_at)}</td>
                      <td>{FormatNumber(p.nprs, 0)} / 10</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </>
        )}
        <p>
          <a href={`/api/v1/patients/${props.patient_id}/report`} target="_blank" rel="noopener" data-testid="printable-report">
            Printable report
          </a>{" "}
          (opens a page you can print or save as PDF)
        </p>
        <p class="muted" data-testid="no-promise">
          Everyone’s back pain responds differently. This page shows your own scores; it is not a prediction or a
          promise of how your pain will change. Talk with your therapist about what to expect.
        </p>
      </section>
    </>
  );
}
