import { useQuery } from "@tanstack/solid-query";
import DOMPurify from "dompurify";
import { For, Match, Show, Switch, type JSX } from "solid-js";
import { displayState } from "../../api/alerts";
import { getHome, itemHref } from "../../api/home";
import { homeQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { formatAgo, formatTime } from "../../lib/time";
import { Chip, SeverityChip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { createLiveAlerts } from "../alerts/live-alerts";
import { LiveBadge } from "../alerts/LiveBadge";

function Panel(props: { title: string; children: JSX.Element }) {
  return (
    <section class="card" aria-label={props.title}>
      <h2 style={{ "margin-top": 0 }}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** Home: what fired (live), what the user follows, what people said, what changed. */
export default function HomePage() {
  const g = createGlobals();
  const home = useQuery(() => ({ queryKey: homeQueries.all, queryFn: getHome }));
  const live = createLiveAlerts();
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Home</h1>
        <LiveBadge status={live()} />
      </div>
      <Switch>
        <Match when={home.isError}>
          <ErrorState error={home.error} retry={() => home.refetch()} />
        </Match>
        <Match when={home.isPending}>
          <Loading what="home" />
        </Match>
        <Match when={home.data}>
          {(h) => (
            <div class="grid2">
              <Panel title="Triggered alerts">
                <ul
                  class="stack"
                  style={{ "list-style": "none", padding: 0, margin: 0, gap: "6px" }}
                  aria-label="Triggered alerts"
                >
                  <For
                    each={h().alerts}
                    fallback={<li class="muted">Nothing fired in the last 24 hours. Alerts appear here live.</li>}
                  >
                    {(a) => (
                      <li class="row" style={{ gap: "6px" }}>
                        <SeverityChip
                          state={displayState({
                            state: a.state as "firing",
                            severity: a.severity as "critical",
                            muted: a.muted,
                          })}
                        />
                        <Link href={`/alerts/${a.id}`} style={{ "min-height": "24px" }}>
                          {a.monitorName}
                        </Link>
                        <For each={Object.entries(a.signalLabels)}>{([k, v]) => <Chip label={`${k}=${v}`} />}</For>
                        <span class="muted">{formatAgo(a.firingAt ?? a.startedAt, h().generatedAt)}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Panel>
              <Panel title="Recent changes">
                <ul style={{ margin: 0, "padding-left": "18px" }}>
                  <For each={h().changes} fallback={<li class="muted">No change events in the last 24 hours.</li>}>
                    {(e) => (
                      <li>
                        {e.title} <span class="muted">{formatTime(e.happenedAt, g.utc(), false)}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Panel>
              <Panel title="Favourites">
                <ItemList items={h().favorites} empty="Star dashboards and notebooks to keep them here." />
              </Panel>
              <Panel title="Recently viewed">
                <ItemList items={h().recent} empty="Pages you open show up here." />
              </Panel>
              <Panel title="Recent comments">
                <ul class="comment-feed" aria-label="Comment feed">
                  <For each={h().comments} fallback={<li class="muted">No comments yet.</li>}>
                    {(c) => (
                      <li>
                        <div class="muted">
                          <strong>{c.authorName ?? c.author}</strong>
                          <Show when={c.targetKind && c.targetId}>
                            {" on "}
                            {c.targetKind === "monitor" ? "monitor" : "alert"}{" "}
                            <Link href={`/${c.targetKind === "monitor" ? "monitors" : "alerts"}/${c.targetId}`}>
                              {c.targetTitle ?? c.targetId}
                            </Link>
                          </Show>{" "}
                          · {formatAgo(c.createdAt, h().generatedAt)}
                        </div>
                        <div class="md" innerHTML={DOMPurify.sanitize(c.html)} />
                      </li>
                    )}
                  </For>
                </ul>
              </Panel>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function ItemList(props: { items: { kind: string; id: string; title: string | null }[]; empty: string }) {
  return (
    <ul style={{ margin: 0, "padding-left": "18px" }}>
      <For each={props.items} fallback={<li class="muted">{props.empty}</li>}>
        {(i) => (
          <li>
            <Link href={itemHref(i)}>{i.title ?? i.id}</Link> <span class="muted">{i.kind}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
