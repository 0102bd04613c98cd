// Ctrl/Cmd+K: pages always match locally; server results (`GET /api/search?q=`) are appended when available.
import { z } from "zod";
import { NAV } from "./nav-items";

export interface PaletteItem {
  label: string;
  kind: string;
  href: string;
}

export const searchResponse = z.object({
  results: z.array(
    z
      .object({
        kind: z.string(),
        id: z.string(),
        title: z.string(),
        url: z.string().optional(),
        subtitle: z.string().optional(),
      })
      .loose(),
  ),
});

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
