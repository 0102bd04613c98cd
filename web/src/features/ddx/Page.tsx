import { useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { ddxQueries, runMetricDdx, type MetricDdx } from "../../api/ddx";
import { colorFor } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { createGlobals } from "../../lib/globals";
import { parseScope } from "../../lib/scope";
import { formatTime, resolveRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { explorerHref } from "../explorer/url";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { CorrelatedChange } from "./CorrelatedChange";
import { TraceDdxView } from "./TraceDdx";

/** DDx: `kind=traces` ranks span attributes (TraceDdx.tsx); otherwise metric DDx on `q`. */
export default function DdxPage() {
  const g = createGlobals();
  return (
    <Show when={g.params().get("kind") === "traces"} fallback={<MetricDdxView />}>
      <TraceDdxView />
    </Show>
  );
}

/** Metric DDx: which label=value pairs explain the change of a query in the range against a baseline. */
function MetricDdxView() {
  const g = createGlobals();
  const q = () => g.params().get("q") ?? "";
  const baseline = () => g.params().get("baseline") ?? "previous";
  // An alert's DDx narrows to the alert's own signal (`match=environment=production`): both it and the pinned
  // scope must hold, so they travel as a matcher list rather than one object.
  const alertMatch = createMemo(() => parseScope(g.params().getAll("match")));
  const req = createMemo(() => {
    const w = resolveRange(g.range(), Math.floor(Date.now() / 60_000) * 60_000);
    const scope = [...g.scope(), ...alertMatch()].map((c) => ({ name: c.key, op: "=" as const, value: c.value }));
    return { query: q(), window: { start: w.start, end: w.end }, baseline: { mode: baseline() }, scope };
  });
  const ddx = useQuery(() => ({
    queryKey: ddxQueries.metric(req()),
    queryFn: () => runMetricDdx(req()),
    enabled: !!q(),
    staleTime: 60_000,
  }));
  const top = () => ddx.data?.output.ranked ?? [];
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>DDx: what is different?</h1>
        <div class="row">
          <Show when={q()}>
            <Link class="btn" href={explorerHref(q())}>
              Open in explorer
            </Link>
          </Show>
          <Show when={ddx.data}>
            <AddToNotebook cell={() => ({ type: "ddx", kind: "metric", query: q(), result: ddx.data ?? null })} />
          </Show>
        </div>
      </div>
      <Show when={alertMatch().length}>
        <div class="row" aria-label="Alert signal">
          <span class="muted">For the alert's signal</span>
          <For each={alertMatch()}>{(c) => <Chip label={`${c.key}=${c.value}`} />}</For>
        </div>
      </Show>
      <div class="row">
        <code style={{ "overflow-wrap": "anywhere", flex: "1 1 320px", "min-width": 0 }}>{q() || "no query"}</code>
        <label class="row">
          <span>Compare with</span>
          <select
            aria-label="Baseline"
            value={baseline()}
            onChange={(e) =>
              setSearch({ baseline: e.currentTarget.value === "previous" ? null : e.currentTarget.value })
            }
          >
            <option value="previous">the period before</option>
            <option value="1h">one hour earlier</option>
            <option value="1d">one day earlier</option>
          </select>
        </label>
      </div>
      <Switch>
        <Match when={!q()}>
          <Empty title="Start a DDx from a query">
            <p>Use the DDx button in the Metrics explorer, on an alert or a dashboard panel.</p>
          </Empty>
        </Match>
        <Match when={ddx.isError}>
          <ErrorState error={ddx.error} retry={() => ddx.refetch()} />
        </Match>
        <Match when={ddx.isPending}>
          <Loading what="differential diagnosis" />
        </Match>
        <Match when={top().length === 0}>
          <Resolved data={ddx.data} utc={g.utc()} />
          <Empty title="Nothing stands out">
            <p>No label value differs between the range and the baseline. Try a wider range or another baseline.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <Resolved data={ddx.data} utc={g.utc()} />
          <ol
            class="stack"
            style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}
            aria-label="Ranked differences"
          >
            <For each={top()}>
              {(r, i) => (
                <li class="card">
                  <div class="row">
                    <strong>#{i() + 1}</strong>
                    <Chip label={`${r.label}=${r.value}`} class={i() < 2 ? "sev-critical" : ""} />
                    <span>score {r.score.toFixed(2)}</span>
                    <Show when={r.newInWindow}>
                      <Chip label="new in range" class="sev-warning" />
                    </Show>
                    <span class="muted">
                      {(r.windowShare * 100).toFixed(1)}% of the range vs {(r.baselineShare * 100).toFixed(1)}% of the
                      baseline
                    </span>
                  </div>
                  <p class="muted" style={{ margin: "4px 0 0" }}>
                    {r.explanation}
                  </p>
                  <CorrelatedChange change={r.change} utc={g.utc()} />
                </li>
              )}
            </For>
          </ol>
          <h2>Per label</h2>
          <div class="grid2">
            <For each={(ddx.data?.output.smallMultiples ?? []).slice(0, 6)}>
              {(m) => (
                <div class="card">
                  <TimeSeriesChart
                    title={`by ${m.label}`}
                    caption="in the range"
                    height={160}
                    utc={g.utc()}
                    data={[m.window.timestamps.map((t) => t / 1000), ...m.window.series.map((s) => s.values)]}
                    labels={m.window.series.map((s) => s.value)}
                  />
                  <span class="sr-only">{m.window.series.map((s, i) => `${colorFor(i)} ${s.value}`).join(", ")}</span>
                </div>
              )}
            </For>
          </div>
        </Match>
      </Switch>
    </section>
  );
}

/** What DDx actually broke down, and how it got there from the query (e.g. the numerator of an alert's ratio). */
function Resolved(props: { data: MetricDdx | undefined; utc: boolean }) {
  const r = () => props.data?.input?.resolved;
  return (
    <Show when={r()}>
      {(res) => (
        <p class="muted" aria-label="What DDx broke down" style={{ margin: 0, "overflow-wrap": "anywhere" }}>
          Breaks down <code>{res().query}</code>
          <Show when={res().reduced?.length}> ({res().reduced!.join(", ")})</Show>, range{" "}
          {formatTime(res().window.start, props.utc)} – {formatTime(res().window.end, props.utc)} against{" "}
          {formatTime(res().baseline.start, props.utc)} – {formatTime(res().baseline.end, props.utc)}.
        </p>
      )}
    </Show>
  );
}
