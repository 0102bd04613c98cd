import { For, Show } from "solid-js";
import type { MatrixSeries } from "../../api/prom";
import { seriesLabel } from "../../charts/aligned";
import { formatValue } from "../../charts/options";
import { formatTime } from "../../lib/time";

/** The latest value of every series, as a table (screen readers and copy-paste get the numbers). */
export function ResultTable(props: { series: MatrixSeries[]; utc: boolean; unit?: string }) {
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
        </tbody>
      </table>
    </div>
  );
}
