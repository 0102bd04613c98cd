import { useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { queryRange } from "../../api/prom";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { stepFor } from "../../lib/time";
import { setSearch } from "../../lib/url-state";

/** At most this many charts: a wall is read across a room, not studied. */
export const MAX_WALL_CHARTS = 4;
const WINDOW_MS = 60 * 60_000;
/** Charts refresh on a timer (the alert tiles do not: they ride the live feed). */
const REFRESH_MS = 30_000;

/** The wall's chosen charts: PromQL queries in the URL (`?chart=...`, repeatable) so a TV keeps them in its bookmark. */
export function WallCharts(props: { charts: string[]; utc: boolean }) {
  const [editing, setEditing] = createSignal(false);
  const [draft, setDraft] = createSignal("");
  const save = (next: string[]) => setSearch({ chart: next.length ? next : null });
  return (
    <section class="wall-charts" aria-label="Wall charts">
      <div class="grid-charts">
        <For each={props.charts.slice(0, MAX_WALL_CHARTS)}>{(q) => <WallChart query={q} utc={props.utc} />}</For>
      </div>
      <details class="wall-edit" open={editing()} onToggle={(e) => setEditing(e.currentTarget.open)}>
        <summary>Charts on this wall</summary>
        <ul aria-label="Chosen charts">
          <For each={props.charts}>
            {(q, i) => (
              <li>
                <code>{q}</code>{" "}
                <button
                  type="button"
                  aria-label={`Remove chart ${q}`}
                  onClick={() => save(props.charts.filter((_, j) => j !== i()))}
                >
                  Remove
                </button>
              </li>
            )}
          </For>
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const q = draft().trim();
            if (!q || props.charts.length >= MAX_WALL_CHARTS) return;
            save([...props.charts, q]);
            setDraft("");
          }}
        >
          <input
            aria-label="PromQL for a new wall chart"
            placeholder='sum by (region) (rate(checkout_http_requests_total{status=~"5.."}[5m]))'
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <button type="submit" disabled={props.charts.length >= MAX_WALL_CHARTS}>
            Add chart
          </button>
          <Show when={props.charts.length >= MAX_WALL_CHARTS}>
            <span> At most {MAX_WALL_CHARTS} charts.</span>
          </Show>
        </form>
      </details>
    </section>
  );
}

function WallChart(props: { query: string; utc: boolean }) {
  const range = useQuery(() => ({
    queryKey: ["wall-chart", props.query],
    queryFn: ({ signal }) => {
      const end = Date.now();
      const start = end - WINDOW_MS;
      return queryRange({ query: props.query, start, end, step: stepFor(start, end, 120) }, signal);
    },
    refetchInterval: REFRESH_MS,
    retry: Infinity,
    retryDelay: 5000,
  }));
  const series = () => range.data ?? [];
  const keys = createMemo(() => distinctLabels(series()));
  return (
    <div class="wall-chart">
      <Show
        when={!range.isError}
        fallback={
          <p class="wall-chart-error">
            Chart unavailable: {(range.error as Error)?.message ?? "query failed"}. Retrying.
          </p>
        }
      >
        <Show
          when={series().length}
          fallback={
            <p class="wall-chart-empty">
              {range.isPending ? "Loading…" : `No data in the last hour for ${props.query}`}
            </p>
          }
        >
          <TimeSeriesChart
            title={props.query}
            caption="last hour · refreshes every 30 s"
            height={220}
            dark
            utc={props.utc}
            data={toAlignedData(series())}
            labels={series().map((s) => shortLabel(s.metric, keys()))}
          />
        </Show>
      </Show>
    </div>
  );
}
