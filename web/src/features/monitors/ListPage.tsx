import { useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { displayState, listAlerts } from "../../api/alerts";
import { listMonitors, monitorQueries } from "../../api/monitors";
import { listTeams, peopleQueries } from "../../api/people";
import { alertQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { HealthChip } from "./Health";
import { healthLine } from "./health";

export default function MonitorsListPage() {
  const g = createGlobals();
  const text = () => (g.params().get("q") ?? "").toLowerCase();
  const team = () => g.params().get("team") ?? "";
  // Health is not alert state (it has no live feed): the list refreshes it every 30 s while open.
  const list = useQuery(() => ({
    queryKey: monitorQueries.list(team()),
    queryFn: () => listMonitors(team()),
    refetchInterval: 30_000,
  }));
  const teams = useQuery(() => ({ queryKey: peopleQueries.teams(), queryFn: () => listTeams() }));
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(tick));
  const active = useQuery(() => ({ queryKey: alertQueries.list("active"), queryFn: () => listAlerts("active") }));
  // A monitor's status is its worst active alert (critical > warning > pending > muted), else OK.
  const status = createMemo(() => {
    const order = ["critical", "warning", "nodata", "pending", "muted"];
    const out = new Map<string, string>();
    for (const a of active.data ?? []) {
      const s = displayState(a);
      const prev = out.get(a.monitorId);
      if (order.includes(s) && (!prev || order.indexOf(s) < order.indexOf(prev))) out.set(a.monitorId, s);
    }
    return out;
  });
  const shown = createMemo(() =>
    (list.data ?? []).filter((m) => !text() || `${m.name} ${m.team} ${m.query}`.toLowerCase().includes(text())),
  );
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Monitors</h1>
        <Link class="btn primary" href="/monitors/new">
          New monitor
        </Link>
      </div>
      <div class="row">
        <label class="field">
          Team
          <select value={team()} onChange={(e) => setSearch({ team: e.currentTarget.value || null })}>
            <option value="">All teams</option>
            <option value="mine">My teams</option>
            <For each={teams.data ?? []}>{(t) => <option value={t.slug}>{t.name}</option>}</For>
          </select>
        </label>
      </div>
      <input
        type="search"
        aria-label="Filter monitors"
        placeholder="Filter by name, team or query"
        value={g.params().get("q") ?? ""}
        onInput={(e) => setSearch({ q: e.currentTarget.value || null })}
      />
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="monitors" />
        </Match>
        <Match when={shown().length === 0}>
          <Empty title={text() || team() ? "No monitor matches this filter" : "No monitors yet"}>
            <p>Create one with “New monitor”: a PromQL query, a threshold and where to send alerts.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" aria-label="Monitors" style={{ "list-style": "none", padding: 0, margin: 0 }}>
            <For each={shown()}>
              {(m) => (
                <li class="card stack" style={{ gap: "4px" }}>
                  <div class="row" style={{ "justify-content": "space-between" }}>
                    <Link href={`/monitors/${m.id}`}>
                      <strong>{m.name}</strong>
                    </Link>
                    <span class="row" style={{ gap: "6px" }}>
                      <HealthChip health={m.health} enabled={m.enabled} />
                      <span
                        class="chip"
                        aria-label={`Status: ${status().get(m.id) ?? (m.enabled ? "OK" : "disabled")}`}
                      >
                        {status().get(m.id) ?? (m.enabled ? "OK" : "disabled")}
                      </span>
                    </span>
                  </div>
                  <Show when={m.enabled && m.health && m.health.health !== "ok"}>
                    <p class={`health-line health-${m.health!.health}`} style={{ margin: 0 }}>
                      {healthLine(m.health!, m.intervalSeconds, now())}
                    </p>
                  </Show>
                  <code style={{ "overflow-wrap": "anywhere" }}>{m.query}</code>
                  <div class="row muted">
                    <span>
                      {m.collection ? `${m.collection} · ` : ""}
                      {m.team ? `Team: ${m.team}` : "no team"}
                    </span>
                    <span>every {m.intervalSeconds}s</span>
                    <Link href={`/alerts?${new URLSearchParams({ state: "all", q: m.name }).toString()}`}>Alerts</Link>
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
