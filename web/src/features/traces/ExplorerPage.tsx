import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { searchTraces, traceQueries, traceStats } from "../../api/traces";
import { createGlobals } from "../../lib/globals";
import { describeRange, formatTime } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { createTelemetryWindow } from "./create-window";
import { fmtUs } from "./format";
import { SearchForm } from "./SearchForm";
import { SpanStats } from "./SpanStats";
import { readTraceFilters, traceApiQuery, traceDdxHref, traceFiltersPatch, type TraceFilters } from "./url";
import "./telemetry.css";

export default function TraceExplorerPage() {
  const g = createGlobals();
  const w = createTelemetryWindow(g);
  const f = createMemo(() => readTraceFilters(g.params()), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const q = createMemo(() => traceApiQuery(f(), w.scope(), w.win().start, w.win().end));
  // Span-level filters (service=checkout-service) would hide the callee where errors start, so by default
  // the statistics cover every span in the pinned scope and window; `stats=search` applies the search too.
  const statsAll = () => g.params().get("stats") !== "search";
  const sq = createMemo(() => ({
    ...(statsAll()
      ? traceApiQuery(
          { ...f(), service: "", operation: "", status: "", tags: [], minDuration: "", maxDuration: "" },
          w.scope(),
          w.win().start,
          w.win().end,
        )
      : q()),
    groupBy: f().groupBy,
  }));
  const search = useQuery(() => ({
    queryKey: traceQueries.search(q()),
    queryFn: ({ signal }) => searchTraces({ ...q(), limit: "50" }, signal),
    placeholderData: keepPreviousData,
  }));
  const stats = useQuery(() => ({
    queryKey: traceQueries.stats(sq()),
    queryFn: ({ signal }) => traceStats(sq(), signal),
    placeholderData: keepPreviousData,
  }));
  const submit = (next: TraceFilters) => {
    w.refresh();
    setSearch(traceFiltersPatch(next), { push: true });
  };
  // Clicking a statistics group narrows the search to it (service/operation become filters, others tags).
  const narrow = (key: Record<string, string>) => {
    const n = { ...f(), tags: [...f().tags] };
    for (const [k, v] of Object.entries(key)) {
      if (!v) continue;
      if (k === "service") n.service = v;
      else if (k === "operation") n.operation = v;
      else if (!n.tags.some((t) => t.startsWith(`${k}=`))) n.tags.push(`${k}=${v}`);
    }
    submit(n);
  };
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Trace explorer</h1>
        <Link class="btn" href={traceDdxHref(f(), w.win().start, w.win().end)}>
          Trace DDx
        </Link>
      </div>
      <SearchForm value={f()} onSubmit={submit} />
      <p class="muted" style={{ margin: 0 }}>
        {describeRange(g.range(), g.utc())}; statistics compare with the same window one hour earlier.
      </p>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h2 style={{ margin: 0 }}>Span statistics</h2>
        <label class="field" style={{ "flex-direction": "row", "align-items": "center" }}>
          Covering
          <select
            aria-label="Statistics cover"
            value={statsAll() ? "all" : "search"}
            onChange={(e) => setSearch({ stats: e.currentTarget.value === "search" ? "search" : null })}
          >
            <option value="all">all spans in scope</option>
            <option value="search">spans matching the search</option>
          </select>
        </label>
      </div>
      <Switch>
        <Match when={stats.isError}>
          <ErrorState error={stats.error} retry={() => stats.refetch()} title="Could not compute span statistics" />
        </Match>
        <Match when={stats.isPending}>
          <Loading what="span statistics" />
        </Match>
        <Match when={!stats.data?.rows.length}>
          <Empty title="No spans match">
            <p>Widen the time range, remove a tag, or clear the pinned scope.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <p class="muted" style={{ margin: 0, "font-size": "12px" }}>
            <span class="tl-bad">⚠ Leaf errors</span> are error spans with no failing child: where the failure starts.
            Select a group to filter by it.
          </p>
          <SpanStats data={stats.data!} onFilter={narrow} />
        </Match>
      </Switch>
      <h2 style={{ margin: 0 }}>Traces</h2>
      <Switch>
        <Match when={search.isError}>
          <ErrorState error={search.error} retry={() => search.refetch()} title="Trace search failed" />
        </Match>
        <Match when={search.isPending}>
          <Loading what="traces" />
        </Match>
        <Match when={!search.data?.traces.length}>
          <Empty title="No traces match">
            <p>
              Traces arrive through <code>/v1/traces</code>. Widen the time range or loosen the filters.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <div class="table-wrap">
            <table class="tbl" aria-label="Traces">
              <thead>
                <tr>
                  <th scope="col">Root</th>
                  <th scope="col" class="hide-phone">
                    Start
                  </th>
                  <th scope="col" class="tl-num">
                    Duration
                  </th>
                  <th scope="col" class="tl-num hide-phone">
                    Spans
                  </th>
                  <th scope="col" class="tl-num">
                    Errors
                  </th>
                  <th scope="col" class="hide-phone">
                    Services
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={search.data!.traces}>
                  {(t) => (
                    <tr>
                      <td style={{ "overflow-wrap": "anywhere" }}>
                        <Link class="tl-cell-link" href={`/traces/${t.traceId}`}>
                          {t.rootService}: {t.rootOperation}
                        </Link>
                        <Show when={!t.hasRoot}>
                          {" "}
                          <span class="chip" title="The root span has not arrived">
                            no root
                          </span>
                        </Show>
                      </td>
                      <td class="hide-phone mono">{formatTime(t.startUs / 1000, g.utc())}</td>
                      <td class="tl-num">{fmtUs(t.durationUs)}</td>
                      <td class="tl-num hide-phone">{t.spanCount}</td>
                      <td class="tl-num" classList={{ "tl-bad": t.errorCount > 0 }}>
                        {t.errorCount > 0 ? `⚠ ${t.errorCount}` : "0"}
                      </td>
                      <td class="hide-phone" style={{ "overflow-wrap": "anywhere" }}>
                        {t.services.join(", ")}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={search.data!.truncated}>
            <p class="muted">Some shards hit their scan limit; narrow the time range to see every trace.</p>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
