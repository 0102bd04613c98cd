import { useQuery } from "@tanstack/solid-query";
import { createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { getIncident, incidentQueries } from "../../api/incidents";
import { createGlobals } from "../../lib/globals";
import { formatTime } from "../../lib/time";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { AlertRow } from "../alerts/AlertRow";
import { Actions } from "./Actions";
import { Controls } from "./Controls";
import { Timeline } from "./Timeline";

/** One incident: who leads it, how bad, where it stands; its alerts (likely root first) and its timeline. */
export default function IncidentPage(props: { params: Record<string, string> }) {
  const g = createGlobals();
  const id = () => props.params.id;
  const q = useQuery(() => ({
    queryKey: incidentQueries.detail(id()),
    queryFn: () => getIncident(id()),
    refetchInterval: 15_000,
  }));
  const [now, setNow] = createSignal(Date.now());
  const t = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(t));
  return (
    <Switch>
      <Match when={q.isError}>
        <ErrorState error={q.error} retry={() => q.refetch()} />
      </Match>
      <Match when={q.isPending}>
        <Loading what="incident" />
      </Match>
      <Match when={q.data}>
        {(d) => {
          const inc = () => d().incident;
          return (
            <article class="stack">
              <header class="stack" style={{ gap: "6px" }}>
                <div class="row" style={{ "flex-wrap": "wrap" }}>
                  <Chip
                    label={inc().severity.toUpperCase()}
                    class={inc().severity <= "sev2" ? "sev-critical" : "sev-warning"}
                  />
                  <Chip label={inc().status} class={inc().status === "resolved" ? "sev-resolved" : ""} />
                  <h1 style={{ margin: 0, "overflow-wrap": "anywhere" }}>{inc().title}</h1>
                </div>
                <div class="muted">
                  Opened {formatTime(inc().openedAt, g.utc())}
                  <Show when={inc().resolvedAt}> · resolved {formatTime(inc().resolvedAt!, g.utc())}</Show> · commander{" "}
                  {inc().commander ? `@${inc().commander!.handle}` : "none yet"} · {inc().firingCount} of{" "}
                  {inc().alertCount} alerts firing · <Link href="/incidents">all incidents</Link>
                </div>
              </header>
              <Actions detail={d()} />
              <Controls detail={d()} />
              <section class="stack" aria-label="Alerts">
                <h2 style={{ margin: 0 }}>Alerts</h2>
                <p class="muted" style={{ margin: 0 }}>
                  The likely root first: the service that calls the others on the service graph, else the earliest
                  breach.
                </p>
                <ul class="stack" style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}>
                  <For each={d().alerts}>{(a) => <AlertRow alert={a} now={now()} />}</For>
                </ul>
              </section>
              <section class="card stack">
                <h2 style={{ margin: 0 }}>Timeline</h2>
                <Show when={d().timelineTruncated}>
                  <p class="muted" style={{ margin: 0 }} role="status">
                    Only the newest 200 changes and mutes around this incident are shown.
                  </p>
                </Show>
                <Timeline entries={d().timeline} utc={g.utc()} />
              </section>
            </article>
          );
        }}
      </Match>
    </Switch>
  );
}
