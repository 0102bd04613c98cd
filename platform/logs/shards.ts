// Log shards are addressed by (UTC day, hash of service name): a query touches only the days in its
// window, and only one shard per day when it names a service.
import { dayOfUs } from "../../core/shard-map/generations";
import { config, type Env } from "../env";

import type { LogShardRpc } from "./shard-rpc";

/** The shard's RPC surface with plain types (the generated Rpc stub types recurse too deeply on attribute values). */
export type LogShardApi = Omit<LogShardRpc, typeof Rpc.__DURABLE_OBJECT_BRAND>;

export function logShardCount(env: Env): number {
  return config(env).logShards;
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function logShardName(day: number, service: string, shards: number): string {
  return `logs-${day}-${fnv1a(service) % shards}`;
}

export { dayOfUs };

export function logShard(env: Env, name: string): LogShardApi {
  return env.LOG_SHARD.get(env.LOG_SHARD.idFromName(name)) as unknown as LogShardApi;
}

/** Every shard that may hold logs in [startUs, endUs) (for `service`, if given). */
export function logShardsFor(env: Env, startUs: number, endUs: number, service?: string): string[] {
  const n = logShardCount(env);
  const out: string[] = [];
  for (let d = dayOfUs(startUs); d <= dayOfUs(Math.max(startUs, endUs - 1)); d++) {
    if (service) out.push(logShardName(d, service, n));
    else for (let i = 0; i < n; i++) out.push(`logs-${d}-${i}`);
  }
  return out;
}
