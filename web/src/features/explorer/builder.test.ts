import { describe, expect, it } from "vitest";
import { buildQuery, emptyModel, splitBy } from "./builder";

describe("query builder", () => {
  it("renders metric, filters, function and aggregation", () => {
    const q = buildQuery({
      ...emptyModel(),
      metric: "checkout_http_requests_total",
      filters: [{ label: "status", op: "=~", value: "5.." }],
      fn: "rate",
      agg: "sum",
      by: ["status"],
    });
    expect(q).toBe('sum by (status) (rate(checkout_http_requests_total{status=~"5.."}[5m]))');
  });
  it("quotes UTF-8 label names and metric names", () => {
    expect(
      buildQuery({
        ...emptyModel(),
        metric: "a.b",
        filters: [{ label: "deployment.version", op: "=", value: "v3.41.0" }],
      }),
    ).toBe('{"a.b","deployment.version"="v3.41.0"}');
  });
  it("is empty without a metric", () => expect(buildQuery(emptyModel())).toBe(""));
  it("splits a query by a label, extending an existing by()", () => {
    expect(splitBy("rate(x[5m])", "status")).toBe("sum by (status) (rate(x[5m]))");
    expect(splitBy("sum(rate(x[5m]))", "status")).toBe("sum by (status) (rate(x[5m]))");
    expect(splitBy("sum by (endpoint) (rate(x[5m]))", "status")).toBe("sum by (endpoint, status) (rate(x[5m]))");
  });
  it("splits a ratio by pushing the by into both sides, not around it", () => {
    const ratio =
      'sum by (environment, region) (rate(x{status=~"5.."}[1m])) / sum by (environment, region) (rate(x[1m])) * 100';
    expect(splitBy(ratio, "endpoint")).toBe(
      'sum by (environment, region, endpoint) (rate(x{status=~"5.."}[1m])) / sum by (environment, region, endpoint) (rate(x[1m])) * 100',
    );
    expect(splitBy("sum(rate(a[5m])) / on() sum(rate(b[5m]))", "region")).toBe(
      "sum by (region) (rate(a[5m])) / on(region) sum by (region) (rate(b[5m]))",
    );
    expect(splitBy("histogram_quantile(0.99, sum by (le) (rate(b[5m])))", "pod")).toBe(
      "histogram_quantile(0.99, sum by (le, pod) (rate(b[5m])))",
    );
    expect(splitBy("sum without (pod) (rate(a[5m]))", "pod")).toBe("sum without () (rate(a[5m]))");
    expect(splitBy("rate(a[5m]) / rate(b[5m])", "pod")).toBe("sum by (pod) (rate(a[5m])) / sum by (pod) (rate(b[5m]))");
    expect(splitBy('sum(rate({"a.b"}[5m]))', "deployment.version")).toBe(
      'sum by ("deployment.version") (rate({"a.b"}[5m]))',
    );
  });
});
