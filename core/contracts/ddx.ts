// DDx answers (docs/DDX.md): the metric and trace snapshots POST /api/ddx/* return (a notebook stores them as-is)
// and the investigation an alert's monitor ran when it fired. Shared by the worker's contract tests and the web app.
// Loose objects: snapshots are stored in notebooks, so older ones lack fields and newer ones add them. JSON turns a
// non-finite figure (a rate over no traffic, a lift over an absent value) into null, so the computed figures the web
// does not read are `figure` (a number or null).
import { z } from "zod";

const figure = z.number().nullable();
const rowKind = z.enum(["cause", "contained", "alike", "traffic-shift", "lower", "noise"]);
const comparison = z.enum(["baseline", "population", "both", "none"]);

/** The change event a top value first appeared at. */
export const changeLinkSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    source: z.string(),
    happenedAt: z.number(),
    matchedBy: z.enum(["label", "title"]).optional(),
  })
  .loose();

export const rankedPairSchema = z
  .object({
    label: z.string(),
    value: z.string(),
    /** Same as `divergence` (older snapshots carry only `score`). */
    score: z.number(),
    /** 0..100; absent from snapshots made before divergence existed. */
    divergence: z.number().optional(),
    kind: rowKind.optional(),
    comparison: comparison.optional(),
    reason: z.string().optional(),
    explanation: z.string(),
    windowShare: z.number(),
    baselineShare: z.number(),
    trafficShare: z.number().optional(),
    rate: figure.optional(),
    baselineRate: figure.optional(),
    restRate: figure.optional(),
    newInWindow: z.boolean(),
    olderThanBaseline: z.boolean().optional(),
    together: z.array(z.string()).optional(),
    within: z.string().optional(),
    change: changeLinkSchema.optional(),
  })
  .loose();
export type RankedRow = z.infer<typeof rankedPairSchema>;

export const combinationSchema = z
  .object({
    pairs: z.array(z.object({ label: z.string(), value: z.string() })),
    windowShare: z.number(),
    trafficShare: z.number(),
    rate: z.number(),
    restRate: z.number(),
  })
  .loose();

const side = z.object({
  timestamps: z.array(z.number()),
  series: z.array(z.object({ value: z.string(), values: z.array(z.number().nullable()) })),
});
export const smallMultipleSchema = z.object({
  label: z.string(),
  unit: z.enum(["rate", "signal"]).optional(),
  window: side,
  baseline: side,
});

/** Every label's values with the evidence behind each (ranked summarises them). */
export const labelTableSchema = z
  .object({
    label: z.string(),
    cardinality: z.number(),
    uninformative: z.boolean(),
    movedAlike: z.boolean(),
    symptom: z.boolean(),
    trafficUnknown: z.boolean(),
    divergence: figure,
    score: figure,
    values: z.array(
      z.object({ value: z.string(), divergence: figure, kind: rowKind, comparison, reason: z.string() }).loose(),
    ),
    truncated: z.number(),
  })
  .loose();

const ddxRange = z.object({ start: z.number(), end: z.number() });
export const metricDdxSchema = z
  .object({
    kind: z.literal("vigil.ddx.metrics"),
    version: z.number().optional(),
    createdAt: z.number(),
    input: z
      .object({
        resolved: z
          .object({
            query: z.string(),
            window: ddxRange,
            baseline: ddxRange,
            windowStepMs: z.number().optional(),
            baselineStepMs: z.number().optional(),
            unwrapped: z.string().optional(),
            reduced: z.array(z.string()).optional(),
            rateApplied: z.boolean().optional(),
            mode: z.enum(["rate", "volume"]).optional(),
            traffic: z
              .object({ query: z.string(), derivedBy: z.string(), reduced: z.array(z.string()).optional() })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    output: z
      .object({
        mode: z.enum(["rate", "volume"]).optional(),
        direction: z.union([z.literal(1), z.literal(-1)]).optional(),
        windowTotal: figure.optional(),
        baselineTotal: figure.optional(),
        rate: z.object({ window: figure, baseline: figure, z: figure }).optional(),
        seriesCount: z.object({ window: z.number(), baseline: z.number() }).optional(),
        ranked: z.array(rankedPairSchema),
        combinations: z.array(combinationSchema).optional(),
        labels: z.array(labelTableSchema).optional(),
        smallMultiples: z.array(smallMultipleSchema),
        /** Why nothing stands out, when nothing does. */
        empty: z.string().optional(),
        warnings: z.array(z.string()).optional(),
      })
      .loose(),
  })
  .loose();
export type MetricDdx = z.infer<typeof metricDdxSchema>;

const sideStat = z
  .object({ count: z.number(), pct: z.number(), low: figure.optional(), high: figure.optional() })
  .loose();
export const attributeStatSchema = z
  .object({
    key: z.string(),
    value: z.string(),
    target: sideStat.extend({ pctOfKey: z.number() }),
    comparison: sideStat,
    before: z.object({ count: z.number(), pct: z.number(), present: z.boolean() }).optional(),
    /** Target share over comparison share: null (Infinity in the server) when absent from the comparison. */
    lift: figure.optional(),
    /** The row's divergence (snapshots before version 2: the population figure alone). */
    score: z.number(),
    confidence: z.number(),
    supported: z.boolean().optional(),
    explanation: z.string(),
    change: changeLinkSchema.optional(),
    // Version 2 (two comparisons, issue 14); older snapshots lack them.
    /** 0..100, from the comparison that ranked the row. */
    divergence: z.number().optional(),
    rankedBy: z.enum(["time", "population"]).optional(),
    population: z.object({ divergence: z.number() }).loose().optional(),
    /** Error rate (slow share) of the value's spans now and before (its own, or the scope's when it is new). */
    time: z
      .object({
        rate: z.number(),
        low: z.number(),
        high: z.number(),
        before: z.number(),
        beforeLow: z.number(),
        beforeHigh: z.number(),
        beforeFrom: z.enum(["value", "scope"]),
        moved: z.number(),
        divergence: z.number(),
      })
      .loose()
      .optional(),
    kind: z.enum(["cause", "contained", "symptom", "noise"]).optional(),
    within: z.string().optional(),
    symptom: z.boolean().optional(),
    reason: z.string().optional(),
  })
  .loose();
const sample = z.object({ sampled: z.number(), total: z.number() });
export const traceDdxSchema = z
  .object({
    kind: z.literal("vigil.ddx.traces"),
    version: z.number().optional(),
    createdAt: z.number(),
    input: z
      .object({ resolved: z.object({ window: ddxRange, baseline: ddxRange }).loose().optional() })
      .loose()
      .optional(),
    output: z
      .object({
        comparison: z.string(),
        samples: z
          .object({
            target: sample,
            comparison: sample,
            before: sample.optional(),
            beforeTarget: sample.optional(),
            beforeComparison: sample.optional(),
          })
          .loose(),
        rate: z.object({ window: z.number(), baseline: figure }).optional(),
        ranked: z.array(attributeStatSchema),
        /** Why no row is a cause, when none is. */
        empty: z.string().optional(),
        keys: z.array(z.object({ key: z.string(), cardinality: z.number(), truncated: z.boolean() })).optional(),
        warnings: z.array(z.unknown()).optional(),
      })
      .loose(),
  })
  .loose();
export type TraceDdx = z.infer<typeof traceDdxSchema>;

/** What the monitor found when the alert fired; null until it ran. */
export const investigationSchema = z.object({
  investigation: z
    .object({
      alertId: z.string(),
      monitorId: z.string().optional(),
      status: z.enum(["done", "failed", "partial"]),
      startedAt: z.number().optional(),
      finishedAt: z.number(),
      error: z.string().nullable(),
      likelyCause: z
        .object({
          label: z.string(),
          value: z.string(),
          divergence: z.number(),
          reason: z.string(),
          change: changeLinkSchema.extend({ beforeMs: z.number() }).optional(),
          text: z.string(),
          href: z.string(),
        })
        .loose()
        .nullable(),
      body: z
        .object({
          metric: z
            .object({
              request: z.object({ query: z.string(), window: ddxRange }).loose().optional(),
              mode: z.enum(["rate", "volume"]).optional(),
              empty: z.string().optional(),
              top: z.array(
                z.object({ label: z.string(), value: z.string(), divergence: z.number(), kind: z.string() }).loose(),
              ),
              error: z.string().optional(),
            })
            .loose()
            .optional(),
          traces: z
            .object({
              service: z.string(),
              top: z.array(z.object({ key: z.string(), value: z.string() }).loose()),
              error: z.string().optional(),
            })
            .loose()
            .optional(),
          changes: z.array(changeLinkSchema).optional(),
        })
        .loose(),
    })
    .loose()
    .nullable(),
});
export type AlertInvestigation = z.infer<typeof investigationSchema>;
