// One objective measure over time, a small uPlot line with its points. The canvas is decorative
// for assistive technology (role="img" with a summary); the table beside it carries the numbers.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

const kLineColour = "#1f5fbf";
const kWeekSeconds = 7 * 24 * 3600;

/** Weeks since the first point, from ISO instants. */
export function WeeksSinceFirst(starts: string[]): number[] {
  if (starts.length === 0) return [];
  const first = Date.parse(starts[0]);
  return starts.map((s) => Math.round(((Date.parse(s) - first) / 1000 / kWeekSeconds) * 10) / 10);
}

export function MeasureChart(props: { starts: string[]; values: number[]; axis_label: string; label: string; testid: string }) {
  const container = useRef<HTMLDivElement>(null);
  // The arrays are made afresh on every render: redraw only when their contents change.
  const contents = `${props.starts.join(",")}|${props.values.join(",")}|${props.axis_label}`;

  useEffect(() => {
    const root = container.current;
    if (!root || props.values.length < 2) return;
    const weeks = WeeksSinceFirst(props.starts);
    const data = [weeks, props.values] as uPlot.AlignedData;
    const low = Math.min(0, ...props.values);
    const high = Math.max(...props.values);
    const pad = Math.max(1, (high - low) * 0.15);
    const options: uPlot.Options = {
      width: Math.max(240, root.clientWidth),
      height: 170,
      legend: { show: false },
      cursor: { show: true, points: { show: false } },
      scales: {
        x: { time: false, range: () => [0, Math.max(1, Math.ceil(weeks[weeks.length - 1] + 0.5))] },
        y: { range: () => [low < 0 ? low - pad : 0, high + pad] },
      },
      axes: [
        { label: "Weeks since the first measurement", stroke: "#222", grid: { stroke: "#e3e6ea" } },
        { label: props.axis_label, stroke: "#222", grid: { stroke: "#e3e6ea" } },
      ],
      series: [{}, { label: props.axis_label, stroke: kLineColour, width: 2, points: { show: true, size: 8, fill: kLineColour } }],
    };
    const plot = new uPlot(options, data, root);
    const observer = new ResizeObserver(() => {
      const width = Math.max(240, root.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: 170 });
    });
    observer.observe(root);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contents]);

  if (props.values.length < 2) return null;
  return <div ref={container} class="measure-canvas" role="img" aria-label={props.label} data-testid={props.testid} />;
}
