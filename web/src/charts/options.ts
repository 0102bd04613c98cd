// Pure uPlot option builder: axes with units, series colours, threshold lines, event markers and
// drag-to-select. The component only mounts it; the builder is unit-tested.
import type uPlot from "uplot";
import { colorFor } from "./aligned";
import { formatTime } from "../lib/time";
import { markerColor, splitMarkers, type Hit, type Marker } from "./markers";

export type { Marker };

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
  /** Values the y range must take in besides the series' (exemplars drawn over the lines). */
  extraY?: number[];
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

/** "#rrggbb" at `alpha`, for the muted state of markers. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Draw horizontal threshold lines, then event markers: changes as thin muted lines (full strength when
 * hovered), each alert as one translucent band from its first to its last transition. */
export function overlayPlugin(
  spec: Pick<ChartSpec, "thresholds" | "markers">,
  hovered: () => Hit | null = () => null,
): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const ctx = u.ctx;
          const { left, top, width, height } = u.bbox;
          const px = devicePixelRatio;
          ctx.save();
          ctx.lineWidth = 2 * px;
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
          const hit = hovered();
          const { lines, bands } = splitMarkers(spec.markers ?? []);
          const xOf = (ms: number) => u.valToPos(ms / 1000, "x", true);
          // One muted fill over the union of the alerts' spans (overlapping alerts do not darken the chart), and a
          // strip along the top per alert; the hovered alert is drawn stronger.
          const spans = bands
            .map((b) => ({
              b,
              x0: Math.max(left, xOf(b.start)),
              x1: Math.min(left + width, b.end === null ? left + width : xOf(b.end)),
            }))
            .filter((s) => s.x1 >= left && s.x0 <= left + width)
            .sort((a, b) => a.x0 - b.x0);
          let cur: { x0: number; x1: number } | null = null;
          const fill = (s: { x0: number; x1: number }) => {
            ctx.fillStyle = withAlpha(spans[0].b.color, 0.07);
            ctx.fillRect(s.x0, top, Math.max(s.x1 - s.x0, px), height);
          };
          for (const s of spans) {
            if (cur && s.x0 <= cur.x1) cur.x1 = Math.max(cur.x1, s.x1);
            else {
              if (cur) fill(cur);
              cur = { x0: s.x0, x1: s.x1 };
            }
          }
          if (cur) fill(cur);
          for (const s of spans) {
            const on = hit?.kind === "band" && hit.band.group === s.b.group;
            if (on) {
              ctx.fillStyle = withAlpha(s.b.color, 0.14);
              ctx.fillRect(s.x0, top, Math.max(s.x1 - s.x0, px), height);
            }
            ctx.fillStyle = withAlpha(s.b.color, on ? 0.9 : 0.45);
            ctx.fillRect(s.x0, top, Math.max(s.x1 - s.x0, px), (on ? 4 : 2) * px);
          }
          for (const m of lines) {
            const x = xOf(m.time);
            if (x < left || x > left + width) continue;
            const on = hit?.kind === "line" && hit.marker === m;
            ctx.lineWidth = (on ? 2 : 1) * px;
            ctx.strokeStyle = withAlpha(markerColor(m), on ? 1 : 0.55);
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            // A small cap at the top marks the line as touchable.
            ctx.fillStyle = withAlpha(markerColor(m), on ? 1 : 0.8);
            ctx.beginPath();
            ctx.arc(x, top + 4 * px, (on ? 4 : 3) * px, 0, Math.PI * 2);
            ctx.fill();
          }
          ctx.restore();
        },
      ],
    },
  };
}

export function buildUplotOptions(spec: ChartSpec, hovered?: () => Hit | null): uPlot.Options {
  const axisColor = spec.dark === false ? "#59636e" : "#9aa7b4";
  const grid = { stroke: spec.dark === false ? "#eaeef2" : "#2d3642", width: 1 };
  return {
    width: spec.width,
    height: spec.height,
    // Vigil draws its own legend table (Legend.tsx): compact, scrolling, with filter actions.
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false } },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: true },
      // Keep threshold lines (and exemplar points) in view even when the data stays far below them.
      y: yScale(spec),
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
    plugins: [overlayPlugin(spec, hovered)],
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

function yScale(spec: ChartSpec): uPlot.Scale {
  const thresholds = (spec.thresholds ?? []).map((t) => t.value);
  const extra = (spec.extraY ?? []).filter(Number.isFinite);
  if (thresholds.length)
    return {
      range: (_u: uPlot, min: number | null, max: number | null) =>
        [Math.min(0, min ?? 0, ...extra), Math.max(max ?? 0, ...thresholds, ...extra) * 1.1] as [number, number],
    };
  if (!extra.length) return {};
  return {
    range: (_u: uPlot, min: number | null, max: number | null) => {
      const lo = Math.min(min ?? extra[0], ...extra);
      const hi = Math.max(max ?? extra[0], ...extra);
      const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
      return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad] as [number, number];
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
