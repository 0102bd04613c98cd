// Types for native-histogram.mjs.
import type { TimeSeries } from "./remote-write.mjs";
export const NATIVE_NAME: string;
export const NATIVE_SCHEMA: number;
export const ZERO_THRESHOLD: number;
export function bucketIndex(v: number, schema: number): number;
export interface NativeSeries {
  labels: Record<string, string>;
  count: number;
  sum: number;
  zero: number;
  buckets: Map<number, number>;
}
export class NativeHistograms {
  constructor(schema?: number);
  schema: number;
  series: Map<string, NativeSeries>;
  observe(labels: Record<string, string>, values: number[]): void;
  snapshot(timestamp: number): TimeSeries[];
}
export function encodeFloatHistogram(h: NativeSeries, schema: number, timestamp: number): Uint8Array;
