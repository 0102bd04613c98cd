import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Switch } from "solid-js";
import { searchTraces, traceQueries } from "../../api/traces";
import { formatScope } from "../../lib/scope";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import type { Panel } from "../../../../core/contracts/dashboards";
import { fmtUs } from "../traces/format";
import type { PanelCtx } from "./panel-ctx";
import { parsePanelSearch, tracesApiQuery, tracesExplorerHref } from "./search-query";

export const PANEL_TRACES = 20;

/** A compact table of the newest matching traces; each opens its trace view. */
export function TracesPanel(props: { panel: Panel; ctx: PanelCtx }) {
  const search = createMemo(() => parsePanelSearch(props.panel.queries[0]?.expr ?? "", props.ctx.vars));
  const q = createMemo(() =>
    tracesApiQuery(search(), formatScope(props.ctx.scope), props.ctx.win.start, props.ctx.win.end, PANEL_TRACES),
  );
  const traces = useQuery(() => ({
    queryKey: [...traceQueries.search(q()), "panel"],
    queryFn: ({ signal }) => searchTraces(q(), signal),
    placeholderData: keepPreviousData,
  }));
  const title = () => props.panel.title || props.panel.id;
  return (
    <div class="dash-fill">
      <Switch>
        <Match when={traces.isError}>
          <ErrorState title="The trace search failed" error={traces.error} retry={() => traces.refetch()} />
        </Match>
        <Match when={traces.isPending}>
          <Loading what="traces" />
        </Match>
        <Match when={traces.data!.traces.length === 0}>
          <Empty title="No matching traces in this range">
            <p class="muted">
              Widen the time range or check the panel query <code>{props.panel.queries[0]?.expr}</code>.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <div class="dash-scroll">
            <table class="dash-traces" aria-label={`${title()}: traces`}>
              <thead>
                <tr>
                  <th scope="col">Trace</th>
                  <th scope="col">Start</th>
                  <th scope="col">Duration</th>
                  <th scope="col" class="hide-phone">
                    Spans
                  </th>
                  <th scope="col">Errors</th>
                </tr>
              </thead>
              <tbody>
                <For each={traces.data!.traces}>
                  {(t) => (
                    <tr classList={{ err: t.errorCount > 0 }}>
                      <td class="dash-trace-name">
                        <Link href={`/traces/${t.traceId}`} title={t.traceId}>
                          {t.rootService}: {t.rootOperation}
                        </Link>
                      </td>
                      <td class="muted">{formatTime(t.startUs / 1000, props.ctx.utc).slice(11, 19)}</td>
                      <td>{fmtUs(t.durationUs)}</td>
                      <td class="hide-phone">{t.spanCount}</td>
                      <td>{t.errorCount}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Match>
      </Switch>
      <p class="muted dash-panel-foot">
        <span>{traces.isSuccess ? `${traces.data.traces.length} newest trace(s)` : ""}</span>
        <Link href={tracesExplorerHref(search())}>Open in Trace Explorer</Link>
      </p>
    </div>
  );
}
