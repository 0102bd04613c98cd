import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { theme } from "../lib/theme";
import type { Aligned } from "./aligned";
import { Legend } from "./Legend";
import { describeExemplar, type ExemplarPoint } from "./exemplars";
import { MarkerCardView, MarkerChips } from "./MarkerCard";
import { hitKey, hitTest, splitMarkers, type Hit } from "./markers";
import { buildUplotOptions, formatValue, type ChartSpec, type Marker } from "./options";
import { formatTime, getDisplayZone } from "../lib/time";
import { Link } from "../ui/Link";

export interface TimeSeriesChartProps {
  data: Aligned;
  labels: string[];
  title: string; // what the chart shows, for screen readers and the caption
  caption?: string; // query / range / step
  unit?: string;
  height?: number;
  thresholds?: ChartSpec["thresholds"];
  markers?: Marker[];
  utc?: boolean;
  onSelect?: (startMs: number, endMs: number) => void;
  /** Force the dark palette whatever the app theme (the alert wall is always dark). */
  dark?: boolean;
  /** Label sets of the series (same order as `labels`): the legend then offers "filter by" and "exclude". */
  series?: Record<string, string>[];
  onFilter?: (labels: Record<string, string>, exclude: boolean) => void;
  /** Hide the legend (a single-series chart titled by its panel). */
  noLegend?: boolean;
  /** Exemplars drawn as points over the lines, each a link to its trace. */
  exemplars?: ExemplarPoint[];
}

/** Pointer distance (px) within which a marker line counts as touched: a finger needs more than a mouse. */
const TOUCH_PX = 14;
const MOUSE_PX = 6;

/** Thin uPlot wrapper: rebuilds on shape changes, updates data in place otherwise (live charts do not flicker).
 * Markers answer hover and tap with a card; the legend is a compact table that scrolls inside the chart. */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  const [hover, setHover] = createSignal<Hit | null>(null);
  const [pinned, setPinned] = createSignal<{ hit: Hit; x: number } | null>(null);
  const [pos, setPos] = createSignal(0);
  const [cursorIdx, setCursorIdx] = createSignal<number | null>(null);
  // Touch targets over each marker line and alert band (keyboard-focusable; hover or tap opens the card).
  const [spots, setSpots] = createSignal<Spot[]>([], {
    equals: (a, b) =>
      a.length === b.length &&
      a.every(
        (x, i) => x.key === b[i].key && x.left === b[i].left && x.width === b[i].width && x.height === b[i].height,
      ),
  });
  const [exSpots, setExSpots] = createSignal<ExSpot[]>([], {
    equals: (a, b) =>
      a.length === b.length && a.every((x, i) => x.left === b[i].left && x.top === b[i].top && x.p === b[i].p),
  });
  const [exHover, setExHover] = createSignal<ExSpot | null>(null);
  const active = () => pinned()?.hit ?? hover();
  const width = () => Math.max(200, host.clientWidth || 600);
  const hitAt = (u: uPlot, left: number, touch: boolean): Hit | null => {
    const xs = u.data[0];
    const endMs = xs.length ? (xs[xs.length - 1] as number) * 1000 : Date.now();
    const ms = u.posToVal(left, "x") * 1000;
    const tol = (u.posToVal(left + (touch ? TOUCH_PX : MOUSE_PX), "x") - u.posToVal(left, "x")) * 1000;
    return hitTest(props.markers ?? [], ms, Math.abs(tol), endMs);
  };
  const build = () => {
    plot?.destroy();
    const opts = buildUplotOptions(
      {
        width: width(),
        height: props.height ?? 260,
        labels: props.labels,
        unit: props.unit,
        thresholds: props.thresholds,
        markers: props.markers,
        utc: props.utc,
        dark: props.dark ?? theme() === "dark",
        extraY: props.exemplars?.map((e) => e.value),
        onSelect: props.onSelect,
      },
      active,
    );
    opts.hooks = {
      ...opts.hooks,
      setCursor: [(u: uPlot) => setCursorIdx(u.cursor.idx ?? null)],
      draw: [
        (u: uPlot) => {
          setSpots(markerSpots(u, props.markers ?? []));
          setExSpots(exemplarSpots(u, props.exemplars ?? []));
        },
      ],
    };
    plot = new uPlot(opts, props.data as uPlot.AlignedData, host);
    const over = plot.over;
    over.addEventListener("mousemove", (e) => {
      if (!plot || !props.markers?.length) return;
      const h = hitAt(plot, e.offsetX, false);
      if (hitKey(h) !== hitKey(hover())) setHover(h), setPos(e.offsetX), plot.redraw(false);
    });
    over.addEventListener("mouseleave", () => (setHover(null), plot?.redraw(false)));
    // A tap (or click) on a marker pins its card; anywhere else closes it.
    over.addEventListener("click", (e) => {
      if (!plot || !props.markers?.length) return;
      const touch = (e as PointerEvent).pointerType === "touch" || matchMedia("(pointer: coarse)").matches;
      const h = hitAt(plot, e.offsetX, touch);
      setPinned(h ? { hit: h, x: e.offsetX } : null);
      plot.redraw(false);
    });
  };
  onMount(() => {
    build();
    const ro = new ResizeObserver(() => plot && plot.setSize({ width: width(), height: props.height ?? 260 }));
    ro.observe(host);
    onCleanup(() => ro.disconnect());
  });
  createEffect(
    on(
      // The zone too: the axis and legend format times when drawn, so a new zone needs a new plot.
      () => [
        props.labels.join("\u0000"),
        theme(),
        props.utc,
        getDisplayZone(),
        props.thresholds,
        props.markers,
        props.exemplars,
      ],
      () => (setPinned(null), setHover(null), build()),
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.data,
      (d) => plot?.setData(d as uPlot.AlignedData),
      { defer: true },
    ),
  );
  onCleanup(() => plot?.destroy());
  const cardX = () => {
    const p = pinned();
    return p ? p.x : pos();
  };
  return (
    <figure style={{ margin: 0 }} aria-label={props.title}>
      <figcaption class="chart-caption">
        <strong>{props.title}</strong>
        <Show when={props.caption}>
          <span class="mono">{props.caption}</span>
        </Show>
        <Show when={props.unit}>
          <span>unit: {props.unit}</span>
        </Show>
      </figcaption>
      <div class="chart-wrap">
        <div ref={host} class="chart" role="img" aria-label={`Chart: ${props.title}`} />
        <For each={spots()}>
          {(sp) => (
            <button
              type="button"
              class="marker-spot"
              classList={{ band: sp.hit.kind === "band" }}
              style={{ left: `${sp.left}px`, top: `${sp.top}px`, width: `${sp.width}px`, height: `${sp.height}px` }}
              aria-label={`Marker: ${sp.label}`}
              onMouseEnter={() => !pinned() && (setHover(sp.hit), setPos(sp.left), plot?.redraw(false))}
              onMouseLeave={() => !pinned() && (setHover(null), plot?.redraw(false))}
              onFocus={() => (setHover(sp.hit), setPos(sp.left), plot?.redraw(false))}
              onBlur={() => (setHover(null), plot?.redraw(false))}
              onClick={() => (setPinned({ hit: sp.hit, x: sp.left }), plot?.redraw(false))}
            />
          )}
        </For>
        <For each={exSpots()}>
          {(sp) => {
            const label = () =>
              describeExemplar(sp.p, formatValue(sp.p.value, props.unit), formatTime(sp.p.time, !!props.utc));
            return sp.p.traceId ? (
              <Link
                class="exemplar-spot"
                href={`/traces/${sp.p.traceId}`}
                style={{ left: `${sp.left}px`, top: `${sp.top}px` }}
                aria-label={label()}
                onMouseEnter={() => setExHover(sp)}
                onMouseLeave={() => setExHover(null)}
                onFocus={() => setExHover(sp)}
                onBlur={() => setExHover(null)}
              />
            ) : (
              <span
                class="exemplar-spot no-trace"
                role="img"
                style={{ left: `${sp.left}px`, top: `${sp.top}px` }}
                aria-label={label()}
                onMouseEnter={() => setExHover(sp)}
                onMouseLeave={() => setExHover(null)}
              />
            );
          }}
        </For>
        <Show when={exHover()}>
          {(sp) => (
            <div
              class="marker-card card exemplar-card"
              role="tooltip"
              style={{
                left: `${Math.max(0, Math.min(sp().left + 14, host.clientWidth - 260))}px`,
                width: "min(260px, 90vw)",
              }}
            >
              <strong>Exemplar · {formatValue(sp().p.value, props.unit)}</strong>
              <div class="muted" style={{ "font-size": "12px" }}>
                {formatTime(sp().p.time, !!props.utc)}
              </div>
              <dl class="marker-fields">
                <For each={Object.entries({ ...sp().p.labels })}>
                  {([k, v]) => (
                    <>
                      <dt>{k}</dt>
                      <dd class="mono">{v}</dd>
                    </>
                  )}
                </For>
              </dl>
              <div class="muted" style={{ "font-size": "12px" }}>
                {sp().p.traceId ? "Click to open the trace" : "No trace id on this exemplar"}
              </div>
            </div>
          )}
        </Show>
        <Show when={active()}>
          {(h) => (
            <MarkerCardView
              hit={h()}
              x={cardX()}
              width={host.clientWidth}
              utc={!!props.utc}
              pinned={!!pinned()}
              onClose={() => (setPinned(null), plot?.redraw(false))}
            />
          )}
        </Show>
      </div>
      <Show when={!props.noLegend && props.labels.length > 0}>
        <Legend
          labels={props.labels}
          data={props.data}
          unit={props.unit}
          cursorIdx={cursorIdx()}
          utc={!!props.utc}
          series={props.series}
          onFilter={props.onFilter}
        />
      </Show>
      <Show when={props.markers?.length}>
        <MarkerChips
          markers={props.markers!}
          utc={!!props.utc}
          onOpen={(hit) => (setPinned({ hit, x: plot ? xOfHit(plot, hit) : 0 }), plot?.redraw(false))}
        />
      </Show>
    </figure>
  );
}

interface Spot {
  key: string;
  label: string;
  hit: Hit;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the marker targets go, in CSS px inside the chart box: a strip over each line (wider on touch screens)
 * and one along the top of each alert band. */
function markerSpots(u: uPlot, markers: Marker[]): Spot[] {
  const { lines, bands } = splitMarkers(markers);
  const ox = u.over.offsetLeft;
  const oy = u.over.offsetTop;
  const w = u.over.clientWidth;
  const h = u.over.clientHeight;
  const touch = typeof matchMedia !== "undefined" && matchMedia("(pointer: coarse)").matches;
  const half = touch ? 10 : 4;
  const out: Spot[] = [];
  for (const m of lines) {
    const x = u.valToPos(m.time / 1000, "x");
    if (x < 0 || x > w) continue;
    out.push({
      key: `l${m.time}${m.label}`,
      label: m.label,
      hit: { kind: "line", marker: m },
      left: ox + x - half,
      top: oy,
      width: half * 2,
      height: h,
    });
  }
  for (const b of bands) {
    const x0 = Math.max(0, u.valToPos(b.start / 1000, "x"));
    const x1 = Math.min(w, b.end === null ? w : u.valToPos(b.end / 1000, "x"));
    if (x1 < 0 || x0 > w) continue;
    out.push({
      key: `b${b.group}`,
      label: b.label,
      hit: { kind: "band", band: b },
      left: ox + x0,
      top: oy,
      width: Math.max(x1 - x0, half * 2),
      height: touch ? 20 : 10,
    });
  }
  return out;
}

interface ExSpot {
  p: ExemplarPoint;
  left: number;
  top: number;
}

/** Where each exemplar's point goes, in CSS px inside the chart box; points outside the plot are left out. */
function exemplarSpots(u: uPlot, points: ExemplarPoint[]): ExSpot[] {
  const ox = u.over.offsetLeft;
  const oy = u.over.offsetTop;
  const w = u.over.clientWidth;
  const h = u.over.clientHeight;
  const out: ExSpot[] = [];
  for (const p of points) {
    const x = u.valToPos(p.time / 1000, "x");
    const y = u.valToPos(p.value, "y");
    if (!(x >= 0 && x <= w && y >= 0 && y <= h)) continue;
    out.push({ p, left: ox + x, top: oy + y });
  }
  return out;
}

function xOfHit(u: uPlot, hit: Hit): number {
  const ms = hit.kind === "line" ? hit.marker.time : hit.band.start;
  return u.valToPos(ms / 1000, "x");
}
