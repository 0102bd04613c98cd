import type { TraceShard } from "../../durable/trace-shard/trace-shard";
import { intVar, type Env } from "../env";

/** The shard's RPC surface with plain types (the generated Rpc stub types recurse too deeply on attribute values). */
export type TraceShardApi = Pick<
  TraceShard,
  "ingest" | "getTrace" | "search" | "stats" | "graph" | "sample" | "spanCount"
>;

export function traceShardCount(env: Env): number {
  return intVar(env.TRACE_SHARDS, 4, 1, 256);
}

/** Trace ids are random: their low 32 bits spread traces evenly. Changing TRACE_SHARDS re-homes traces. */
export function traceShardIndex(traceId: string, shards: number): number {
  return Number.parseInt(traceId.slice(-8), 16) % shards;
}

export function traceShard(env: Env, index: number): TraceShardApi {
  return env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName(`traces-${index}`)) as unknown as TraceShardApi;
}

export function allTraceShards(env: Env): TraceShardApi[] {
  return Array.from({ length: traceShardCount(env) }, (_, i) => traceShard(env, i));
}
