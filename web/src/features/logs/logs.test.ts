import { describe, expect, it } from "vitest";
import { logApiQuery, logFiltersPatch, readLogFilters, validateLogFilters } from "./url";
import type uPlot from "uplot";
import { buildBarOptions, stackSeverities } from "./histogram";
import { scrollToRow, virtualWindow } from "./virtual";

describe("virtual list window", () => {
  it("renders only the visible rows plus overscan", () => {
    const w = virtualWindow(2800, 560, 28, 5000, 5);
    expect(w.start).toBe(95);
    expect(w.end).toBe(100 + 21 + 5);
    expect(w.padTop).toBe(95 * 28);
    expect(w.padTop + (w.end - w.start) * 28 + w.padBottom).toBe(5000 * 28);
  });
  it("clamps at both ends and handles empty lists", () => {
    expect(virtualWindow(0, 560, 28, 3, 5)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    const end = virtualWindow(1e9, 560, 28, 100, 5);
    expect(end.end).toBe(100);
    expect(end.start).toBe(99);
    expect(virtualWindow(0, 560, 28, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
  it("scrolls a row into view only when it is outside", () => {
    expect(scrollToRow(10, 0, 280, 28)).toBe(28);
    expect(scrollToRow(2, 280, 280, 28)).toBe(56);
    expect(scrollToRow(12, 280, 280, 28)).toBe(280);
  });
});

describe("log filters in the URL", () => {
  it("reads, validates and writes back", () => {
    const f = readLogFilters(
      new URLSearchParams(
        "service=payment-gateway&severity=error&q=dns&attr=http.status_code%3D503&traceId=ABCDEF0123456789ABCDEF0123456789&line=x:1",
      ),
    );
    expect(f).toEqual({
      service: "payment-gateway",
      severity: "error",
      text: "dns",
      attrs: ["http.status_code=503"],
      traceId: "abcdef0123456789abcdef0123456789",
      line: "x:1",
    });
    const patch = logFiltersPatch(f);
    expect(patch).toMatchObject({
      service: "payment-gateway",
      severity: "error",
      q: "dns",
      attr: ["http.status_code=503"],
      line: null,
    });
  });
  it("drops unknown severities, bad attrs and bad trace ids", () => {
    const f = readLogFilters(new URLSearchParams("severity=loud&attr=junk&traceId=xyz"));
    expect(f).toMatchObject({ severity: "", attrs: [], traceId: "" });
    expect(validateLogFilters({ ...f, traceId: "123" })).toMatch(/32 hex/);
    expect(validateLogFilters({ ...f, attrs: ["nope"] })).toMatch(/key=value/);
  });
  it("API query carries scope, attrs as tags, and leaves time to the API for a trace's logs", () => {
    const f = readLogFilters(new URLSearchParams("attr=a%3Db&traceId=abcdef0123456789abcdef0123456789"));
    const q = logApiQuery(f, ["region=us-east-1"], 1, 2, false);
    expect(q).toMatchObject({ tag: ["a=b"], scope: ["region=us-east-1"], traceId: "abcdef0123456789abcdef0123456789" });
    expect(q.start).toBeUndefined();
    expect(logApiQuery(f, [], 1000, 2000, true)).toMatchObject({ start: "1000", end: "2000" });
  });
});

describe("severity histogram as stacked bars", () => {
  const h = {
    buckets: [60e6, 120e6],
    stepUs: 60e6,
    counts: { info: [10, 20], error: [0, 5], debug: [0, 0], unspecified: [1, 0] },
  };
  it("stacks levels bottom-up and draws the highest severity first", () => {
    const s = stackSeverities(h);
    expect(s.levels).toEqual(["error", "info", "unspecified"]);
    expect(s.data).toEqual([
      [60, 120],
      [11, 25],
      [11, 20],
      [1, 0],
    ]);
    expect(s.raw).toEqual([
      [0, 5],
      [10, 20],
      [1, 0],
    ]);
    expect(s.totals).toEqual([5, 30, 1]);
    expect(s.stepSec).toBe(60);
  });
  it("draws every level with bars paths and shows its own count in the legend", () => {
    const s = stackSeverities(h);
    const calls: unknown[] = [];
    const marker = (() => null) as unknown as uPlot.Series.PathBuilder;
    const o = buildBarOptions({ width: 600, height: 160 }, s, (opts) => (calls.push(opts), marker));
    expect(calls).toEqual([{ align: 1, size: [0.92, 64, 1] }]);
    expect(o.series.slice(1).map((x) => [x.label, x.paths === marker, x.fill])).toEqual([
      ["error", true, "#f85149"],
      ["info", true, "#4c9aff"],
      ["unspecified", true, "#8b949e"],
    ]);
    const fmt = o.series[1].value as (u: unknown, v: number, si: number, idx: number) => string;
    expect(fmt(null, 25, 1, 1)).toBe("5");
    const xr = o.scales!.x.range as unknown as (u: unknown, a: number, b: number) => number[];
    expect(xr(null, 60, 120)).toEqual([60, 180]);
  });
  it("nothing to stack when no line matched", () => {
    expect(stackSeverities({ buckets: [1e6], stepUs: 1e6, counts: { info: [0] } }).levels).toEqual([]);
  });
});

describe("wrapped log lines on a phone", () => {
  it("gives long messages taller rows and finds the rows in view by their tops", async () => {
    const { rowOffsets, virtualWindowVar, wrappedRowHeight } = await import("./virtual");
    const short = wrappedRowHeight("ok", 370);
    const long = wrappedRowHeight(
      `payment client: DNS lookup failed for payment-provider.internal: getaddrinfo ENOTFOUND payment-provider.internal`,
      370,
    );
    expect(long).toBeGreaterThan(short);
    const o = rowOffsets([short, long, short, long]);
    expect(o[4]).toBe(2 * short + 2 * long);
    const w = virtualWindowVar(short + 1, long, o, 0);
    expect(w.start).toBe(1);
    expect(w.padTop).toBe(short);
    expect(w.end).toBeGreaterThanOrEqual(2);
  });
});
