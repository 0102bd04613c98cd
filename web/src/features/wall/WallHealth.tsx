import { useQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { listMonitors, monitorQueries } from "../../api/monitors";
import { HEALTH_LABEL } from "../monitors/health";

/** Monitors that cannot evaluate, see no data or run slow: a silent monitor is as much news as a firing one. */
export function WallHealth() {
  const list = useQuery(() => ({
    queryKey: monitorQueries.list(),
    queryFn: () => listMonitors(),
    refetchInterval: 30_000,
    retry: Infinity,
    retryDelay: 5000,
  }));
  // The API lists broken monitors first.
  const unhealthy = () =>
    (list.data ?? []).filter((m) => m.enabled && m.health && m.health.health !== "ok" && m.health.health !== "unknown");
  return (
    <Show when={unhealthy().length}>
      <ul class="wall-health" aria-label="Monitor health">
        <For each={unhealthy().slice(0, 8)}>
          {(m) => (
            <li class={`wall-health-item health-${m.health!.health}`}>
              <strong>{HEALTH_LABEL[m.health!.health].toUpperCase()}</strong> {m.name}
              <Show when={m.health!.health === "error" && m.health!.lastError}>
                <span class="wall-health-error">: {m.health!.lastError}</span>
              </Show>
            </li>
          )}
        </For>
        <Show when={unhealthy().length > 8}>
          <li class="wall-health-item">and {unhealthy().length - 8} more</li>
        </Show>
      </ul>
    </Show>
  );
}
