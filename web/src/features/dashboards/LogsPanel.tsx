import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { logQueries, searchLogs } from "../../api/logs";
import { formatScope } from "../../lib/scope";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import type { Panel } from "../../../../core/contracts/dashboards";
import type { PanelCtx } from "./panel-ctx";
import { logsApiQuery, logsExplorerHref, parsePanelSearch } from "./search-query";

/** A dashboard shows the newest lines only; the Logs Explorer pages through the rest. */
export const PANEL_LOG_LINES = 50;

/** The most recent matching log lines, newest first, each linking to its details in the Logs Explorer. */
export function LogsPanel(props: { panel: Panel; ctx: PanelCtx }) {
  const search = createMemo(() => parsePanelSearch(props.panel.queries[0]?.expr ?? "", props.ctx.vars));
  const q = createMemo(() =>
    logsApiQuery(search(), formatScope(props.ctx.scope), props.ctx.win.start, props.ctx.win.end, PANEL_LOG_LINES),
  );
  const logs = useQuery(() => ({
    queryKey: [...logQueries.search(q()), "panel"],
    queryFn: ({ signal }) => searchLogs(q(), signal),
    placeholderData: keepPreviousData,
  }));
  const explorer = () => logsExplorerHref(search());
  const lineHref = (id: string) => `${explorer()}${explorer().includes("?") ? "&" : "?"}line=${encodeURIComponent(id)}`;
  const title = () => props.panel.title || props.panel.id;
  return (
    <div class="dash-fill">
      <Switch>
        <Match when={logs.isError}>
          <ErrorState title="The log search failed" error={logs.error} retry={() => logs.refetch()} />
        </Match>
        <Match when={logs.isPending}>
          <Loading what="log lines" />
        </Match>
        <Match when={logs.data!.logs.length === 0}>
          <Empty title="No matching log lines in this range">
            <p class="muted">
              Widen the time range or check the panel query <code>{props.panel.queries[0]?.expr}</code>.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <ol class="dash-loglines" aria-label={`${title()}: newest log lines`}>
            <For each={logs.data!.logs}>
              {(l) => (
                <li>
                  <Link href={lineHref(l.id)} class="dash-logline" title={l.body}>
                    <time class="muted">{formatTime(l.timeUs / 1000, props.ctx.utc).slice(11, 19)}</time>
                    <span class={`lv-${l.level}`}>{l.level.toUpperCase().slice(0, 5)}</span>
                    <span class="svc">{l.service}</span>
                    <span class="body">{l.body}</span>
                  </Link>
                </li>
              )}
            </For>
          </ol>
        </Match>
      </Switch>
      <p class="muted dash-panel-foot">
        {/* Only read data once loaded: reading a pending query's data suspends the whole page. */}
        <Show
          when={logs.isSuccess && logs.data.logs.length >= PANEL_LOG_LINES}
          fallback={<span>{logs.isSuccess ? `${logs.data.logs.length} line(s)` : ""}</span>}
        >
          <span>newest {PANEL_LOG_LINES} lines</span>
        </Show>
        <Link href={explorer()}>Open in Logs Explorer</Link>
      </p>
    </div>
  );
}
