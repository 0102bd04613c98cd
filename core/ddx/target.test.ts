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

  it("breaks down the numerator of an alert's ratio query, scaled or not", () => {
    const q =
      '100 * sum by (environment, region) (rate(checkout_http_requests_total{status=~"5.."}[1m])) / sum by (environment, region) (rate(checkout_http_requests_total[1m]))';
    const t = ddxTarget(q, scope, 60_000);
    // `100 * a / b` is `(100 * a) / b`: the ratio first, then the factor.
    expect(t.query).toMatch(
      /^rate\(checkout_http_requests_total\{status=~"5\.\.", ?environment="production", ?region="us-east-1"\}\[1m\]\)$/,
    );
    expect(t.unwrapped).toBe("sum");
    expect(t.reduced).toEqual(["took the numerator of a ratio", "dropped a constant factor", "removed the outer sum"]);
    expect(t.symptomLabels).toEqual(["status"]);
    // (a / b) * 100 and a paren'd ratio land on the same series.
    const u = ddxTarget("(sum(rate(errs_total[5m])) / sum(rate(reqs_total[5m]))) * 100", [], 60_000);
    expect(u.query).toBe("rate(errs_total[5m])");
  });

  it("adds a scope matcher the selector already has only once", () => {
    const t = ddxTarget('x_total{region="us-east-1"}', [...scope, scope[1]], 60_000);
    expect(t.query.match(/region="us-east-1"/g)).toHaveLength(1);
    expect(t.query.match(/environment="production"/g)).toHaveLength(1);
  });

  it("leaves other binary operations to the engine", () => {
    const t = ddxTarget("rate(a_total[1m]) - rate(b_total[1m])", [], 60_000);
    expect(t.query).toBe("rate(a_total[1m]) - rate(b_total[1m])");
    expect(t.reduced).toEqual([]);
  });

  it("rejects unparseable queries and range vectors", () => {
    expect(() => ddxTarget("sum(rate(x[1m]", [], 60_000)).toThrow();
    expect(() => ddxTarget("x[5m]", [], 60_000)).toThrow(/instant vector/);
    expect(() => ddxTarget("1 + 1", [], 60_000)).toThrow();
  });
});
