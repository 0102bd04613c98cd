import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { For, Match, Show, Switch } from "solid-js";
import { listServices, serviceQueries } from "../../api/services";
import { createGlobals } from "../../lib/globals";
import { describeRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { createTelemetryWindow } from "../traces/create-window";
import { fmtFactor, fmtMs, fmtPct, fmtRate } from "../traces/format";
import "../traces/telemetry.css";

/** Services with RED figures (from spans) against the same window one hour earlier. */
export default function ServicesListPage() {
  const g = createGlobals();
  const w = createTelemetryWindow(g);
  const text = () => (g.params().get("q") ?? "").toLowerCase();
  const q = () => ({
    start: String(w.win().start),
    end: String(w.win().end),
    scope: w.scope().length ? w.scope() : undefined,
  });
  const list = useQuery(() => ({
    queryKey: serviceQueries.list(q()),
    queryFn: ({ signal }) => listServices(q(), signal),
    placeholderData: keepPreviousData,
  }));
  const shown = () => (list.data?.services ?? []).filter((s) => !text() || s.service.toLowerCase().includes(text()));
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Services</h1>
        <div class="row">
          <input
            type="search"
            aria-label="Filter services"
            placeholder="Filter services"
            value={g.params().get("q") ?? ""}
            onChange={(e) => setSearch({ q: e.currentTarget.value || null })}
          />
          <button class="btn" onClick={() => w.refresh()}>
            Refresh
          </button>
        </div>
      </div>
      <p class="muted" style={{ margin: 0 }}>
        RED figures from spans, {describeRange(g.range(), g.utc())}; change is against the same window one hour earlier.
        Sorted by errors.
      </p>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} title="Could not load services" />
        </Match>
        <Match when={list.isPending}>
          <Loading what="services" />
        </Match>
        <Match when={shown().length === 0}>
          <Empty title="No services in this window">
            <p>
              Services appear once they send spans to <code>/v1/traces</code>. Widen the time range or clear the pinned
              scope.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <div class="table-wrap">
            <table class="tbl" aria-label="Services">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col" class="tl-num">
                    Requests/min
                  </th>
                  <th scope="col" class="tl-num">
                    Errors/min
                  </th>
                  <th scope="col" class="tl-num hide-phone">
                    Error %
                  </th>
                  <th scope="col" class="tl-num">
                    p99
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={shown()}>
                  {(s) => (
                    <tr>
                      <td>
                        <Link class="tl-cell-link" href={`/services/${encodeURIComponent(s.service)}`}>
                          {s.service}
                        </Link>
                      </td>
                      <td class="tl-num">{fmtRate(s.current.requestsPerMin)}</td>
                      <td class="tl-num" classList={{ "tl-bad": s.current.errorRate >= 0.05 }}>
                        {fmtRate(s.current.errorsPerMin)}
                        <Show when={fmtFactor(s.change.errorsPerMin) && (s.change.errorsPerMin ?? 0) >= 1.5}>
                          <span class="muted"> {fmtFactor(s.change.errorsPerMin)}</span>
                        </Show>
                      </td>
                      <td class="tl-num hide-phone">{fmtPct(s.current.errorRate)}</td>
                      <td class="tl-num" classList={{ "tl-warn": (s.change.p99Ms ?? 0) >= 2 }}>
                        {fmtMs(s.current.p99Ms)}
                        <Show when={(s.change.p99Ms ?? 0) >= 1.5}>
                          <span class="muted"> {fmtFactor(s.change.p99Ms)}</span>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={list.data?.truncated}>
            <p class="muted">
              Some shards hit their scan limit: figures cover part of the window. Narrow the range for exact numbers.
            </p>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
