// The TraceShard's RPC surface (`durable/trace-shard/`) and the shapes of its answers. Bindings and
// clients name this interface, not the class.
import type { SpanRecord } from "../../core/otlp/traces/types";
import type { TraceSummary } from "../../core/traces/contracts";
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

/** A shard's sample of one part, in columns: a few arrays cross the RPC boundary instead of thousands of small
 * objects, resource attributes travel once per resource, and the worker parses only the spans it keeps. */
export interface ShardSample {
  totalMatched: number;
  /** Flattened attributes of each resource the sampled spans come from. */
  resources: Record<string, string>[];
  /** Per sampled span: its index in `resources`, its own attributes as stored (JSON), error, duration. */
  resource: number[];
  attrs: string[];
  error: boolean[];
  durationMs: number[];
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
  /** `day`: the UTC day of the generation the object is (absent for the layout before generations). */
  ingest(spans: SpanRecord[], day?: number): Promise<{ inserted: number }>;
  getTrace(traceId: string): Promise<{ spans: SpanRecord[]; truncated: boolean }>;
  search(input: unknown): Promise<ShardSearchResult>;
  stats(input: unknown): Promise<ShardStatsResult>;
  graph(input: unknown): Promise<ShardGraphResult>;
  /** One sample per part of the request, in its order. */
  sample(input: unknown): Promise<ShardSample[]>;
  spanCount(): Promise<number>;
  /** Whether the object holds any span (cheap: one row read). */
  holdsSpans(): Promise<boolean>;
}
