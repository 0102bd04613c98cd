// Every monitor with what its object holds now (state, last check, health), for the Prometheus rules and
// alerts API. The definitions come from D1, the live state from each MonitorObject's snapshot RPC.
import type { MonitorView } from "../../core/prometheus/rules";
import { listMonitors } from "../db/monitors";
import type { Env } from "../env";
import { monitorStub } from "./monitor-def";

/** Monitors listed per call: one snapshot RPC each, in parallel. */
export const MAX_RULE_MONITORS = 1000;

export async function monitorViews(env: Env): Promise<MonitorView[]> {
  const defs = await listMonitors(env.DB, { limit: MAX_RULE_MONITORS });
  return Promise.all(
    defs.map(async (definition): Promise<MonitorView> => {
      if (!definition.enabled) return { definition, state: null, lastCheck: null };
      try {
        const snap = await monitorStub(env, definition.id).snapshot();
        // `health` is read when the object reports it (structural: older objects do not).
        const health = (snap as { health?: MonitorView["health"] }).health ?? null;
        return { definition, state: snap.state, lastCheck: snap.lastCheck, health };
      } catch (e) {
        return {
          definition,
          state: null,
          lastCheck: null,
          unreachable: `monitor state unavailable: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
    }),
  );
}
