// Trace DDx when one shard holds far more than an even share of a side: its first answer (a little over an even
// share) falls short of the quota drawn from the match counts, and the worker asks that shard again for the rest.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sampleSpanSides } from "../../platform/traces/sample";
import { traceShardIndex, traceWriteShardCount } from "../../platform/traces/shards";
import { json } from "./helpers";

const SERVICE = "topup-service";
const NOW = Date.now();
const window = { start: NOW - 10 * 60_000, end: NOW };
const LIMIT = 100;
/** Spans in traces of shard 0, and in the other shards: 200 + 10 errors, 400 + 30 ok. */
const CROWDED = { errors: 200, ok: 400 };
const SPREAD = { errors: 10, ok: 30 };

const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");

/** A trace id (never all zeros, which OTLP rejects) homed on shard 0 (`home`) or on any other shard. */
function traceId(n: number, home: boolean, shards: number): string {
  for (let k = n * 64 + 1; ; k++) {
    const id = hex(k, 32);
    if ((traceShardIndex(id, shards) === 0) === home) return id;
  }
}

beforeAll(async () => {
  const shards = await traceWriteShardCount(env);
  expect(shards).toBeGreaterThan(1);
  const spans: unknown[] = [];
  const add = (n: number, home: boolean, error: boolean) => {
    const startNs = BigInt(window.start + 60_000 + n * 500) * 1_000_000n;
    spans.push({
      traceId: traceId(n, home, shards),
      spanId: hex(n + 1, 16),
      name: "GET /item",
      kind: 2,
      startTimeUnixNano: startNs.toString(),
      endTimeUnixNano: (startNs + 20_000_000n).toString(),
      attributes: [
        { key: "n", value: { stringValue: String(n) } },
        { key: "shard.home", value: { stringValue: home ? "crowded" : "spread" } },
      ],
      status: error ? { code: 2, message: "failed" } : { code: 1 },
    });
  };
  let n = 0;
  for (let i = 0; i < CROWDED.errors; i++) add(n++, true, true);
  for (let i = 0; i < CROWDED.ok; i++) add(n++, true, false);
  for (let i = 0; i < SPREAD.errors; i++) add(n++, false, true);
  for (let i = 0; i < SPREAD.ok; i++) add(n++, false, false);
  const res = await json("/v1/traces", {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: SERVICE } }] },
        scopeSpans: [{ scope: { name: "topup" }, spans }],
      },
    ],
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
});

describe("trace DDx sampling when one shard holds most of a side", () => {
  it("tops the crowded shard up to its quota: full samples, exact counts, no span twice", async () => {
    const [errors, ok] = await sampleSpanSides(
      env,
      { service: SERVICE, start: window.start, end: window.end, limit: LIMIT, seed: 7 },
      [{ where: "error" }, { where: "ok" }],
    );
    expect(errors.totalMatched).toBe(CROWDED.errors + SPREAD.errors);
    expect(ok.totalMatched).toBe(CROWDED.ok + SPREAD.ok);
    for (const [side, error] of [
      [errors, true],
      [ok, false],
    ] as const) {
      expect(side.spans).toHaveLength(LIMIT);
      expect(side.spans.every((s) => s.error === error)).toBe(true);
      const ids = side.spans.map((s) => s.attributes.n);
      expect(new Set(ids).size).toBe(LIMIT);
      // Shard 0 holds about 95% of each side: its share of the sample is well over the first ask (a little over
      // LIMIT / shards, 59 for 4 shards), so part of it came from the top-up.
      const crowded = side.spans.filter((s) => s.attributes["shard.home"] === "crowded").length;
      expect(crowded).toBeGreaterThan(80);
    }
  });

  it("answers POST /api/ddx/traces with full samples of both sides", async () => {
    const res = await json("/api/ddx/traces", {
      service: SERVICE,
      window,
      comparison: "errors",
      sampleSize: LIMIT,
      changeEvents: false,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      output: {
        samples: { target: { sampled: number; total: number }; comparison: { sampled: number; total: number } };
      };
    };
    expect(body.output.samples.target).toEqual({ sampled: LIMIT, total: CROWDED.errors + SPREAD.errors });
    expect(body.output.samples.comparison).toEqual({ sampled: LIMIT, total: CROWDED.ok + SPREAD.ok });
  });
});
