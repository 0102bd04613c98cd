import { useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { ddxQueries, type DdxSignal, type MetricDdx, runMetricDdx } from "../../api/ddx";
import { colorFor } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { createGlobals } from "../../lib/globals";
import { parseScope } from "../../lib/scope";
import { formatTime, resolveRange } from "../../lib/time";
import { navigate } from "../../lib/router";
import { setSearch, withGlobals } from "../../lib/url-state";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { filterHref } from "../explorer/filter";
import { explorerHref } from "../explorer/url";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { ratePct } from "./divergence";
import { DdxLegend } from "./Legend";
import { MetricRow } from "./MetricRow";

const SIGNALS: { value: DdxSignal; label: string }[] = [
  { value: "auto", label: "error rate when traffic is known" },
  { value: "rate", label: "error rate" },
  { value: "volume", label: "volume" },
];

/** Metric DDx: which label=value pairs explain the change of a query in the range, against the baseline in time
 * and against the rest of the traffic at the same moments. */
export function MetricDdxView() {
  const g = createGlobals();
  const q = () => g.params().get("q") ?? "";
  const baseline = () => g.params().get("baseline") ?? "previous";
  const signal = (): DdxSignal => {
    const s = g.params().get("signal");
    return s === "rate" || s === "volume" ? s : "auto";
  };
  // An alert's DDx narrows to the alert's own signal (`match=environment=production`): both it and the pinned
  // scope must hold, so they travel as a matcher list rather than one object.
  const alertMatch = createMemo(() => parseScope(g.params().getAll("match")));
  const req = createMemo(() => {
    const w = resolveRange(g.range(), Math.floor(Date.now() / 60_000) * 60_000);
    const scope = [...g.scope(), ...alertMatch()].map((c) => ({ name: c.key, op: "=" as const, value: c.value }));
    return {
      query: q(),
      window: { start: w.start, end: w.end },
      baseline: { mode: baseline() },
      scope,
      signal: signal(),
    };
  });
  const ddx = useQuery(() => ({
    queryKey: ddxQueries.metric(req()),
    queryFn: () => runMetricDdx(req()),
    enabled: !!q(),
    staleTime: 60_000,
  }));
  const out = () => ddx.data?.output;
  const top = () => out()?.ranked ?? [];
  const causes = () => top().filter((r) => (r.kind ?? "cause") === "cause");
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
        <label class="row">
          <span>Analyse as</span>
          <select
            aria-label="Analyse as"
            value={signal()}
            onChange={(e) => setSearch({ signal: e.currentTarget.value === "auto" ? null : e.currentTarget.value })}
          >
            <For each={SIGNALS}>{(s) => <option value={s.value}>{s.label}</option>}</For>
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
        <Match when={true}>
          <Resolved data={ddx.data} utc={g.utc()} />
          <For each={out()?.warnings ?? []}>
            {(w) => (
              <p class="muted" role="note" style={{ margin: 0 }}>
                Note: {w}
              </p>
            )}
          </For>
          <DdxLegend mode={out()?.mode} />
          <Show when={causes().length === 0}>
            <Empty title="Nothing stands out">
              <p>{out()?.empty ?? "No label value differs between the range and the baseline."}</p>
            </Empty>
          </Show>
          <Show when={top().length}>
            <ol
              class="stack"
              style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}
              aria-label="Ranked differences"
            >
              <For each={top()}>{(r, i) => <MetricRow row={r} rank={i() + 1} utc={g.utc()} query={q()} />}</For>
            </ol>
          </Show>
          <Combinations data={ddx.data} />
          <h2>Per label</h2>
          <div class="grid2">
            <For each={(out()?.smallMultiples ?? []).slice(0, 6)}>
              {(m) => (
                <div class="card">
                  <TimeSeriesChart
                    title={`${m.unit === "rate" ? "error rate (%)" : "signal"} by ${m.label}`}
                    caption="in the range"
                    height={160}
                    utc={g.utc()}
                    data={[
                      m.window.timestamps.map((t) => t / 1000),
                      ...m.window.series.map((s) =>
                        m.unit === "rate" ? s.values.map((v) => (v === null ? null : v * 100)) : s.values,
                      ),
                    ]}
                    labels={m.window.series.map((s) => s.value)}
                    series={m.window.series.map((s) => ({ [m.label]: s.value }))}
                    onFilter={(l, exclude) =>
                      navigate(withGlobals(filterHref(q(), m.label, l[m.label] ?? "", exclude), location.search))
                    }
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

/** Pairs that only diverge together: the errors sit where both labels meet. */
function Combinations(props: { data: MetricDdx | undefined }) {
  const list = () => props.data?.output.combinations ?? [];
  return (
    <Show when={list().length}>
      <div class="card" aria-label="Together">
        <strong>Where they meet</strong>
        <ul style={{ margin: "4px 0 0", "padding-left": "20px" }}>
          <For each={list()}>
            {(c) => (
              <li style={{ "overflow-wrap": "anywhere" }}>
                <code>{c.pairs.map((p) => `${p.label}=${p.value}`).join(" and ")}</code>:{" "}
                {Math.round(c.windowShare * 100)}% of errors on {Math.round(c.trafficShare * 100)}% of traffic, error
                rate {ratePct(c.rate)} vs {ratePct(c.restRate)} elsewhere
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
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
          <Show when={res().reduced?.length}> ({res().reduced!.join(", ")})</Show>
          <Show when={res().traffic}>
            {(t) => (
              <>
                {" "}
                as an error rate over <code>{t().query}</code>
                <Show when={t().reduced?.length}> ({t().reduced!.join(", ")})</Show>
              </>
            )}
          </Show>
          , range {formatTime(res().window.start, props.utc)} – {formatTime(res().window.end, props.utc)} against{" "}
          {formatTime(res().baseline.start, props.utc)} – {formatTime(res().baseline.end, props.utc)}.
        </p>
      )}
    </Show>
  );
}
