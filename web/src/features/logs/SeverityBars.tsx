import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { createEffect, For, on, onCleanup, onMount } from "solid-js";
import { theme } from "../../lib/theme";
import { getDisplayZone } from "../../lib/time";
import { buildBarOptions, SEVERITY_COLORS, type StackedBars } from "./histogram";

export interface SeverityBarsProps {
  bars: StackedBars;
  caption: string;
  utc: boolean;
  onSelect?: (startMs: number, endMs: number) => void;
}

const HEIGHT = 160;

/** Log lines per time bucket as stacked bars, one colour per severity, with a legend of totals. */
export function SeverityBars(props: SeverityBarsProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  const width = () => Math.max(200, host.clientWidth || 600);
  const build = () => {
    plot?.destroy();
    const opts = buildBarOptions(
      { width: width(), height: HEIGHT, utc: props.utc, dark: theme() === "dark", onSelect: props.onSelect },
      props.bars,
      (o) => uPlot.paths.bars!(o),
    );
    plot = new uPlot(opts, props.bars.data as uPlot.AlignedData, host);
  };
  onMount(() => {
    build();
    const ro = new ResizeObserver(() => plot?.setSize({ width: width(), height: HEIGHT }));
    ro.observe(host);
    onCleanup(() => ro.disconnect());
  });
  // Levels come and go with the filters, so a new histogram rebuilds rather than patching data; the axis formats
  // its times when built, so a change of the person's zone rebuilds it too.
  createEffect(
    on(
      () => [props.bars, props.utc, theme(), getDisplayZone()],
      () => build(),
      { defer: true },
    ),
  );
  onCleanup(() => plot?.destroy());
  return (
    <figure style={{ margin: 0 }} aria-label="Log lines per bucket, by severity">
      <figcaption class="chart-caption">
        <strong>Log lines per bucket, by severity (stacked)</strong>
        <span class="mono">{props.caption}</span>
        <span>unit: lines per bucket</span>
      </figcaption>
      <div
        ref={host}
        class="chart log-bars"
        role="img"
        aria-label={`Chart: Log lines per bucket, stacked by severity: ${props.bars.levels.map((l, i) => `${l} ${props.bars.totals[i]}`).join(", ")}`}
      />
      <ul
        class="row sev-legend"
        aria-label="Severity legend"
        style={{ "list-style": "none", padding: 0, margin: "4px 0 0" }}
      >
        <For each={props.bars.levels}>
          {(level, i) => (
            <li class="chip" data-level={level}>
              <span
                aria-hidden="true"
                style={{
                  display: "inline-block",
                  width: "10px",
                  height: "10px",
                  "border-radius": "2px",
                  background: SEVERITY_COLORS[level],
                  "margin-right": "4px",
                }}
              />
              {level}: {props.bars.totals[i()].toLocaleString()}
            </li>
          )}
        </For>
      </ul>
    </figure>
  );
}
