// Dashboards, their change-event markers, favourites and panel snapshots.
import { z } from "zod";
import type { DashboardModel } from "../../../core/contracts/dashboards";
import { api, apiFetch } from "./client";

const summary = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number(),
  provisioned: z.boolean(),
  tags: z.array(z.string()).default([]),
  panelCount: z.number().default(0),
  updatedAt: z.number(),
});
export type DashboardSummary = z.infer<typeof summary>;
// The model is validated by the server on every save; the client trusts its shape.
const dashboard = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number(),
  provisioned: z.boolean(),
  model: z.custom<DashboardModel>((v) => typeof v === "object" && v !== null),
  markdownHtml: z.record(z.string(), z.string()).default({}),
});
export type Dashboard = z.infer<typeof dashboard>;
const marker = z.object({
  id: z.string(),
  time: z.number(),
  title: z.string(),
  category: z.string(),
  type: z.string().default(""),
  source: z.string(),
  labels: z.record(z.string(), z.string()).default({}),
  alertId: z.string().optional(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  text: z.string(),
});
export type EventMarker = z.infer<typeof marker>;
const favorite = z
  .object({
    kind: z.string(),
    id: z.string().optional(),
    targetId: z.string().optional(),
    target_id: z.string().optional(),
  })
  .passthrough();

export const dashboardQueries = {
  all: ["dashboards"] as const,
  list: () => ["dashboards", "list"] as const,
  one: (id: string) => ["dashboards", "one", id] as const,
  versions: (id: string) => ["dashboards", "versions", id] as const,
  version: (id: string, n: number) => ["dashboards", "versions", id, n] as const,
  events: (id: string, from: number, to: number, vars: string) => ["dashboards", "events", id, from, to, vars] as const,
  favorites: () => ["favorites"] as const,
};

export const listDashboards = () =>
  api("/api/dashboards", z.object({ dashboards: z.array(summary) })).then((r) => r.dashboards);
export const getDashboard = (id: string) => api(`/api/dashboards/${encodeURIComponent(id)}`, dashboard);
export const saveDashboard = (id: string, model: DashboardModel, version: number, message?: string) =>
  api(`/api/dashboards/${encodeURIComponent(id)}`, dashboard.omit({ markdownHtml: true }).passthrough(), {
    method: "PUT",
    body: { model, version, message },
  });
export const importDashboard = (json: unknown) =>
  api("/api/dashboards/import", z.object({ id: z.string() }).passthrough(), { method: "POST", body: json });
export const dashboardEvents = (id: string, from: number, to: number, vars: Record<string, string>) =>
  api(`/api/dashboards/${encodeURIComponent(id)}/events`, z.object({ markers: z.array(marker) }), {
    query: { from, to, ...Object.fromEntries(Object.entries(vars).map(([k, v]) => [`var-${k}`, v])) },
  }).then((r) => r.markers);
const versionEntry = z.object({
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.number(),
  message: z.string().nullable().default(null),
  title: z.string().nullable().default(null),
});
export type DashboardVersion = z.infer<typeof versionEntry>;
export const listVersions = (id: string) =>
  api(
    `/api/dashboards/${encodeURIComponent(id)}/versions`,
    z.object({ current: z.number(), versions: z.array(versionEntry) }),
  );
export const getVersion = (id: string, version: number) =>
  api(
    `/api/dashboards/${encodeURIComponent(id)}/versions/${version}`,
    z.object({ version: z.number(), model: z.custom<DashboardModel>((v) => typeof v === "object" && v !== null) }),
  );
/** Restoring saves the old model as a new version (history is never rewritten). */
export const restoreVersion = (id: string, version: number) =>
  api(
    `/api/dashboards/${encodeURIComponent(id)}/versions/${version}/restore`,
    dashboard.omit({ markdownHtml: true }).passthrough(),
    { method: "POST" },
  );

/** The export as a file the browser downloads (the server sets the file name). */
export async function exportDashboard(id: string): Promise<{ blob: Blob; name: string }> {
  const res = await apiFetch(`/api/dashboards/${encodeURIComponent(id)}/export`);
  const cd = res.headers.get("content-disposition") ?? "";
  return { blob: await res.blob(), name: /filename="([^"]+)"/.exec(cd)?.[1] ?? `${id}.json` };
}

export const listFavorites = () =>
  api("/api/favorites", z.object({ favorites: z.array(favorite) })).then((r) => r.favorites);
export const favoriteId = (f: z.infer<typeof favorite>) => String(f.targetId ?? f.target_id ?? f.id ?? "");
export const setFavorite = (kind: string, id: string, on: boolean, title?: string) =>
  apiFetch(
    `/api/favorites/${kind}/${encodeURIComponent(id)}`,
    on ? { method: "PUT", body: { title } } : { method: "DELETE" },
  );

export const snapshotPanel = (
  dashId: string,
  panelId: string,
  body: { from: number; to: number; data?: unknown; vars?: Record<string, string>; title?: string },
) =>
  api(
    `/api/dashboards/${encodeURIComponent(dashId)}/panels/${encodeURIComponent(panelId)}/snapshot`,
    z.object({ id: z.string() }).passthrough(),
    { method: "POST", body },
  );
