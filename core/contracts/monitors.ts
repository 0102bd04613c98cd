// Monitors: the answers of /api/monitors, shared by the worker's contract tests and the web app.
// A definition is stored as JSON and returned as stored, so fields added after a monitor was saved get their
// input defaults here rather than failing the page; loose objects tolerate fields added later.
import { z } from "zod";
import {
  type MonitorDef,
  monitorHealthSchema,
  type MonitorHealthView,
  severitySchema,
  signalBySchema,
} from "./alerting";

export const storedConditionSchema = z
  .object({
    severity: severitySchema,
    operator: z.enum([">", ">=", "<", "<=", "==", "!="]),
    threshold: z.number(),
    sustainMs: z.number(),
    resolveWindowMs: z.number(),
  })
  .loose();

export const monitorDefSchema: z.ZodType<MonitorDef> = z
  .object({
    id: z.string(),
    slug: z.string(),
    version: z.number(),
    name: z.string(),
    collection: z.string().default(""),
    team: z.string().default(""),
    teamId: z.string().nullable().optional(),
    collectionId: z.string().nullable().optional(),
    query: z.string(),
    unit: z.string().optional(),
    intervalSeconds: z.union([z.literal(15), z.literal(30), z.literal(60)]),
    conditions: z.array(storedConditionSchema),
    signals: signalBySchema.default({ mode: "monitor" }),
    noData: z.enum(["nodata", "ok", "keep", "alerting"]).default("nodata"),
    flapping: z.object({ enabled: z.boolean(), changes: z.number(), windowMs: z.number() }).optional(),
    annotations: z.record(z.string(), z.string()).default({}),
    channels: z.array(z.string()).default([]),
    repeatIntervalMs: z.number(),
    labels: z.record(z.string(), z.string()).default({}),
    enabled: z.boolean().default(true),
    slo: z
      .object({
        id: z.string(),
        name: z.string(),
        policy: z.string(),
        longWindowMs: z.number(),
        shortWindowMs: z.number(),
      })
      .optional(),
    createdBy: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .loose();

/** A listed monitor carries its evaluation health (null until its first check). */
export type MonitorListItem = MonitorDef & { health: MonitorHealthView | null };
export const monitorListItemSchema: z.ZodType<MonitorListItem> = z.intersection(
  monitorDefSchema,
  z.object({ health: monitorHealthSchema.nullable().default(null) }).loose(),
);
export const monitorListSchema = z.object({ monitors: z.array(monitorListItemSchema) });

export const monitorVersionSchema = z.object({
  version: z.number(),
  changedBy: z.string(),
  changedAt: z.number(),
  definition: monitorDefSchema,
});
export const monitorVersionListSchema = z.object({ versions: z.array(monitorVersionSchema) });

export const monitorDeletedSchema = z.object({ deleted: z.string() });
export const monitorRestartedSchema = z.object({ restarted: z.string(), nextCheckAt: z.number().nullable() });
