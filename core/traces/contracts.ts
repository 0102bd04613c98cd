// Shapes passed between the worker and TraceShard (validated on both sides of the RPC boundary).
import { z } from "zod";

export const matcherSchema = z.object({
  key: z.string().min(1).max(256),
  op: z.enum(["=", "!=", "=~", "!~"]),
  value: z.string().max(1024),
});

export const spanFilterSchema = z.object({
  startUs: z.number().int().nonnegative(),
  endUs: z.number().int().nonnegative(),
  service: z.string().max(256).optional(),
  operation: z.string().max(1024).optional(),
  status: z.enum(["ok", "error"]).optional(),
  minDurationUs: z.number().int().nonnegative().optional(),
  maxDurationUs: z.number().int().nonnegative().optional(),
  matchers: z.array(matcherSchema).max(30).default([]),
});
export type SpanFilter = z.infer<typeof spanFilterSchema>;

export const searchRequestSchema = spanFilterSchema.extend({
  limit: z.number().int().min(1).max(501),
  cursor: z.object({ t: z.number().int(), traceId: z.string() }).optional(),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;

export const groupKeySchema = z.string().min(1).max(256);
export const statsRequestSchema = spanFilterSchema.extend({ groupBy: z.array(groupKeySchema).max(3) });
export type StatsRequest = z.infer<typeof statsRequestSchema>;

/** One side of a DDx comparison inside a shared filter: its own condition on status and duration, its own size. */
export const samplePartSchema = z.object({
  status: z.enum(["ok", "error"]).optional(),
  minDurationUs: z.number().int().nonnegative().optional(),
  maxDurationUs: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(10_000),
});
export type SamplePart = z.infer<typeof samplePartSchema>;

/** Several samples of one filter (the error and the ok spans of a window) read in one pass over the shard. */
export const sampleRequestSchema = spanFilterSchema.extend({
  parts: z.array(samplePartSchema).min(1).max(4),
  seed: z.number().int(),
});
export type SampleRequest = z.infer<typeof sampleRequestSchema>;

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  /** False when the root span has not arrived: root fields then describe the earliest span. */
  hasRoot: boolean;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
  /** Sort key: latest start among the spans that matched the filter. */
  matchedAtUs: number;
}

export interface SampledSpan {
  attributes: Record<string, string>;
  error: boolean;
  durationMs: number;
}
