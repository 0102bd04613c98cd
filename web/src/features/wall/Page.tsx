import { useQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { type Alert, displayState, isActive, isMonitorBroken, listAlerts } from "../../api/alerts";
import { clockTime } from "../monitors/health";
import { alertQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { applyTheme } from "../../lib/theme";
import { formatAgo, formatTime } from "../../lib/time";
import { AckBadge } from "../alerts/AckBadge";
import { createLiveAlerts } from "../alerts/live-alerts";
import { LikelyCauseLine } from "../ddx/LikelyCause";
import "./wall.css";
import { WallCharts } from "./WallCharts";
import { WallHealth } from "./WallHealth";

const tileState = (a: Alert) =>
  displayState(a) === "nodata" ? `NO DATA · ${a.severity.toUpperCase()}` : displayState(a).toUpperCase();

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
  const firing = () => (list.data ?? []).filter(isActive);
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
                <div class="tile-sev">
                  {isMonitorBroken(a) ? `MONITOR BROKEN · ${a.severity.toUpperCase()}` : tileState(a)}
                </div>
                <div class="tile-name">{a.monitorName}</div>
                <div class="tile-labels">
                  {isMonitorBroken(a)
                    ? (a.annotations.error ?? "cannot evaluate its query")
                    : Object.entries(a.signalLabels)
                        .map(([k, v]) => `${k}=${v}`)
                        .join("  ")}
                </div>
                <LikelyCauseLine alertId={a.id} firing={a.state === "firing"} class="tile-cause" />
                <div class="tile-age">
                  {a.state === "nodata" && a.noDataSince
                    ? `no data since ${clockTime(a.noDataSince, g.utc())}`
                    : `for ${formatAgo(a.firingAt ?? a.startedAt, now()).replace(" ago", "")}`}
                </div>
                <AckBadge alert={a} now={now()} class="tile-ack" />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <WallHealth />
      <WallCharts charts={g.params().getAll("chart")} utc={g.utc()} />
    </main>
  );
}
