import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import DOMPurify from "dompurify";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import type { Panel } from "../../../../core/contracts/dashboards";
import { snapshotPanel } from "../../api/dashboards";
import { queryExemplars, queryRangeAll, type MatrixSeries } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { exemplarPoints } from "../../charts/exemplars";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { HistogramPanel } from "../explorer/HistogramPanel";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { snapshotData } from "../notebooks/snapshot-data";
import { explorerHref } from "../explorer/url";
import { describeConflict, scopeQuery } from "../explorer/scope-query";
import { chartUnit, ddxHref, formatStat, legendOf, panelQuery } from "./layout";
import { LogsPanel } from "./LogsPanel";
import { ServiceMapPanel } from "./ServiceMapPanel";
import { StatPanel } from "./StatPanel";
import { TracesPanel } from "./TracesPanel";
import type { PanelCtx } from "./panel-ctx";

export type { PanelCtx };

const lastValue = (s: MatrixSeries): number | null => {
  const v = s.values[s.values.length - 1];
  return v ? Number(v[1]) : null;
};

/** One dashboard panel: runs its queries (variables and scope applied) and draws the right view. */
export function PanelView(props: { panel: Panel; ctx: PanelCtx }) {
  const scoped = createMemo(() =>
    props.panel.queries.map((q) => scopeQuery(panelQuery(q.expr, props.ctx.vars), props.ctx.scope)),
  );
  const exprs = createMemo(() => scoped().map((s) => s.query));
  // A query that contradicts the pinned scope shows no number at all: only the conflict, named.
  const conflicts = createMemo(() => scoped().flatMap((s) => s.conflicts));
  // Logs, traces and service-map panels hold a search query, never PromQL, whatever their datasource says.
  const isSearch = () =>
    props.panel.type === "logs" || props.panel.type === "traces" || props.panel.type === "service_map";
  const isMetrics = () =>
    props.panel.datasource === "metrics" && props.panel.type !== "markdown" && !isSearch() && exprs().length > 0;
  const isTimeseries = () => props.panel.type === "timeseries";
  // Floats draw lines, native histograms a heatmap: each query's answer is split, then the parts are joined.
  const data = useQuery(() => ({
    queryKey: [
      ...metricQueries.range(exprs().join("\n"), props.ctx.win.start, props.ctx.win.end, props.ctx.win.step),
      "panel",
    ],
    queryFn: async ({ signal }) => {
      const parts = await Promise.all(
        exprs().map(async (q, i) => {
          const r = await queryRangeAll({ query: q, ...props.ctx.win }, signal);
          const floats = r.floats.map((s) => ({ ...s, legend: legendOf(props.panel.queries[i]?.legend, s.metric) }));
          return { floats, histograms: r.histograms };
        }),
      );
      return { floats: parts.flatMap((p) => p.floats), histograms: parts.flatMap((p) => p.histograms) };
    },
    enabled: isMetrics() && conflicts().length === 0,
    placeholderData: keepPreviousData,
  }));
  // Time series panels show their queries' exemplars as points that open the trace (as Grafana does for a
  // Prometheus data source with exemplars on). A failed exemplar query leaves the chart as it is.
  const exemplars = useQuery(() => ({
    queryKey: [...metricQueries.exemplars(exprs().join("\n"), props.ctx.win.start, props.ctx.win.end), "panel"],
    queryFn: async ({ signal }) =>
      (
        await Promise.all(
          exprs().map((q) =>
            queryExemplars({ query: q, start: props.ctx.win.start, end: props.ctx.win.end }, signal).catch(() => []),
          ),
        )
      ).flat(),
    enabled: isMetrics() && conflicts().length === 0 && isTimeseries(),
    placeholderData: keepPreviousData,
  }));
  const exemplarView = createMemo(
    () =>
      exemplarPoints(exemplars.data ?? [], props.ctx.win.start, props.ctx.win.end, chartUnit(props.panel.unit).scale)
        .points,
  );
  const series = () => data.data?.floats ?? [];
  const histograms = () => data.data?.histograms ?? [];
  const drawsLines = () => isTimeseries() || props.panel.type === "heatmap";
  // A heatmap alone fills the panel's rows (48 px each with the gap, less the header, the colour legend and the
  // series picker when there is one); beside lines it takes a fixed share.
  const picker = () => (histograms().length > 1 ? 44 : 0);
  const heatHeight = () =>
    series().length ? 160 : Math.max(160, Math.min(600, props.panel.gridPos.h * 48 - 125 - picker()));
  const keys = createMemo(() => distinctLabels(series()));
  const labels = createMemo(() => series().map((s) => s.legend || shortLabel(s.metric, keys()) || props.panel.title));
  const scaled = createMemo(() => {
    const k = chartUnit(props.panel.unit).scale;
    return k === 1
      ? series()
      : series().map((s) => ({
          ...s,
          values: s.values.map(([t, v]) => [t, String(Number(v) * k)] as [number, string]),
        }));
  });
  const [snapId, setSnapId] = createSignal<string | null>(null);
  const [snapErr, setSnapErr] = createSignal<unknown>(null);
  const snapshot = async () => {
    setSnapErr(null);
    try {
      const s = await snapshotPanel(props.ctx.dashboardId, props.panel.id, {
        from: props.ctx.win.start,
        to: props.ctx.win.end,
        vars: props.ctx.vars,
        data: isMetrics() ? snapshotData(series(), histograms(), props.ctx.win) : undefined,
        title: props.panel.title,
      });
      setSnapId(s.id);
    } catch (e) {
      setSnapErr(e);
    }
  };
  const thresholds = () => {
    const t = props.panel.options?.thresholds;
    return Array.isArray(t)
      ? t
          .filter((x): x is { value: number; color?: string } => typeof x?.value === "number")
          .map((x) => ({ value: x.value, label: String(x.value), color: x.color }))
      : undefined;
  };
  return (
    <article
      class="card dash-panel"
      classList={{ "dash-panel-fill": isSearch() }}
      aria-label={props.panel.title || props.panel.id}
    >
      <header class="row" style={{ "justify-content": "space-between", "flex-wrap": "nowrap" }}>
        <h2 class="dash-panel-title">{props.panel.title || props.panel.id}</h2>
        <Show when={isMetrics()}>
          <details class="dash-menu">
            <summary aria-label={`Panel menu: ${props.panel.title}`}>⋯</summary>
            <div class="card stack dash-menu-body" role="menu">
              <Link role="menuitem" href={explorerHref(exprs()[0] ?? "")}>
                Open in explorer
              </Link>
              <Link role="menuitem" href={ddxHref(exprs()[0] ?? "", props.ctx.range)}>
                DDx
              </Link>
              <button class="btn" role="menuitem" onClick={() => void snapshot()}>
                {snapId() ? "Snapshot saved" : "Save snapshot"}
              </button>
              <Show when={snapErr()}>
                <ErrorState error={snapErr()} />
              </Show>
              <AddToNotebook
                cell={() => ({
                  type: "snapshot_chart",
                  query: exprs().join("\n"),
                  data: snapshotData(series(), histograms(), props.ctx.win),
                  dashboardId: props.ctx.dashboardId,
                  panelId: props.panel.id,
                  ...(snapId() ? { snapshotId: snapId()! } : {}),
                })}
              />
            </div>
          </details>
        </Show>
      </header>
      <Switch>
        <Match when={props.panel.type === "markdown"}>
          <div class="dash-markdown" innerHTML={DOMPurify.sanitize(props.ctx.markdownHtml ?? "")} />
        </Match>
        <Match when={props.panel.type === "logs"}>
          <LogsPanel panel={props.panel} ctx={props.ctx} />
        </Match>
        <Match when={props.panel.type === "traces"}>
          <TracesPanel panel={props.panel} ctx={props.ctx} />
        </Match>
        <Match when={props.panel.type === "service_map"}>
          <ServiceMapPanel panel={props.panel} ctx={props.ctx} />
        </Match>
        <Match when={!isMetrics()}>
          <p class="muted">
            {props.panel.type} panel: open{" "}
            <Link
              href={
                props.panel.datasource === "logs"
                  ? "/logs"
                  : props.panel.datasource === "traces"
                    ? "/traces"
                    : "/services"
              }
            >
              {props.panel.datasource}
            </Link>{" "}
            for <code>{props.panel.queries[0]?.expr}</code>
          </p>
        </Match>
        <Match when={conflicts().length > 0}>
          <div class="scope-conflict" role="alert" aria-label="Scope conflict">
            <strong>Not shown: this panel contradicts the pinned scope.</strong>
            <ul>
              <For each={conflicts()}>{(c) => <li class="mono">{describeConflict(c)}</li>}</For>
            </ul>
          </div>
        </Match>
        <Match when={data.isError}>
          <ErrorState title="The panel query failed" error={data.error} retry={() => data.refetch()} />
        </Match>
        <Match when={data.isPending}>
          <Loading what="panel" />
        </Match>
        <Match when={series().length === 0 && histograms().length === 0}>
          <Empty title="No data in this range" />
        </Match>
        <Match when={props.panel.type === "heatmap" && histograms().length === 0}>
          <Empty title="No native histograms in this range">
            <p>
              A heatmap panel draws native histograms; this query answers plain series. A time series panel draws them
              as lines.
            </p>
          </Empty>
        </Match>
        <Match when={!drawsLines() && series().length === 0}>
          <Empty title="This query answers native histograms">
            <p>
              A {props.panel.type} panel shows plain numbers: make it a heatmap or time series panel, or wrap the query
              in <code>histogram_quantile(0.99, …)</code> or <code>histogram_count(…)</code>.
            </p>
          </Empty>
        </Match>
        <Match when={props.panel.type === "stat"}>
          <StatPanel panel={props.panel} series={series()} query={exprs()[0] ?? ""} win={props.ctx.win} />
        </Match>
        <Match when={props.panel.type === "table"}>
          <div style={{ "overflow-x": "auto" }}>
            <table aria-label={`${props.panel.title} table`}>
              <thead>
                <tr>
                  <th scope="col">Series</th>
                  <th scope="col">Last value</th>
                </tr>
              </thead>
              <tbody>
                <For each={series()}>
                  {(s, i) => (
                    <tr>
                      <td class="mono">{labels()[i()]}</td>
                      <td>{formatStat(lastValue(s), props.panel.unit)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Match>
        <Match when={true}>
          <div class="stack" style={{ gap: "8px" }}>
            <Show when={histograms().length}>
              <HistogramPanel
                bare
                series={histograms()}
                query={exprs().join(" ; ")}
                step={props.ctx.win.step}
                start={props.ctx.win.start}
                end={props.ctx.win.end}
                utc={props.ctx.utc}
                height={heatHeight()}
              />
            </Show>
            <Show when={series().length}>
              <TimeSeriesChart
                title={props.panel.title}
                data={toAlignedData(scaled())}
                labels={labels()}
                unit={chartUnit(props.panel.unit).unit}
                height={200}
                markers={props.ctx.markers}
                exemplars={exemplarView()}
                thresholds={thresholds()}
                utc={props.ctx.utc}
              />
            </Show>
          </div>
        </Match>
      </Switch>
    </article>
  );
}
