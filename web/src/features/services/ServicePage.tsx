import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { serviceGraph, serviceQueries, type Red } from "../../api/services";
import { createGlobals } from "../../lib/globals";
import { describeRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { createTelemetryWindow } from "../traces/create-window";
import { fmtFactor, fmtMs, fmtPct, fmtRate } from "../traces/format";
import { DependencyMap, type MapSelection } from "./DependencyMap";
import { selectionLinks } from "./links";
import { edgeStyle } from "./map-layout";
import { RedCharts } from "./RedCharts";
import { COMPARE_CHOICES, compareOffset, figureSource, readCompare } from "./figure-source";
import "../traces/telemetry.css";
import "./services.css";

function Stat(props: { label: string; value: string; was: string; factor: number | null; bad?: boolean }) {
  return (
    <div class="card" role="group" aria-label={props.label}>
      <div class="muted" style={{ "font-size": "12px" }}>
        {props.label}
      </div>
      <div style={{ "font-size": "1.5rem", "font-weight": 600 }} classList={{ "tl-bad": !!props.bad }}>
        {props.value}
      </div>
      <div class="muted" style={{ "font-size": "12px" }}>
        baseline {props.was}
        <Show when={fmtFactor(props.factor)}> · {fmtFactor(props.factor)}</Show>
      </div>
    </div>
  );
}

/** `sel=node:NAME` or `sel=edge:A>B` in the URL keeps the clicked part of the map. */
function readSel(v: string | null): MapSelection | null {
  if (!v) return null;
  if (v.startsWith("node:")) return { kind: "node", id: v.slice(5) };
  const m = /^edge:(.+)>(.+)$/.exec(v);
  return m ? { kind: "edge", source: m[1], target: m[2] } : null;
}
const writeSel = (s: MapSelection) => (s.kind === "node" ? `node:${s.id}` : `edge:${s.source}>${s.target}`);

export default function ServicePage(props: { params: Record<string, string> }) {
  const g = createGlobals();
  const w = createTelemetryWindow(g);
  const name = () => props.params.name;
  const compare = () => readCompare(g.params().get("compare"));
  const q = () => ({
    service: name(),
    start: String(w.win().start),
    end: String(w.win().end),
    scope: w.scope().length ? w.scope() : undefined,
    compareOffset: compareOffset(compare(), w.win()),
  });
  const graph = useQuery(() => ({
    queryKey: serviceQueries.graph(q()),
    queryFn: ({ signal }) => serviceGraph(q(), signal),
    placeholderData: keepPreviousData,
  }));
  const self = createMemo(() => graph.data?.nodes.find((n) => n.id === name()));
  const sel = createMemo(() => readSel(g.params().get("sel")));
  const externals = createMemo(
    () => new Set((graph.data?.nodes ?? []).filter((n) => n.kind === "external").map((n) => n.id)),
  );
  const links = createMemo(() => {
    const s = sel() ?? { kind: "node" as const, id: name() };
    return selectionLinks(s, w.win().start, w.win().end, (id) => externals().has(id));
  });
  const red = (r: Red | undefined) =>
    r ?? { requestsPerMin: 0, errorsPerMin: 0, errorRate: 0, p50Ms: null, p99Ms: null };
  return (
    <section class="stack">
      <nav aria-label="Breadcrumb" class="muted">
        <Link href="/services">Services</Link> / {name()}
      </nav>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0, "overflow-wrap": "anywhere" }}>{name()}</h1>
        <button class="btn" onClick={() => w.refresh()}>
          Refresh
        </button>
      </div>
      <div class="row" style={{ "justify-content": "space-between", "align-items": "center" }}>
        <p class="muted" style={{ margin: 0 }} aria-label="Where the figures come from">
          {figureSource(self(), graph.data?.sources)} · {describeRange(g.range(), g.utc())}
        </p>
        <label class="row muted" style={{ gap: "6px", "font-size": "13px" }}>
          Compare with{" "}
          <select
            value={compare()}
            onChange={(e) => setSearch({ compare: e.currentTarget.value === "1h" ? null : e.currentTarget.value })}
          >
            <For each={COMPARE_CHOICES}>{(c) => <option value={c.value}>{c.label}</option>}</For>
          </select>
        </label>
      </div>
      <Switch>
        <Match when={graph.isError}>
          <ErrorState error={graph.error} retry={() => graph.refetch()} title="Could not load the service map" />
        </Match>
        <Match when={graph.isPending}>
          <Loading what="service map" />
        </Match>
        <Match when={!self() && !graph.data?.edges.length}>
          <Empty title={`No spans from ${name()} in this window`}>
            <p>
              Widen the time range, clear the pinned scope, or check the service name on the{" "}
              <Link href="/services">services list</Link>.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <div class="grid2" style={{ "grid-template-columns": "repeat(auto-fit, minmax(150px, 1fr))" }}>
            <Stat
              label="Requests/min"
              value={fmtRate(red(self()?.current).requestsPerMin)}
              was={fmtRate(red(self()?.baseline).requestsPerMin)}
              factor={self()?.change.requestsPerMin ?? null}
            />
            <Stat
              label="Errors/min"
              value={fmtRate(red(self()?.current).errorsPerMin)}
              was={fmtRate(red(self()?.baseline).errorsPerMin)}
              factor={self()?.change.errorsPerMin ?? null}
              bad={red(self()?.current).errorRate >= 0.05}
            />
            <Stat
              label="Error rate"
              value={fmtPct(red(self()?.current).errorRate)}
              was={fmtPct(red(self()?.baseline).errorRate)}
              factor={null}
              bad={red(self()?.current).errorRate >= 0.05}
            />
            <Stat
              label="p99 latency"
              value={fmtMs(red(self()?.current).p99Ms)}
              was={fmtMs(red(self()?.baseline).p99Ms)}
              factor={self()?.change.p99Ms ?? null}
            />
          </div>
          <RedCharts service={name()} win={w.win()} range={g.range()} scope={w.scope()} utc={g.utc()} />
          <div class="card stack">
            <h2 style={{ margin: 0 }}>Dependencies</h2>
            <p class="muted" style={{ margin: 0, "font-size": "12px" }}>
              Callers left (above on phones), callees right (below). Edge colour: errors and p99 against baseline (red =
              errors up, amber = slower); thickness: requests. Dashed boxes are external hosts. Select a box or an
              arrow.
            </p>
            <div class="svc-map">
              <DependencyMap
                focus={name()}
                nodes={graph.data!.nodes}
                edges={graph.data!.edges}
                onSelect={(s) => setSearch({ sel: writeSel(s) })}
              />
            </div>
            <div class="card" role="region" aria-label="Selection">
              <strong>{links().title}</strong>
              <div class="row" style={{ "margin-top": "6px" }}>
                <Link class="btn" href={links().traces}>
                  Traces
                </Link>
                <Link class="btn" href={links().logs}>
                  Logs
                </Link>
                <Link class="btn" href={links().ddx}>
                  DDx
                </Link>
                <Show when={sel()}>
                  <button class="btn ghost" onClick={() => setSearch({ sel: null })}>
                    Clear selection
                  </button>
                </Show>
              </div>
            </div>
            <div class="table-wrap">
              <table class="tbl" aria-label="Calls">
                <thead>
                  <tr>
                    <th scope="col">Call</th>
                    <th scope="col" class="tl-num hide-phone">
                      Req/min
                    </th>
                    <th scope="col" class="tl-num">
                      Err/min
                    </th>
                    <th scope="col" class="tl-num">
                      p99
                    </th>
                    <th scope="col" class="hide-phone">
                      vs baseline
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={graph.data!.edges}>
                    {(e) => {
                      const st = edgeStyle(e);
                      return (
                        <tr>
                          <td style={{ "overflow-wrap": "break-word", "min-width": "0" }}>
                            <a
                              href="#"
                              class="tl-cell-link"
                              onClick={(ev) => (
                                ev.preventDefault(),
                                setSearch({ sel: writeSel({ kind: "edge", source: e.source, target: e.target }) })
                              )}
                            >
                              {e.source} → {e.target}
                            </a>
                            <Show when={e.external}>
                              {" "}
                              <span class="chip">external</span>
                            </Show>
                            <div
                              class="tl-phone-only"
                              classList={{ "tl-bad": st.tone === "bad", "tl-warn": st.tone === "warn" }}
                            >
                              {st.tone === "bad" ? "⚠ " : ""}
                              {st.label || "normal"}
                            </div>
                          </td>
                          <td class="tl-num hide-phone">{fmtRate(e.current.requestsPerMin)}</td>
                          <td class="tl-num" classList={{ "tl-bad": st.tone === "bad" }}>
                            {fmtRate(e.current.errorsPerMin)}
                          </td>
                          <td class="tl-num">{fmtMs(e.current.p99Ms)}</td>
                          <td
                            class="hide-phone"
                            classList={{ "tl-bad": st.tone === "bad", "tl-warn": st.tone === "warn" }}
                          >
                            {st.tone === "bad" ? "⚠ " : ""}
                            {st.label || "normal"}
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
