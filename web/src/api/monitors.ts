// Monitors CRUD, versions and notification channels (shapes from core/contracts/monitors.ts and alerting.ts).
import type { z } from "zod";
import {
  type ChannelInput,
  channelDeletedSchema,
  channelListSchema,
  channelSummarySchema,
  monitorStateSchema,
  type NotifyPer,
} from "../../../core/contracts/alerting";
import {
  monitorDefSchema,
  type MonitorListItem,
  monitorListSchema,
  monitorVersionListSchema,
} from "../../../core/contracts/monitors";
import { api } from "./client";

export type ChannelSummary = z.infer<typeof channelSummarySchema>;
export type { MonitorListItem };
export type MonitorState = z.infer<typeof monitorStateSchema>;

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
  api("/api/monitors", monitorListSchema, {
    query: team === "mine" ? { mine: "1" } : { team: team || undefined },
  }).then((r) => r.monitors);
/** What the monitor's evaluator holds now: health, next check. */
export const getMonitorState = (id: string) => api(`/api/monitors/${encodeURIComponent(id)}/state`, monitorStateSchema);
export const getMonitor = (id: string) => api(`/api/monitors/${encodeURIComponent(id)}`, monitorDefSchema);
export const saveMonitor = (id: string | null, body: unknown) =>
  id
    ? api(`/api/monitors/${encodeURIComponent(id)}`, monitorDefSchema, { method: "PUT", body })
    : api("/api/monitors", monitorDefSchema, { method: "POST", body });
export const monitorVersions = (id: string) =>
  api(`/api/monitors/${encodeURIComponent(id)}/versions`, monitorVersionListSchema).then((r) => r.versions);
export const listChannels = () => api("/api/notification-channels", channelListSchema).then((r) => r.channels);
/** Page per alert, or once per incident (keyed by the incident, its resolve with its last alert). */
export const setChannelNotifyPer = (id: string, notifyPer: NotifyPer) =>
  api(`/api/notification-channels/${encodeURIComponent(id)}`, channelSummarySchema, {
    method: "PATCH",
    body: { notifyPer },
  });
export const createChannel = (body: ChannelInput) =>
  api("/api/notification-channels", channelSummarySchema, { method: "POST", body });
export const deleteChannel = (id: string) =>
  api(`/api/notification-channels/${encodeURIComponent(id)}`, channelDeletedSchema, { method: "DELETE" });
