import { useQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { displayState, listAlerts } from "../../api/alerts";
import { alertQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { applyTheme } from "../../lib/theme";
import { formatAgo, formatTime } from "../../lib/time";
import { createLiveAlerts } from "../alerts/live-alerts";
import "./wall.css";
import { WallCharts } from "./WallCharts";

/** /wall: full-screen, dark, large type; live tiles and up to four chosen charts; recovers by itself after a network loss. */
export default function WallPage() {
  const g = createGlobals();
  const qc = useQueryClient();
  const list = useQuery(() => ({
    queryKey: alertQueries.list("active"),
    queryFn: () => listAlerts("active"),
    retry: Infinity,
    retryDelay: 5000,
  }));
  const status = createLiveAlerts();
  const [now, setNow] = createSignal(Date.now());
  const t = setInterval(() => setNow(Date.now()), 5_000);
  onCleanup(() => clearInterval(t));
  // After a reconnect, refetch once: the feed resumes from the last id, this also covers a feed restart.
  createEffect(
    on(
      status,
      (s, prev) => s === "live" && prev && prev !== "live" && void qc.invalidateQueries({ queryKey: alertQueries.all }),
    ),
  );
  // Always dark on the wall; the user's own theme comes back when they leave it.
  document.documentElement.dataset.theme = "dark";
  onCleanup(() => applyTheme());
  const firing = () => (list.data ?? []).filter((a) => a.state === "firing" || a.state === "pending");
  const worst = () =>
    firing().some((a) => displayState(a) === "critical") ? "critical" : firing().length ? "warning" : "ok";
  return (
    <main class={`wall wall-${worst()}`} aria-label="Alert wall">
      <header class="wall-head">
        <span class="wall-title">Vigil · {firing().length ? `${firing().length} firing` : "All clear"}</span>
        <span role="status" aria-label={`Live updates: ${status()}`} class={`wall-live ${status()}`}>
          {status() === "live" ? "● LIVE" : "○ RECONNECTING"}
        </span>
        <span class="wall-clock">{formatTime(now(), g.utc(), false).slice(11)}</span>
      </header>
      <Show when={!list.isPending} fallback={<p class="wall-empty">Loading…</p>}>
        <ul class="wall-tiles" aria-label="Firing alerts">
          <For each={firing()} fallback={<li class="wall-empty">No alerts firing</li>}>
            {(a) => (
              <li class={`wall-tile tile-${displayState(a)}`}>
                <div class="tile-sev">{displayState(a).toUpperCase()}</div>
                <div class="tile-name">{a.monitorName}</div>
                <div class="tile-labels">
                  {Object.entries(a.signalLabels)
                    .map(([k, v]) => `${k}=${v}`)
                    .join("  ")}
                </div>
                <div class="tile-age">for {formatAgo(a.firingAt ?? a.startedAt, now()).replace(" ago", "")}</div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <WallCharts charts={g.params().getAll("chart")} utc={g.utc()} />
    </main>
  );
}
