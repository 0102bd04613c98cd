import { beforeAll, describe, expect, it } from "vitest";
import { MIN } from "../fixtures/ddx/checkout";
import type { TimedSpan } from "../fixtures/ddx/spans";
import { rankTraces } from "../../core/ddx/trace-ddx";
import { json } from "./helpers";
import { recentT0, writeCheckoutSpans } from "./lib/ddx-scenario";

interface Stat {
  key: string;
  value: string;
  target: { count: number; pct: number; low: number; high: number; pctOfKey: number };
  comparison: { count: number; pct: number };
  before?: { present: boolean };
  score: number;
  divergence: number;
  rankedBy: "time" | "population";
  kind: string;
  symptom: boolean;
  within?: string;
  time?: { rate: number; before: number; beforeFrom: string; divergence: number };
  population: { divergence: number };
  confidence: number;
  explanation: string;
  reason: string;
  change?: { id: string };
}
interface Snapshot {
  kind: string;
  output: {
    ranked: Stat[];
    samples: {
      target: { sampled: number; total: number };
      comparison: { sampled: number; total: number };
      before?: { sampled: number; total: number };
      beforeTarget?: { sampled: number; total: number };
    };
    rate?: { window: number; baseline: number | null };
    warnings: string[];
  };
  error?: { code: string; message: string };
}

const t0 = recentT0();
const window = { start: t0 + 5 * MIN, end: t0 + 20 * MIN };
let spans: TimedSpan[] = [];
let deployId = "";

beforeAll(async () => {
  spans = await writeCheckoutSpans(t0, t0 - 55 * MIN, t0 + 20 * MIN, 0.01);
  const ev = await json("/api/change-events", {
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    happenedAt: t0,
    labels: { service: "checkout-service", region: "us-east-1" },
  });
  deployId = ((await ev.json()) as { id: string }).id;
}, 120_000);

async function ddx(body: unknown): Promise<{ status: number; body: Snapshot }> {
  const res = await json("/api/ddx/traces", body);
  return { status: res.status, body: (await res.json()) as Snapshot };
}

const find = (r: Stat[], k: string, v: string) => r.find((x) => x.key === k && x.value === v);

describe("trace DDx on the checkout incident (OTLP/JSON -> /api/ddx/traces)", () => {
  it("shows deployment.version=v3.41.0 and net.peer.name=payment-provider.internal on the error spans, absent before", async () => {
    const { status, body } = await ddx({ service: "checkout-service", window, comparison: "errors" });
    expect(status).toBe(200);
    const version = find(body.output.ranked, "deployment.version", "v3.41.0")!;
    expect(version.target.pct).toBeGreaterThan(0.85);
    expect(version.before!.present).toBe(false);
    const peer = find(body.output.ranked, "net.peer.name", "payment-provider.internal")!;
    expect(peer.target.pctOfKey).toBe(1);
    expect(peer.comparison.count).toBe(0);
    expect(peer.before!.present).toBe(false);
    const top = body.output.ranked.slice(0, 6).map((r) => `${r.key}=${r.value}`);
    expect(top).toContain("deployment.version=v3.41.0");
    expect(top).toContain("net.peer.name=payment-provider.internal");
    expect(version.change?.id).toBe(deployId);
    expect(body.output.samples.target.sampled).toBeGreaterThan(20);
  });

  it("ranks what changed first: the new version (on half the successful spans now) and the new peer, symptoms after", async () => {
    const { body } = await ddx({ service: "checkout-service", window, comparison: "errors" });
    const ranked = body.output.ranked;
    const top = ranked.slice(0, 2).map((r) => `${r.key}=${r.value}`);
    expect(top).toEqual(["deployment.version=v3.41.0", "net.peer.name=payment-provider.internal"]);
    const version = ranked[0];
    // Half the successful spans carry it too, so against the rest now it is far weaker than against before.
    expect(version.comparison.pct).toBeGreaterThan(0.4);
    expect(version.rankedBy).toBe("time");
    expect(version.time!.beforeFrom).toBe("scope");
    expect(version.time!.before).toBeLessThan(0.01);
    expect(version.time!.rate).toBeGreaterThan(0.05);
    expect(version.divergence).toBeGreaterThan(version.population.divergence + 20);
    expect(version.reason).toMatch(/of error spans, absent before the window; error rate [\d.]+% vs 0\.\d+% before/);
    // The 503 only failing spans carry: listed, marked, after the causes.
    const status = find(ranked, "http.response.status_code", "503")!;
    expect(status.symptom).toBe(true);
    expect(status.kind).toBe("symptom");
    const lastCause = ranked.map((r) => r.kind).lastIndexOf("cause");
    expect(ranked.indexOf(status)).toBeGreaterThan(lastCause);
    // The region the version runs in: inside it, not a second cause.
    expect(find(ranked, "cloud.region", "us-east-1")).toMatchObject({
      kind: "contained",
      within: "deployment.version=v3.41.0",
    });
    expect(body.output.samples.beforeTarget!.total).toBeGreaterThan(0);
  });

  it("agrees with a full in-memory scan when the successful side is a small bounded sample", async () => {
    const { body } = await ddx({ service: "checkout-service", window, comparison: "errors", sampleSize: 300 });
    expect(body.output.samples.comparison.total).toBeGreaterThan(body.output.samples.comparison.sampled);
    // Each shard thins its rows inside SQLite to about 1.5x the sample before its reservoir: never short of it.
    expect(body.output.samples.comparison.sampled).toBe(300);
    const inWindow = spans.filter((s) => s.start >= window.start && s.start < window.end);
    const inBaseline = spans.filter((s) => s.start >= window.start - 60 * MIN && s.start < window.end - 60 * MIN);
    const full = rankTraces({
      comparison: "errors",
      target: { spans: inWindow.filter((s) => s.error), totalMatched: 0 },
      other: { spans: inWindow.filter((s) => !s.error), totalMatched: 0 },
      beforeSides: {
        target: { spans: inBaseline.filter((s) => s.error), totalMatched: 0 },
        other: { spans: inBaseline.filter((s) => !s.error), totalMatched: 0 },
      },
    });
    const key = (r: { key: string; value: string }) => `${r.key}=${r.value}`;
    // The top 3 (the causes); the rows after them are weak and move with the sample.
    const fullTop = new Set(full.ranked.slice(0, 3).map(key));
    const sampleTop = new Set(body.output.ranked.slice(0, 3).map(key));
    expect(sampleTop).toEqual(fullTop);
  });

  it("compares slow spans with the rest", async () => {
    const { status, body } = await ddx({ service: "checkout-service", window, comparison: "slow", thresholdMs: 1000 });
    expect(status).toBe(200);
    expect(body.output.ranked.slice(0, 4).map((r) => r.value)).toContain("payment-provider.internal");
  });

  it("compares the window with the hour before", async () => {
    const { body } = await ddx({ service: "checkout-service", window, comparison: "window", status: "error" });
    const peer = find(body.output.ranked, "net.peer.name", "payment-provider.internal")!;
    expect(peer.explanation).toMatch(/new in this window/);
  });

  it("applies the pinned scope", async () => {
    const { body } = await ddx({
      service: "checkout-service",
      window,
      comparison: "errors",
      scope: { region: "us-west-2" },
    });
    expect(find(body.output.ranked, "deployment.version", "v3.41.0")).toBeUndefined();
  });

  it("rejects bad windows with a clear 4xx", async () => {
    for (const w of [
      { start: window.end, end: window.start },
      { start: window.start, end: window.start },
      { start: window.end - 2 * 24 * 60 * MIN, end: window.end },
    ]) {
      const { status, body } = await ddx({ service: "checkout-service", window: w });
      expect(status).toBe(400);
      expect(body.error!.code).toBe("VALIDATION");
    }
  });
});
