import { createMemo, createSignal, For, Show } from "solid-js";
import { distinctLabels, shortLabel } from "../../charts/aligned";
import { boundUnit, type HistSeries, valueName } from "../../charts/heatmap";
import { HeatmapChart } from "../../charts/HeatmapChart";

/** The native histogram series of an answer as a heatmap, one series at a time (a picker when there are more).
 * The explorer, dashboard panels and notebook cells all draw histograms through this one component. */
export function HistogramPanel(props: {
  series: HistSeries[];
  query: string;
  step: number;
  start?: number;
  end?: number;
  utc: boolean;
  onSelect?: (startMs: number, endMs: number) => void;
  /** Inside a card already (a dashboard panel, a notebook cell): no card of its own. */
  bare?: boolean;
  height?: number;
}) {
  const [picked, setPicked] = createSignal(0);
  const keys = createMemo(() => distinctLabels(props.series));
  const labels = createMemo(() =>
    props.series.map((s) => shortLabel(s.metric, keys()) || s.metric.__name__ || props.query),
  );
  const index = () => Math.min(picked(), props.series.length - 1);
  const current = () => props.series[index()];
  const n = () => props.series.length;
  return (
    <div class="stack" classList={{ card: !props.bare }} style={{ gap: "8px" }}>
      <Show when={n() > 1}>
        <label class="row series-pick">
          <span>Histogram series</span>
          <select
            aria-label="Histogram series"
            value={String(index())}
            onChange={(e) => setPicked(Number(e.currentTarget.value))}
          >
            <For each={labels()}>{(l, i) => <option value={String(i())}>{l}</option>}</For>
          </select>
        </label>
      </Show>
      <HeatmapChart
        series={current()}
        step={props.step}
        start={props.start}
        end={props.end}
        title={`Native histogram${n() > 1 ? ` ${index() + 1} of ${n()}` : ""}: ${labels()[index()]}`}
        caption={props.step > 0 ? `${props.query} · step ${props.step}s` : props.query}
        valueName={valueName(props.query)}
        unit={boundUnit(props.query, current().metric)}
        utc={props.utc}
        height={props.height}
        onSelect={props.onSelect}
      />
    </div>
  );
}
