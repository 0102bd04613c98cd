// The home page in one call (shape from core/contracts/workspace.ts).
import { homeSchema } from "../../../core/contracts/workspace";
import { api } from "./client";

export { homeSchema };
export type { Home } from "../../../core/contracts/workspace";
export const getHome = () => api("/api/home", homeSchema);

const PATHS: Record<string, string> = {
  dashboard: "/dashboards/",
  notebook: "/notebooks/",
  monitor: "/monitors/",
  alert: "/alerts/",
  service: "/services/",
};
export const itemHref = (i: { kind: string; id: string }) => (PATHS[i.kind] ?? "/?") + encodeURIComponent(i.id);
