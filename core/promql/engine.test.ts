import { describe, expect, it } from "vitest";
import { createEngine, PromQLError } from "./engine";
import { MemorySource } from "./memory-source";
import { staleNaNArray } from "./stale";

const MIN = 60_000;

function source(): MemorySource {
  const src = new MemorySource();
  const ts = Array.from({ length: 11 }, (_, i) => i * 5 * MIN);
  src.add({ __name__: "reqs", job: "a" }, ts, Float64Array.from(ts.map((_, i) => i * 10)));
  src.add({ __name__: "reqs", job: "b" }, ts, Float64Array.from(ts.map((_, i) => (i < 5 ? i * 10 : (i - 5) * 10))));
  // A gauge that ends with a stale marker at 20m.
  const vs = new Float64Array([1, 2, 3, 0, 0]);
  vs.set(staleNaNArray(), 4);
  src.add(
    { __name__: "g" },
    [0, 5 * MIN, 10 * MIN, 15 * MIN, 20 * MIN].slice(0, 5),
    vs.map((v, i) => (i === 3 ? 4 : v)),
  );
  for (const [le, n] of [
    ["0.1", 10],
    ["1", 50],
    ["+Inf", 100],
  ] as const)
    src.add({ __name__: "h_bucket", le }, [0], [n]);
  return src;
}

const val = async (q: string, t: number) =>
  (await createEngine(source()).instantQueryNumeric(q, t)).map((s) => s.values[0]);

describe("engine", () => {
  it("selects and groups by UTF-8 label names (Prometheus 3 quoting)", async () => {
    const src = new MemorySource();
    const ts = [0, 15_000, 30_000, 45_000, 60_000];
    src.add({ __name__: "deploy.requests", "deployment.version": "v3.41.0" }, ts, [0, 15, 30, 45, 60]);
    src.add({ __name__: "deploy.requests", "deployment.version": "v3.42.0" }, ts, [0, 30, 60, 90, 120]);
    const r = await createEngine(src).instantQueryNumeric(
      'sum by ("deployment.version") (rate({"deploy.requests"}[1m]))',
      60_000,
    );
    expect(r.map((s) => [s.labels, s.values[0]])).toEqual([
      [{ "deployment.version": "v3.41.0" }, 1],
      [{ "deployment.version": "v3.42.0" }, 2],
    ]);
    const one = await createEngine(src).instantQueryNumeric(
      '{"deploy.requests", "deployment.version"=~"v3.42.*"}',
      60_000,
    );
    expect(one.map((s) => s.values[0])).toEqual([120]);
  });

  it("extrapolates rate() and detects counter resets", async () => {
    expect(await val('rate(reqs{job="a"}[50m])', 50 * MIN)).toEqual([100 / 3000]);
    expect(await val("resets(reqs[50m])", 50 * MIN)).toEqual([0, 1]);
    expect(await val('increase(reqs{job="b"}[50m])', 50 * MIN)).toEqual([90]);
  });

  it("looks back 5 minutes and stops at stale markers", async () => {
    expect(await val("g", 17 * MIN)).toEqual([4]);
    expect(await val("g", 19 * MIN + 59_999)).toEqual([4]);
    expect(await val("g", 20 * MIN)).toEqual([]);
    expect(await val("reqs", 56 * MIN)).toHaveLength(0);
    expect(await val("count_over_time(g[30m])", 21 * MIN)).toEqual([4]);
  });

  it("resolves @ start() and end() against the query range", async () => {
    const r = await createEngine(source()).rangeQueryNumeric('reqs{job="a"} @ start()', 10 * MIN, 20 * MIN, 5 * MIN);
    expect(r[0].values).toEqual([20, 20, 20]);
    const e = await createEngine(source()).rangeQueryNumeric('reqs{job="a"} @ end()', 10 * MIN, 20 * MIN, 5 * MIN);
    expect(e[0].values).toEqual([40, 40, 40]);
  });

  it("computes histogram_quantile over classic buckets", async () => {
    expect(await val("histogram_quantile(0.5, h_bucket)", 0)).toEqual([1]);
    expect(await val("histogram_quantile(0.05, h_bucket)", 0)).toEqual([0.05]);
  });

  it("returns the API data shapes", async () => {
    const e = createEngine(source());
    expect(await e.instantQuery("1 + 1", 1000)).toEqual({ resultType: "scalar", result: [1, "2"] });
    expect(await e.instantQuery('"s"', 1000)).toEqual({ resultType: "string", result: [1, "s"] });
    const v = await e.instantQuery('reqs{job="a"}', 10 * MIN);
    expect(v).toEqual({
      resultType: "vector",
      result: [{ metric: { __name__: "reqs", job: "a" }, value: [600, "20"] }],
    });
    const m = await e.instantQuery('reqs{job="a"}[10m]', 10 * MIN);
    expect(m).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "reqs", job: "a" },
          values: [
            [0, "0"],
            [300, "10"],
            [600, "20"],
          ],
        },
      ],
    });
  });

  it("enforces resolution, sample and type limits with Prometheus' errors", async () => {
    const e = createEngine(source());
    await expect(e.rangeQuery("reqs", 0, 20_000 * 1000, 1000)).rejects.toThrow(
      /exceeded maximum resolution of 11,000 points per timeseries/,
    );
    await expect(createEngine(source(), { maxSamples: 5 }).instantQuery("reqs[1h]", 50 * MIN)).rejects.toMatchObject({
      errorType: "execution",
    });
    await expect(e.rangeQuery('"x"', 0, 60_000, 15_000)).rejects.toThrow(
      /invalid expression type "string" for range query/,
    );
    await expect(e.instantQuery('label_replace(reqs, "job", "x", "job", ".*")', 10 * MIN)).rejects.toThrow(
      /same labelset/,
    );
    await expect(e.instantQuery("reqs + on() reqs", 10 * MIN)).rejects.toThrow(PromQLError);
  });
});
