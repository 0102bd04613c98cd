import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { logHistogram, logQueries, searchLogs } from "../../api/logs";
import { createGlobals } from "../../lib/globals";
import { describeRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { createTelemetryWindow } from "../traces/create-window";
import { parseTagInput } from "../traces/url";
import { LineDetails } from "./LineDetails";
import { LogList } from "./LogList";
import { fmtBucket, stackSeverities } from "./histogram";
import { SeverityBars } from "./SeverityBars";
import { logApiQuery, logFiltersPatch, readLogFilters, SEVERITIES, validateLogFilters } from "./url";
import "../traces/telemetry.css";

const PAGE = 500;
const MAX_LINES = 20_000; // keeps the browser's memory bounded; narrow the filters for more

export default function LogsPage() {
  const g = createGlobals();
  const w = createTelemetryWindow(g);
  const f = createMemo(() => readLogFilters(g.params()), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  // A trace's logs use the API's wide default window unless the user set a range explicitly.
  const withTime = () => !f().traceId || g.params().has("from");
  const q = createMemo(
    () => logApiQuery({ ...f(), line: "" }, w.scope(), w.win().start, w.win().end, withTime()),
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  const lines = useInfiniteQuery(() => ({
    queryKey: logQueries.search(q()),
    queryFn: ({ pageParam, signal }) => searchLogs({ ...q(), limit: PAGE, cursor: pageParam || undefined }, signal),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  }));
  const hist = useQuery(() => ({
    queryKey: logQueries.histogram(q()),
    queryFn: ({ signal }) => logHistogram(q(), signal),
    placeholderData: keepPreviousData,
  }));
  const all = createMemo(() => (lines.data?.pages ?? []).flatMap((p) => p.logs));
  const selected = createMemo(() => all().find((l) => l.id === f().line));
  const bars = createMemo(() => (hist.data ? stackSeverities(hist.data) : null));
  const histRange = () => (withTime() ? describeRange(g.range(), g.utc()) : "the last 7 days (trace id)");
  const [err, setErr] = createSignal<string | null>(null);
  let form!: HTMLFormElement;
  const submit = (e: Event) => {
    e.preventDefault();
    const fd = new FormData(form);
    const s = (k: string) => String(fd.get(k) ?? "").trim();
    const next = {
      service: s("service"),
      severity: s("severity"),
      text: s("q"),
      attrs: parseTagInput(s("attrs")),
      traceId: s("traceId"),
    };
    const msg = validateLogFilters(next);
    setErr(msg);
    if (msg) return;
    w.refresh();
    setSearch(logFiltersPatch(next), { push: true });
  };
  const more = () => {
    if (lines.hasNextPage && !lines.isFetchingNextPage && all().length < MAX_LINES) void lines.fetchNextPage();
  };
  return (
    <section class="stack">
      <h1 style={{ margin: 0 }}>Logs explorer</h1>
      <form ref={form} class="card stack" role="search" aria-label="Filter logs" onSubmit={submit}>
        <div class="tl-form">
          <label class="field">
            Service
            <input name="service" value={f().service} placeholder="checkout-service" />
          </label>
          <label class="field">
            Severity at least
            <select name="severity" value={f().severity}>
              <option value="">any</option>
              <For each={SEVERITIES}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </label>
          <label class="field">
            Text contains
            <input name="q" type="search" value={f().text} placeholder="payment-provider.internal" />
          </label>
          <label class="field">
            Attributes (key=value, comma separated)
            <input name="attrs" value={f().attrs.join(", ")} placeholder="http.status_code=503" />
          </label>
          <label class="field">
            Trace id
            <input name="traceId" value={f().traceId} placeholder="32 hex characters" class="mono" />
          </label>
          <button class="btn primary" type="submit">
            Search
          </button>
        </div>
        <Show when={err()}>
          <p role="alert" class="tl-bad" style={{ margin: 0 }}>
            {err()}
          </p>
        </Show>
      </form>
      <Switch>
        <Match when={hist.isError}>
          <ErrorState error={hist.error} retry={() => hist.refetch()} title="Could not load the severity histogram" />
        </Match>
        <Match when={bars() && bars()!.levels.length}>
          <div class="card">
            <SeverityBars
              bars={bars()!}
              caption={`${histRange()} · bucket ${fmtBucket(hist.data!.stepUs)}${hist.data!.truncated ? " · partial: scan limit reached" : ""}`}
              utc={g.utc()}
              onSelect={(a, b) => setSearch({ from: String(Math.floor(a)), to: String(Math.ceil(b)) }, { push: true })}
            />
          </div>
        </Match>
        <Match when={bars()}>
          <div class="card state" role="status" aria-label="Severity histogram">
            <strong>No log lines to chart</strong>
            <span class="muted">
              Nothing matched in {histRange()}. Widen the range, lower the severity or clear the pinned scope.
            </span>
          </div>
        </Match>
      </Switch>
      <Switch>
        <Match when={lines.isError}>
          <ErrorState error={lines.error} retry={() => lines.refetch()} title="Log search failed" />
        </Match>
        <Match when={lines.isPending}>
          <Loading what="log lines" />
        </Match>
        <Match when={all().length === 0}>
          <Empty title="No log lines match">
            <p>
              Logs arrive through <code>/v1/logs</code>. Widen the time range, lower the severity, or clear the pinned
              scope.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <p class="muted" role="status" style={{ margin: 0, "font-size": "12px" }}>
            {all().length} lines loaded, newest first
            {lines.hasNextPage
              ? all().length >= MAX_LINES
                ? "; limit reached, narrow the filters for older lines"
                : "; scroll for older lines"
              : ""}
            .{lines.isFetchingNextPage ? " Loading more…" : ""}
          </p>
          <div classList={{ "tl-split": !!selected() }}>
            <LogList
              lines={all()}
              selected={f().line}
              utc={g.utc()}
              onSelect={(id) => setSearch({ line: id })}
              onNearEnd={more}
            />
            <Show when={selected()}>
              {(l) => <LineDetails line={l()} utc={g.utc()} onClose={() => setSearch({ line: null })} />}
            </Show>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
