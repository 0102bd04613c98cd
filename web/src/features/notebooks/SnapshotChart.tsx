import { createMemo, Show } from "solid-js";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { HistogramPanel } from "../explorer/HistogramPanel";
import { readSnapshot } from "./snapshot-data";

/** A chart frozen at the time it was added: the series are stored in the cell, not re-queried. Native histograms
 * draw the same heatmap as the explorer, above the lines of a mixed answer. */
export function SnapshotChart(props: { query: string; data: unknown; utc: boolean }) {
  const snap = createMemo(() => readSnapshot(props.data));
  const series = () => snap().series;
  const keys = createMemo(() => distinctLabels(series()));
  return (
    <Show when={series().length || snap().histograms.length} fallback={<code>{props.query}</code>}>
      <div class="stack" style={{ gap: "8px" }}>
        <Show when={snap().problem}>
          <p class="muted" role="note">
            The histograms of this snapshot could not be read: {snap().problem}
          </p>
        </Show>
        <Show when={snap().histogramStep}>
          <p class="muted" role="note">
            One step in {Math.round((snap().histogramStep ?? 0) / (snap().step ?? 1))} of the histograms kept, to fit a
            notebook cell: each column here spans {snap().histogramStep} s.
          </p>
        </Show>
        <Show when={snap().histograms.length}>
          <HistogramPanel
            bare
            series={snap().histograms}
            query={props.query}
            step={snap().histogramStep ?? snap().step ?? 0}
            start={snap().start}
            end={snap().end}
            utc={props.utc}
            height={240}
          />
        </Show>
        <Show when={series().length}>
          <TimeSeriesChart
            title="Snapshot"
            caption={props.query}
            data={toAlignedData(series())}
            labels={series().map((s) => shortLabel(s.metric, keys()))}
            utc={props.utc}
            height={200}
          />
        </Show>
      </div>
    </Show>
  );
}
