// POST /v1/traces: decode, apply limits, group by trace shard, store in parallel.
import { ApiError } from "../../core/contracts/errors";
import { decodeTracesJson } from "../../core/otlp/traces/decode-json";
import { decodeTracesProto } from "../../core/otlp/traces/decode-proto";
import { applySpanLimits, defaultSpanLimits, rejectPastRetention } from "../../core/otlp/traces/limits";
import type { SpanRecord } from "../../core/otlp/traces/types";
import { config, type Env } from "../../platform/env";
import { otlpFailure, otlpSuccess, readOtlp, encodingOf } from "./otlp-http";
import { type TraceTarget, traceTarget, traceWriteRouter } from "../../platform/traces/shards";

/** Spans sent to one shard per RPC call: keeps each call's structured-clone payload and transaction modest. */
const SHARD_BATCH = 5_000;

export async function storeSpans(env: Env, spans: readonly SpanRecord[]): Promise<number> {
  // Spans go to their trace's home under the shard map's current epoch, in the generation of the day each one
  // starts (a request across midnight is split in two); lookups by id read every epoch's home on each day kept.
  const route = await traceWriteRouter(env);
  const byObject = new Map<string, { target: TraceTarget; spans: SpanRecord[] }>();
  for (const s of spans) {
    const target = route(s.traceId, s.startUs);
    const g = byObject.get(target.name) ?? { target, spans: [] };
    g.spans.push(s);
    byObject.set(target.name, g);
  }
  const calls: Promise<{ inserted: number }>[] = [];
  for (const { target, spans: list } of byObject.values()) {
    const stub = traceTarget(env, target);
    for (let k = 0; k < list.length; k += SHARD_BATCH)
      calls.push(stub.ingest(list.slice(k, k + SHARD_BATCH), target.day ?? undefined));
  }
  return (await Promise.all(calls)).reduce((t, r) => t + r.inserted, 0);
}

export async function ingestTraces(req: Request, env: Env): Promise<Response> {
  const enc = encodingOf(req) ?? "json";
  try {
    const { items } = await readOtlp(req, { proto: decodeTracesProto, json: decodeTracesJson });
    if (items.length > defaultSpanLimits.maxSpansPerRequest) {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `${items.length} spans in one request; the limit is ${defaultSpanLimits.maxSpansPerRequest}`,
      );
    }
    const now = Date.now();
    const limited = rejectPastRetention(applySpanLimits(items, now), now, config(env).retentionDays);
    await storeSpans(env, limited.accepted);
    return otlpSuccess("traces", enc, limited.rejected, limited.message);
  } catch (e) {
    return otlpFailure(enc, e);
  }
}
