import type { z } from "zod";
import {
  type ChangeEventInput,
  changeCategories,
  changeEventPageSchema,
  changeEventSchema,
} from "../../../core/contracts/change-events";
import type { Marker } from "../charts/markers";
import { changeFields } from "./change-fields";
import { api } from "./client";

export { changeEventSchema };
export type ChangeEventView = z.infer<typeof changeEventSchema>;
const page = changeEventPageSchema;

export { changeCategories };

export const changeQueries = {
  all: ["changes"] as const,
  list: (f: { range: { from: string; to: string }; category?: string; q?: string; labels?: string }) =>
    ["changes", "list", f] as const,
  detail: (id: string) => ["changes", "detail", id] as const,
};

export const listChanges = (f: {
  from: number;
  to: number;
  category?: string;
  q?: string;
  labels?: string;
  limit?: number;
}) => api("/api/change-events", page, { query: { ...f, from: String(f.from), to: String(f.to) } });

export const getChange = (id: string) => api(`/api/change-events/${encodeURIComponent(id)}`, changeEventSchema);

export const createChange = (body: ChangeEventInput) =>
  api("/api/change-events", changeEventSchema, { method: "POST", body });

/** Where a change event's own page is: the Changes page opened on it (an alert transition: its alert). */
export function changeHref(e: Pick<ChangeEventView, "id" | "category" | "payload">): string {
  const alertId = alertIdOf(e);
  return alertId ? `/alerts/${encodeURIComponent(alertId)}` : `/changes?id=${encodeURIComponent(e.id)}`;
}

function alertIdOf(e: Pick<ChangeEventView, "category" | "payload">): string | undefined {
  const p = e.payload as { alertId?: unknown } | null | undefined;
  return e.category === "alerts" && p && typeof p.alertId === "string" ? p.alertId : undefined;
}

/** Change events as chart markers with their card: deploys, rollbacks and alert transitions told apart by colour;
 * one alert's transitions share a group (drawn as one band). */
export function changeMarkers(events: ChangeEventView[]): Marker[] {
  return events.map((e) => {
    const f = changeFields(e);
    const detail = [e.title, e.source, f.author, f.region, f.reason].filter(Boolean).join(" · ");
    return {
      time: e.happenedAt,
      label: e.title,
      detail,
      kind: f.kind,
      group: alertIdOf(e),
      state: e.type.replace(/^alert_/, ""),
      card: {
        title: e.title,
        source: e.source,
        author: f.author,
        region: f.region,
        reason: f.reason,
        href: changeHref(e),
        hrefLabel: f.kind === "alert" ? "Open the alert" : "Open in Changes",
      },
    };
  });
}
