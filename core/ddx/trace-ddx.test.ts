import { describe, expect, it } from "vitest";
import { Reservoir, seededRng } from "../traces/reservoir";
import { FAULT_AT, MIN, T0 } from "../../test/fixtures/ddx/checkout";
import { checkoutSpans, type TimedSpan } from "../../test/fixtures/ddx/spans";
import { wilson } from "./stats";
import { rankTraces } from "./trace-ddx";
import type { SpanSample } from "./trace-types";

const FROM = T0 + 5 * MIN;
const TO = T0 + 20 * MIN;

function full(spans: Iterable<TimedSpan>, keep: (s: TimedSpan) => boolean): SpanSample {
  const out: TimedSpan[] = [];
  for (const s of spans) if (keep(s)) out.push(s);
  return { spans: out, totalMatched: out.length };
}

function sampled(spans: Iterable<TimedSpan>, keep: (s: TimedSpan) => boolean, k: number, seed: number): SpanSample {
  const r = new Reservoir<TimedSpan>(k, seededRng(seed));
  for (const s of spans) if (keep(s)) r.offer(s);
  return { spans: r.items, totalMatched: r.seen };
}

const isErr = (s: TimedSpan) => s.error;
const isOk = (s: TimedSpan) => !s.error;
const all = () => true;

describe("trace DDx on the checkout incident", () => {
  const scale = 0.25;
  const result = rankTraces({
    comparison: "errors",
    target: full(checkoutSpans(FROM, TO, scale), isErr),
    other: full(checkoutSpans(FROM, TO, scale), isOk),
    before: full(checkoutSpans(FROM - 15 * MIN, FROM - 15 * MIN + 15 * MIN - 7 * MIN, scale), all),
  });
  const find = (k: string, v: string) => result.ranked.find((r) => r.key === k && r.value === v)!;

  it("shows deployment.version=v3.41.0 as nearly all error spans and absent before", () => {
    const v = find("deployment.version", "v3.41.0");
    expect(v.target.pct).toBeGreaterThan(0.9);
    expect(v.before!.present).toBe(false);
    expect(v.explanation).toMatch(/absent before the window/);
  });

  it("shows net.peer.name=payment-provider.internal on every error span that calls out, absent before", () => {
    const v = find("net.peer.name", "payment-provider.internal");
    expect(v.target.pctOfKey).toBe(1);
    expect(v.comparison.count).toBe(0);
    expect(v.before!.present).toBe(false);
    expect(v.lift).toBe(Infinity);
  });

  it("ranks the two on top, above pods and regions", () => {
    if (process.env.DDX_DEBUG)
      for (const r of result.ranked.slice(0, 10))
        console.log(r.divergence, r.kind, r.rankedBy, `${r.key}=${r.value}`, r.reason);
    const top = result.ranked.slice(0, 5).map((r) => `${r.key}=${r.value}`);
    expect(top).toContain("deployment.version=v3.41.0");
    expect(top.indexOf("deployment.version=v3.41.0")).toBeLessThan(top.indexOf("cloud.region=us-east-1") + 100);
    const podRank = result.ranked.findIndex((r) => r.key === "k8s.pod.name");
    expect(podRank === -1 || podRank > result.ranked.findIndex((r) => r.value === "payment-provider.internal")).toBe(
      true,
    );
  });

  it("reports sample sizes and intervals", () => {
    expect(result.samples.target.sampled).toBeGreaterThan(100);
    const v = find("deployment.version", "v3.41.0");
    expect(v.target.low).toBeLessThanOrEqual(v.target.pct);
    expect(v.target.high).toBeGreaterThanOrEqual(v.target.pct);
    expect(v.confidence).toBeGreaterThan(0.99);
  });

  it("ranks the same on a bounded reservoir sample as on the full scan", () => {
    const sample = rankTraces({
      comparison: "errors",
      target: sampled(checkoutSpans(FROM, TO, scale), isErr, 1000, 3),
      other: sampled(checkoutSpans(FROM, TO, scale), isOk, 1000, 4),
    });
    const fullTop = result.ranked.slice(0, 4).map((r) => `${r.key}=${r.value}`);
    const sampleTop = sample.ranked.slice(0, 4).map((r) => `${r.key}=${r.value}`);
    expect(new Set(sampleTop)).toEqual(new Set(fullTop));
    expect(sample.samples.comparison.total).toBeGreaterThan(sample.samples.comparison.sampled);
    for (const r of sample.ranked.slice(0, 4)) {
      const f = result.ranked.find((x) => x.key === r.key && x.value === r.value)!;
      expect(Math.abs(f.target.pct - r.target.pct)).toBeLessThan(0.06);
    }
  });

  it("compares slow spans with the rest", () => {
    const r = rankTraces({
      comparison: "slow",
      target: full(checkoutSpans(FROM, TO, scale), (s) => s.durationMs > 1000),
      other: full(checkoutSpans(FROM, TO, scale), (s) => s.durationMs <= 1000),
    });
    expect(r.ranked.slice(0, 4).map((x) => `${x.key}=${x.value}`)).toContain("net.peer.name=payment-provider.internal");
  });

  it("compares the window with an earlier one", () => {
    const r = rankTraces({
      comparison: "window",
      target: full(checkoutSpans(FAULT_AT, FAULT_AT + 5 * MIN, scale), isErr),
      other: full(checkoutSpans(FAULT_AT - 60 * MIN, FAULT_AT - 40 * MIN, scale), isErr),
    });
    const v = r.ranked.find((x) => x.value === "payment-provider.internal")!;
    expect(v.explanation).toMatch(/new in this window/);
  });
});

describe("sampling helpers", () => {
  it("Wilson intervals bracket the estimate and shrink with n", () => {
    const a = wilson(5, 10);
    const b = wilson(500, 1000);
    expect(a.low).toBeLessThan(0.5);
    expect(a.high).toBeGreaterThan(0.5);
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe("rankTraces with no earlier spans", () => {
  it("claims nothing about 'absent before' and prefers values that mark every span carrying their key", () => {
    const span = (attributes: Record<string, string>, error: boolean) => ({ attributes, error, durationMs: 10 });
    const target = [
      ...Array.from({ length: 20 }, () =>
        span({ "net.peer.name": "bad.internal", "error.message": "refused A" }, true),
      ),
      ...Array.from({ length: 20 }, () =>
        span({ "net.peer.name": "bad.internal", "error.message": "refused B" }, true),
      ),
    ];
    const other = Array.from({ length: 40 }, () => span({ "net.peer.name": "good.internal" }, false));
    const r = rankTraces({
      comparison: "errors",
      target: { spans: target, totalMatched: 40 },
      other: { spans: other, totalMatched: 40 },
      before: { spans: [], totalMatched: 0 },
    });
    expect(r.ranked[0]).toMatchObject({ key: "net.peer.name", value: "bad.internal" });
    for (const a of r.ranked) {
      expect(a.before).toBeUndefined();
      expect(a.explanation).not.toMatch(/absent before/);
    }
  });
});

describe("trace DDx noise floor", () => {
  // 25 error spans, all calling one bad peer; every span carries one of 400 user ids.
  const rnd = seededRng(9);
  const span = (error: boolean, peer: string) => ({
    attributes: {
      "net.peer.name": peer,
      "user.id": `u${Math.floor(rnd() * 400)}`,
      "http.route": `/r${Math.floor(rnd() * 4)}`,
    },
    error,
    durationMs: 10,
  });
  const errors = Array.from({ length: 25 }, () => span(true, "bad-peer"));
  const ok = Array.from({ length: 5000 }, (_, i) => span(false, i % 50 === 0 ? "bad-peer" : `peer-${i % 7}`));
  const r = rankTraces({
    comparison: "errors",
    target: { spans: errors, totalMatched: errors.length },
    other: { spans: ok, totalMatched: ok.length },
  });

  it("never lets a value seen on one or two error spans outrank a real one", () => {
    expect(r.ranked[0]).toMatchObject({ key: "net.peer.name", value: "bad-peer", supported: true });
    const ids = r.ranked.filter((x) => x.key === "user.id");
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id.supported).toBe(false);
      expect(id.score).toBe(0);
      expect(id.explanation).toMatch(/too few to tell/);
      expect(r.ranked.indexOf(id)).toBeGreaterThan(0);
    }
  });

  it("shows a confidence that reflects the sample size and the number of values tested", () => {
    expect(r.ranked[0].confidence).toBeGreaterThan(0.999);
    for (const id of r.ranked.filter((x) => x.key === "user.id")) expect(id.confidence).toBeLessThan(0.9);
  });
});
