import { useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { labelNames, queryExemplars, queryRangeAll } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { exemplarPoints } from "../../charts/exemplars";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { createGlobals } from "../../lib/globals";
import { resolveRange, stepFor } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { snapshotData } from "../notebooks/snapshot-data";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { splitBy } from "./builder";
import { HistogramPanel } from "./HistogramPanel";
import { closeCompletions, PromqlEditor } from "./PromqlEditor";
import { QueryBuilder } from "./QueryBuilder";
import { QueryNotes } from "./QueryNotes";
import { ResultTable } from "./ResultTable";
import { addFilter } from "./filter";
import { describeConflict, firstSelector, scopeQuery } from "./scope-query";
import { readExplorerUrl } from "./url";

export default function ExplorerPage() {
  const g = createGlobals();
  const url = createMemo(() => readExplorerUrl(g.params()));
  const [draft, setDraft] = createSignal(url().q);
  // "now" is frozen per run so the query key is stable; Run (or a range change) moves it.
  const [now, setNow] = createSignal(Date.now());
  const run = (q = draft()) => {
    closeCompletions();
    setNow(Date.now());
    setSearch({ q: q || null }, { push: q !== url().q });
  };
  const scoped = createMemo(() => scopeQuery(url().q, g.scope()));
  const effective = () => scoped().query;
  // A query that contradicts the pinned scope runs nowhere: the page names the conflict instead of a number.
  const conflicts = () => scoped().conflicts;
  const win = createMemo(() => {
    const r = resolveRange(g.range(), now());
    return { ...r, step: stepFor(r.start, r.end) };
  });
  const result = useQuery(() => ({
    queryKey: [...metricQueries.range(effective(), win().start, win().end, win().step), "all"],
    queryFn: ({ signal }) => queryRangeAll({ query: effective(), ...win() }, signal),
    enabled: !!effective() && conflicts().length === 0,
    // Old points stay while the range moves, never under another query or scope: no number under a scope it
    // does not respect, even for the moment the new one loads.
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[2] === effective() ? prev : undefined),
  }));
  // Exemplars of the same query and range: points on the chart that open their traces. A failure here never hides
  // the chart; it is named beside the toggle.
  const exemplars = useQuery(() => ({
    queryKey: metricQueries.exemplars(effective(), win().start, win().end),
    queryFn: ({ signal }) => queryExemplars({ query: effective(), start: win().start, end: win().end }, signal),
    enabled: !!effective() && conflicts().length === 0 && url().exemplars && url().view === "graph",
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[2] === effective() ? prev : undefined),
  }));
  const exemplarView = createMemo(() =>
    url().exemplars && exemplars.data
      ? exemplarPoints(exemplars.data, win().start, win().end)
      : { points: [], total: 0 },
  );
  // Floats draw lines; native histograms draw a heatmap (an answer may hold both).
  const series = () => result.data?.floats ?? [];
  const histograms = () => result.data?.histograms ?? [];
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
  const doFilter = (labels: Record<string, string>, exclude: boolean) => {
    const q = addFilter(url().q, labels, exclude);
    setDraft(q);
    run(q);
  };
  // The labels that tell the series apart: what "filter by this" means for a legend entry.
  const seriesLabels = createMemo(() =>
    series().map((s) =>
      Object.fromEntries(
        keys()
          .map((k) => [k, s.metric[k] ?? ""])
          .filter(([, v]) => v !== ""),
      ),
    ),
  );
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
          </Show>
          <Show when={url().q}>
            <AddToNotebook
              cell={() => ({
                type: "snapshot_chart",
                query: effective(),
                data: snapshotData(series(), histograms(), win()),
              })}
            />
          </Show>
        </div>
      </div>
      <div class="card stack" style={{ gap: "8px" }}>
        <PromqlEditor value={draft()} onChange={setDraft} onRun={() => run()} />
        <QueryNotes warnings={result.data?.warnings ?? []} infos={result.data?.infos ?? []} />
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
          <label class="row" title="Points on the chart that link to the trace they were recorded in">
            <input
              type="checkbox"
              checked={url().exemplars}
              onChange={(e) => setSearch({ exemplars: e.currentTarget.checked ? null : "0" })}
            />
            <span>Exemplars</span>
          </label>
          <Show when={url().exemplars && url().view === "graph" && !result.isError}>
            <span class="muted" aria-live="polite" aria-label="Exemplars shown">
              <Switch>
                <Match when={exemplars.isError}>exemplars unavailable: {String(exemplars.error?.message ?? "")}</Match>
                <Match when={exemplarView().total > exemplarView().points.length}>
                  {exemplarView().points.length} newest of {exemplarView().total} exemplars
                </Match>
                <Match when={exemplars.data}>
                  {exemplarView().total} exemplar{exemplarView().total === 1 ? "" : "s"}
                </Match>
              </Switch>
            </span>
          </Show>
          <Show when={result.isFetching}>
            <span class="muted" aria-live="polite">
              updating…
            </span>
          </Show>
        </div>
        <Switch>
          <Match when={conflicts().length > 0}>
            <div class="card scope-conflict" role="alert" aria-label="Scope conflict">
              <strong>Not run: the query contradicts the pinned scope.</strong>
              <ul>
                <For each={conflicts()}>{(c) => <li class="mono">{describeConflict(c)}</li>}</For>
              </ul>
              <p class="muted" style={{ margin: 0 }}>
                Change the query's matcher or unpin the scope.
              </p>
            </div>
          </Match>
          <Match when={result.isError}>
            <ErrorState title="The query failed" error={result.error} retry={() => result.refetch()} />
          </Match>
          <Match when={result.isPending}>
            <Loading what="series" />
          </Match>
          <Match when={series().length === 0 && histograms().length === 0}>
            <Empty title="No data for this query in this range">
              <p>
                Widen the time range, check the metric name and labels, or remove scope chips that filter everything
                out. A split or filter needs the label on every side of the query: check the table of the query before
                it (Back).
              </p>
            </Empty>
          </Match>
          <Match when={url().view === "table"}>
            <ResultTable series={series()} histograms={histograms()} utc={g.utc()} />
          </Match>
          <Match when={true}>
            <Show when={histograms().length}>
              <HistogramPanel
                series={histograms()}
                query={effective()}
                step={win().step}
                start={win().start}
                end={win().end}
                utc={g.utc()}
                onSelect={(a, b) => setSearch({ from: String(a), to: String(b) }, { push: true })}
              />
            </Show>
            <Show when={series().length}>
              <div class="card">
                <TimeSeriesChart
                  title={`${series().length} series`}
                  caption={`${effective()} · step ${win().step}s`}
                  data={aligned()}
                  labels={labels()}
                  series={seriesLabels()}
                  onFilter={doFilter}
                  exemplars={exemplarView().points}
                  utc={g.utc()}
                  onSelect={(a, b) => setSearch({ from: String(a), to: String(b) }, { push: true })}
                />
              </div>
            </Show>
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
