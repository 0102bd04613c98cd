import { z } from "zod";
import { api } from "./client";
import { changeEventSchema } from "./changes";

const item = z.object({ kind: z.string(), id: z.string(), title: z.string().nullable(), at: z.number() });
export const homeSchema = z.object({
  generatedAt: z.number(),
  alerts: z.array(
    z
      .object({
        id: z.string(),
        monitorName: z.string(),
        severity: z.string(),
        state: z.string(),
        muted: z.boolean(),
        signalLabels: z.record(z.string(), z.string()),
        startedAt: z.number(),
        firingAt: z.number().nullable(),
        resolvedAt: z.number().nullable(),
      })
      .loose(),
  ),
  favorites: z.array(item),
  recent: z.array(item),
  comments: z.array(
    z
      .object({
        id: z.string(),
        author: z.string(),
        html: z.string(),
        createdAt: z.number(),
        targetKind: z.string().optional(),
        targetId: z.string().optional(),
        targetTitle: z.string().nullable().optional(),
        authorName: z.string().nullable().optional(),
      })
      .loose(),
  ),
  changes: z.array(changeEventSchema),
});
export type Home = z.infer<typeof homeSchema>;
export const getHome = () => api("/api/home", homeSchema);

const PATHS: Record<string, string> = {
  dashboard: "/dashboards/",
  notebook: "/notebooks/",
  monitor: "/monitors/",
  alert: "/alerts/",
  service: "/services/",
};
export const itemHref = (i: { kind: string; id: string }) => (PATHS[i.kind] ?? "/?") + encodeURIComponent(i.id);
