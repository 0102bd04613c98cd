import { For, Show } from "solid-js";
import type { MatrixSeries } from "../../api/prom";
import { seriesLabel } from "../../charts/aligned";
import type { HistSeries } from "../../charts/heatmap";
import { formatValue } from "../../charts/options";
import { formatTime } from "../../lib/time";

/** The latest value of every series, as a table (screen readers and copy-paste get the numbers). */
export function ResultTable(props: { series: MatrixSeries[]; histograms?: HistSeries[]; utc: boolean; unit?: string }) {
  return (
    <div class="table-wrap">
      <table class="tbl" aria-label="Query result">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Last value</th>
            <th scope="col">At</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.series}>
            {(s) => {
              const last = () => s.values[s.values.length - 1];
              return (
                <tr>
                  <td class="mono" style={{ "overflow-wrap": "anywhere" }}>
                    {seriesLabel(s.metric, false)}
                  </td>
                  <td>{formatValue(Number(last()?.[1]), props.unit)}</td>
                  <td class="muted">
                    <Show when={last()}>{formatTime(last()![0] * 1000, props.utc)}</Show>
                  </td>
                </tr>
              );
            }}
          </For>
          <For each={props.histograms ?? []}>
            {(s) => {
              const last = () => s.points[s.points.length - 1];
              return (
                <tr>
                  <td class="mono" style={{ "overflow-wrap": "anywhere" }}>
                    {seriesLabel(s.metric, false)}
                  </td>
                  <td>
                    <Show when={last()}>
                      histogram: count {formatValue(last()!.count)}, sum {formatValue(last()!.sum, props.unit)},{" "}
                      {last()!.buckets.length} buckets
                    </Show>
                  </td>
                  <td class="muted">
                    <Show when={last()}>{formatTime(last()!.t * 1000, props.utc)}</Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}
