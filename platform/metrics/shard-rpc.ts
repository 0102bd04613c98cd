// Shapes of the MetricShard RPC inputs and outputs. Inputs are validated with zod on arrival: RPC is a
// boundary like any other.
import { z } from "zod";
import type { LabelMatcher, Labels } from "../../core/promql/types";
import type { Partial } from "../../core/promql/pushdown/partial";
import type { FloatHistogram } from "../../core/histogram/float-histogram";
import { type PackedSeries, packedProblem } from "../../core/tsdb/packed";

/** A plain check rather than z.record: this runs for every series of every append. */
function isLabels(v: unknown): v is Labels {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  for (const k in v) if (typeof (v as Record<string, unknown>)[k] !== "string") return false;
  return true;
}
const labels = z.custom<Labels>(isLabels, "labels must map names to strings");

export const matcherSchema = z.object({ name: z.string(), op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() });
export const matcherSetsSchema = z.array(z.array(matcherSchema).max(64)).max(64);

/** Checked by hand: a schema per element would cost what packing saves. */
const packed = z.custom<PackedSeries>().superRefine((v, ctx) => {
  const problem = packedProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const appendSchema = z.object({
  /** The router's form: every series and sample in typed arrays (core/tsdb/packed.ts). */
  packed: packed.optional(),
  /** Series one by one (tests, small callers); appended after `packed`. */
  series: z
    .array(
      z.object({
        /** Either the labels or the canonical series key (seriesKey(labels)) the router already computed;
         * the key alone keeps the RPC message small. */
        labels: labels.optional(),
        key: z.string().optional(),
        timestamps: z.custom<number[]>(
          (v) => Array.isArray(v) && v.every((t) => typeof t === "number"),
          "timestamps must be numbers",
        ),
        values: z.custom<Float64Array>((v) => v instanceof Float64Array, "values must be a Float64Array"),
        /** Increments to add to the series' last value (OTLP delta temporality), not values. */
        delta: z.boolean().optional(),
      }),
    )
    .max(1_000_000)
    .refine((xs) => xs.every((x) => x.labels !== undefined || x.key !== undefined), "each series needs labels or key")
    .default([]),
  /** Native histogram samples per series: the canonical key, its fingerprint and the samples encoded as one
   * histogram chunk (core/tsdb/hist-chunk.ts; the shard decodes, and so validates, them). */
  histograms: z
    .array(
      z.object({
        key: z.string(),
        fingerprint: z.number().int().nonnegative(),
        data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "data must be a Uint8Array"),
        /** Increments to add to the series' last histogram (OTLP delta temporality). */
        delta: z.boolean().optional(),
      }),
    )
    .max(100_000)
    .default([]),
  metadata: z
    .array(z.object({ metric: z.string(), type: z.string(), help: z.string(), unit: z.string() }))
    .max(100_000)
    .default([]),
  /** The UTC day this object's generation holds (`metrics-<day>-<i>`), recorded on first append so its alarm
   * knows when to drop it; absent for objects of the layout before generations (`shard-<i>`). */
  day: z.number().int().nonnegative().optional(),
  /** Overrides for tests; production takes the limits from env. */
  maxSeries: z.number().int().positive().optional(),
});
export type AppendInput = z.input<typeof appendSchema>;

export const rangeSchema = z.object({ start: z.number(), end: z.number() });

export const selectLimitsSchema = z
  .object({ maxSeries: z.number().int().positive().optional(), maxSamples: z.number().int().positive().optional() })
  .default({});

export interface AppendResult {
  accepted: number;
  duplicates: number;
  outOfOrder: number;
  conflicts: number;
  seriesLimited: number;
  errors: string[];
  /** OTLP delta series only: the cumulative values this append stored in the last GENERATION_OVERLAP_MS of the
   * object's day, which the router copies to the next day's generation as plain samples (its running total then
   * continues from them). Absent when there are none. */
  carry?: { key: string; fingerprint: number; timestamps: number[]; values: Float64Array }[];
  /** The same for delta native histograms: the cumulative samples as one histogram chunk. */
  histogramCarry?: { key: string; fingerprint: number; data: Uint8Array; samples: number }[];
}

export interface SelectedSeries {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
  /** Index-aligned with `timestamps` when the series has native histogram samples in the range (values 0 there). */
  histograms?: (FloatHistogram | undefined)[];
}

export interface ShardStats {
  series: number;
  /** Hot chunk rows, float and native histogram ones together, with their samples and bytes. */
  chunks: number;
  /** Each sample once: a day's generation leaves out its copies of the previous day's last 2 h (their bytes are
   * in `chunkBytes`, the overlap's cost). */
  samples: number;
  chunkBytes: number;
  /** The cold tier: block objects in R2 holding this shard's compacted chunks, and their bytes. Their samples are
   * not in `samples` (the hot rows only). */
  blocks: number;
  blockBytes: number;
  /** The object's whole SQLite database (index, WAL, metadata included). */
  dbBytes: number;
}

/** RPC answers carry errors as values: a thrown error would surface in workerd as an uncaught rejection
 * inside the object, and callers need the message anyway. */
export type ShardReply<T> = { value: T; error?: undefined } | { error: string; limit: boolean };

export function parseRpc<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new RpcInputError(
      `invalid ${what}: ${r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  return r.data;
}

export class RpcInputError extends Error {}

/** Prefix of errors thrown when a query would exceed a shard's guard, so callers can map them to 422. */
export const LIMIT_ERROR_PREFIX = "query limit exceeded:";

/** Prefix of `evaluate`'s refusal when a fragment's series hold native histograms in its range (fragments evaluate
 * floats only); the Worker then reads those selectors as raw series. */
export const HISTOGRAMS_REFUSAL = "native histograms in the fragment's range";

/** What the Worker and the monitors may call on a MetricShard (`durable/metric-shard/`). Bindings name this
 * interface, not the class, so nothing outside `durable/` depends on the object's code. */
export interface MetricShardRpc extends Rpc.DurableObjectBranded {
  append(input: AppendInput): Promise<ShardReply<AppendResult>>;
  select(
    matchers: LabelMatcher[],
    start: number,
    end: number,
    limits?: { maxSeries?: number; maxSamples?: number },
  ): Promise<ShardReply<SelectedSeries[]>>;
  selectPage(
    matchers: LabelMatcher[],
    start: number,
    end: number,
    opts: { after?: number; maxBytes: number; maxSamples?: number },
  ): Promise<ShardReply<{ series: SelectedSeries[]; next: number | null; samples: number }>>;
  /** Fragments of a query (core/promql/pushdown/spec.ts) evaluated over this shard's series; refused (an error
   * starting with HISTOGRAMS_REFUSAL) when a fragment's series hold native histograms in its range. */
  evaluate(fragments: unknown, limits: unknown): Promise<ShardReply<Partial[]>>;
  /** Index answers are capped in bytes (`limits.maxBytes`, at most 16 MiB; durable/metric-shard/reply-cap.ts). */
  series(
    matcherSets: LabelMatcher[][],
    start: number,
    end: number,
    limits?: { maxBytes?: number },
  ): Promise<ShardReply<Labels[]>>;
  labelNames(matcherSets: LabelMatcher[][], start: number, end: number): Promise<ShardReply<string[]>>;
  labelValues(
    name: string,
    matcherSets: LabelMatcher[][],
    start: number,
    end: number,
    limits?: { maxBytes?: number },
  ): Promise<ShardReply<string[]>>;
  metadata(
    metric?: string,
    limit?: number,
  ): Promise<ShardReply<{ metric: string; type: string; help: string; unit: string }[]>>;
  stats(): Promise<ShardStats>;
  /** Whether the object holds any series (the shard map asks objects of the layout before generations). */
  holdsSeries(): Promise<boolean>;
}
