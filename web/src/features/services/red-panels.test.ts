import { describe, expect, it } from "vitest";
import type { ChangeEventView } from "../../api/changes";
import type { RedSeries } from "../../api/services";
import { fmtStep, redPanels, redSource, serviceChanges } from "./red-panels";

const series: RedSeries = {
  service: "checkout-service",
  window: { startMs: 0, endMs: 120_000 },
  stepMs: 60_000,
  origin: "spans",
  basis: "server",
  t: [0, 60_000],
  requestsPerSec: [2, 3],
  errorsPerSec: [0, 1],
  errorPct: [0, 33.3],
  p99Ms: [120, null],
  spans: 300,
  truncated: false,
};

const ev = (title: string, labels: Record<string, string> = {}): ChangeEventView => ({
  id: title,
  title,
  source: "ArgoCD",
  category: "deploys",
  type: "deploy",
  happenedAt: 1,
  labels,
  createdBy: "x",
  createdAt: 1,
});

describe("RED panels", () => {
  it("draws three panels in seconds on x with their units, gaps kept as null", () => {
    const p = redPanels(series);
    expect(p.map((x) => [x.key, x.unit])).toEqual([
      ["requests", "req/s"],
      ["errors", "err/s"],
      ["duration", "ms"],
    ]);
    expect(p[0].data).toEqual([
      [0, 60],
      [2, 3],
    ]);
    expect(p[2].data[1]).toEqual([120, null]);
  });

  it("captions say which spans, which scope and which step", () => {
    expect(redSource(series, ["environment=production"])).toBe(
      'server and consumer spans of service.name="checkout-service" (sampled, not weighted) · scope environment=production · step 1m',
    );
    expect(
      redSource({ ...series, origin: "metrics", familyTitle: "OpenTelemetry HTTP server metrics" }, [
        "region=us-east-1",
      ]),
    ).toBe("OpenTelemetry HTTP server metrics · scope region=us-east-1 · step 1m");
    expect(redSource({ ...series, basis: "all", stepMs: 15_000 }, [])).toContain("all spans");
    expect(redSource({ ...series, origin: "weighted-spans" }, [])).toContain("(weighted by sampling probability)");
    expect(fmtStep(7_200_000)).toBe("2h");
    expect(fmtStep(15_000)).toBe("15s");
  });

  it("keeps only the change events about this service", () => {
    const events = [
      ev("Deploy: checkout-service v3.41.0"),
      ev("Deploy: checkout-service-canary v1"),
      ev("Config push", { service: "checkout-service" }),
      ev("Deploy: frontend v2"),
    ];
    expect(serviceChanges(events, "checkout-service").map((e) => e.title)).toEqual([
      "Deploy: checkout-service v3.41.0",
      "Config push",
    ]);
  });
});
