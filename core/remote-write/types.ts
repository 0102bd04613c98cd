// Decoded remote_write 1.0 data, and the sample batches both ingest paths hand to storage.
import type { Labels } from "../promql/types";
import type { SeriesIdentity } from "../tsdb/labels";
import type { HistSample } from "../tsdb/hist-chunk";

/** One series' samples. `values` is a Float64Array so NaN payloads (stale markers) keep their bits. */
export interface SeriesSamples {
  labels: Labels;
  /** Key and fingerprint of `labels`, when the decoder already knows them (its label-set cache): carried
   * with the series rather than looked up, so routing skips rebuilding the key. Read-only and shared; whoever
   * changes `labels` must drop it. */
  identity?: SeriesIdentity;
  timestamps: number[];
  values: Float64Array;
  /** The values are increments since the series' previous point (OTLP delta temporality): storage adds each to
   * the series' last value, so the stored series is cumulative as Prometheus expects. */
  delta?: boolean;
}

/** One series' native histogram samples (remote_write histograms, OTLP exponential points). */
export interface HistogramSeries {
  labels: Labels;
  identity?: SeriesIdentity;
  samples: HistSample[];
  /** The samples are increments since the series' previous one (OTLP delta temporality): storage adds each to the
   * series' last histogram (core/tsdb/hist-delta.ts). */
  delta?: boolean;
}

export type MetricType =
  | "unknown"
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "info"
  | "stateset";

export interface MetricMetadata {
  metric: string;
  type: MetricType;
  help: string;
  unit: string;
}

export interface WriteBatch {
  series: SeriesSamples[];
  metadata: MetricMetadata[];
}

export class RemoteWriteDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RemoteWriteDecodeError";
  }
}

export const METRIC_TYPES: MetricType[] = [
  "unknown",
  "counter",
  "gauge",
  "histogram",
  "gaugehistogram",
  "summary",
  "info",
  "stateset",
];
