import { createMemo, Show } from "solid-js";
import { distinctLabels, shortLabel, toAlignedData, type SeriesIn } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";

/** A chart frozen at the time it was added: the series are stored in the cell, not re-queried. */
export function SnapshotChart(props: { query: string; data: unknown; utc: boolean }) {
  const series = createMemo<SeriesIn[]>(() => {
    const d = props.data as { series?: SeriesIn[] } | SeriesIn[] | null;
    const s = Array.isArray(d) ? d : (d?.series ?? []);
    return s.filter((x) => x && typeof x === "object" && Array.isArray(x.values));
  });
  const keys = createMemo(() => distinctLabels(series()));
  return (
    <Show when={series().length} fallback={<code>{props.query}</code>}>
      <TimeSeriesChart
        title="Snapshot"
        caption={props.query}
        data={toAlignedData(series())}
        labels={series().map((s) => shortLabel(s.metric, keys()))}
        utc={props.utc}
        height={200}
      />
    </Show>
  );
}
