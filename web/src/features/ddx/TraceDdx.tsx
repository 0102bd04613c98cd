import { useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { runTraceDdx, traceDdxKey, type TraceDdx, type TraceDdxComparison } from "../../api/ddx";
import { createGlobals } from "../../lib/globals";
import { formatTime, resolveRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { patchSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { DownstreamHint } from "./DownstreamHint";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { TraceDdxLegend, TraceRow } from "./TraceRow";

const COMPARISONS: { value: TraceDdxComparison; label: string }[] = [
  { value: "errors", label: "error spans vs successful spans" },
  { value: "slow", label: "slow spans vs the rest" },
  { value: "window", label: "this range vs the hour before" },
];

const num = (s: string | null): number | undefined => (s && /^\d+$/.test(s) ? Number(s) : undefined);

/** Trace DDx: which span attribute values mark the failing (or slow) spans of a service. The URL carries the
 * service, operation, window (start/end in ms, or the global range) and the comparison, so a link reproduces it. */
export function TraceDdxView() {
  const g = createGlobals();
  const p = () => g.params();
  const comparison = (): TraceDdxComparison => {
    const c = p().get("comparison");
    return c === "slow" || c === "window" ? c : "errors";
  };
  const thresholdMs = () => num(p().get("thresholdMs")) ?? 1000;
  const req = createMemo(() => {
    const fixed = { start: num(p().get("start")), end: num(p().get("end")) };
    const w =
      fixed.start !== undefined && fixed.end !== undefined
        ? { start: fixed.start, end: fixed.end }
        : resolveRange(g.range(), Math.floor(Date.now() / 60_000) * 60_000);
    return {
      service: p().get("service") || undefined,
      operation: p().get("operation") || undefined,
      window: { start: w.start, end: w.end },
      comparison: comparison(),
      thresholdMs: comparison() === "slow" ? thresholdMs() : undefined,
      scope: g.scope().map((c) => ({ name: c.key, op: "=" as const, value: c.value })),
    };
  });
  const ddx = useQuery(() => ({ queryKey: traceDdxKey(req()), queryFn: () => runTraceDdx(req()), staleTime: 60_000 }));
  const ranked = () => ddx.data?.output.ranked ?? [];
  const subject = () => [req().service, req().operation].filter(Boolean).join(" ") || "all services";
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Trace DDx: what marks the failing spans?</h1>
        <Show when={ddx.data}>
          <AddToNotebook
            cell={() => ({
              type: "ddx",
              kind: "trace",
              query: `trace DDx: ${subject()} (${comparison()})`,
              result: ddx.data ?? null,
            })}
          />
        </Show>
      </div>
      <form
        class="row"
        role="search"
        aria-label="Trace DDx subject"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setSearch({
            service: String(f.get("service") ?? "").trim() || null,
            operation: String(f.get("operation") ?? "").trim() || null,
          });
        }}
      >
        <label class="row">
          <span>Service</span>
          <input
            name="service"
            aria-label="Service"
            value={req().service ?? ""}
            placeholder="all services"
            style={{ width: "14em" }}
          />
        </label>
        <label class="row">
          <span>Operation</span>
          <input
            name="operation"
            aria-label="Operation"
            value={req().operation ?? ""}
            placeholder="any"
            style={{ width: "14em" }}
          />
        </label>
        <button class="btn" type="submit">
          Run
        </button>
      </form>
      <div class="row">
        <span>
          Spans of <strong>{subject()}</strong>, {formatTime(req().window.start, g.utc())} –{" "}
          {formatTime(req().window.end, g.utc())}
        </span>
        <label class="row">
          <span>Compare</span>
          <select
            aria-label="Comparison"
            value={comparison()}
            onChange={(e) =>
              setSearch({ comparison: e.currentTarget.value === "errors" ? null : e.currentTarget.value })
            }
          >
            <For each={COMPARISONS}>{(c) => <option value={c.value}>{c.label}</option>}</For>
          </select>
        </label>
        <Show when={comparison() === "slow"}>
          <label class="row">
            <span>Slower than (ms)</span>
            <input
              aria-label="Slow threshold in milliseconds"
              type="number"
              min="1"
              value={thresholdMs()}
              style={{ width: "7em" }}
              onChange={(e) => {
                const v = Math.round(Number(e.currentTarget.value));
                if (Number.isFinite(v) && v > 0) setSearch({ thresholdMs: String(v) });
              }}
            />
          </label>
        </Show>
        <Link
          href={`/traces?${new URLSearchParams({ ...(req().service ? { service: req().service! } : {}), status: "error" }).toString()}`}
        >
          Open in trace explorer
        </Link>
      </div>
      <Show when={req().service}>
        <DownstreamHint
          service={req().service!}
          window={req().window}
          scope={g.scope().map((c) => `${c.key}=${c.value}`)}
          href={(svc) => `/ddx?${patchSearch(location.search, { service: svc, operation: null }).slice(1)}`}
        />
      </Show>
      <Switch>
        <Match when={ddx.isError}>
          <ErrorState error={ddx.error} retry={() => ddx.refetch()} />
        </Match>
        <Match when={ddx.isPending}>
          <Loading what="trace DDx" />
        </Match>
        <Match when={ddx.data}>
          {(d) => (
            <>
              <Samples data={d()} />
              <TraceDdxLegend />
              <Show when={d().output.empty && ranked().length}>
                <p role="status" style={{ margin: 0 }}>
                  {d().output.empty}
                </p>
              </Show>
              <Show
                when={ranked().length}
                fallback={
                  <Empty title="Nothing stands out">
                    <p>
                      {d().output.empty ??
                        "No attribute value marks the target spans. Try a wider range or another comparison."}
                    </p>
                  </Empty>
                }
              >
                <ol
                  class="stack"
                  style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}
                  aria-label="Ranked attributes"
                >
                  <For each={ranked().slice(0, 15)}>
                    {(r, i) => <TraceRow row={r} rank={i() + 1} utc={g.utc()} service={req().service} />}
                  </For>
                </ol>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** Sampling is part of the answer: say how many spans each side read out of how many matched. */
function Samples(props: { data: TraceDdx }) {
  const s = () => props.data.output.samples;
  return (
    <p class="muted" aria-label="Samples" style={{ margin: 0 }}>
      Target: {s().target.sampled.toLocaleString()} of {s().target.total.toLocaleString()} spans sampled; comparison:{" "}
      {s().comparison.sampled.toLocaleString()} of {s().comparison.total.toLocaleString()}
      <Show when={s().before}>
        {(b) => (
          <Show when={b().total > 0} fallback={<>; no spans from the hour before, so nothing here can be called new</>}>
            ; the hour before: {b().sampled.toLocaleString()} of {b().total.toLocaleString()}
          </Show>
        )}
      </Show>
      .
    </p>
  );
}
