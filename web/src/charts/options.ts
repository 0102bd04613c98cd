// Pure uPlot option builder: axes with units, series colours, threshold lines, event markers and
// drag-to-select. The component only mounts it; the builder is unit-tested.
import type uPlot from "uplot";
import { colorFor } from "./aligned";
import { formatTime } from "../lib/time";

export interface Marker {
  time: number; // epoch ms
  label: string;
  detail?: string;
  color?: string;
}

export interface ChartSpec {
  width: number;
  height: number;
  labels: string[];
  unit?: string;
  thresholds?: { value: number; label: string; color?: string }[];
  markers?: Marker[];
  utc?: boolean;
  dark?: boolean;
  stacked?: boolean;
  onSelect?: (startMs: number, endMs: number) => void;
}

export function formatValue(v: number | null | undefined, unit = ""): string {
  if (v == null || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (unit === "%") return `${v.toFixed(a < 10 ? 2 : 1)}%`;
  if (unit === "s") return a >= 1 ? `${v.toFixed(2)} s` : `${(v * 1000).toFixed(a < 0.01 ? 2 : 0)} ms`;
  if (unit === "ms") return a >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;
  const s =
    a >= 1e9
      ? `${(v / 1e9).toFixed(2)}G`
      : a >= 1e6
        ? `${(v / 1e6).toFixed(2)}M`
        : a >= 1e3
          ? `${(v / 1e3).toFixed(2)}k`
          : a >= 1 || a === 0
            ? v.toFixed(2).replace(/\.00$/, "")
            : v.toPrecision(3);
  return unit ? `${s} ${unit}` : s;
}

/** Draw horizontal threshold lines and vertical event markers after the series. */
export function overlayPlugin(spec: Pick<ChartSpec, "thresholds" | "markers">): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const ctx = u.ctx;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          ctx.lineWidth = 2 * devicePixelRatio;
          for (const t of spec.thresholds ?? []) {
            const y = u.valToPos(t.value, "y", true);
            if (y < top || y > top + height) continue;
            ctx.strokeStyle = t.color ?? "#f85149";
            ctx.setLineDash([8, 6]);
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
          }
          ctx.setLineDash([]);
          for (const m of spec.markers ?? []) {
            const x = u.valToPos(m.time / 1000, "x", true);
            if (x < left || x > left + width) continue;
            ctx.strokeStyle = m.color ?? "#a371f7";
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

export function buildUplotOptions(spec: ChartSpec): uPlot.Options {
  const axisColor = spec.dark === false ? "#59636e" : "#9aa7b4";
  const grid = { stroke: spec.dark === false ? "#eaeef2" : "#2d3642", width: 1 };
  return {
    width: spec.width,
    height: spec.height,
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false, setScale: false } },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: true },
      // Keep threshold lines in view even when the data stays far below them.
      y: spec.thresholds?.length
        ? {
            range: (_u: uPlot, min: number | null, max: number | null) =>
              [Math.min(0, min ?? 0), Math.max(max ?? 0, ...spec.thresholds!.map((t) => t.value)) * 1.1] as [
                number,
                number,
              ],
          }
        : {},
    },
    axes: [
      // 70 px per tick leaves room for HH:MM:SS labels on narrow (phone) charts.
      { stroke: axisColor, grid, space: 70, values: (_u, ticks) => timeTicks(ticks, !!spec.utc) },
      { stroke: axisColor, grid, size: yAxisSize, values: (_u, ticks) => ticks.map((t) => formatValue(t, spec.unit)) },
    ],
    series: [
      { value: (_u, v) => (v == null ? "–" : formatTime(v * 1000, !!spec.utc)) },
      ...spec.labels.map((label, i) => ({
        label,
        stroke: colorFor(i),
        width: 1.5,
        fill: spec.stacked ? colorFor(i) + "33" : undefined,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => formatValue(v, spec.unit),
      })),
    ],
    plugins: [overlayPlugin(spec)],
    hooks: {
      setSelect: [
        (u: uPlot) => {
          if (!spec.onSelect || u.select.width < 5) return;
          const a = u.posToVal(u.select.left, "x");
          const b = u.posToVal(u.select.left + u.select.width, "x");
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          spec.onSelect(Math.round(a * 1000), Math.round(b * 1000));
        },
      ],
    },
  };
}

/** Width of the value axis from its longest label, so "40 req/s" is never clipped on the left. */
export function yAxisSize(_u: unknown, values: string[] | null): number {
  const longest = (values ?? []).reduce((n, v) => Math.max(n, String(v ?? "").length), 0);
  return Math.max(40, Math.ceil(longest * 7.2) + 18);
}

/** Axis tick labels as precise as their spacing: seconds under a minute apart, the date when they span days. */
export function timeTicks(ticks: number[], utc: boolean): string[] {
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 60;
  const span = ticks.length > 1 ? ticks[ticks.length - 1] - ticks[0] : 0;
  const [from, to] = step < 60 ? [11, 19] : span >= 86_400 ? [5, 16] : [11, 16];
  return ticks.map((t) => formatTime(t * 1000, utc, true).slice(from, to));
}
