import { For, Show } from "solid-js";
import type { StatsFigures, StatsResult } from "../../api/traces";
import { fmtFactor, fmtMs, fmtRate } from "./format";

const vs = (cur: number | null, cmp: number | null) =>
  cur != null && cmp != null && cmp > 0 ? fmtFactor(cur / cmp) : null;

/** Span statistics grouped by up to 3 attributes; groups with leaf errors (where errors originate) are highlighted. */
export function SpanStats(props: { data: StatsResult; onFilter: (key: Record<string, string>) => void }) {
  const fig = (f: StatsFigures, pick: (f: StatsFigures) => number) => fmtRate(pick(f));
  return (
    <div class="table-wrap">
      <table class="tbl" aria-label="Span statistics">
        <thead>
          <tr>
            <th scope="col">{props.data.groupBy.join(" · ")}</th>
            <th scope="col" class="tl-num hide-phone">
              Req/s
            </th>
            <th scope="col" class="tl-num">
              Errors/s
            </th>
            <th scope="col" class="tl-num">
              Leaf errors
            </th>
            <th scope="col" class="tl-num hide-phone">
              p50
            </th>
            <th scope="col" class="tl-num">
              p99
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.data.rows.slice(0, 200)}>
            {(r) => (
              <tr
                classList={{ "tl-leaf": r.current.leafErrors > 0 }}
                aria-label={r.current.leafErrors > 0 ? `Leaf errors in ${Object.values(r.key).join(" ")}` : undefined}
              >
                <td class="tl-group">
                  <Show when={r.current.leafErrors > 0}>
                    <span aria-hidden="true" class="tl-bad">
                      ⚠{" "}
                    </span>
                  </Show>
                  {/* one group's values stacked in one cell: a 390 px screen has no room for a column per key */}
                  <a
                    href="#"
                    class="tl-cell-link"
                    title="Filter the search by this group"
                    onClick={(e) => (e.preventDefault(), props.onFilter(r.key))}
                  >
                    {props.data.groupBy.map((k) => r.key[k] || "(none)").join(" · ")}
                  </a>
                </td>
                <td class="tl-num hide-phone">
                  {fig(r.current, (f) => f.requestsPerSec)}
                  <div class="muted">was {fig(r.comparison, (f) => f.requestsPerSec)}</div>
                </td>
                <td class="tl-num" classList={{ "tl-bad": r.current.errors > 0 }}>
                  {fig(r.current, (f) => f.errorsPerSec)}
                  <div class="muted">was {fig(r.comparison, (f) => f.errorsPerSec)}</div>
                </td>
                <td class="tl-num" classList={{ "tl-bad": r.current.leafErrors > 0 }}>
                  {r.current.leafErrors}
                  <Show when={r.current.leafErrors > 0}>
                    <span class="hide-phone"> ({fmtRate(r.current.leafErrorsPerSec)}/s)</span>
                  </Show>
                  <div class="muted">was {r.comparison.leafErrors}</div>
                </td>
                <td class="tl-num hide-phone">
                  {fmtMs(r.current.p50Ms)}
                  <div class="muted">was {fmtMs(r.comparison.p50Ms)}</div>
                </td>
                <td class="tl-num">
                  {fmtMs(r.current.p99Ms)}
                  <Show when={vs(r.current.p99Ms, r.comparison.p99Ms)}>
                    <span class="muted"> {vs(r.current.p99Ms, r.comparison.p99Ms)}</span>
                  </Show>
                  <div class="muted">was {fmtMs(r.comparison.p99Ms)}</div>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
