import { describe, expect, it } from "vitest";
import { applyScope, scopeQuery } from "./scope-query";

const scope = [
  { key: "environment", value: "production" },
  { key: "region", value: "us-east-1" },
];

describe("applyScope", () => {
  it("adds matchers to bare and braced selectors", () => {
    expect(applyScope("up", scope)).toBe('up{environment="production",region="us-east-1"}');
    expect(applyScope('rate(x{status=~"5.."}[5m])', scope)).toBe(
      'rate(x{status=~"5..",environment="production",region="us-east-1"}[5m])',
    );
    expect(applyScope("x{}", scope)).toBe('x{environment="production",region="us-east-1"}');
  });
  it("reaches every selector of a binary expression", () => {
    expect(applyScope("sum(rate(a[5m])) / sum(rate(b[5m]))", [scope[0]])).toBe(
      'sum(rate(a{environment="production"}[5m])) / sum(rate(b{environment="production"}[5m]))',
    );
  });
  it("never lets a query's own matcher widen the scope: both hold, or the conflict is named", () => {
    // A dashboard variable on All: the scope narrows it.
    expect(scopeQuery('x{region=~".*"}', [scope[1]])).toEqual({
      query: 'x{region=~".*",region="us-east-1"}',
      conflicts: [],
    });
    // The same value: nothing to add.
    expect(scopeQuery('x{region="us-east-1"}', [scope[1]])).toEqual({ query: 'x{region="us-east-1"}', conflicts: [] });
    // A different region: a conflict, named.
    const r = scopeQuery('x{region="us-west-2"}', scope);
    expect(r.conflicts).toEqual([
      { selector: 'x{region="us-west-2"}', label: "region", query: 'region="us-west-2"', scope: 'region="us-east-1"' },
    ]);
    expect(scopeQuery('{"region"="eu",__name__="x"}', [scope[1]]).conflicts).toHaveLength(1);
    expect(scopeQuery('x{region!~"us-east-.*"}', [scope[1]]).conflicts).toHaveLength(1);
  });
  it("leaves queries alone without a scope", () => {
    expect(applyScope("up", [])).toBe("up");
    expect(applyScope("", scope)).toBe("");
  });
});

describe("firstSelector", () => {
  it("finds the first vector selector", async () => {
    const { firstSelector } = await import("./scope-query");
    expect(firstSelector('sum(rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum(rate(y[5m]))')).toBe(
      'checkout_http_requests_total{status=~"5.."}',
    );
    expect(firstSelector("1 + 2")).toBeNull();
  });
});
