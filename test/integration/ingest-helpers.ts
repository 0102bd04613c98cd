// Shared by the ingest tests: real remote_write and OTLP bodies posted through the worker's fetch handler,
// and reads straight from the shards through the same source the query API uses.
import { env } from "cloudflare:workers";
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import type { LabelMatcher, RawSeries } from "../../core/promql/types";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { call } from "./helpers";

export const STALE_NAN_BITS = [0x7ff00000, 0x00000002];

export function remoteWrite(
  series: EncodeSeries[],
  init: { token?: string | null; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<Response> {
  return call("/api/v1/write", {
    method: "POST",
    token: init.token,
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
      ...init.headers,
    },
    body: init.body ?? remoteWriteBody(series),
  });
}

export function otlpJson(
  body: unknown,
  init: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  return call("/v1/metrics", {
    method: "POST",
    token: init.token,
    headers: { "content-type": "application/json", ...init.headers },
    body: JSON.stringify(body),
  });
}

export async function selectAll(
  matchers: LabelMatcher[],
  start = 0,
  end = Date.now() + 3_600_000,
): Promise<RawSeries[]> {
  return shardedSeriesSource(env).select(matchers, { start, end });
}

export function byName(name: string): LabelMatcher[] {
  return [{ name: "__name__", op: "=", value: name }];
}

/** A per-test unique metric name: test files share their Durable Objects. */
export function uniq(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}

export function valueBits(values: ArrayLike<number>, i: number): [number, number] {
  const f = values instanceof Float64Array ? values : Float64Array.from(values as number[]);
  const u = new Uint32Array(f.buffer, f.byteOffset, f.length * 2);
  return [u[2 * i + 1], u[2 * i]];
}
