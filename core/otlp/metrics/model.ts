// Decoded OTLP metrics (metrics.proto), shared by the protobuf and JSON decoders.
import type { Attributes, InstrumentationScope, Resource } from "../common/types";

export const FLAG_NO_RECORDED_VALUE = 1;

export enum Temporality {
  Unspecified = 0,
  Delta = 1,
  Cumulative = 2,
}

/** An OTLP exemplar: a measurement kept with its trace context (ids as lowercase hex, "" when unset). */
export interface OtlpExemplar {
  filteredAttributes: Attributes;
  timeNs: bigint;
  value: number;
  traceId: string;
  spanId: string;
}

export interface NumberPoint {
  attributes: Attributes;
  timeNs: bigint;
  value: number;
  flags: number;
  exemplars?: OtlpExemplar[];
}

export interface HistogramPoint {
  attributes: Attributes;
  timeNs: bigint;
  count: number;
  sum: number | undefined;
  bucketCounts: number[];
  explicitBounds: number[];
  flags: number;
  exemplars?: OtlpExemplar[];
}

/** An ExponentialHistogramDataPoint; buckets as core/histogram/convert.ts's OtlpExponentialPoint reads them. */
export interface ExponentialPoint {
  attributes: Attributes;
  timeNs: bigint;
  count: number;
  sum: number | undefined;
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
  flags: number;
}

export interface SummaryPoint {
  attributes: Attributes;
  timeNs: bigint;
  count: number;
  sum: number;
  quantiles: { quantile: number; value: number }[];
  flags: number;
}

export type MetricData =
  | { kind: "gauge"; points: NumberPoint[] }
  | { kind: "sum"; points: NumberPoint[]; temporality: Temporality; monotonic: boolean }
  | { kind: "histogram"; points: HistogramPoint[]; temporality: Temporality }
  | { kind: "exponentialHistogram"; points: ExponentialPoint[]; temporality: Temporality }
  | { kind: "summary"; points: SummaryPoint[] }
  | { kind: "none" };

export interface Metric {
  name: string;
  description: string;
  unit: string;
  data: MetricData;
}

export interface ScopeMetrics {
  scope: InstrumentationScope;
  metrics: Metric[];
}

export interface ResourceMetrics {
  resource: Resource;
  scopeMetrics: ScopeMetrics[];
}

export interface MetricsRequest {
  resourceMetrics: ResourceMetrics[];
}
