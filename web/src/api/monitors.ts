// Monitors CRUD, versions and notification channels (shapes from core/contracts/alerting.ts).
import { z } from "zod";
import {
  type ChannelInput,
  channelSummarySchema,
  type MonitorDef,
  type NotifyPer,
  type MonitorHealthView,
  monitorHealthSchema,
  monitorStateSchema,
} from "../../../core/contracts/alerting";
import { api } from "./client";

const def = z.custom<MonitorDef>(
  (v) => typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string",
);
const channel = channelSummarySchema;
export type ChannelSummary = z.infer<typeof channel>;
/** A listed monitor carries its evaluation health (null until its first check). */
export type MonitorListItem = MonitorDef & { health: MonitorHealthView | null };
const listItem = def.and(
  z.object({ health: monitorHealthSchema.nullable().optional() }).loose(),
) as unknown as z.ZodType<MonitorDef & { health?: MonitorHealthView | null }>;
const stateSchema = monitorStateSchema;
export type MonitorState = z.infer<typeof stateSchema>;

export const monitorQueries = {
  all: ["monitors"] as const,
  list: (team = "") => ["monitors", "list", team] as const,
  one: (id: string) => ["monitors", "one", id] as const,
  versions: (id: string) => ["monitors", "versions", id] as const,
  channels: () => ["notification-channels"] as const,
  state: (id: string) => ["monitors", "state", id] as const,
};

/** team: "" for all, "mine" for the caller's teams, else a team id or slug. Each with its health. */
export const listMonitors = (team = ""): Promise<MonitorListItem[]> =>
  api("/api/monitors", z.object({ monitors: z.array(listItem) }), {
    query: team === "mine" ? { mine: "1" } : { team: team || undefined },
  }).then((r) => r.monitors.map((m) => ({ ...m, health: m.health ?? null })));
/** What the monitor's evaluator holds now: health, next check. */
export const getMonitorState = (id: string) => api(`/api/monitors/${encodeURIComponent(id)}/state`, stateSchema);
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
/** Page per alert, or once per incident (keyed by the incident, its resolve with its last alert). */
export const setChannelNotifyPer = (id: string, notifyPer: NotifyPer) =>
  api(`/api/notification-channels/${encodeURIComponent(id)}`, channel, { method: "PATCH", body: { notifyPer } });
export const createChannel = (body: ChannelInput) =>
  api("/api/notification-channels", channel, { method: "POST", body });
export const deleteChannel = (id: string) =>
  api(`/api/notification-channels/${encodeURIComponent(id)}`, z.object({ deleted: z.string() }), { method: "DELETE" });
