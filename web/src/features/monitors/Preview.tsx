import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { queryInstant, queryRange } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { stepFor } from "../../lib/time";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { previewSignals, type MonitorForm } from "./form";

/** Live preview: the query over the last hour with the threshold lines, and what would breach now. */
export function Preview(props: { form: MonitorForm; query: string; at: number }) {
  const win = () => ({ start: props.at - 3_600_000, end: props.at, step: stepFor(props.at - 3_600_000, props.at) });
  const range = useQuery(() => ({
    queryKey: [...metricQueries.range(props.query, win().start, win().end, win().step), "monitor-preview"],
    queryFn: ({ signal }) => queryRange({ query: props.query, ...win() }, signal),
    enabled: !!props.query.trim(),
    placeholderData: keepPreviousData,
  }));
  const now = useQuery(() => ({
    queryKey: ["monitor-preview-now", props.query, props.at],
    queryFn: ({ signal }) => queryInstant({ query: props.query, time: props.at }, signal),
    enabled: !!props.query.trim(),
  }));
  const series = () => range.data ?? [];
  const keys = createMemo(() => distinctLabels(series()));
  const thresholds = () =>
    (["critical", "warning"] as const)
      .filter(
        (s) =>
          props.form[s].enabled &&
          props.form[s].threshold.trim() !== "" &&
          Number.isFinite(Number(props.form[s].threshold)),
      )
      .map((s) => ({
        value: Number(props.form[s].threshold),
        label: s,
        color: s === "critical" ? "#f85149" : "#d29922",
      }));
  const signals = createMemo(() => {
    const d = now.data;
    if (!d || d.resultType !== "vector") return [];
    return previewSignals(
      d.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) })),
      props.form,
    );
  });
  return (
    <section class="card stack" aria-label="Live preview">
      <h2 style={{ margin: 0, "font-size": "16px" }}>Preview (last hour)</h2>
      <Switch>
        <Match when={!props.query.trim()}>
          <Empty title="Write a query to preview it" />
        </Match>
        <Match when={range.isError}>
          <ErrorState title="The query failed" error={range.error} />
        </Match>
        <Match when={range.isPending}>
          <Loading what="preview" />
        </Match>
        <Match when={series().length === 0}>
          <Empty title="No data for this query in the last hour" />
        </Match>
        <Match when={true}>
          <TimeSeriesChart
            title="Monitor query"
            data={toAlignedData(series())}
            labels={series().map((s) => shortLabel(s.metric, keys()))}
            thresholds={thresholds()}
            height={220}
          />
        </Match>
      </Switch>
      <Show when={signals().length}>
        <table aria-label="Signals now">
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Value</th>
              <th scope="col">Would be</th>
            </tr>
          </thead>
          <tbody>
            <For each={signals()}>
              {(s) => (
                <tr>
                  <td class="mono" style={{ "overflow-wrap": "anywhere" }}>
                    {s.signal}
                  </td>
                  <td>{Number(s.value.toPrecision(4))}</td>
                  <td>{s.severity ? `${s.severity} (firing after sustain)` : "ok"}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
