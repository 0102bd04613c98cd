// Shapes passed between the worker and LogShard.
import { z } from "zod";
import { matcherSchema } from "../traces/contracts";

export const logFilterSchema = z.object({
  /** This shard's name: the cross-shard cursor orders ties by it. */
  shard: z.string().min(1).max(128),
  startUs: z.number().int().nonnegative(),
  endUs: z.number().int().nonnegative(),
  service: z.string().max(256).optional(),
  minSeverity: z.number().int().min(0).max(24).optional(),
  text: z.string().max(512).optional(),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  spanId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  matchers: z.array(matcherSchema).max(30).default([]),
});
export type LogFilter = z.infer<typeof logFilterSchema>;

export const logCursorSchema = z.object({ t: z.number().int(), shard: z.string(), id: z.number().int() });
export type LogCursor = z.infer<typeof logCursorSchema>;

export const logSearchSchema = logFilterSchema.extend({
  limit: z.number().int().min(1).max(1001),
  cursor: logCursorSchema.optional(),
});
export type LogSearch = z.infer<typeof logSearchSchema>;

export const logHistogramSchema = logFilterSchema.extend({
  stepUs: z.number().int().positive(),
  buckets: z.number().int().min(1).max(2000),
});
export type LogHistogramRequest = z.infer<typeof logHistogramSchema>;

export interface LogLine {
  /** Stable across pages: `${shard}:${id}`. */
  id: string;
  timeUs: number;
  observedUs: number;
  service: string;
  severityNumber: number;
  severityText: string;
  level: string;
  body: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: string;
  /** Where to open the trace this line belongs to, if any. */
  traceLink: string | null;
}

/** Newest first; ties by shard name then row id, both descending (the order cursors follow). */
export function compareLogKeys(
  a: { t: number; shard: string; id: number },
  b: { t: number; shard: string; id: number },
): number {
  return b.t - a.t || (a.shard < b.shard ? 1 : a.shard > b.shard ? -1 : 0) || b.id - a.id;
}
