// Types for metric-store.mjs.
import type { TimeSeries } from "./remote-write.mjs";
export class MetricStore {
  counters: Map<string, { labels: Record<string, string>; value: number }>;
  histograms: Map<string, { labels: Record<string, string>; buckets: number[]; sum: number; count: number }>;
  add(name: string, labels: Record<string, string>, n: number): void;
  observe(name: string, labels: Record<string, string>, values: number[]): void;
  snapshot(timestamp: number): TimeSeries[];
}
export function mergeSnapshots(snapshots: TimeSeries[][]): TimeSeries[];
