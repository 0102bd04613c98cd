import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { changeMarkers, changeQueries, listChanges } from "../../api/changes";
import { serviceQueries, serviceRed } from "../../api/services";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { describeRange, type TimeRange } from "../../lib/time";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { redPanels, redSource, serviceChanges } from "./red-panels";

export interface RedChartsProps {
  service: string;
  win: { start: number; end: number };
  range: TimeRange;
  scope: string[];
  utc: boolean;
}

/** Requests/s, errors/s and p99 over the global range and pinned scope, with this service's change events. */
export function RedCharts(props: RedChartsProps) {
  const q = () => ({
    start: String(props.win.start),
    end: String(props.win.end),
    scope: props.scope.length ? props.scope : undefined,
  });
  const red = useQuery(() => ({
    queryKey: serviceQueries.red(props.service, q()),
    queryFn: ({ signal }) => serviceRed(props.service, q(), signal),
    placeholderData: keepPreviousData,
  }));
  const changes = useQuery(() => ({
    queryKey: changeQueries.list({ range: { from: String(props.win.start), to: String(props.win.end) } }),
    queryFn: () => listChanges({ from: props.win.start, to: props.win.end, limit: 100 }),
  }));
  // Markers are best effort: a failing change-events call must not hide the charts.
  const markers = createMemo(() => changeMarkers(serviceChanges(changes.data?.events ?? [], props.service)));
  const panels = createMemo(() => (red.data ? redPanels(red.data) : []));
  // Rates and durations read against zero: TimeSeriesChart widens its y range to take in thresholds, so an
  // invisible one at 0 keeps a flat 189 ms line from being zoomed into noise (ticks "189, 189, 189").
  const zero = [{ value: 0, label: "zero", color: "transparent" }];
  const caption = () =>
    red.data ? `${redSource(red.data, props.scope)} · ${describeRange(props.range, props.utc)}` : "";
  return (
    <section class="card stack" aria-labelledby="red-heading">
      <h2 id="red-heading" style={{ margin: 0 }}>
        Requests, errors, duration
      </h2>
      <Switch>
        <Match when={red.isError}>
          <ErrorState error={red.error} retry={() => red.refetch()} title="Could not load the RED series" />
        </Match>
        <Match when={red.isPending}>
          <Loading what="RED series" />
        </Match>
        <Match when={red.data!.spans === 0}>
          <Empty title={`No spans from ${props.service} in this window`}>
            <p>The RED charts count this service's spans. Widen the time range or clear the pinned scope.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <Show when={red.data!.truncated}>
            <p class="muted" role="note" style={{ margin: 0 }}>
              Some buckets hit the scan limit: their rates are lower bounds. Narrow the range for exact figures.
            </p>
          </Show>
          <div class="red-grid">
            <For each={panels()}>
              {(p) => (
                <div class="red-panel" data-panel={p.key}>
                  <TimeSeriesChart
                    title={`${p.title} · ${props.service}`}
                    caption={caption()}
                    unit={p.unit}
                    labels={[p.label]}
                    data={p.data}
                    markers={markers()}
                    thresholds={zero}
                    utc={props.utc}
                    height={180}
                  />
                  <Show when={p.query}>
                    <Link
                      class="muted"
                      style={{ "font-size": "12px" }}
                      href={`/explorer?q=${encodeURIComponent(p.query!)}`}
                    >
                      Open in explorer
                    </Link>
                  </Show>
                </div>
              )}
            </For>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
