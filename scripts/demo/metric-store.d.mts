// Types for metric-store.mjs.
import type { TimeSeries } from "./remote-write.mjs";
export interface StoredSeries {
  counters: { labels: Record<string, string>; value: number }[];
  histograms: { labels: Record<string, string>; bounds: number[]; buckets: number[]; sum: number; count: number }[];
}
export class MetricStore {
  counters: Map<string, { labels: Record<string, string>; value: number; born?: boolean; dormant?: boolean }>;
  prevT: number | null;
  histograms: Map<
    string,
    {
      labels: Record<string, string>;
      bounds: number[];
      buckets: number[];
      sum: number;
      count: number;
      born?: boolean;
      dormant?: boolean;
    }
  >;
  add(name: string, labels: Record<string, string>, n: number): void;
  observe(name: string, labels: Record<string, string>, values: number[], bounds?: number[]): void;
  seed(stored: StoredSeries): void;
  snapshot(timestamp: number): TimeSeries[];
}
export function mergeSnapshots(snapshots: TimeSeries[][]): TimeSeries[];
