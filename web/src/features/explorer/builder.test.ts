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
});
