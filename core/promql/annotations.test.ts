// PromQL annotations as Prometheus v2.53 words and places them (util/annotations, promql/engine.go and
// functions.go of v2.53.5), through the engine, unsharded and with the per-series parts pushed to shards.
import { describe, expect, it } from "vitest";
import { parseHistogramLiteral } from "../histogram/literal";
import { Annotations, annotationStrings, formatGoG, positionText } from "./annotations";
import { createEngine } from "./engine";
import { MemorySource } from "./memory-source";
import { memoryShardsPort } from "./pushdown/memory-shards";

const MIN = 60_000;
const ts = Array.from({ length: 11 }, (_, i) => i * MIN);
const counterH = (i: number) =>
  parseHistogramLiteral(`{{schema:0 count:${4 + i} sum:${5 + 2 * i} buckets:[1 ${2 + i} 1]}}`);

/** The series, each put where `into` says (one source, or a shard by job). Shards get floats only: pushdown
 * refuses windows that hold native histograms. */
function source(into: (labels: Record<string, string>) => MemorySource = single(), histograms = true) {
  const add = (_: unknown, labels: Record<string, string>, f: (i: number) => number) =>
    into(labels).add(
      labels,
      ts,
      Float64Array.from(ts, (_, i) => f(i)),
    );
  const src = into({});
  add(src, { __name__: "http_requests_total", job: "a" }, (i) => i * 10);
  add(src, { __name__: "http_requests", job: "a" }, (i) => i * 10);
  add(src, { __name__: "http_requests", job: "b" }, (i) => i * 20);
  add(src, { __name__: "queue_depth", job: "a" }, (i) => i % 3);
  for (const [le, n] of [
    ["0.1", 10],
    ["1", 50],
    ["+Inf", 100],
  ] as const)
    add(src, { __name__: "lat_bucket", job: "a", le }, (i) => n * (i + 1));
  // Non-monotonic buckets: the 1s bucket counts less than the 0.1s one.
  for (const [le, n] of [
    ["0.1", 60],
    ["1", 50],
    ["+Inf", 100],
  ] as const)
    add(src, { __name__: "bad_bucket", job: "a", le }, (i) => n * (i + 1));
  add(src, { __name__: "nole_bucket", job: "a" }, (i) => i);
  add(src, { __name__: "nole_bucket", job: "b", le: "fast" }, (i) => i);
  add(src, { __name__: "up", job: "a" }, () => 1);
  if (!histograms) return src;
  // A native histogram with floats before it: a window over 4m..6m holds both.
  src.add(
    { __name__: "mixed" },
    ts,
    Float64Array.from(ts, (_, i) => i),
    ts.map((_, i) => (i > 5 ? counterH(i) : undefined)),
  );
  src.add(
    { __name__: "nat", job: "a" },
    ts,
    new Float64Array(11),
    ts.map((_, i) => counterH(i)),
  );
  return src;
}

function single(): () => MemorySource {
  const src = new MemorySource();
  return () => src;
}

type Mode = "unsharded" | "sharded";

function engine(mode: Mode) {
  if (mode === "unsharded") return createEngine(source());
  // Two shards, series split by job: the Worker merges their partials and reads no raw series.
  const a = new MemorySource();
  const b = new MemorySource();
  source((l) => (l.job === "b" ? b : a), false);
  return createEngine(new MemorySource(), { pushdown: memoryShardsPort([a, b]) });
}

async function instant(q: string, t = 10 * MIN, mode: Mode = "unsharded") {
  const notes = new Annotations();
  await engine(mode).instantQuery(q, t, notes);
  return annotationStrings(notes.list(), q, true);
}

async function range(q: string, mode: Mode = "unsharded") {
  const notes = new Annotations();
  await engine(mode).rangeQuery(q, 5 * MIN, 10 * MIN, MIN, notes);
  return annotationStrings(notes.list(), q, true);
}

const NOT_COUNTER = "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket:";

describe("annotations", () => {
  for (const mode of ["unsharded", "sharded"] as const) {
    describe(mode, () => {
      it("rate and increase over a name without a counter suffix: an info at the range selector", async () => {
        expect(await instant("rate(http_requests[5m])", 10 * MIN, mode)).toEqual({
          warnings: [],
          infos: [`${NOT_COUNTER} "http_requests" (1:6)`],
        });
        expect((await range("sum(increase(queue_depth[2m]))", mode)).infos).toEqual([
          `${NOT_COUNTER} "queue_depth" (1:14)`,
        ]);
        // A counter's name, or no name at all, says nothing.
        expect(await instant("rate(http_requests_total[5m])", 10 * MIN, mode)).toEqual({ warnings: [], infos: [] });
        expect(await instant('rate({job="zzz"}[5m])', 10 * MIN, mode)).toEqual({ warnings: [], infos: [] });
        // One info per name and position, however many series and steps.
        expect((await range("rate(http_requests[5m]) + rate(queue_depth[5m])", mode)).infos).toEqual([
          `${NOT_COUNTER} "http_requests" (1:6)`,
          `${NOT_COUNTER} "queue_depth" (1:32)`,
        ]);
      });

      it("the query answers (sharded: from the shards' partials alone)", async () => {
        const r = await engine(mode).instantQueryNumeric("sum(rate(http_requests[5m]))", 10 * MIN);
        expect(r.map((x) => x.values[0])).toEqual([0.5]);
      });

      it("no info when no window holds a sample", async () => {
        expect(await instant("rate(http_requests[5m])", 100 * MIN, mode)).toEqual({ warnings: [], infos: [] });
      });

      it("quantile aggregation and quantile_over_time outside [0, 1]: a warning at the quantile", async () => {
        expect((await instant("quantile(1.5, up)", 10 * MIN, mode)).warnings).toEqual([
          "PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:10)",
        ]);
        expect((await range("quantile_over_time(-2, up[5m])", mode)).warnings).toEqual([
          "PromQL warning: quantile value should be between 0 and 1, got -2 (1:20)",
        ]);
        // quantile_over_time warns only once a window holds floats, as Prometheus.
        expect(await instant("quantile_over_time(2, up[5m])", 100 * MIN, mode)).toEqual({ warnings: [], infos: [] });
        expect(await instant("quantile(0.5, up)", 10 * MIN, mode)).toEqual({ warnings: [], infos: [] });
      });
    });
  }

  it("histogram_quantile: quantile range, bad le, monotonicity", async () => {
    expect((await instant("histogram_quantile(1e6, lat_bucket)")).warnings).toEqual([
      "PromQL warning: quantile value should be between 0 and 1, got 1e+06 (1:20)",
    ]);
    expect((await instant("histogram_quantile(0.5, nole_bucket)")).warnings).toEqual([
      'PromQL warning: bucket label "le" is missing or has a malformed value of "" for metric name "nole_bucket" (1:25)',
      'PromQL warning: bucket label "le" is missing or has a malformed value of "fast" for metric name "nole_bucket" (1:25)',
    ]);
    // The group lost its metric name with `le`: Prometheus names none.
    expect((await instant("histogram_quantile(0.5, bad_bucket)")).infos).toEqual([
      'PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "" (1:25)',
    ]);
    expect(await instant("histogram_quantile(0.5, lat_bucket)")).toEqual({ warnings: [], infos: [] });
  });

  it("histogram_quantile over a classic and a native histogram with one label set: neither, and a warning", async () => {
    const q = 'histogram_quantile(0.5, label_replace(lat_bucket, "__name__", "nat", "", "") or nat)';
    const notes = new Annotations();
    const r = await createEngine(source()).instantQueryNumeric(q, 10 * MIN);
    await createEngine(source()).instantQuery(q, 10 * MIN, notes);
    expect(r).toEqual([]);
    expect(annotationStrings(notes.list(), q, true).warnings).toEqual([
      'PromQL warning: vector contains a mix of classic and native histograms for metric name "nat" (1:25)',
    ]);
  });

  it("rate over a window mixing floats and histograms, and sum of a group mixing them", async () => {
    expect((await instant("rate(mixed[3m])", 7 * MIN)).warnings).toEqual([
      'PromQL warning: encountered a mix of histograms and floats for metric name "mixed" (1:6)',
    ]);
    expect((await instant("sum(mixed or up)", 7 * MIN)).warnings).toEqual([
      "PromQL warning: encountered a mix of histograms and floats for aggregation (1:5)",
    ]);
    // Groups of one kind each: nothing to say.
    expect((await instant("sum by (__name__) (mixed or up)", 7 * MIN)).warnings).toEqual([]);
  });

  it("positions count lines and UTF-8 bytes, and map back over the parser's rewrites", async () => {
    expect((await instant("1. * rate(\n  http_requests[5m])")).infos).toEqual([`${NOT_COUNTER} "http_requests" (2:3)`]);
    expect(positionText("ä + b", 4)).toBe("1:6");
    expect(positionText("", 0)).toBe("unknown position");
  });

  it("the API lists: 2.53 puts infos among at most 10 warnings; 3.x keeps them apart", () => {
    const notes = new Annotations();
    for (let i = 0; i < 12; i++) notes.add({ level: "warning", text: `PromQL warning: w${i}`, pos: 0 });
    notes.add({ level: "info", text: "PromQL info: i", pos: 2 });
    notes.add({ level: "info", text: "PromQL info: i", pos: 4 });
    const v2 = annotationStrings(notes.list(), "abcdef", false);
    expect(v2.infos).toEqual([]);
    expect(v2.warnings).toHaveLength(11);
    expect(v2.warnings[10]).toBe("3 more annotations omitted");
    const v3 = annotationStrings(notes.list(), "abcdef", true);
    expect(v3.warnings[10]).toBe("2 more warning annotations omitted");
    expect(v3.infos).toEqual(["PromQL info: i (1:5)"]);
  });

  it("formats quantiles as Go's %g", () => {
    expect([1.5, -2, 1e6, 123456, 0.0001, 0.00001, NaN, Infinity].map(formatGoG)).toEqual([
      "1.5",
      "-2",
      "1e+06",
      "123456",
      "0.0001",
      "1e-05",
      "NaN",
      "+Inf",
    ]);
  });
});
