// One service's RED time series from the trace store: per-bucket rates, error % and p99, scope-filtered,
// validated, and guarded by the read scope.
import { beforeAll, describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const MIN = 60_000;
const T = Math.floor((Date.now() - 60 * MIN) / MIN) * MIN;
const range = `start=${T}&end=${T + 50 * MIN}`;

interface RedBody {
  service: string;
  stepMs: number;
  basis: string;
  t: number[];
  requestsPerSec: number[];
  errorsPerSec: number[];
  errorPct: (number | null)[];
  p99Ms: (number | null)[];
  spans: number;
  truncated: boolean;
}

beforeAll(async () => {
  // Ten minutes of six checkouts a minute; from minute 5 two of the six fail after ~4.1 s.
  const spans = [];
  for (let m = 0; m < 10; m++) {
    for (let k = 0; k < 6; k++) {
      spans.push(
        ...checkoutTrace({
          traceId: randomHex(16),
          startMs: T + m * MIN + k * 10_000,
          failing: m >= 5 && k < 2,
          environment: "redtest",
        }),
      );
    }
  }
  // Same service in another environment: the pinned scope must leave it out.
  for (let k = 0; k < 30; k++)
    spans.push(
      ...checkoutTrace({ traceId: randomHex(16), startMs: T + k * 2_000, failing: true, environment: "staging" }),
    );
  expect((await json("/v1/traces", toOtlpJson(spans))).status).toBe(200);
});

describe("service RED series", () => {
  it("buckets served requests per minute with errors, error % and p99", async () => {
    const res = await call(`/api/services/checkout-service/red?${range}&scope=environment=redtest`);
    expect(res.status).toBe(200);
    const b = (await res.json()) as RedBody;
    expect(b.service).toBe("checkout-service");
    expect(b.basis).toBe("server");
    expect(b.stepMs).toBe(MIN);
    expect(b.t.length).toBe(50);
    expect(b.t[0]).toBe(T);
    expect(b.spans).toBe(60);
    expect(b.requestsPerSec.slice(0, 10)).toEqual(Array(10).fill(0.1));
    expect(b.requestsPerSec.slice(10).every((v) => v === 0)).toBe(true);
    expect(b.errorsPerSec.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(b.errorPct.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(b.errorPct[7]).toBeCloseTo(33.33, 1);
    expect(b.errorPct[20]).toBeNull();
    expect(b.p99Ms[2]!).toBeLessThan(1000);
    expect(b.p99Ms[7]!).toBeGreaterThan(4000);
    expect(b.truncated).toBe(false);
  });

  it("keeps one-minute buckets over a window across midnight: each bucket reads its own day's shards", async () => {
    // Spans of another environment 20 min either side of yesterday's midnight: two trace generations hold them.
    const midnight = (Math.floor(Date.now() / (1440 * MIN)) - 1) * 1440 * MIN;
    const spans = [];
    for (let m = -20; m < 20; m++)
      spans.push(
        ...checkoutTrace({
          traceId: randomHex(16),
          startMs: midnight + m * MIN,
          failing: false,
          environment: "midnight",
        }),
      );
    expect((await json("/v1/traces", toOtlpJson(spans))).status).toBe(200);
    const q = `start=${midnight - 25 * MIN}&end=${midnight + 25 * MIN}&scope=environment=midnight`;
    const b = (await (await call(`/api/services/checkout-service/red?${q}`)).json()) as RedBody;
    expect(b.stepMs).toBe(MIN);
    expect(b.t.length).toBe(50);
    expect(b.spans).toBe(40);
    // One served request a minute, answered to 4 decimals.
    expect(b.requestsPerSec.slice(5, 45)).toEqual(Array(40).fill(0.0167));
    expect([...b.requestsPerSec.slice(0, 5), ...b.requestsPerSec.slice(45)].every((v) => v === 0)).toBe(true);
  });

  it("without the scope the other environment's failures show up", async () => {
    const b = (await (await call(`/api/services/checkout-service/red?${range}`)).json()) as RedBody;
    expect(b.errorPct[0]!).toBeGreaterThan(50);
  });

  it("an unknown service is an empty series, not an error", async () => {
    const b = (await (await call(`/api/services/nope-service/red?${range}`)).json()) as RedBody;
    expect(b.spans).toBe(0);
    expect(b.errorPct.every((v) => v === null)).toBe(true);
  });

  it("rejects a bad window or a bad scope with VALIDATION", async () => {
    for (const q of ["start=yesterday", "scope=environment", `start=${T}&minDuration=soon`]) {
      const res = await call(`/api/services/checkout-service/red?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION");
    }
  });

  it("security: no token 401, ingest token 403, read token 200", async () => {
    const [ingest, reader] = await Promise.all([tokenWith(["ingest"], "collector"), tokenWith(["read"], "viewer")]);
    const path = `/api/services/checkout-service/red?${range}`;
    expect((await call(path, { token: null })).status).toBe(401);
    const wrong = await call(path, { token: ingest });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await call(path, { token: reader })).status).toBe(200);
  });
});
