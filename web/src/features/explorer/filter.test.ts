import { describe, expect, it } from "vitest";
import { addFilter, filterHref } from "./filter";

describe("filter by this / exclude this", () => {
  it("adds the label to every selector, both sides of a ratio", () => {
    expect(addFilter('sum by (status) (rate(x[5m])) / sum(rate(y{a="b"}[5m]))', { status: "503" }, false)).toBe(
      'sum by (status) (rate(x{status="503"}[5m])) / sum(rate(y{a="b",status="503"}[5m]))',
    );
    expect(addFilter("rate(x[5m])", { endpoint: "/v2/cart" }, true)).toBe('rate(x{endpoint!="/v2/cart"}[5m])');
    expect(addFilter("x", { "deployment.version": "v3.41.0" }, false)).toBe('x{"deployment.version"="v3.41.0"}');
  });
  it("excludes by the first label only: a combination cannot be excluded with matchers", () => {
    expect(addFilter("x", { a: "1", b: "2" }, true)).toBe('x{a!="1"}');
    expect(addFilter("x", { a: "1", b: "2" }, false)).toBe('x{a="1",b="2"}');
  });
  it("builds an explorer link", () => {
    expect(filterHref("x", "pod", "p1", false)).toBe(`/explorer?q=${encodeURIComponent('x{pod="p1"}')}`);
  });
});
