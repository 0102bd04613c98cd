// Request bodies of POST /api/ddx/metrics and /api/ddx/traces (validated at the edge, reused by the web client).
import { z } from "zod";

const time = z.number().int().nonnegative().max(8_640_000_000_000);
export const rangeSchema = z.object({ start: time, end: time });
export type TimeRange = z.infer<typeof rangeSchema>;

const labelName = z.string().min(1).max(256);
export const matcherSchema = z.object({
  name: labelName,
  op: z.enum(["=", "!=", "=~", "!~"]),
  value: z.string().max(1024),
});

/** The pinned scope: a list of matchers, or a plain `{label: value}` object meaning equality. */
export const scopeSchema = z
  .union([z.array(matcherSchema).max(30), z.record(labelName, z.string().max(1024))])
  .transform((s) =>
    Array.isArray(s) ? s : Object.entries(s).map(([name, value]) => ({ name, op: "=" as const, value })),
  )
  .refine((s) => s.length <= 30, "scope has more than 30 matchers");

export const baselineSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("previous") }),
  z.object({ mode: z.literal("1h") }),
  z.object({ mode: z.literal("1d") }),
  z.object({ mode: z.literal("explicit"), start: time, end: time }),
]);
export type BaselineSpec = z.infer<typeof baselineSchema>;

export const metricDdxRequestSchema = z.object({
  query: z.string().min(1).max(4000),
  window: rangeSchema,
  baseline: baselineSchema.default({ mode: "previous" }),
  scope: scopeSchema.default([]),
  includeLabels: z.array(labelName).max(100).default([]),
  excludeLabels: z.array(labelName).max(100).default([]),
  top: z.number().int().min(1).max(50).default(10),
  /** Link top results to change events (D1 lookup). */
  changeEvents: z.boolean().default(true),
  /** "rate": score error rates (the traffic comes from the ratio, the selector without its outcome matchers, or
   * `traffic`); "volume": the signal alone; "auto": rate when traffic can be found, else volume. */
  signal: z.enum(["auto", "rate", "volume"]).default("auto"),
  /** The traffic (denominator) to divide the signal by, when the query does not say it. */
  traffic: z.string().min(1).max(4000).optional(),
});
export type MetricDdxRequest = z.infer<typeof metricDdxRequestSchema>;

export const traceDdxRequestSchema = z
  .object({
    service: z.string().min(1).max(256).optional(),
    operation: z.string().min(1).max(1024).optional(),
    window: rangeSchema,
    scope: scopeSchema.default([]),
    comparison: z.enum(["errors", "window", "slow"]).default("errors"),
    /** The earlier window: the comparison side for "window", the "was it there before?" check otherwise.
     * Default: the same window one hour earlier (a window right before would hold the first minutes of most faults). */
    baseline: baselineSchema.default({ mode: "1h" }),
    /** For "slow": spans longer than this are the target. */
    thresholdMs: z.number().positive().max(86_400_000).optional(),
    /** For "window": compare only error spans, only ok spans, or all. */
    status: z.enum(["error", "ok", "all"]).default("all"),
    /** Spans per side read at most (bounded reservoir sample). */
    sampleSize: z.number().int().min(100).max(10_000).default(5_000),
    top: z.number().int().min(1).max(100).default(20),
    changeEvents: z.boolean().default(true),
  })
  .refine((b) => b.comparison !== "slow" || b.thresholdMs !== undefined, {
    message: "comparison 'slow' needs thresholdMs",
    path: ["thresholdMs"],
  });
export type TraceDdxRequest = z.infer<typeof traceDdxRequestSchema>;
