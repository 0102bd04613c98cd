import { beforeAll, describe, expect, it } from "vitest";
import { MIN } from "../fixtures/ddx/checkout";
import { json } from "./helpers";
import { recentT0, writeCheckoutMetrics } from "./lib/ddx-scenario";

interface Ranked {
  label: string;
  value: string;
  divergence: number;
  score: number;
  kind: string;
  comparison: string;
  reason: string;
  explanation: string;
  change?: { id: string; title: string };
}
interface Snapshot {
  kind: string;
  createdAt: number;
  input: {
    query: string;
    resolved: {
      baseline: { start: number; end: number };
      query: string;
      rateApplied: boolean;
      mode: string;
      traffic?: { query: string; derivedBy: string };
    };
  };
  output: {
    ranked: Ranked[];
    mode: string;
    empty?: string;
    labels: { label: string; uninformative: boolean; symptom: boolean; movedAlike: boolean; divergence: number }[];
    smallMultiples: {
      label: string;
      window: { timestamps: number[]; series: { value: string; values: (number | null)[] }[] };
    }[];
    warnings: string[];
  };
}

// The deploy 25 minutes ago; the page is opened twenty minutes after it, with the UI's default range: the last hour.
const t0 = recentT0() + 15 * MIN;
const now = t0 + 20 * MIN;
const window = { start: now - 60 * MIN, end: now };
const scope = { environment: "production", region: "us-east-1" };
let deployId = "";

beforeAll(async () => {
  await writeCheckoutMetrics(t0, t0 - 130 * MIN, now + MIN);
  const ev = await json("/api/change-events", {
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    happenedAt: t0,
    labels: { service: "checkout-service", region: "us-east-1", author: "deploy-bot" },
  });
  expect(ev.status).toBe(201);
  deployId = ((await ev.json()) as { id: string }).id;
}, 120_000);

async function ddx(
  body: unknown,
): Promise<{ status: number; body: Snapshot & { error?: { code: string; message: string } } }> {
  const res = await json("/api/ddx/metrics", body);
  return { status: res.status, body: (await res.json()) as never };
}

describe("metric DDx on the checkout incident (remote_write -> /api/ddx/metrics)", () => {
  it("ranks endpoint=/v2/process-payment first and deployment.version=v3.41.0 second, pod low, as error rates", async () => {
    const { status, body } = await ddx({ query: 'checkout_http_requests_total{status=~"5.."}', window, scope });
    expect(status).toBe(200);
    expect(body.input.resolved.mode).toBe("rate");
    expect(body.input.resolved.traffic).toMatchObject({ derivedBy: "selector" });
    expect(body.input.resolved.traffic!.query).not.toContain("status");
    const top = body.output.ranked.map((r) => `${r.label}=${r.value}`);
    expect(top.slice(0, 2)).toEqual(["endpoint=/v2/process-payment", "deployment.version=v3.41.0"]);
    const [endpoint, version] = body.output.ranked;
    expect(endpoint.divergence).toBeGreaterThan(version.divergence);
    expect(endpoint.reason).toMatch(/^\d+% of errors on \d+% of traffic; error rate [\d.]+% vs [\d.]+% for the rest/);
    expect(endpoint.comparison).toBe("both");
    expect(version.comparison).toBe("baseline");
    const pods = body.output.ranked.filter((r) => r.label === "pod");
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      expect(p.divergence).toBeLessThan(version.divergence / 4);
      expect(p.reason).toMatch(/moved like every other pod/);
    }
    expect(body.output.labels.find((l) => l.label === "region")!.uninformative).toBe(true);
    expect(body.output.labels.find((l) => l.label === "status")!.symptom).toBe(true);
    expect(body.input.resolved.rateApplied).toBe(true);
    expect(body.input.resolved.baseline).toEqual({ start: window.start - 60 * MIN, end: window.start });
  });

  it("divides by the ratio's denominator when asked with the alert's ratio, and says so", async () => {
    const q =
      '100 * sum(rate(checkout_http_requests_total{status=~"5.."}[1m])) / sum(rate(checkout_http_requests_total[1m]))';
    const { status, body } = await ddx({ query: q, window, scope });
    expect(status).toBe(200);
    expect(body.input.resolved.traffic).toMatchObject({ derivedBy: "ratio" });
    expect(body.output.ranked.slice(0, 2).map((r) => `${r.label}=${r.value}`)).toEqual([
      "endpoint=/v2/process-payment",
      "deployment.version=v3.41.0",
    ]);
  });

  it("scores volume when asked to, and warns when no traffic can be found", async () => {
    const { body } = await ddx({ query: "rate(checkout_http_requests_total[1m])", window, scope });
    expect(body.output.mode).toBe("volume");
    expect(body.output.warnings.join(" ")).toMatch(/analysed as volume/);
    const bad = await ddx({ query: "rate(checkout_http_requests_total[1m])", window, scope, signal: "rate" });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toMatch(/needs traffic/);
  });

  it("links the new version to the deploy change event", async () => {
    const { body } = await ddx({ query: 'checkout_http_requests_total{status=~"5.."}', window, scope });
    const version = body.output.ranked.find((r) => r.label === "deployment.version")!;
    expect(version.change?.id).toBe(deployId);
    expect(version.explanation).toContain(deployId);
  });

  it("breaks down the expression under an outer aggregation the same way", async () => {
    const { status, body } = await ddx({
      query: 'sum(rate(checkout_http_requests_total{status=~"5..", environment="production", region="us-east-1"}[1m]))',
      window,
      baseline: { mode: "explicit", start: window.start - 60 * MIN, end: window.start },
    });
    expect(status).toBe(200);
    expect(body.input.resolved.rateApplied).toBe(false);
    expect(body.output.ranked[0]).toMatchObject({ label: "endpoint", value: "/v2/process-payment" });
    expect(body.output.ranked.slice(0, 2).map((r) => r.label)).toContain("deployment.version");
  });

  it("evaluates other expressions through the PromQL engine with the same answer", async () => {
    const { status, body } = await ddx({
      query: 'sum(rate(checkout_http_requests_total{status=~"5.."}[1m]) * 60)',
      window,
      scope,
    });
    expect(status).toBe(200);
    expect(body.output.ranked.slice(0, 2).map((r) => `${r.label}=${r.value}`)).toEqual([
      "endpoint=/v2/process-payment",
      "deployment.version=v3.41.0",
    ]);
  });

  it("returns small multiples and a self-contained snapshot", async () => {
    const { body } = await ddx({ query: 'checkout_http_requests_total{status=~"5.."}', window, scope });
    expect(body.kind).toBe("vigil.ddx.metrics");
    expect(body.input.query).toBe('checkout_http_requests_total{status=~"5.."}');
    const endpoint = body.output.smallMultiples.find((m) => m.label === "endpoint")!;
    expect(endpoint.window.series.length).toBeGreaterThanOrEqual(3);
    for (const s of endpoint.window.series) expect(s.values.length).toBe(endpoint.window.timestamps.length);
  });

  it("answers an empty selection with an empty ranking that says why", async () => {
    const { status, body } = await ddx({ query: "no_such_metric_total", window });
    expect(status).toBe(200);
    expect(body.output.ranked).toEqual([]);
    expect(body.output.warnings[0]).toMatch(/no series/);
    expect(body.output.empty).toBe("No series matched in the window.");
  });
});

describe("metric DDx bad input gets a clear 4xx", () => {
  const base = { query: 'checkout_http_requests_total{status=~"5.."}', window };
  const cases: [string, unknown, number, RegExp][] = [
    ["unparseable query", { ...base, query: "sum(rate(x[1m]" }, 400, /query/],
    ["range vector", { ...base, query: "x_total[5m]" }, 400, /instant vector/],
    ["inverted window", { ...base, window: { start: window.end, end: window.start } }, 400, /inverted/],
    ["empty window", { ...base, window: { start: window.start, end: window.start } }, 400, /empty/],
    ["window too long", { ...base, window: { start: window.end - 48 * 60 * MIN, end: window.end } }, 400, /limit/],
    [
      "inverted baseline",
      { ...base, baseline: { mode: "explicit", start: window.start, end: window.start - MIN } },
      400,
      /baseline is inverted/,
    ],
    [
      "too many labels",
      { ...base, includeLabels: Array.from({ length: 101 }, (_, i) => `l${i}`) },
      400,
      /includeLabels/,
    ],
    ["missing window", { query: "x" }, 400, /window/],
  ];
  for (const [name, body, status, message] of cases) {
    it(name, async () => {
      const res = await ddx(body);
      expect(res.status).toBe(status);
      expect(res.body.error!.code).toBe("VALIDATION");
      expect(res.body.error!.message).toMatch(message);
    });
  }

  it("refuses a selection carrying more label names than DDx analyses", async () => {
    const series = Array.from({ length: 12 }, (_, i) => ({
      labels: Object.fromEntries([
        ["__name__", "wide_gauge"],
        ...Array.from({ length: 28 }, (_, j) => [`k${i}_${j}`, "v"]),
      ]),
      samples: [{ t: window.start + MIN, v: 1 }],
    }));
    const { remoteWriteBody } = await import("../../core/remote-write/encode");
    const { call } = await import("./helpers");
    const w = await call("/api/v1/write", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
      body: remoteWriteBody(series),
    });
    expect(w.status).toBe(204);
    const res = await ddx({ query: "wide_gauge", window });
    expect(res.status).toBe(422);
    expect(res.body.error!.code).toBe("LIMIT_EXCEEDED");
    expect(res.body.error!.message).toMatch(/label names/);
  });
});
