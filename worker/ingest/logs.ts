// POST /v1/logs: decode, apply limits, route each record to its (day, service) shard.
import { ApiError } from "../../core/contracts/errors";
import { decodeLogsJson } from "../../core/otlp/logs/decode-json";
import { decodeLogsProto } from "../../core/otlp/logs/decode-proto";
import { applyLogLimits } from "../../core/otlp/logs/limits";
import type { LogRecordRow } from "../../core/otlp/logs/types";
import { defaultSpanLimits } from "../../core/otlp/traces/limits";
import type { Env } from "../../platform/env";
import { encodingOf, otlpFailure, otlpSuccess, readOtlp } from "./otlp-http";
import { dayOfUs, logShard, logShardCount, logShardName } from "../../platform/logs/shards";

const SHARD_BATCH = 5_000;

export async function storeLogs(env: Env, logs: readonly LogRecordRow[]): Promise<number> {
  const n = logShardCount(env);
  const groups = new Map<string, { day: number; logs: LogRecordRow[] }>();
  for (const l of logs) {
    const day = dayOfUs(l.timeUs);
    const name = logShardName(day, l.service, n);
    const g = groups.get(name) ?? { day, logs: [] };
    g.logs.push(l);
    groups.set(name, g);
  }
  const calls: Promise<{ inserted: number }>[] = [];
  for (const [name, g] of groups) {
    const stub = logShard(env, name);
    for (let i = 0; i < g.logs.length; i += SHARD_BATCH)
      calls.push(stub.ingest(g.day, g.logs.slice(i, i + SHARD_BATCH)));
  }
  return (await Promise.all(calls)).reduce((t, r) => t + r.inserted, 0);
}

export async function ingestLogs(req: Request, env: Env): Promise<Response> {
  const enc = encodingOf(req) ?? "json";
  try {
    const { items } = await readOtlp(req, { proto: decodeLogsProto, json: decodeLogsJson });
    if (items.length > defaultSpanLimits.maxSpansPerRequest) {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `${items.length} log records in one request; the limit is ${defaultSpanLimits.maxSpansPerRequest}`,
      );
    }
    const limited = applyLogLimits(items, Date.now());
    await storeLogs(env, limited.accepted);
    return otlpSuccess("logs", enc, limited.rejected, limited.message);
  } catch (e) {
    return otlpFailure(enc, e);
  }
}
