import { describe, expect, it } from "vitest";
import { applyScope } from "./scope-query";

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
  it("an explicit matcher in the query wins over the scope", () => {
    expect(applyScope('x{region="us-west-2"}', scope)).toBe('x{region="us-west-2",environment="production"}');
    expect(applyScope('{"region"="eu",__name__="x"}', [scope[1]])).toBe('{"region"="eu",__name__="x"}');
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
