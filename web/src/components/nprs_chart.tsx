// NPRS over the course's weeks against the protocol's expected band, drawn with uPlot.
// The band is baseline × (1 − expected %/100): the upper edge from expected_min_percent (the
// least reduction expected), the lower from expected_max_percent. Each point is coloured by
// its status; the canvas is decorative for assistive technology — the data table beside it
// carries the same numbers.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { Humanize } from "../format";
import type { ProgressPoint, ProgressStatus } from "../types";

export const kStatusColours: Record<ProgressStatus, string> = {
  ahead: "#1a7f37",
  on_track: "#1f5fbf",
  behind: "#a65200",
  off_track: "#c62828",
  worse: "#7b1fa2",
  no_band: "#5f6368",
  not_evaluable: "#5f6368",
};

const kLineColour = "#3c4452";
const kBandEdge = "#2f7d8c";
const kBandFill = "rgba(47, 125, 140, 0.16)";

/** The expected NPRS for `percent` reduction from `baseline`, or null without a band. */
export function ExpectedNprs(baseline: number | null, percent: number | null): number | null {
  if (baseline === null || percent === null) return null;
  return baseline * (1 - percent / 100);
}

export function StatusesPresent(points: ProgressPoint[]): ProgressStatus[] {
  const seen: ProgressStatus[] = [];
  for (const p of points) if (p.status && !seen.includes(p.status)) seen.push(p.status);
  return seen;
}

export function NprsChart(props: { points: ProgressPoint[]; baseline: number | null; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = container.current;
    if (!root || props.points.length === 0) return;
    const points = props.points;
    const statuses = StatusesPresent(points);
    const weeks = points.map((p) => p.week);
    const upper = points.map((p) => ExpectedNprs(props.baseline, p.expected_min_percent));
    const lower = points.map((p) => ExpectedNprs(props.baseline, p.expected_max_percent));
    const per_status = statuses.map((status) => points.map((p) => (p.status === status ? p.nprs : null)));
    const data = [weeks, points.map((p) => p.nprs), upper, lower, ...per_status] as uPlot.AlignedData;

    const band_series: uPlot.Series = {
      stroke: kBandEdge,
      width: 1,
      dash: [6, 4],
      points: { show: false },
      spanGaps: false,
    };
    const no_paths: uPlot.Series.PathBuilder = () => null;
    const max_week = Math.max(1, ...weeks);
    const options: uPlot.Options = {
      width: Math.max(280, root.clientWidth),
      height: 280,
      legend: { show: false },
      cursor: { show: true, points: { show: false } },
      scales: {
        x: { time: false, range: () => [0, Math.ceil(max_week + 0.5)] },
        y: { range: () => [0, 10] },
      },
      axes: [
        { label: "Course week", stroke: "#222", grid: { stroke: "#e3e6ea" } },
        { label: "NPRS (0–10)", stroke: "#222", grid: { stroke: "#e3e6ea" }, splits: () => [0, 2, 4, 6, 8, 10] },
      ],
      series: [
        {},
        { label: "NPRS", stroke: kLineColour, width: 2, points: { show: false } },
        { ...band_series, label: "Expected band, least reduction" },
        { ...band_series, label: "Expected band, most reduction" },
        ...statuses.map(
          (status): uPlot.Series => ({
            label: Humanize(status),
            stroke: kStatusColours[status],
            paths: no_paths,
            points: { show: true, size: 11, width: 2, fill: kStatusColours[status], stroke: "#ffffff" },
          }),
        ),
      ],
      bands: [{ series: [2, 3], fill: kBandFill }],
    };
    const plot = new uPlot(options, data, root);
    const observer = new ResizeObserver(() => {
      const width = Math.max(280, root.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: 280 });
    });
    observer.observe(root);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [props.points, props.baseline]);

  const statuses = StatusesPresent(props.points);
  return (
    <figure class="nprs-figure">
      <div ref={container} class="nprs-canvas" role="img" aria-label={props.label} data-testid="nprs-chart" />
      <figcaption>
        <ul class="chart-legend" aria-label="Legend">
          <li>
            <span class="swatch swatch-line" aria-hidden="true" /> NPRS score
          </li>
          <li>
            <span class="swatch swatch-band" aria-hidden="true" /> Expected band
          </li>
          {statuses.map((status) => (
            <li>
              <span class={"swatch swatch-dot dot-" + status} aria-hidden="true" /> {Humanize(status)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
