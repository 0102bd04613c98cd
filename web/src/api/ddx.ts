import { z } from "zod";
import { api } from "./client";

const changeLink = z
  .object({ id: z.string(), title: z.string(), category: z.string(), source: z.string(), happenedAt: z.number() })
  .loose();
const ranked = z
  .object({
    label: z.string(),
    value: z.string(),
    score: z.number(),
    /** 0..100; absent from snapshots made before divergence existed (they carry `score`). */
    divergence: z.number().optional(),
    kind: z.enum(["cause", "contained", "alike", "traffic-shift", "lower", "noise"]).optional(),
    comparison: z.enum(["baseline", "population", "both", "none"]).optional(),
    reason: z.string().optional(),
    explanation: z.string(),
    windowShare: z.number(),
    baselineShare: z.number(),
    trafficShare: z.number().optional(),
    newInWindow: z.boolean(),
    olderThanBaseline: z.boolean().optional(),
    together: z.array(z.string()).optional(),
    within: z.string().optional(),
    change: changeLink.optional(),
  })
  .loose();
export type RankedRow = z.infer<typeof ranked>;
const combination = z
  .object({
    pairs: z.array(z.object({ label: z.string(), value: z.string() })),
    windowShare: z.number(),
    trafficShare: z.number(),
    rate: z.number(),
    restRate: z.number(),
  })
  .loose();
const range = z.object({ start: z.number(), end: z.number() });
const resolved = z
  .object({
    query: z.string(),
    window: range,
    baseline: range,
    reduced: z.array(z.string()).optional(),
    mode: z.enum(["rate", "volume"]).optional(),
    traffic: z
      .object({ query: z.string(), derivedBy: z.string(), reduced: z.array(z.string()).optional() })
      .loose()
      .optional(),
  })
  .loose();
const side = z.object({
  timestamps: z.array(z.number()),
  series: z.array(z.object({ value: z.string(), values: z.array(z.number().nullable()) })),
});
export const metricDdxSchema = z
  .object({
    kind: z.string(),
    createdAt: z.number(),
    input: z.object({ resolved: resolved.optional() }).loose().optional(),
    output: z
      .object({
        ranked: z.array(ranked),
        combinations: z.array(combination).optional(),
        mode: z.enum(["rate", "volume"]).optional(),
        empty: z.string().optional(),
        smallMultiples: z.array(
          z.object({ label: z.string(), unit: z.enum(["rate", "signal"]).optional(), window: side, baseline: side }),
        ),
        warnings: z.array(z.string()).optional(),
      })
      .loose(),
  })
  .loose();
export type MetricDdx = z.infer<typeof metricDdxSchema>;

export const ddxQueries = {
  metric: (req: unknown) => ["ddx", "metric", req] as const,
  investigation: (alertId: string) => ["ddx", "investigation", alertId] as const,
};

export type DdxSignal = "auto" | "rate" | "volume";

export const runMetricDdx = (req: {
  query: string;
  window: { start: number; end: number };
  baseline: { mode: string };
  scope: { name: string; op: "="; value: string }[];
  signal: DdxSignal;
}) => api("/api/ddx/metrics", metricDdxSchema, { method: "POST", body: req });

const sideStat = z.object({ count: z.number(), pct: z.number() }).loose();
const attrStat = z
  .object({
    key: z.string(),
    value: z.string(),
    target: sideStat.extend({ pctOfKey: z.number() }),
    comparison: sideStat,
    before: z.object({ count: z.number(), pct: z.number(), present: z.boolean() }).optional(),
    score: z.number(),
    confidence: z.number(),
    supported: z.boolean().optional(),
    explanation: z.string(),
    change: changeLink.optional(),
  })
  .loose();
const sample = z.object({ sampled: z.number(), total: z.number() });
export const traceDdxSchema = z
  .object({
    kind: z.string(),
    createdAt: z.number(),
    input: z
      .object({ resolved: z.object({ window: range, baseline: range }).loose().optional() })
      .loose()
      .optional(),
    output: z
      .object({
        comparison: z.string(),
        samples: z.object({ target: sample, comparison: sample, before: sample.optional() }),
        ranked: z.array(attrStat),
        warnings: z.array(z.unknown()).optional(),
      })
      .loose(),
  })
  .loose();
export type TraceDdx = z.infer<typeof traceDdxSchema>;
export type TraceDdxComparison = "errors" | "window" | "slow";

export interface TraceDdxInput {
  service?: string;
  operation?: string;
  window: { start: number; end: number };
  comparison: TraceDdxComparison;
  thresholdMs?: number;
  scope: { name: string; op: "="; value: string }[];
}

export const traceDdxKey = (req: TraceDdxInput) => ["ddx", "traces", req] as const;
export const runTraceDdx = (req: TraceDdxInput) =>
  api("/api/ddx/traces", traceDdxSchema, { method: "POST", body: req });

const investigationSchema = z.object({
  investigation: z
    .object({
      alertId: z.string(),
      status: z.enum(["done", "failed", "partial"]),
      finishedAt: z.number(),
      error: z.string().nullable(),
      likelyCause: z
        .object({
          label: z.string(),
          value: z.string(),
          divergence: z.number(),
          reason: z.string(),
          text: z.string(),
          href: z.string(),
        })
        .loose()
        .nullable(),
      body: z
        .object({
          metric: z
            .object({
              empty: z.string().optional(),
              top: z.array(
                z.object({ label: z.string(), value: z.string(), divergence: z.number(), kind: z.string() }).loose(),
              ),
            })
            .loose()
            .optional(),
          traces: z
            .object({ service: z.string(), top: z.array(z.object({ key: z.string(), value: z.string() }).loose()) })
            .loose()
            .optional(),
        })
        .loose(),
    })
    .loose()
    .nullable(),
});
export type AlertInvestigation = z.infer<typeof investigationSchema>;
export const getInvestigation = (alertId: string) =>
  api(`/api/alerts/${encodeURIComponent(alertId)}/investigation`, investigationSchema);
