// Kaplan–Meier curve of the outcomes report, drawn with uPlot: the share of courses still without
// a 30 % reduction against days since the course start, as a step line with its pointwise 95 %
// interval as a shaded band between two dashed step lines. The canvas is decorative for assistive
// technology; a visually hidden table beside it lists every step.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { SurvivalStep } from "../types";

const kLineColour = "#1d4f91";
const kBandEdge = "#2f7d8c";
const kBandFill = "rgba(47, 125, 140, 0.16)";
const kHeight = 300;

export function Percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return (value * 100).toFixed(1) + " %";
}

export function SurvivalChart(props: { steps: SurvivalStep[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = container.current;
    if (!root || props.steps.length === 0) return;
    // Everyone starts without a response on day 0; each step holds until the next one.
    const steps = [{ day: 0, survival: 1, ci_low: 1, ci_high: 1 }, ...props.steps];
    const data = [
      steps.map((s) => s.day),
      steps.map((s) => s.survival),
      steps.map((s) => s.ci_high),
      steps.map((s) => s.ci_low),
    ] as uPlot.AlignedData;
    const stepped = uPlot.paths.stepped!({ align: 1 });
    const edge: uPlot.Series = { stroke: kBandEdge, width: 1, dash: [6, 4], paths: stepped, points: { show: false } };
    const last_day = steps[steps.length - 1].day;
    const options: uPlot.Options = {
      width: Math.max(280, root.clientWidth),
      height: kHeight,
      legend: { show: false },
      cursor: { show: true, points: { show: false } },
      scales: { x: { time: false, range: () => [0, Math.max(7, Math.ceil((last_day + 1) / 7) * 7)] }, y: { range: () => [0, 1] } },
      axes: [
        { label: "Days since the course started", stroke: "#222", grid: { stroke: "#e3e6ea" } },
        {
          label: "Still without a 30 % reduction",
          stroke: "#222",
          grid: { stroke: "#e3e6ea" },
          size: 56,
          splits: () => [0, 0.25, 0.5, 0.75, 1],
          values: (_u, splits) => splits.map((v) => Math.round(v * 100) + " %"),
        },
      ],
      series: [
        {},
        { label: "Still without a 30 % reduction", stroke: kLineColour, width: 2, paths: stepped, points: { show: false } },
        { ...edge, label: "95 % interval, upper" },
        { ...edge, label: "95 % interval, lower" },
      ],
      bands: [{ series: [2, 3], fill: kBandFill }],
    };
    const plot = new uPlot(options, data, root);
    const observer = new ResizeObserver(() => {
      const width = Math.max(280, root.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: kHeight });
    });
    observer.observe(root);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [props.steps]);

  return (
    <figure class="nprs-figure">
      <div ref={container} class="survival-canvas" role="img" aria-label={props.label} data-testid="km-chart" />
      <figcaption>
        <ul class="chart-legend" aria-label="Legend">
          <li>
            <span class="swatch swatch-km" aria-hidden="true" /> Share of courses still without a 30 % reduction
          </li>
          <li>
            <span class="swatch swatch-band" aria-hidden="true" /> 95 % interval (pointwise)
          </li>
        </ul>
      </figcaption>
      <table class="visually-hidden" data-testid="km-table">
        <caption>Time to a 30 % reduction, step by step</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Courses at risk</th>
            <th scope="col">Reached a 30 % reduction that day</th>
            <th scope="col">Still without a 30 % reduction</th>
            <th scope="col">95 % interval</th>
          </tr>
        </thead>
        <tbody>
          {props.steps.map((s) => (
            <tr>
              <th scope="row">{s.day}</th>
              <td>{s.at_risk}</td>
              <td>{s.events}</td>
              <td>{Percent(s.survival)}</td>
              <td>
                {Percent(s.ci_low)} to {Percent(s.ci_high)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
