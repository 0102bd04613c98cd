import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import DOMPurify from "dompurify";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import type { Panel } from "../../../../core/contracts/dashboards";
import { snapshotPanel } from "../../api/dashboards";
import { queryRange, type MatrixSeries } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { explorerHref } from "../explorer/url";
import { applyScope } from "../explorer/scope-query";
import { chartUnit, ddxHref, formatStat, panelQuery } from "./layout";
import { LogsPanel } from "./LogsPanel";
import { ServiceMapPanel } from "./ServiceMapPanel";
import { TracesPanel } from "./TracesPanel";
import type { PanelCtx } from "./panel-ctx";

export type { PanelCtx };

const lastValue = (s: MatrixSeries): number | null => {
  const v = s.values[s.values.length - 1];
  return v ? Number(v[1]) : null;
};

/** One dashboard panel: runs its queries (variables and scope applied) and draws the right view. */
export function PanelView(props: { panel: Panel; ctx: PanelCtx }) {
  const exprs = createMemo(() =>
    props.panel.queries.map((q) => applyScope(panelQuery(q.expr, props.ctx.vars), props.ctx.scope)),
  );
  // Logs, traces and service-map panels hold a search query, never PromQL, whatever their datasource says.
  const isSearch = () =>
    props.panel.type === "logs" || props.panel.type === "traces" || props.panel.type === "service_map";
  const isMetrics = () =>
    props.panel.datasource === "metrics" && props.panel.type !== "markdown" && !isSearch() && exprs().length > 0;
  const data = useQuery(() => ({
    queryKey: [
      ...metricQueries.range(exprs().join("\n"), props.ctx.win.start, props.ctx.win.end, props.ctx.win.step),
      "panel",
    ],
    queryFn: async ({ signal }) =>
      (await Promise.all(exprs().map((q) => queryRange({ query: q, ...props.ctx.win }, signal)))).flat(),
    enabled: isMetrics(),
    placeholderData: keepPreviousData,
  }));
  const series = () => data.data ?? [];
  const keys = createMemo(() => distinctLabels(series()));
  const labels = createMemo(() => series().map((s) => shortLabel(s.metric, keys()) || props.panel.title));
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
        data: isMetrics() ? { series: series(), ...props.ctx.win } : undefined,
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
                  data: { series: series(), ...props.ctx.win },
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
        <Match when={data.isError}>
          <ErrorState title="The panel query failed" error={data.error} retry={() => data.refetch()} />
        </Match>
        <Match when={data.isPending}>
          <Loading what="panel" />
        </Match>
        <Match when={series().length === 0}>
          <Empty title="No data in this range" />
        </Match>
        <Match when={props.panel.type === "stat"}>
          <p class="dash-stat" aria-label={`${props.panel.title} value`}>
            {formatStat(lastValue(series()[0]!), props.panel.unit)}
          </p>
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
          <TimeSeriesChart
            title={props.panel.title}
            data={toAlignedData(scaled())}
            labels={labels()}
            unit={chartUnit(props.panel.unit).unit}
            height={200}
            markers={props.ctx.markers}
            thresholds={thresholds()}
            utc={props.ctx.utc}
          />
        </Match>
      </Switch>
    </article>
  );
}
