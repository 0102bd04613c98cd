import { z } from "zod";
import { changeCategorySchema } from "./change-events";

/** The dashboard JSON model: what is stored, versioned, imported and exported. */

/** `heatmap` is Grafana's heatmap panel for native histograms; a `timeseries` panel draws a histogram answer as a
 * heatmap too (above the lines of a mixed answer), as the explorer does. */
export const panelTypes = [
  "timeseries",
  "heatmap",
  "stat",
  "table",
  "logs",
  "traces",
  "service_map",
  "markdown",
] as const;
export const GRID_COLUMNS = 24;

const gridPosSchema = z
  .object({
    x: z
      .number()
      .int()
      .min(0)
      .max(GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(10_000),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(100),
  })
  .refine((g) => g.x + g.w <= GRID_COLUMNS, `a panel must fit in ${GRID_COLUMNS} columns (x + w <= ${GRID_COLUMNS})`);

export const panelQuerySchema = z.object({
  refId: z.string().max(10).default("A"),
  /** PromQL for metrics panels, a search query for logs/traces panels. */
  expr: z.string().min(1).max(10_000),
  legend: z.string().max(200).optional(),
});

export const panelSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "panel ids: letters, digits, _ and -"),
  type: z.enum(panelTypes),
  title: z.string().max(200).default(""),
  description: z.string().max(2_000).optional(),
  datasource: z.enum(["metrics", "traces", "logs"]).default("metrics"),
  queries: z.array(panelQuerySchema).max(10).default([]),
  /** Markdown panels: stored raw, rendered inert by the server or the client. */
  content: z.string().max(50_000).optional(),
  gridPos: gridPosSchema,
  unit: z.string().max(40).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});
export type Panel = z.infer<typeof panelSchema>;

export const variableSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "variable names: identifier characters"),
  type: z.enum(["query", "custom", "constant", "interval"]),
  label: z.string().max(100).optional(),
  query: z.string().max(10_000).optional(),
  options: z.array(z.string().max(500)).max(500).optional(),
  current: z.union([z.string().max(500), z.array(z.string().max(500)).max(100)]).optional(),
  multi: z.boolean().optional(),
  includeAll: z.boolean().optional(),
});

/** One field of the hover text: `Source: ArgoCD` from `source`, `Author: deploy-bot` from `labels.author`. */
export const hoverFieldSchema = z.object({
  label: z.string().min(1).max(50),
  field: z
    .string()
    .regex(
      /^(title|source|category|type|labels\.[^\s]{1,128})$/,
      "field is title, source, category, type or labels.<name>",
    ),
});

export const eventOverlaySchema = z.object({
  enabled: z.boolean().default(true),
  categories: z.array(changeCategorySchema).max(10).default([]),
  /** Exact label matches; a value `$var` takes the dashboard variable's current value (skipped when unset or All). */
  labels: z.record(z.string().min(1).max(128), z.string().max(500)).default({}),
  hoverFields: z.array(hoverFieldSchema).max(10).default([]),
  limit: z.number().int().min(1).max(500).default(200),
});
export type EventOverlay = z.infer<typeof eventOverlaySchema>;

const timeText = z.union([z.string().max(40), z.number().int().nonnegative()]);

export const dashboardModelSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(2_000).optional(),
    tags: z.array(z.string().max(50)).max(20).default([]),
    time: z.object({ from: timeText, to: timeText }).default({ from: "now-1h", to: "now" }),
    refresh: z
      .string()
      .regex(/^(\d+[smhd])?$/, "refresh like 30s, 1m or empty")
      .nullable()
      .default(null),
    variables: z.array(variableSchema).max(30).default([]),
    panels: z.array(panelSchema).max(100).default([]),
    eventOverlay: eventOverlaySchema.optional(),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    m.panels.forEach((p, i) => {
      if (ids.has(p.id))
        ctx.addIssue({ code: "custom", path: ["panels", i, "id"], message: `duplicate panel id '${p.id}'` });
      ids.add(p.id);
      if (p.type !== "markdown" && p.queries.length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["panels", i, "queries"],
          message: `${p.type} panel '${p.id}' needs a query`,
        });
      // A heatmap draws native histograms, which only PromQL answers: a logs or traces source would draw nothing.
      if (p.type === "heatmap" && p.datasource !== "metrics")
        ctx.addIssue({
          code: "custom",
          path: ["panels", i, "datasource"],
          message: `heatmap panel '${p.id}' draws native histograms of a PromQL query: datasource must be metrics, not ${p.datasource}`,
        });
    });
    const names = new Set<string>();
    m.variables.forEach((v, i) => {
      if (names.has(v.name))
        ctx.addIssue({ code: "custom", path: ["variables", i, "name"], message: `duplicate variable '${v.name}'` });
      names.add(v.name);
    });
  });
export type DashboardModel = z.infer<typeof dashboardModelSchema>;

/** The export envelope: the model plus a format marker so imports can tell what they got. */
export const EXPORT_FORMAT = "vigil.dashboard/v1";
export const dashboardExportSchema = z.object({ format: z.literal(EXPORT_FORMAT), model: z.unknown() }).passthrough();

export function exportDashboard(
  model: DashboardModel,
  meta: { id: string; version: number; exportedAt: number },
): unknown {
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date(meta.exportedAt).toISOString(),
    source: { id: meta.id, version: meta.version },
    model,
  };
}

/** Import accepts an export envelope or a bare model. */
export function unwrapImport(body: unknown): unknown {
  const env = dashboardExportSchema.safeParse(body);
  return env.success ? env.data.model : body;
}

// The answers of /api/dashboards, shared by the worker's contract tests and the web app. The model is stored as
// the save route parsed it, so the model schema reads it back; loose objects tolerate fields added later.
const dashboardMeta = {
  id: z.string(),
  slug: z.string().nullable(),
  title: z.string(),
  version: z.number(),
  provisioned: z.boolean(),
  /** The owning team (null: no team owns it). */
  teamId: z.string().nullable(),
  team: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedBy: z.string(),
  updatedAt: z.number(),
};
export const dashboardSummarySchema = z
  .object({ ...dashboardMeta, tags: z.array(z.string()), panelCount: z.number() })
  .loose();
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;
export const dashboardListSchema = z.object({ dashboards: z.array(dashboardSummarySchema) });
/** A dashboard as create, save, restore and move answer it. */
export const dashboardSchema = z.object({ ...dashboardMeta, model: dashboardModelSchema }).loose();
/** GET /api/dashboards/:id adds each markdown panel's inert HTML. */
export const dashboardViewSchema = dashboardSchema.extend({ markdownHtml: z.record(z.string(), z.string()) });
export type DashboardView = z.infer<typeof dashboardViewSchema>;
export const dashboardDeletedSchema = z.object({ deleted: z.string() });
export const provisionResultSchema = z.object({ created: z.array(z.string()) });
export const dashboardExportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: z.string(),
  source: z.object({ id: z.string(), version: z.number() }),
  model: dashboardModelSchema,
});

export const dashboardVersionSchema = z
  .object({
    version: z.number(),
    createdBy: z.string(),
    createdAt: z.number(),
    message: z.string().nullable(),
    title: z.string(),
  })
  .loose();
export type DashboardVersion = z.infer<typeof dashboardVersionSchema>;
export const dashboardVersionListSchema = z.object({ current: z.number(), versions: z.array(dashboardVersionSchema) });
export const dashboardVersionModelSchema = z.object({ version: z.number(), model: dashboardModelSchema });

/** A change event as a chart marker, with the hover text built from the overlay's fields. */
export const eventMarkerSchema = z
  .object({
    id: z.string(),
    time: z.number(),
    title: z.string(),
    category: z.string(),
    /** deploy, rollback, alert_firing, …: charts colour and group by it. */
    type: z.string(),
    source: z.string(),
    labels: z.record(z.string(), z.string()),
    /** An alert transition's alert: one alert's markers are drawn as one band. */
    alertId: z.string().optional(),
    fields: z.array(z.object({ label: z.string(), value: z.string() })),
    text: z.string(),
  })
  .loose();
export type EventMarker = z.infer<typeof eventMarkerSchema>;
/** No overlay, or a disabled one, answers no markers and no window. */
export const dashboardEventsSchema = z.object({
  from: z.number().optional(),
  to: z.number().optional(),
  overlay: eventOverlaySchema.nullable(),
  markers: z.array(eventMarkerSchema),
});

export const panelSnapshotSummarySchema = z
  .object({
    id: z.string(),
    dashboardId: z.string().nullable(),
    panelId: z.string().nullable(),
    title: z.string(),
    query: z.string(),
    from: z.number(),
    to: z.number(),
    createdBy: z.string(),
    createdAt: z.number(),
  })
  .loose();
export const panelSnapshotSchema = panelSnapshotSummarySchema.extend({ data: z.unknown() });
export const panelSnapshotListSchema = z.object({ snapshots: z.array(panelSnapshotSummarySchema) });
