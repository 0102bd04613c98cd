import { z } from "zod";
import { api } from "./client";

const ranked = z
  .object({ label: z.string(), value: z.string(), score: z.number(), explanation: z.string(), windowShare: z.number(), baselineShare: z.number(), newInWindow: z.boolean() })
  .loose();
const side = z.object({ timestamps: z.array(z.number()), series: z.array(z.object({ value: z.string(), values: z.array(z.number().nullable()) })) });
export const metricDdxSchema = z
  .object({
    kind: z.string(),
    createdAt: z.number(),
    output: z.object({ ranked: z.array(ranked), smallMultiples: z.array(z.object({ label: z.string(), window: side, baseline: side })), warnings: z.array(z.unknown()).optional() }).loose(),
  })
  .loose();
export type MetricDdx = z.infer<typeof metricDdxSchema>;

export const ddxQueries = { metric: (req: unknown) => ["ddx", "metric", req] as const };

export const runMetricDdx = (req: { query: string; window: { start: number; end: number }; baseline: { mode: string }; scope: Record<string, string> }) =>
  api("/api/ddx/metrics", metricDdxSchema, { method: "POST", body: req });
