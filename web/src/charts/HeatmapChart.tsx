import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { theme } from "../lib/theme";
import { formatTime, getDisplayZone } from "../lib/time";
import {
  bucketRange,
  type Cell,
  cellAt,
  cellsOf,
  colorAt,
  formatBound,
  type HistSeries,
  legendTicks,
  makeLayout,
  maxValue,
  PALETTE,
  scaleOf,
  thinTicks,
} from "./heatmap";
import { formatValue, timeTicks, yAxisSize } from "./options";

export interface HeatmapChartProps {
  series: HistSeries;
  /** Query step, seconds: each sample's column is one step wide. */
  step: number;
  /** The query's window (ms), so the columns line up with a line chart of the same range. */
  start?: number;
  end?: number;
  title: string;
  caption?: string;
  /** What a cell's colour counts ("per-second rate per bucket"). */
  valueName: string;
  /** Unit of the bucket bounds ("s" or none). */
  unit?: string;
  height?: number;
  utc?: boolean;
  onSelect?: (startMs: number, endMs: number) => void;
}

interface Tip {
  cell: Cell;
  left: number;
  top: number;
}

/** A native histogram over time: one cell per populated bucket per step, drawn on uPlot's canvas in a draw hook
 * with uPlot's own scales (time on x, the bucket layout's units on y), so axes, zoom and sizing match the line
 * charts. The tooltip and the colour legend are HTML beside it. */
export function HeatmapChart(props: HeatmapChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  const cells = createMemo(() => cellsOf(props.series.points, props.step));
  const layout = createMemo(() => makeLayout(cells()));
  const max = createMemo(() => maxValue(cells()));
  const [tip, setTip] = createSignal<Tip | null>(null);
  const width = () => Math.max(200, host.clientWidth || 600);
  const height = () => props.height ?? 300;
  const bound = (v: number) => formatBound(v, props.unit);

  const build = () => {
    plot?.destroy();
    setTip(null);
    const dark = theme() === "dark";
    const axisColor = dark ? "#9aa7b4" : "#59636e";
    const grid = { stroke: dark ? "#2d3642" : "#eaeef2", width: 1 };
    const cs = cells();
    const lay = layout();
    const xs = [...new Set(props.series.points.map((p) => p.t))].sort((a, b) => a - b);
    const x0 = Math.min(props.start !== undefined ? props.start / 1000 : Infinity, ...cs.map((c) => c.x0));
    const x1 = Math.max(props.end !== undefined ? props.end / 1000 : -Infinity, ...cs.map((c) => c.x1));
    const tickAt = new Map(lay.ticks.map((t) => [t.u, t.value]));
    const opts: uPlot.Options = {
      width: width(),
      height: height(),
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: true, range: () => [x0, x1] },
        y: { auto: false, range: () => [0, lay.total] },
      },
      axes: [
        { stroke: axisColor, grid, space: 70, values: (_u, ticks) => timeTicks(ticks, !!props.utc) },
        {
          stroke: axisColor,
          grid,
          size: yAxisSize,
          // Ticks at the layout's bounds, thinned to one per 22 px of plot height.
          splits: (u) =>
            thinTicks(lay.ticks, (lay.total * 22) / Math.max(40, u.bbox.height / devicePixelRatio)).map((t) => t.u),
          values: (_u, splits) => splits.map((s) => bound(tickAt.get(s) ?? Number.NaN)),
        },
      ],
      series: [{}, { label: "buckets", paths: () => null, points: { show: false } }],
      hooks: {
        draw: [(u) => drawCells(u, cs, lay, max())],
        setCursor: [
          (u) => {
            const { left, top } = u.cursor;
            if (left === undefined || top === undefined || left < 0 || top < 0) return setTip(null);
            const c = cellAt(cs, lay, u.posToVal(left, "x"), u.posToVal(top, "y"));
            setTip(c ? { cell: c, left: left + u.over.offsetLeft, top: top + u.over.offsetTop } : null);
          },
        ],
        setSelect: [
          (u) => {
            if (!props.onSelect || u.select.width < 5) return;
            const a = u.posToVal(u.select.left, "x");
            const b = u.posToVal(u.select.left + u.select.width, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            props.onSelect(Math.round(a * 1000), Math.round(b * 1000));
          },
        ],
      },
    };
    plot = new uPlot(opts, [xs, xs.map(() => null)], host);
    plot.over.addEventListener("mouseleave", () => setTip(null));
  };
  onMount(() => {
    build();
    const ro = new ResizeObserver(() => plot && plot.setSize({ width: width(), height: height() }));
    ro.observe(host);
    onCleanup(() => ro.disconnect());
  });
  createEffect(
    on(() => [cells(), theme(), props.utc, getDisplayZone(), props.start, props.end, props.unit], build, {
      defer: true,
    }),
  );
  onCleanup(() => plot?.destroy());

  const tipStyle = () => {
    const t = tip();
    if (!t) return {};
    const w = Math.min(240, host.clientWidth - 8);
    const left = t.left + 14 + w > host.clientWidth ? Math.max(0, t.left - 14 - w) : t.left + 14;
    return { left: `${left}px`, top: `${Math.max(0, t.top - 70)}px`, width: `${w}px` };
  };
  return (
    <figure style={{ margin: 0 }} aria-label={props.title}>
      <figcaption class="chart-caption">
        <strong>{props.title}</strong>
        <Show when={props.caption}>
          <span class="mono">{props.caption}</span>
        </Show>
        <span>{layout().kind === "log" ? "log scale" : "custom buckets"}</span>
      </figcaption>
      <div class="chart-wrap">
        <div ref={host} class="chart" role="img" aria-label={`Heatmap: ${props.title}`} />
        <Show when={tip()}>
          {(t) => (
            <div class="marker-card card heatmap-tip" role="tooltip" style={tipStyle()}>
              <strong>{bucketRange(t().cell.bucket, bound)}</strong>
              <div class="muted" style={{ "font-size": "12px" }}>
                {formatTime(t().cell.t * 1000, !!props.utc)}
              </div>
              <div>
                <span class="heatmap-value">{formatValue(t().cell.bucket.count)}</span>{" "}
                <span class="muted">{props.valueName}</span>
              </div>
            </div>
          )}
        </Show>
      </div>
      <ColourLegend max={max()} name={props.valueName} />
    </figure>
  );
}

function ColourLegend(props: { max: number; name: string }) {
  const gradient = `linear-gradient(to right, ${PALETTE.join(", ")})`;
  return (
    <div class="heatmap-legend" role="group" aria-label="Colour scale">
      <span class="muted">{props.name}</span>
      <div class="heatmap-scale">
        <div class="heatmap-bar" style={{ background: gradient }} />
        <div class="heatmap-marks">
          <For each={legendTicks(props.max)}>
            {(m) => (
              <span style={{ left: `${m.at * 100}%` }} classList={{ end: m.at > 0.9 }}>
                {formatValue(m.value)}
              </span>
            )}
          </For>
        </div>
      </div>
    </div>
  );
}

function drawCells(u: uPlot, cells: Cell[], lay: ReturnType<typeof makeLayout>, max: number): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  const px = devicePixelRatio;
  for (const c of cells) {
    // Edges on whole device pixels: neighbours then meet exactly, with no antialiased seam between them (a
    // column narrower than a pixel would otherwise stripe the whole chart).
    const xa = Math.round(u.valToPos(c.x0, "x", true));
    const xb = Math.round(u.valToPos(c.x1, "x", true));
    const [lo, hi] = lay.rows(c.bucket);
    const ya = Math.round(u.valToPos(hi, "y", true));
    const yb = Math.round(u.valToPos(lo, "y", true));
    // A hairline between cells once they are big enough to spare it, so neighbouring buckets read apart (columns
    // only when wide: a hairline every 4 px reads as stripes).
    const gx = xb - xa > 8 * px ? px : 0;
    const gy = yb - ya > 4 * px ? px : 0;
    ctx.fillStyle = colorAt(scaleOf(c.bucket.count, max));
    if (xb <= xa) continue; // a column that rounds to nothing: its neighbour covers the pixel
    ctx.fillRect(xa, ya, xb - xa - gx, Math.max(1, yb - ya - gy));
  }
  ctx.restore();
}
