import { homesOf, readShardCount, writeEpoch } from "../../core/shard-map/epochs";
import type { Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";

import type { TraceShardRpc } from "./shard-rpc";

/** The shard's RPC surface with plain types (the generated Rpc stub types recurse too deeply on attribute values). */
export type TraceShardApi = Omit<TraceShardRpc, typeof Rpc.__DURABLE_OBJECT_BRAND>;

/** How many shards spans written at `now` route over: the count of the shard map's epoch active then. */
export async function traceWriteShardCount(env: Env, now = Date.now()): Promise<number> {
  return writeEpoch(await epochsOf(env, "traces"), now).shards;
}

/** Trace ids are random: their low 32 bits spread traces evenly. */
export function traceShardIndex(traceId: string, shards: number): number {
  return Number.parseInt(traceId.slice(-8), 16) % shards;
}

export function traceShard(env: Env, index: number): TraceShardApi {
  return env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName(`traces-${index}`)) as unknown as TraceShardApi;
}

/** The objects that may hold spans of a trace: its home under every epoch of the shard map. */
export async function traceHomes(env: Env, traceId: string): Promise<TraceShardApi[]> {
  return homesOf(await epochsOf(env, "traces"), (n) => traceShardIndex(traceId, n)).map((i) => traceShard(env, i));
}

/** Every object any epoch routes to (`traces-0` up to the largest count): what searches and aggregates read. */
export async function allTraceShards(env: Env): Promise<TraceShardApi[]> {
  const n = readShardCount(await epochsOf(env, "traces"));
  return Array.from({ length: n }, (_, i) => traceShard(env, i));
}
