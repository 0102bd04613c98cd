import type { Principal } from "../core/contracts/auth";
import type { MetricShard } from "../durable/metric-shard/metric-shard";
import type { TraceShard } from "../durable/trace-shard/trace-shard";
import type { LogShard } from "../durable/log-shard/log-shard";
import type { MonitorObject } from "../durable/monitor/monitor-object";
import type { LiveFeed } from "../durable/live-feed/live-feed";

export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  METRIC_SHARD: DurableObjectNamespace<MetricShard>;
  TRACE_SHARD: DurableObjectNamespace<TraceShard>;
  LOG_SHARD: DurableObjectNamespace<LogShard>;
  MONITOR: DurableObjectNamespace<MonitorObject>;
  LIVE_FEED: DurableObjectNamespace<LiveFeed>;
  /** Bootstrap admin token (a secret: `.dev.vars` locally, `wrangler secret put` in production). */
  VIGIL_ADMIN_TOKEN?: string;
  METRIC_SHARDS?: string;
  TRACE_SHARDS?: string;
  LOG_SHARDS?: string;
  MAX_SERIES_PER_TENANT?: string;
  RETENTION_DAYS?: string;
  PUBLIC_URL?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal };
};

export function intVar(value: string | undefined, fallback: number, min = 1, max = 1 << 30): number {
  const n = value === undefined ? NaN : Number.parseInt(value, 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}
