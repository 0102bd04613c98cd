// POST /v1/traces: decode, apply limits, group by trace shard, store in parallel.
import { ApiError } from "../../core/contracts/errors";
import { decodeTracesJson } from "../../core/otlp/traces/decode-json";
import { decodeTracesProto } from "../../core/otlp/traces/decode-proto";
import { applySpanLimits, defaultSpanLimits } from "../../core/otlp/traces/limits";
import type { SpanRecord } from "../../core/otlp/traces/types";
import type { Env } from "../../platform/env";
import { otlpFailure, otlpSuccess, readOtlp, encodingOf } from "./otlp-http";
import { traceShard, traceShardIndex, traceWriteShardCount } from "../../platform/traces/shards";

/** Spans sent to one shard per RPC call: keeps each call's structured-clone payload and transaction modest. */
const SHARD_BATCH = 5_000;

export async function storeSpans(env: Env, spans: readonly SpanRecord[]): Promise<number> {
  // Spans go to their trace's home under the shard map's current epoch; lookups by id read every epoch's home.
  const n = await traceWriteShardCount(env);
  const byShard = new Map<number, SpanRecord[]>();
  for (const s of spans) {
    const i = traceShardIndex(s.traceId, n);
    const list = byShard.get(i) ?? [];
    list.push(s);
    byShard.set(i, list);
  }
  const calls: Promise<{ inserted: number }>[] = [];
  for (const [i, list] of byShard) {
    const stub = traceShard(env, i);
    for (let k = 0; k < list.length; k += SHARD_BATCH) calls.push(stub.ingest(list.slice(k, k + SHARD_BATCH)));
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
    const limited = applySpanLimits(items, Date.now());
    await storeSpans(env, limited.accepted);
    return otlpSuccess("traces", enc, limited.rejected, limited.message);
  } catch (e) {
    return otlpFailure(enc, e);
  }
}
