import { useQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, onCleanup, Switch } from "solid-js";
import { displayState, listAlerts, type AlertFilter } from "../../api/alerts";
import { alertQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { setSearch } from "../../lib/url-state";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { AlertRow } from "./AlertRow";
import { createLiveAlerts } from "./live-alerts";
import { LiveBadge } from "./LiveBadge";

const TABS: { key: AlertFilter; label: string }[] = [
  { key: "active", label: "Active" },
  { key: "resolved", label: "Resolved" },
  { key: "all", label: "All" },
];

export default function AlertsPage() {
  const g = createGlobals();
  const state = () => (g.params().get("state") as AlertFilter | null) ?? "active";
  const sev = () => g.params().get("severity") ?? "";
  const text = () => (g.params().get("q") ?? "").toLowerCase();
  const list = useQuery(() => ({ queryKey: alertQueries.list(state()), queryFn: () => listAlerts(state()) }));
  const status = createLiveAlerts();
  const [now, setNow] = createSignal(Date.now());
  const t = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(t));
  // The pinned scope filters alerts by their labels, like every other page.
  const shown = createMemo(() =>
    (list.data ?? []).filter(
      (a) =>
        g.scope().every((c) => a.labels[c.key] === undefined || a.labels[c.key] === c.value) &&
        (!sev() || displayState(a) === sev()) &&
        (!text() || `${a.monitorName} ${Object.values(a.labels).join(" ")}`.toLowerCase().includes(text())),
    ),
  );
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Alerts</h1>
        <LiveBadge status={status()} />
      </div>
      <div class="row" role="tablist" aria-label="Alert state">
        <For each={TABS}>
          {(tab) => (
            <button
              class="btn"
              role="tab"
              aria-selected={state() === tab.key}
              onClick={() => setSearch({ state: tab.key === "active" ? null : tab.key })}
            >
              {tab.label}
            </button>
          )}
        </For>
        <label class="row">
          <span class="sr-only">Severity</span>
          <select
            aria-label="Severity"
            value={sev()}
            onChange={(e) => setSearch({ severity: e.currentTarget.value || null })}
          >
            <option value="">any status</option>
            <option value="critical">critical</option>
            <option value="warning">warning</option>
            <option value="muted">muted</option>
            <option value="resolved">resolved</option>
          </select>
        </label>
        <input
          type="search"
          aria-label="Filter alerts"
          placeholder="Filter by monitor or label"
          value={g.params().get("q") ?? ""}
          onChange={(e) => setSearch({ q: e.currentTarget.value || null })}
        />
      </div>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="alerts" />
        </Match>
        <Match when={shown().length === 0}>
          <Empty title={state() === "active" ? "Nothing is firing" : "No alerts match"}>
            <p>
              {state() === "active"
                ? "New alerts appear here live. Create monitors under Monitors."
                : "Clear the filters or the pinned scope to see more."}
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }} aria-label="Alerts">
            <For each={shown()}>{(a) => <AlertRow alert={a} now={now()} />}</For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}
