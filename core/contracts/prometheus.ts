// The Prometheus HTTP API's wire format, as Prometheus documents it (https://prometheus.io/docs/prometheus/latest/
// querying/api/): Grafana's Prometheus data source and Vigil's web app read these answers, so they are strict
// objects (a Vigil-only field would be a drift from Prometheus, not an extension) inside the standard envelope.
import { z } from "zod";

const labels = z.record(z.string(), z.string());
/** [unix seconds, value as a string]: Prometheus writes sample values as strings ("NaN", "+Inf" included). */
export const promSampleSchema = z.tuple([z.number(), z.string()]);
export const matrixSeriesSchema = z.strictObject({ metric: labels, values: z.array(promSampleSchema) });
export const vectorSampleSchema = z.strictObject({ metric: labels, value: promSampleSchema });
export type MatrixSeries = z.infer<typeof matrixSeriesSchema>;
export type VectorSample = z.infer<typeof vectorSampleSchema>;

/** `{"status":"success","data":...}`; errors are `{"status":"error","errorType","error"}` with their own status. */
export const promSuccessSchema = <T extends z.ZodType>(data: T) =>
  z.strictObject({
    status: z.literal("success"),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });

export const promRangeSchema = promSuccessSchema(
  z.strictObject({ resultType: z.literal("matrix"), result: z.array(matrixSeriesSchema) }),
);
export const promInstantSchema = promSuccessSchema(
  z.union([
    z.strictObject({ resultType: z.literal("vector"), result: z.array(vectorSampleSchema) }),
    z.strictObject({ resultType: z.literal("matrix"), result: z.array(matrixSeriesSchema) }),
    z.strictObject({ resultType: z.literal("scalar"), result: promSampleSchema }),
    z.strictObject({ resultType: z.literal("string"), result: promSampleSchema }),
  ]),
);
/** A native histogram as the API writes it (util/jsonutil MarshalHistogram, built by core/histogram/json.ts):
 * count and sum as strings, the populated buckets as [boundaryRule 0-3, lower, upper, count]. */
export const promHistogramSchema = z.strictObject({
  count: z.string(),
  sum: z.string(),
  buckets: z
    .array(
      z.tuple([z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]), z.string(), z.string(), z.string()]),
    )
    .optional(),
});
const histogramPoint = z.tuple([z.number(), promHistogramSchema]);
/** A series with native histogram points: `values` only when it has float points, `histograms` only when it has
 * histogram points (Prometheus' marshalSeriesJSON). The web app reads float series only so far. */
export const histogramMatrixSeriesSchema = z.strictObject({
  metric: labels,
  values: z.array(promSampleSchema).optional(),
  histograms: z.array(histogramPoint).optional(),
});
export const histogramVectorSampleSchema = z.strictObject({ metric: labels, histogram: histogramPoint });
/** What /api/v1/query and /api/v1/query_range answer, native histograms included (the documented contract;
 * promInstantSchema/promRangeSchema are its float-only part). */
export const promQueryWireSchema = promSuccessSchema(
  z.union([
    z.strictObject({
      resultType: z.literal("vector"),
      result: z.array(z.union([vectorSampleSchema, histogramVectorSampleSchema])),
    }),
    z.strictObject({
      resultType: z.literal("matrix"),
      result: z.array(z.union([matrixSeriesSchema, histogramMatrixSeriesSchema])),
    }),
    z.strictObject({ resultType: z.literal("scalar"), result: promSampleSchema }),
    z.strictObject({ resultType: z.literal("string"), result: promSampleSchema }),
  ]),
);
export const promQueryRangeWireSchema = promSuccessSchema(
  z.strictObject({
    resultType: z.literal("matrix"),
    result: z.array(z.union([matrixSeriesSchema, histogramMatrixSeriesSchema])),
  }),
);
export const promStringsSchema = promSuccessSchema(z.array(z.string()));
export const promSeriesSchema = promSuccessSchema(z.array(labels));
export const promMetadataSchema = promSuccessSchema(
  z.record(z.string(), z.array(z.strictObject({ type: z.string(), help: z.string(), unit: z.string() }))),
);
export const promFormatQuerySchema = promSuccessSchema(z.string());
export const promBuildInfoSchema = promSuccessSchema(
  z.strictObject({
    version: z.string(),
    revision: z.string(),
    branch: z.string(),
    buildUser: z.string(),
    buildDate: z.string(),
    goVersion: z.string(),
  }),
);

export const exemplarSeriesSchema = z.strictObject({
  seriesLabels: labels,
  exemplars: z.array(z.strictObject({ labels, value: z.string(), timestamp: z.number() })),
});
export type ExemplarSeries = z.infer<typeof exemplarSeriesSchema>;
export const promExemplarsSchema = promSuccessSchema(z.array(exemplarSeriesSchema));

/** An active alert as /api/v1/alerts and an alerting rule's `alerts` list it. */
const promAlert = z.strictObject({
  labels,
  annotations: labels,
  state: z.enum(["pending", "firing"]),
  activeAt: z.string(),
  keepFiringSince: z.string().optional(),
  value: z.string(),
});
const alertingRule = z.strictObject({
  type: z.literal("alerting"),
  name: z.string(),
  query: z.string(),
  duration: z.number(),
  keepFiringFor: z.number(),
  labels,
  annotations: labels,
  alerts: z.array(promAlert).optional(),
  state: z.enum(["inactive", "pending", "firing"]),
  health: z.enum(["ok", "err", "unknown"]),
  lastError: z.string(),
  evaluationTime: z.number(),
  lastEvaluation: z.string(),
});
export const promRulesSchema = promSuccessSchema(
  z.strictObject({
    groups: z.array(
      z.strictObject({
        name: z.string(),
        file: z.string(),
        interval: z.number(),
        limit: z.number(),
        rules: z.array(alertingRule),
        evaluationTime: z.number(),
        lastEvaluation: z.string(),
      }),
    ),
  }),
);
export const promAlertsSchema = promSuccessSchema(z.strictObject({ alerts: z.array(promAlert) }));
export const promTargetsSchema = promSuccessSchema(
  z.strictObject({
    activeTargets: z.array(z.unknown()),
    droppedTargets: z.array(z.unknown()),
    droppedTargetCounts: z.record(z.string(), z.number()),
  }),
);
export const promConfigSchema = promSuccessSchema(z.strictObject({ yaml: z.string() }));
export const promFlagsSchema = promSuccessSchema(z.record(z.string(), z.string()));
export const promRuntimeInfoSchema = promSuccessSchema(
  z.strictObject({
    startTime: z.string(),
    CWD: z.string(),
    reloadConfigSuccess: z.boolean(),
    lastConfigTime: z.string(),
    corruptionCount: z.number(),
    goroutineCount: z.number(),
    GOMAXPROCS: z.number(),
    GOMEMLIMIT: z.number(),
    GOGC: z.string(),
    GODEBUG: z.string(),
    storageRetention: z.string(),
  }),
);
const countByName = z.array(z.strictObject({ name: z.string(), value: z.number() }));
export const promTsdbSchema = promSuccessSchema(
  z.strictObject({
    headStats: z.strictObject({
      numSeries: z.number(),
      numLabelPairs: z.number(),
      chunkCount: z.number(),
      minTime: z.number(),
      maxTime: z.number(),
    }),
    seriesCountByMetricName: countByName,
    labelValueCountByLabelName: countByName,
    memoryInBytesByLabelName: countByName,
    seriesCountByLabelValuePair: countByName,
  }),
);
export const promWalReplaySchema = promSuccessSchema(
  z.strictObject({ min: z.number(), max: z.number(), current: z.number() }),
);
