// PROMQL_MODE=3: Prometheus 3 semantics where they differ from 2.x (the default).
import { describe, expect, it } from "vitest";
import { createEngine } from "./engine";
import { MemorySource } from "./memory-source";

const T0 = 1_700_000_000_000;

function src(): MemorySource {
  const s = new MemorySource();
  const ts = [0, 60_000, 120_000, 180_000, 240_000].map((d) => T0 + d);
  s.add({ __name__: "x", line: "a\nb" }, ts, Float64Array.of(1, 2, 3, 5, 8));
  s.add({ __name__: "x", line: "ab" }, ts, Float64Array.of(10, 20, 30, 40, 50));
  return s;
}

const v2 = () => createEngine(src());
const v3 = () => createEngine(src(), { prometheus3: true });
const values = (d: Awaited<ReturnType<ReturnType<typeof v2>["instantQuery"]>>) =>
  d.resultType === "vector"
    ? d.result.map((r) => `${JSON.stringify(r.metric)}=${"value" in r ? r.value[1] : "histogram"}`).sort()
    : d;

describe("Prometheus 3 mode", () => {
  it("makes range and lookback windows left-open", async () => {
    // [2m] at T0+4m: 2.x includes the sample at T0+2m, 3.x does not.
    expect(values(await v2().instantQuery("count_over_time(x[2m])", T0 + 240_000))).toEqual([
      '{"line":"a\\nb"}=3',
      '{"line":"ab"}=3',
    ]);
    expect(values(await v3().instantQuery("count_over_time(x[2m])", T0 + 240_000))).toEqual([
      '{"line":"a\\nb"}=2',
      '{"line":"ab"}=2',
    ]);
    // Lookback: a sample exactly 5m old is still seen in 2.x, not in 3.x.
    expect(values(await v2().instantQuery("x", T0 + 540_000))).toHaveLength(2);
    expect(values(await v3().instantQuery("x", T0 + 540_000))).toEqual([]);
  });

  it("lets `.` in label regexes match a newline", async () => {
    expect(values(await v2().instantQuery('x{line=~"a.b"}', T0))).toEqual([]);
    expect(values(await v3().instantQuery('x{line=~"a.b"}', T0))).toEqual(['{"__name__":"x","line":"a\\nb"}=1']);
    expect(values(await v3().instantQuery('x{line!~"a.*"}', T0))).toEqual([]);
    const lr = 'label_replace(x, "first", "$1", "line", "(.).*")';
    expect(values(await v2().instantQuery(lr, T0))).toEqual([
      '{"__name__":"x","first":"a","line":"ab"}=10',
      '{"__name__":"x","line":"a\\nb"}=1',
    ]);
    expect(values(await v3().instantQuery(lr, T0))).toEqual([
      '{"__name__":"x","first":"a","line":"a\\nb"}=1',
      '{"__name__":"x","first":"a","line":"ab"}=10',
    ]);
  });

  it("names holt_winters double_exponential_smoothing", async () => {
    const a = await v2().instantQuery("holt_winters(x[5m], 0.5, 0.5)", T0 + 240_000);
    const b = await v3().instantQuery("double_exponential_smoothing(x[5m], 0.5, 0.5)", T0 + 240_000);
    expect(values(b)).toEqual(values(a));
    await expect(v3().instantQuery("holt_winters(x[5m], 0.5, 0.5)", T0)).rejects.toThrow(/unknown function/);
    await expect(v2().instantQuery("double_exponential_smoothing(x[5m], 0.5, 0.5)", T0)).rejects.toThrow(
      /unknown function/,
    );
  });

  it("accepts UTF-8 destination label names where 2.x wants the legacy form", async () => {
    const q = 'label_replace(x{line="ab"}, "service.name", "$1", "line", "(.*)")';
    await expect(v2().instantQuery(q, T0)).rejects.toThrow(/invalid destination label name/);
    expect(values(await v3().instantQuery(q, T0))).toEqual(['{"__name__":"x","line":"ab","service.name":"ab"}=10']);
    const join = 'label_join(x{line="ab"}, "k8s.pod", "-", "line")';
    await expect(v2().instantQuery(join, T0)).rejects.toThrow(/invalid destination label name/);
    expect(values(await v3().instantQuery(join, T0))).toHaveLength(1);
  });
});
