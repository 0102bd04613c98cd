// The Worker's and the Durable Objects' environment: bindings typed by the objects' RPC interfaces (never their
// classes, so nothing here depends on durable/), and the deployment's variables, validated once with zod.
import { z } from "zod";
import type { MonitorRpc } from "./alerting/monitor-rpc";
import type { ExemplarStoreRpc } from "./exemplars/exemplar-rpc";
import type { LiveFeedRpc } from "./live/live-feed-rpc";
import type { LogShardRpc } from "./logs/shard-rpc";
import type { MetricShardRpc } from "./metrics/shard-rpc";
import type { SloRpc } from "./slo/slo-rpc";
import type { TraceShardRpc } from "./traces/shard-rpc";

export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  METRIC_SHARD: DurableObjectNamespace<MetricShardRpc>;
  TRACE_SHARD: DurableObjectNamespace<TraceShardRpc>;
  LOG_SHARD: DurableObjectNamespace<LogShardRpc>;
  MONITOR: DurableObjectNamespace<MonitorRpc>;
  LIVE_FEED: DurableObjectNamespace<LiveFeedRpc>;
  SLO: DurableObjectNamespace<SloRpc>;
  EXEMPLAR_STORE: DurableObjectNamespace<ExemplarStoreRpc>;
  /** The metrics cold tier: immutable blocks of sealed chunks (docs/BLOCK-FORMAT.md). */
  BLOCKS: R2Bucket;
  /** Bootstrap admin token (a secret: `.dev.vars` locally, `wrangler secret put` in production). */
  VIGIL_ADMIN_TOKEN?: string;
  METRIC_SHARDS?: string;
  TRACE_SHARDS?: string;
  LOG_SHARDS?: string;
  MAX_SERIES_PER_TENANT?: string;
  RETENTION_DAYS?: string;
  /** Sealed metric chunks older than this many hours move from shard SQLite to blocks in R2. */
  COLD_AFTER_HOURS?: string;
  PUBLIC_URL?: string;
  /** Sign-in and sessions (issue 20): see platform/people/config.ts and the README. */
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_SCOPES?: string;
  OIDC_GROUPS_CLAIM?: string;
  OIDC_PROVIDER_NAME?: string;
  OIDC_ALLOW_HTTP?: string;
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  SESSION_TTL_HOURS?: string;
  SESSION_IDLE_HOURS?: string;
  DEFAULT_ROLE?: string;
  ADMIN_EMAILS?: string;
  AUDIT_RETENTION_DAYS?: string;
  /** PromQL semantics: "2" (Prometheus 2.x, the default) or "3" (Prometheus 3). */
  PROMQL_MODE?: string;
  /** Web Push (RFC 8292): secrets in production (`node scripts/vapid-keys.mjs`), generated into .dev.vars locally. */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  /** mailto: or https: contact the push services may use (Apple refuses a localhost one). */
  VAPID_SUBJECT?: string;
  /** "true" lets people register an http push endpoint on loopback: the demo's push stand-in. Never in production. */
  PUSH_ALLOW_LOOPBACK?: string;
}

const intVar = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be an integer from ${min} to ${max} (got '${v}')` });
        return z.NEVER;
      }
      return n;
    });

/** Bytes of a base64url string, or null when it is not one. */
function b64urlBytes(v: string): number | null {
  if (!/^[A-Za-z0-9_-]+$/.test(v)) return null;
  try {
    return atob(v.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (v.length % 4)) % 4)).length;
  } catch {
    return null;
  }
}

const vapidSchema = z
  .object({
    VAPID_PUBLIC_KEY: z.string().optional(),
    VAPID_PRIVATE_KEY: z.string().optional(),
    VAPID_SUBJECT: z.string().optional(),
  })
  .transform((v, ctx) => {
    const pub = v.VAPID_PUBLIC_KEY?.trim();
    const priv = v.VAPID_PRIVATE_KEY?.trim();
    if (!pub && !priv) return null;
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (!pub || !priv) return fail("VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together or not at all");
    if (b64urlBytes(pub) !== 65 || !pub.startsWith("B"))
      return fail("VAPID_PUBLIC_KEY must be an uncompressed P-256 point, base64url (65 bytes; scripts/vapid-keys.mjs)");
    if (b64urlBytes(priv) !== 32) return fail("VAPID_PRIVATE_KEY must be a P-256 private key, base64url (32 bytes)");
    const subject = v.VAPID_SUBJECT?.trim() || "mailto:vigil@localhost";
    if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(subject))
      return fail(`VAPID_SUBJECT must be a mailto: or https: URL (got '${v.VAPID_SUBJECT}')`);
    return { publicKey: pub, privateKey: priv, subject };
  });

const configSchema = z.object({
  PROMQL_MODE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = v?.trim() || "2";
      if (t === "2" || t === "3") return Number(t) as 2 | 3;
      ctx.addIssue({ code: "custom", message: `PROMQL_MODE must be 2 or 3 (got '${v}')` });
      return z.NEVER;
    }),
  METRIC_SHARDS: intVar("METRIC_SHARDS", 4, 1, 256),
  TRACE_SHARDS: intVar("TRACE_SHARDS", 4, 1, 256),
  LOG_SHARDS: intVar("LOG_SHARDS", 4, 1, 64),
  MAX_SERIES_PER_TENANT: intVar("MAX_SERIES_PER_TENANT", 1_000_000, 1, 1 << 30),
  RETENTION_DAYS: intVar("RETENTION_DAYS", 15, 1, 3650),
  COLD_AFTER_HOURS: intVar("COLD_AFTER_HOURS", 3, 1, 24 * 3650),
  PUSH_ALLOW_LOOPBACK: z
    .string()
    .optional()
    .transform((v) => v?.trim() === "true" || v?.trim() === "1"),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return null;
      try {
        const u = new URL(v);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
        return u.origin + u.pathname.replace(/\/+$/, "");
      } catch {
        ctx.addIssue({ code: "custom", message: `PUBLIC_URL must be an absolute http(s) URL (got '${v}')` });
        return z.NEVER;
      }
    }),
});

export interface Config {
  metricShards: number;
  traceShards: number;
  logShards: number;
  maxSeriesPerTenant: number;
  retentionDays: number;
  /** Age (hours) past which sealed metric chunks are compacted into R2 blocks. */
  coldAfterHours: number;
  /** Where users reach Vigil, without a trailing slash; null when unset. */
  publicUrl: string | null;
  /** PromQL semantics of Prometheus 2.x (default) or 3. */
  promqlMode: 2 | 3;
  /** Web Push keys; null when push is not configured. */
  vapid: { publicKey: string; privateKey: string; subject: string } | null;
  /** Push endpoints may be http on loopback (the local demo's push stand-in). */
  pushAllowLoopback: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const parsed = new WeakMap<object, Config>();

/** The validated variables. A bad value fails loudly (every request answers 500 with the reason in the log)
 * instead of silently running with a default the operator did not choose. */
export function config(env: Env): Config {
  const hit = parsed.get(env);
  if (hit) return hit;
  const r = configSchema.safeParse(env);
  const v = vapidSchema.safeParse(env);
  const issues = [...(r.error?.issues ?? []), ...(v.error?.issues ?? [])];
  if (!r.success || !v.success)
    throw new ConfigError(`invalid configuration: ${issues.map((i) => i.message).join("; ")}`);
  const c: Config = {
    metricShards: r.data.METRIC_SHARDS,
    traceShards: r.data.TRACE_SHARDS,
    logShards: r.data.LOG_SHARDS,
    maxSeriesPerTenant: r.data.MAX_SERIES_PER_TENANT,
    retentionDays: r.data.RETENTION_DAYS,
    coldAfterHours: r.data.COLD_AFTER_HOURS,
    publicUrl: r.data.PUBLIC_URL,
    promqlMode: r.data.PROMQL_MODE,
    vapid: v.data,
    pushAllowLoopback: r.data.PUSH_ALLOW_LOOPBACK,
  };
  parsed.set(env, c);
  return c;
}
