import { describe, expect, it } from "vitest";
import { ddxTarget } from "./target";

const scope = [
  { name: "environment", op: "=" as const, value: "production" },
  { name: "region", op: "=" as const, value: "us-east-1" },
];

describe("ddxTarget", () => {
  it("breaks down the expression under one outer aggregation", () => {
    const t = ddxTarget('sum(rate(checkout_http_requests_total{status=~"5.."}[1m]))', [], 60_000);
    expect(t.unwrapped).toBe("sum");
    expect(t.rateApplied).toBe(false);
    expect(t.query).toMatch(/^rate\(checkout_http_requests_total\{status=~"5\.\."\}\[1m\]\)$/);
    expect(t.symptomLabels).toEqual(["status"]);
  });

  it("turns a bare counter into its rate and adds the pinned scope", () => {
    const t = ddxTarget('checkout_http_requests_total{status=~"5.."}', scope, 120_000);
    expect(t.rateApplied).toBe(true);
    expect(t.query).toContain("rate(");
    expect(t.query).toContain('environment="production"');
    expect(t.query).toContain('region="us-east-1"');
    expect(t.query).toContain("[2m]");
  });

  it("keeps a gauge selector as it is, UTF-8 label names included", () => {
    const t = ddxTarget('{__name__="queue_depth", "deployment.version"="v3.41.0"}', [], 60_000);
    expect(t.rateApplied).toBe(false);
    expect(t.symptomLabels).toEqual(["deployment.version"]);
  });

  it("rejects unparseable queries and range vectors", () => {
    expect(() => ddxTarget("sum(rate(x[1m]", [], 60_000)).toThrow();
    expect(() => ddxTarget("x[5m]", [], 60_000)).toThrow(/instant vector/);
    expect(() => ddxTarget("1 + 1", [], 60_000)).toThrow();
  });
});
