import { useQuery } from "@tanstack/solid-query";
import { For, Match, Show, Switch } from "solid-js";
import { incidentQueries, listIncidents } from "../../api/incidents";
import { createGlobals } from "../../lib/globals";
import { formatAgo } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { GroupByForm } from "./GroupByForm";

const TABS = ["open", "resolved", "all"] as const;

/** Incidents: open first by default; each row says status, severity, commander and how many alerts still fire. */
export default function IncidentsPage() {
  const g = createGlobals();
  const status = () => g.params().get("status") ?? "open";
  const list = useQuery(() => ({
    queryKey: incidentQueries.list(status()),
    queryFn: () => listIncidents(status()),
    refetchInterval: 30_000,
  }));
  return (
    <section class="stack">
      <h1 style={{ margin: 0 }}>Incidents</h1>
      <GroupByForm />
      <div class="row" role="tablist" aria-label="Incident status">
        <For each={TABS}>
          {(s) => (
            <button
              class="btn"
              role="tab"
              aria-selected={status() === s}
              onClick={() => setSearch({ status: s === "open" ? null : s })}
            >
              {s}
            </button>
          )}
        </For>
      </div>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="incidents" />
        </Match>
        <Match when={(list.data ?? []).length === 0}>
          <Empty title={`No ${status() === "all" ? "" : `${status()} `}incidents`}>
            <p>Firing alerts that share the grouping labels open one automatically; open one by hand from an alert.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }} aria-label="Incidents">
            <For each={list.data}>
              {(i) => (
                <li class="card stack" style={{ gap: "4px" }}>
                  <div class="row" style={{ "flex-wrap": "wrap" }}>
                    <Chip
                      label={i.severity.toUpperCase()}
                      class={i.severity <= "sev2" ? "sev-critical" : "sev-warning"}
                    />
                    <Chip label={i.status} class={i.status === "resolved" ? "sev-resolved" : ""} />
                    <Link
                      href={`/incidents/${encodeURIComponent(i.id)}`}
                      style={{ "font-weight": 600, "overflow-wrap": "anywhere" }}
                    >
                      {i.title}
                    </Link>
                  </div>
                  <div class="muted">
                    opened {formatAgo(i.openedAt, Date.now())} · {i.firingCount} of {i.alertCount} alert
                    {i.alertCount === 1 ? "" : "s"} firing
                    <Show when={i.commander}>{(c) => <> · commander @{c().handle}</>}</Show>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}
