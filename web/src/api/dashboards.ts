// Dashboards, their change-event markers, favourites and panel snapshots.
import {
  type DashboardModel,
  dashboardEventsSchema,
  dashboardListSchema,
  dashboardSchema,
  dashboardVersionListSchema,
  dashboardVersionModelSchema,
  dashboardViewSchema,
  panelSnapshotSchema,
} from "../../../core/contracts/dashboards";
import { favoriteListSchema, type UserItem } from "../../../core/contracts/workspace";
import { api, apiFetch } from "./client";

export type {
  DashboardSummary,
  DashboardVersion,
  DashboardView as Dashboard,
  EventMarker,
} from "../../../core/contracts/dashboards";
export const dashboardQueries = {
  all: ["dashboards"] as const,
  list: () => ["dashboards", "list"] as const,
  one: (id: string) => ["dashboards", "one", id] as const,
  versions: (id: string) => ["dashboards", "versions", id] as const,
  version: (id: string, n: number) => ["dashboards", "versions", id, n] as const,
  events: (id: string, from: number, to: number, vars: string) => ["dashboards", "events", id, from, to, vars] as const,
  favorites: () => ["favorites"] as const,
};

export const listDashboards = () => api("/api/dashboards", dashboardListSchema).then((r) => r.dashboards);
export const getDashboard = (id: string) => api(`/api/dashboards/${encodeURIComponent(id)}`, dashboardViewSchema);
export const saveDashboard = (id: string, model: DashboardModel, version: number, message?: string) =>
  api(`/api/dashboards/${encodeURIComponent(id)}`, dashboardSchema, {
    method: "PUT",
    body: { model, version, message },
  });
export const importDashboard = (json: unknown) =>
  api("/api/dashboards/import", dashboardSchema, { method: "POST", body: json });
export const dashboardEvents = (id: string, from: number, to: number, vars: Record<string, string>) =>
  api(`/api/dashboards/${encodeURIComponent(id)}/events`, dashboardEventsSchema, {
    query: { from, to, ...Object.fromEntries(Object.entries(vars).map(([k, v]) => [`var-${k}`, v])) },
  }).then((r) => r.markers);
export const listVersions = (id: string) =>
  api(`/api/dashboards/${encodeURIComponent(id)}/versions`, dashboardVersionListSchema);
export const getVersion = (id: string, version: number) =>
  api(`/api/dashboards/${encodeURIComponent(id)}/versions/${version}`, dashboardVersionModelSchema);
/** Restoring saves the old model as a new version (history is never rewritten). */
export const restoreVersion = (id: string, version: number) =>
  api(`/api/dashboards/${encodeURIComponent(id)}/versions/${version}/restore`, dashboardSchema, { method: "POST" });

/** The export as a file the browser downloads (the server sets the file name). */
export async function exportDashboard(id: string): Promise<{ blob: Blob; name: string }> {
  const res = await apiFetch(`/api/dashboards/${encodeURIComponent(id)}/export`);
  const cd = res.headers.get("content-disposition") ?? "";
  return { blob: await res.blob(), name: /filename="([^"]+)"/.exec(cd)?.[1] ?? `${id}.json` };
}

export const listFavorites = () => api("/api/favorites", favoriteListSchema).then((r) => r.favorites);
export const favoriteId = (f: UserItem) => f.id;
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
    panelSnapshotSchema,
    { method: "POST", body },
  );
