import { useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { apiFetch } from "../../api/client";
import { getTrace, traceQueries } from "../../api/traces";
import { createGlobals } from "../../lib/globals";
import { formatTime } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { FlameGraph } from "./FlameGraph";
import { fmtUs } from "./format";
import { SpanDetails } from "./SpanDetails";
import "./telemetry.css";

/** The OTLP download needs the bearer token, so it is fetched and handed to the browser as a blob. */
async function downloadOtlp(id: string): Promise<void> {
  const res = await apiFetch(`/api/traces/${id}`, { query: { format: "otlp" } });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `trace-${id}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function TracePage(props: { params: Record<string, string> }) {
  const g = createGlobals();
  const id = () => props.params.id.toLowerCase();
  const trace = useQuery(() => ({
    queryKey: traceQueries.trace(id()),
    queryFn: ({ signal }) => getTrace(id(), signal),
  }));
  const selected = () => g.params().get("span");
  const zoom = () => g.params().get("zoom");
  const find = () => g.params().get("find") ?? "";
  const showCritical = () => g.params().get("critical") !== "0";
  const critical = createMemo(() => new Set(Object.keys(trace.data?.criticalTimeBySpan ?? {})));
  const span = createMemo(() => trace.data?.spans.find((s) => s.spanId === selected()));
  const [dlError, setDlError] = createSignal<unknown>(null);
  return (
    <section class="stack">
      <nav aria-label="Breadcrumb" class="muted">
        <Link href="/traces">Trace explorer</Link> / <span class="mono">{id()}</span>
      </nav>
      <Switch>
        <Match when={trace.isError}>
          <ErrorState error={trace.error} retry={() => trace.refetch()} title="Could not load this trace" />
        </Match>
        <Match when={trace.isPending}>
          <Loading what="trace" />
        </Match>
        <Match when={trace.data}>
          {(t) => (
            <>
              <div class="row" style={{ "justify-content": "space-between" }}>
                <h1 style={{ margin: 0, "overflow-wrap": "anywhere" }}>
                  {t().tree.service ? `${t().tree.service}: ` : ""}
                  {t().tree.name}
                </h1>
                <div class="row">
                  <Link class="btn" href={`/logs?traceId=${t().traceId}`}>
                    Logs for this trace
                  </Link>
                  <button
                    class="btn"
                    onClick={() => downloadOtlp(t().traceId).then(() => setDlError(null), setDlError)}
                  >
                    Download OTLP JSON
                  </button>
                  <AddToNotebook
                    cell={() => ({
                      type: "trace_link",
                      traceId: t().traceId,
                      service: t().tree.service || undefined,
                      summary: `${t().tree.name} · ${fmtUs(t().durationUs)} · ${t().errorCount} error spans`,
                    })}
                  />
                </div>
              </div>
              <Show when={dlError()}>
                <ErrorState error={dlError()} title="Download failed" />
              </Show>
              <div class="row">
                <span class="chip">{formatTime(t().startUs / 1000, g.utc())}</span>
                <span class="chip">{fmtUs(t().durationUs)}</span>
                <span class="chip">{t().spanCount} spans</span>
                <span class={`chip ${t().errorCount ? "sev-critical" : ""}`}>
                  {t().errorCount ? `⚠ ${t().errorCount} error spans` : "no errors"}
                </span>
                <span class="chip">{t().services.length} services</span>
                <Show when={t().truncated}>
                  <span class="chip sev-warning">truncated: not every span loaded</span>
                </Show>
              </div>
              <Show when={t().leafErrors.length}>
                <div class="card" role="note" aria-label="Leaf errors">
                  <strong class="tl-bad">⚠ Errors start in:</strong>{" "}
                  <For each={t().leafErrors.slice(0, 5)}>
                    {(l, i) => (
                      <>
                        {i() ? ", " : ""}
                        <a href="#" onClick={(e) => (e.preventDefault(), setSearch({ span: l.spanId }))}>
                          {l.service} {l.operation}
                        </a>
                        <Show when={l.statusMessage}>
                          <span class="muted"> ({l.statusMessage})</span>
                        </Show>
                      </>
                    )}
                  </For>
                </div>
              </Show>
              <div class="row">
                <input
                  type="search"
                  aria-label="Find spans"
                  placeholder="Find span by service or operation"
                  value={find()}
                  onInput={(e) => setSearch({ find: e.currentTarget.value || null })}
                  style={{ flex: "1 1 220px" }}
                />
                <button class="btn" onClick={() => setSearch({ zoom: null })} disabled={!zoom()}>
                  Reset zoom
                </button>
                <label class="row" style={{ gap: "4px", "min-height": "44px" }}>
                  <input
                    type="checkbox"
                    checked={showCritical()}
                    onChange={(e) => setSearch({ critical: e.currentTarget.checked ? null : "0" })}
                    style={{ "min-height": "auto" }}
                  />
                  Critical path (blue outline)
                </label>
              </div>
              <p class="muted" style={{ margin: 0, "font-size": "12px" }}>
                Select a span to see its details; double-click (or press Space) to zoom into it. Red bars with ⚠ are
                error spans; dashed outline = orphan.
              </p>
              <div classList={{ "tl-split": !!span() }}>
                <div class="card" style={{ padding: "6px", overflow: "hidden" }}>
                  <FlameGraph
                    tree={t().tree}
                    zoom={zoom()}
                    search={find()}
                    selected={selected()}
                    critical={critical()}
                    showCritical={showCritical()}
                    onSelect={(s) => setSearch({ span: s })}
                    onZoom={(z) => setSearch({ zoom: z })}
                  />
                </div>
                <Show when={span()}>
                  {(s) => (
                    <SpanDetails
                      span={s()}
                      utc={g.utc()}
                      criticalUs={t().criticalTimeBySpan[s().spanId]}
                      onZoom={() => setSearch({ zoom: s().spanId })}
                    />
                  )}
                </Show>
              </div>
              <Show when={t().orphans.length}>
                <div class="card">
                  <h2 style={{ margin: 0 }}>Orphan spans ({t().orphans.length})</h2>
                  <p class="muted" style={{ margin: "4px 0" }}>
                    Their parent span is not in the trace (not sent, or still arriving). They hang under the trace root.
                  </p>
                  <ul style={{ margin: 0, padding: "0 0 0 16px" }}>
                    <For each={t().orphans.slice(0, 100)}>
                      {(o) => {
                        const s = t().spans.find((x) => x.spanId === o);
                        return (
                          <li>
                            <a href="#" onClick={(e) => (e.preventDefault(), setSearch({ span: o }))}>
                              {s ? `${s.service} ${s.name}` : o}
                            </a>
                          </li>
                        );
                      }}
                    </For>
                  </ul>
                </div>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
