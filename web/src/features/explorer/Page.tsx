import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { labelNames, queryRange } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { createGlobals } from "../../lib/globals";
import { resolveRange, stepFor } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { splitBy } from "./builder";
import { PromqlEditor } from "./PromqlEditor";
import { QueryBuilder } from "./QueryBuilder";
import { ResultTable } from "./ResultTable";
import { applyScope, firstSelector } from "./scope-query";
import { readExplorerUrl } from "./url";

export default function ExplorerPage() {
  const g = createGlobals();
  const url = createMemo(() => readExplorerUrl(g.params()));
  const [draft, setDraft] = createSignal(url().q);
  // "now" is frozen per run so the query key is stable; Run (or a range change) moves it.
  const [now, setNow] = createSignal(Date.now());
  const run = (q = draft()) => {
    setNow(Date.now());
    setSearch({ q: q || null }, { push: q !== url().q });
  };
  const effective = createMemo(() => applyScope(url().q, g.scope()));
  const win = createMemo(() => {
    const r = resolveRange(g.range(), now());
    return { ...r, step: stepFor(r.start, r.end) };
  });
  const result = useQuery(() => ({
    queryKey: metricQueries.range(effective(), win().start, win().end, win().step),
    queryFn: ({ signal }) => queryRange({ query: effective(), ...win() }, signal),
    enabled: !!effective(),
    placeholderData: keepPreviousData,
  }));
  const series = () => result.data ?? [];
  const keys = createMemo(() => distinctLabels(series()));
  const labels = createMemo(() => series().map((s) => shortLabel(s.metric, keys())));
  const aligned = createMemo(() => toAlignedData(series()));
  const selector = createMemo(() => (url().q ? firstSelector(url().q) : null));
  const selectorLabels = useQuery(() => ({
    queryKey: metricQueries.labels(selector() ?? ""),
    queryFn: () => labelNames(selector()!),
    enabled: !!selector(),
    staleTime: 60_000,
  }));
  const splitOptions = createMemo(() => {
    const ks = new Set<string>(selectorLabels.data?.filter((k) => k !== "__name__") ?? []);
    for (const s of series()) for (const k of Object.keys(s.metric)) if (k !== "__name__") ks.add(k);
    return [...ks].sort();
  });
  const doSplit = (label: string) => {
    const q = splitBy(url().q, label);
    setDraft(q);
    run(q);
  };
  const ddxHref = () => `/ddx?${new URLSearchParams({ q: url().q }).toString()}`;

  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Metrics explorer</h1>
        <div class="row">
          <Show when={url().q}>
            <Link class="btn" href={ddxHref()}>
              DDx
            </Link>
            <AddToNotebook
              cell={() => ({
                type: "snapshot_chart",
                query: effective(),
                data: { series: series(), start: win().start, end: win().end, step: win().step },
              })}
            />
          </Show>
        </div>
      </div>
      <div class="card stack" style={{ gap: "8px" }}>
        <PromqlEditor value={draft()} onChange={setDraft} onRun={() => run()} />
        <div class="row">
          <button class="btn primary" onClick={() => run()}>
            Run query
          </button>
          <span class="muted hide-phone">Ctrl+Enter runs · drag on the chart to zoom</span>
          <Show when={g.scope().length && url().q}>
            <span class="muted" style={{ "overflow-wrap": "anywhere" }}>
              with scope: <code>{effective()}</code>
            </span>
          </Show>
        </div>
        <details>
          <summary style={{ cursor: "pointer", "min-height": "32px" }}>Query builder</summary>
          <QueryBuilder onUse={(q) => (setDraft(q), run(q))} />
        </details>
      </div>
      <Show
        when={url().q}
        fallback={
          <Empty title="Write a PromQL query or build one">
            <p>
              Try <code>sum by (status) (rate(checkout_http_requests_total[5m]))</code>. Metrics arrive through
              Prometheus remote_write at <code>/api/v1/write</code> or OTLP at <code>/v1/metrics</code>.
            </p>
          </Empty>
        }
      >
        <div class="row" role="toolbar" aria-label="Result options">
          <div role="tablist" aria-label="Result view" class="row">
            <button
              class="btn"
              role="tab"
              aria-selected={url().view === "graph"}
              onClick={() => setSearch({ view: null })}
            >
              Graph
            </button>
            <button
              class="btn"
              role="tab"
              aria-selected={url().view === "table"}
              onClick={() => setSearch({ view: "table" })}
            >
              Table
            </button>
          </div>
          <label class="row">
            <span>Split by</span>
            <select
              aria-label="Split by label"
              value=""
              onChange={(e) => e.currentTarget.value && doSplit(e.currentTarget.value)}
            >
              <option value="">label…</option>
              <For each={splitOptions()}>{(k) => <option value={k}>{k}</option>}</For>
            </select>
          </label>
          <Show when={result.isFetching}>
            <span class="muted" aria-live="polite">
              updating…
            </span>
          </Show>
        </div>
        <Switch>
          <Match when={result.isError}>
            <ErrorState title="The query failed" error={result.error} retry={() => result.refetch()} />
          </Match>
          <Match when={result.isPending}>
            <Loading what="series" />
          </Match>
          <Match when={series().length === 0}>
            <Empty title="No data for this query in this range">
              <p>
                Widen the time range, check the metric name and labels, or remove scope chips that filter everything
                out.
              </p>
            </Empty>
          </Match>
          <Match when={url().view === "table"}>
            <ResultTable series={series()} utc={g.utc()} />
          </Match>
          <Match when={true}>
            <div class="card">
              <TimeSeriesChart
                title={`${series().length} series`}
                caption={`${effective()} · step ${win().step}s`}
                data={aligned()}
                labels={labels()}
                utc={g.utc()}
                onSelect={(a, b) => setSearch({ from: String(a), to: String(b) }, { push: true })}
              />
            </div>
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
