// Ctrl/Cmd+K: pages always match locally; server results (`GET /api/search?q=`) are appended when available.
import { NAV } from "./nav-items";

export interface PaletteItem {
  label: string;
  kind: string;
  href: string;
}

/** The server's answer (core/contracts/workspace.ts). */
export { searchResultsSchema as searchResponse } from "../../../core/contracts/workspace";

const KIND_PATH: Record<string, string> = {
  monitor: "/monitors/",
  alert: "/alerts/",
  dashboard: "/dashboards/",
  notebook: "/notebooks/",
  service: "/services/",
  change: "/changes?id=",
};

export function hrefFor(r: { kind: string; id: string; url?: string }): string {
  if (r.url && r.url.startsWith("/") && !r.url.startsWith("//")) return r.url;
  return (KIND_PATH[r.kind] ?? "/?q=") + encodeURIComponent(r.id);
}

export function localMatches(q: string): PaletteItem[] {
  const s = q.trim().toLowerCase();
  return NAV.filter((n) => !s || n.label.toLowerCase().includes(s)).map((n) => ({
    label: n.label,
    kind: "page",
    href: n.href,
  }));
}
