// Log query answers: search (cursor pages, newest first) and the per-severity histogram. Shared by the worker's
// contract tests and the web app. Loose objects: the web app reads what it knows and tolerates fields added later.
import { z } from "zod";

export const logLineSchema = z
  .object({
    /** Stable across pages: `${shard}:${id}`. */
    id: z.string(),
    timeUs: z.number(),
    observedUs: z.number(),
    service: z.string(),
    severityNumber: z.number(),
    severityText: z.string(),
    level: z.string(),
    body: z.string(),
    traceId: z.string(),
    spanId: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    resource: z.record(z.string(), z.unknown()),
    scope: z.string(),
    /** Where to open the trace this line belongs to, if any. */
    traceLink: z.string().nullable(),
  })
  .loose();
export type LogLine = z.infer<typeof logLineSchema>;

export const logPageSchema = z
  .object({
    logs: z.array(logLineSchema),
    /** Pass back as `cursor` for the next (older) page; null on the last. */
    nextCursor: z.string().nullable(),
    scanned: z.number(),
    truncated: z.boolean(),
  })
  .loose();
export type LogPage = z.infer<typeof logPageSchema>;

export const logHistogramSchema = z
  .object({
    startUs: z.number(),
    stepUs: z.number(),
    /** Each bucket's start. */
    buckets: z.array(z.number()),
    /** Per level, one count per bucket. */
    counts: z.record(z.string(), z.array(z.number())),
    truncated: z.boolean(),
  })
  .loose();
export type LogHistogram = z.infer<typeof logHistogramSchema>;
