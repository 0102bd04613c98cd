import { config, type Env } from "../env";

import type { TraceShardRpc } from "./shard-rpc";

/** The shard's RPC surface with plain types (the generated Rpc stub types recurse too deeply on attribute values). */
export type TraceShardApi = Omit<TraceShardRpc, typeof Rpc.__DURABLE_OBJECT_BRAND>;

export function traceShardCount(env: Env): number {
  return config(env).traceShards;
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
