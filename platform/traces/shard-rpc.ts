// The TraceShard's RPC surface (`durable/trace-shard/`) and the shapes of its answers. Bindings and
// clients name this interface, not the class.
import type { SpanRecord } from "../../core/otlp/traces/types";
import type { SampledSpan, TraceSummary } from "../../core/traces/contracts";
import type { StatsAcc, StatsGroup } from "../../core/traces/span-stats";

export interface EdgeAcc {
  caller: string;
  callee: string;
  external: boolean;
  acc: StatsAcc;
}

export interface ShardGraphResult {
  edges: EdgeAcc[];
  nodes: { service: string; acc: StatsAcc }[];
  scanned: number;
  truncated: boolean;
}

export interface ShardSample {
  spans: SampledSpan[];
  totalMatched: number;
}

export interface ShardSearchResult {
  traces: TraceSummary[];
  scanned: number;
  truncated: boolean;
}

export interface ShardStatsResult {
  groups: StatsGroup[];
  scanned: number;
  truncated: boolean;
}

export interface TraceShardRpc extends Rpc.DurableObjectBranded {
  ingest(spans: SpanRecord[]): Promise<{ inserted: number }>;
  getTrace(traceId: string): Promise<{ spans: SpanRecord[]; truncated: boolean }>;
  search(input: unknown): Promise<ShardSearchResult>;
  stats(input: unknown): Promise<ShardStatsResult>;
  graph(input: unknown): Promise<ShardGraphResult>;
  /** One sample per part of the request, in its order. */
  sample(input: unknown): Promise<ShardSample[]>;
  spanCount(): Promise<number>;
}
