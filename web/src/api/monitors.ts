// Monitors CRUD, versions and notification channels (shapes from core/contracts/alerting.ts).
import { z } from "zod";
import type { MonitorDef } from "../../../core/contracts/alerting";
import { api } from "./client";

const def = z.custom<MonitorDef>(
  (v) => typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string",
);
const channel = z.object({ id: z.string(), name: z.string(), kind: z.string() }).passthrough();
export type ChannelSummary = z.infer<typeof channel>;

export const monitorQueries = {
  all: ["monitors"] as const,
  list: (team = "") => ["monitors", "list", team] as const,
  one: (id: string) => ["monitors", "one", id] as const,
  versions: (id: string) => ["monitors", "versions", id] as const,
  channels: () => ["notification-channels"] as const,
};

/** team: "" for all, "mine" for the caller's teams, else a team id or slug. */
export const listMonitors = (team = "") =>
  api("/api/monitors", z.object({ monitors: z.array(def) }), {
    query: team === "mine" ? { mine: "1" } : { team: team || undefined },
  }).then((r) => r.monitors);
export const getMonitor = (id: string) => api(`/api/monitors/${encodeURIComponent(id)}`, def);
export const saveMonitor = (id: string | null, body: unknown) =>
  id
    ? api(`/api/monitors/${encodeURIComponent(id)}`, def, { method: "PUT", body })
    : api("/api/monitors", def, { method: "POST", body });
export const monitorVersions = (id: string) =>
  api(
    `/api/monitors/${encodeURIComponent(id)}/versions`,
    z.object({
      versions: z.array(
        z.object({ version: z.number(), changedBy: z.string(), changedAt: z.number(), definition: def }),
      ),
    }),
  ).then((r) => r.versions);
export const listChannels = () =>
  api("/api/notification-channels", z.object({ channels: z.array(channel) })).then((r) => r.channels);
