import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { createEffect, For, on, onCleanup, onMount, Show } from "solid-js";
import { theme } from "../lib/theme";
import type { Aligned } from "./aligned";
import { buildUplotOptions, type ChartSpec, type Marker } from "./options";
import { formatTime } from "../lib/time";

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
}

/** Thin uPlot wrapper: rebuilds on shape changes, updates data in place otherwise (live charts do not flicker). */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  const width = () => Math.max(200, host.clientWidth || 600);
  const build = () => {
    plot?.destroy();
    const opts = buildUplotOptions({
      width: width(),
      height: props.height ?? 260,
      labels: props.labels,
      unit: props.unit,
      thresholds: props.thresholds,
      markers: props.markers,
      utc: props.utc,
      dark: props.dark ?? theme() === "dark",
      onSelect: props.onSelect,
    });
    plot = new uPlot(opts, props.data as uPlot.AlignedData, host);
  };
  onMount(() => {
    build();
    const ro = new ResizeObserver(() => plot && plot.setSize({ width: width(), height: props.height ?? 260 }));
    ro.observe(host);
    onCleanup(() => ro.disconnect());
  });
  createEffect(
    on(
      () => [props.labels.join("\u0000"), theme(), props.utc, props.thresholds, props.markers],
      () => build(),
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
      <div ref={host} class="chart" role="img" aria-label={`Chart: ${props.title}`} />
      <Show when={props.markers?.length}>
        <ul
          class="row"
          style={{ "list-style": "none", padding: 0, margin: "4px 0 0" }}
          aria-label="Events on this chart"
        >
          <For each={props.markers}>
            {(m) => (
              <li class="chip" title={m.detail ?? m.label} style={{ "border-color": m.color ?? "#a371f7" }}>
                ▏{m.label} · {formatTime(m.time, !!props.utc, false)}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </figure>
  );
}
