import { z } from "zod";
import { changeCategories, type ChangeEventInput } from "../../../core/contracts/change-events";
import { api } from "./client";

export const changeEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  category: z.string(),
  type: z.string(),
  happenedAt: z.number(),
  labels: z.record(z.string(), z.string()),
  payload: z.unknown().optional(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type ChangeEventView = z.infer<typeof changeEventSchema>;
const page = z.object({ events: z.array(changeEventSchema), nextCursor: z.string().nullable() });

export { changeCategories };

export const changeQueries = {
  all: ["changes"] as const,
  list: (f: { range: { from: string; to: string }; category?: string; q?: string; labels?: string }) =>
    ["changes", "list", f] as const,
};

export const listChanges = (f: {
  from: number;
  to: number;
  category?: string;
  q?: string;
  labels?: string;
  limit?: number;
}) => api("/api/change-events", page, { query: { ...f, from: String(f.from), to: String(f.to) } });

export const createChange = (body: ChangeEventInput) =>
  api("/api/change-events", changeEventSchema, { method: "POST", body });

/** Change events as chart markers: deploys purple, rollbacks/incidents red, the rest grey. */
export function changeMarkers(events: ChangeEventView[]) {
  return events.map((e) => ({
    time: e.happenedAt,
    label: e.title,
    detail: `${e.title} · ${e.source} · ${e.category}${
      Object.keys(e.labels).length
        ? " · " +
          Object.entries(e.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")
        : ""
    }`,
    color: /rollback|incident/i.test(e.title + e.category)
      ? "#f85149"
      : e.category === "deploys"
        ? "#a371f7"
        : "#8b949e",
  }));
}
