import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { validateSeries } from "../tsdb/validate";
import { decodeWriteRequest, LABEL_CACHE_BYTES, labelSetCache, resetLabelSetCache, unsnappy } from "./decode";
import { seriesKey } from "../tsdb/labels";
import { encodeWriteRequest } from "./encode";
import { RemoteWriteDecodeError } from "./types";

function bitsOf(values: Float64Array, i: number): [number, number] {
  const u = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  return [u[2 * i + 1], u[2 * i]];
}

describe("remote_write WriteRequest decoding", () => {
  it("decodes series, samples and metadata from a hand-built protobuf, skipping unknown fields", () => {
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited).fork();
    for (const [n, v] of [
      ["__name__", "up"],
      ["deployment.version", "v3.41.0"],
    ])
      w.tag(1, WireType.LengthDelimited)
        .fork()
        .tag(1, WireType.LengthDelimited)
        .string(n)
        .tag(2, WireType.LengthDelimited)
        .string(v)
        .join();
    w.tag(2, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.Bit64)
      .double(1)
      .tag(2, WireType.Varint)
      .int64(1000)
      .join();
    // The stale marker as raw bits, and a sample whose value field is absent (proto3 default 0).
    w.tag(2, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.Bit64)
      .fixed64(0x7ff0000000000002n)
      .tag(2, WireType.Varint)
      .int64(2000)
      .join();
    w.tag(2, WireType.LengthDelimited).fork().tag(2, WireType.Varint).int64(3000).join();
    w.tag(3, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.LengthDelimited)
      .string("trace_id")
      .tag(2, WireType.LengthDelimited)
      .string("4bf92f3577b34da6a3ce929d0e0e4736")
      .join()
      .tag(2, WireType.Bit64)
      .double(0.25)
      .tag(3, WireType.Varint)
      .int64(1500)
      .tag(9, WireType.Varint)
      .int64(7)
      .join();
    w.tag(4, WireType.LengthDelimited).bytes(new Uint8Array([8, 1])); // native histogram: counted
    w.join();
    w.tag(3, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.Varint)
      .int32(1)
      .tag(2, WireType.LengthDelimited)
      .string("up")
      .tag(4, WireType.LengthDelimited)
      .string("help")
      .tag(5, WireType.LengthDelimited)
      .string("s")
      .join();
    w.tag(15, WireType.Varint).uint32(9);
    const batch = decodeWriteRequest(unsnappy(compress(w.finish()), 1 << 20));
    expect(batch.series).toHaveLength(1);
    const s = batch.series[0];
    expect(s.labels).toEqual({ __name__: "up", "deployment.version": "v3.41.0" });
    expect(s.timestamps).toEqual([1000, 2000, 3000]);
    expect(s.values[0]).toBe(1);
    expect(bitsOf(s.values, 1)).toEqual([0x7ff00000, 2]);
    expect(s.values[2]).toBe(0);
    expect(batch.histograms).toBe(1);
    expect(batch.exemplars).toEqual([
      {
        series: { __name__: "up", "deployment.version": "v3.41.0" },
        exemplars: [{ labels: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" }, value: 0.25, ts: 1500 }],
      },
    ]);
    expect(batch.metadata).toEqual([{ metric: "up", type: "counter", help: "help", unit: "s" }]);
  });

  it("reads every shape of Sample alike: value absent, timestamp absent, fields reversed, negative or huge times, unknown fields", () => {
    // Each case: the Sample message's fields as written, and the (t, value bits) it must decode to.
    const stale: [number, number] = [0x7ff00000, 2];
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("__name__");
    w.tag(2, WireType.LengthDelimited).string("m").join();
    const sample = (f: (s: BinaryWriter) => void) => {
      w.tag(2, WireType.LengthDelimited).fork();
      f(w);
      w.join();
    };
    const staleBytes = new Uint8Array(new Uint32Array([stale[1], stale[0]]).buffer);
    sample((s) => s.tag(1, WireType.Bit64).raw(staleBytes).tag(2, WireType.Varint).int64(1_700_000_000_000));
    sample((s) => s.tag(2, WireType.Varint).int64(1_700_000_015_000));
    sample((s) => s.tag(1, WireType.Bit64).double(2.5));
    sample((s) => s.tag(2, WireType.Varint).int64(1_700_000_030_000).tag(1, WireType.Bit64).double(3));
    sample((s) => s.tag(1, WireType.Bit64).double(4).tag(2, WireType.Varint).int64(-5));
    sample((s) =>
      s
        .tag(1, WireType.Bit64)
        .double(5)
        .tag(2, WireType.Varint)
        .int64(2 ** 60),
    );
    sample((s) => s.tag(1, WireType.Bit64).double(6).tag(2, WireType.Varint).int64(7).tag(9, WireType.Varint).int32(1));
    sample((s) => s.tag(1, WireType.Bit64).double(7).tag(1, WireType.Bit64).double(8).tag(2, WireType.Varint).int64(9));
    w.join();
    const [got] = decodeWriteRequest(w.finish()).series;
    expect(got.timestamps).toEqual([1_700_000_000_000, 1_700_000_015_000, 0, 1_700_000_030_000, -5, 2 ** 60, 7, 9]);
    expect(bitsOf(got.values, 0)).toEqual(stale);
    expect(Array.from(got.values.subarray(1))).toEqual([0, 2.5, 3, 4, 5, 6, 8]);
  });

  it("round-trips the encoder used by tests and benchmarks", () => {
    const series = [
      {
        labels: { __name__: "m", a: "é" },
        samples: [
          { t: -5, v: -0.5 },
          { t: 2 ** 45, v: Infinity },
        ],
      },
    ];
    const got = decodeWriteRequest(encodeWriteRequest(series));
    expect(got.series[0].labels).toEqual(series[0].labels);
    expect(got.series[0].timestamps).toEqual([-5, 2 ** 45]);
    expect(Array.from(got.series[0].values)).toEqual([-0.5, Infinity]);
  });

  it("decodes repeated label sets from the cache as fresh objects with the right series key", () => {
    const body = encodeWriteRequest([{ labels: { __name__: "cache_m", b: "2", a: "1" }, samples: [{ t: 1, v: 1 }] }]);
    const first = decodeWriteRequest(body).series[0];
    const second = decodeWriteRequest(body).series[0];
    expect(second.labels).toEqual(first.labels);
    expect(second.labels).not.toBe(first.labels);
    second.labels.c = "3";
    expect(decodeWriteRequest(body).series[0].labels).toEqual(first.labels);
    const fresh = { ...first.labels };
    expect(seriesKey(first.labels)).toBe(seriesKey(fresh));
    // A label field after the samples extends the set; its key must include it.
    const w = new BinaryWriter();
    w.uint32(10).fork();
    w.uint32(10).fork().uint32(10).string("__name__").uint32(18).string("cache_m").join();
    w.uint32(18).fork().uint32(9).double(1).uint32(16).int64(1).join();
    w.uint32(10).fork().uint32(10).string("z").uint32(18).string("9").join();
    w.join();
    const late = decodeWriteRequest(w.finish()).series[0];
    expect(late.labels).toEqual({ __name__: "cache_m", z: "9" });
    expect(seriesKey(late.labels)).toBe(seriesKey({ __name__: "cache_m", z: "9" }));
  });

  it("answers a cache hit as a miss does: identity, fresh labels (own `__proto__`), exemplars and validation", () => {
    const labels = { __name__: "hit_m", __proto__: "p", job: "a" };
    Object.defineProperty(labels, "__proto__", { value: "p", enumerable: true });
    const body = encodeWriteRequest([
      { labels, samples: [{ t: 5, v: 1 }], exemplars: [{ labels: { trace_id: "t1" }, v: 2, t: 5 }] },
    ]);
    try {
      resetLabelSetCache();
      const miss = decodeWriteRequest(body);
      expect(labelSetCache().size).toBe(1);
      const hit = decodeWriteRequest(body);
      expect(labelSetCache().size).toBe(1);
      expect(hit.series[0].identity).toBe(miss.series[0].identity); // the cached one
      expect(hit.series[0].labels).toEqual(miss.series[0].labels);
      expect(Object.hasOwn(hit.series[0].labels, "__proto__")).toBe(true);
      expect(Object.getPrototypeOf(hit.series[0].labels)).toBe(Object.prototype);
      expect(hit.exemplars).toEqual(miss.exemplars);
      expect(hit.exemplars[0].series).not.toBe(hit.series[0].labels);
      hit.series[0].labels.job = "changed";
      expect(decodeWriteRequest(body).series[0].labels.job).toBe("a");
      // A hit is validated as a miss is: the labels are read when they were never checked.
      const v = validateSeries(decodeWriteRequest(body).series, 10);
      expect(v.accepted).toBe(1);
      expect(v.series[0].identity?.key).toBe(seriesKey({ __name__: "hit_m", job: "a", ...{ ["__proto__"]: "p" } }));
    } finally {
      resetLabelSetCache(LABEL_CACHE_BYTES);
    }
  });

  it("answers the same with a warm, a cold and an evicting label-set cache, which stays under its byte cap", () => {
    const series = Array.from({ length: 300 }, (_, i) => ({
      labels: { __name__: `evict_m${i % 7}`, pod: `p-${i}`, zone: i % 2 ? "b" : "é-ж" },
      samples: [{ t: 1_000 + i, v: i / 3 }],
    }));
    const body = encodeWriteRequest(series);
    const answer = (b: ReturnType<typeof decodeWriteRequest>) =>
      b.series.map((s) => ({
        labels: s.labels,
        key: s.identity?.key,
        fp: s.identity?.fingerprint,
        t: s.timestamps,
        v: Array.from(s.values),
      }));
    try {
      resetLabelSetCache();
      const cold = answer(decodeWriteRequest(body));
      expect(cold.map((s) => s.key)).toEqual(series.map((s) => seriesKey(s.labels)));
      expect(cold.map((s) => s.labels)).toEqual(series.map((s) => s.labels));
      // The sets with a non-ASCII value are decoded every time (label-cache.ts proves only plain ones).
      expect(labelSetCache().size).toBe(150);
      expect(answer(decodeWriteRequest(body))).toEqual(cold); // warm: every plain set a hit
      // Room for a few dozen sets: it fills, refuses, clears and refills while decoding the same body again.
      const cap = 8 * 1024;
      resetLabelSetCache(cap);
      const sizes = new Set<number>();
      for (let round = 0; round < 6; round++) {
        expect(answer(decodeWriteRequest(body))).toEqual(cold);
        expect(labelSetCache().bytes).toBeLessThanOrEqual(cap);
        expect(labelSetCache().size).toBeLessThan(150);
        sizes.add(labelSetCache().size);
      }
      expect(Math.max(...sizes)).toBeGreaterThan(0);
    } finally {
      resetLabelSetCache(LABEL_CACHE_BYTES);
    }
  });

  it("rejects duplicate label names, truncation, wrong wire types and bad snappy clearly", () => {
    const dup = encodeWriteRequest([{ labels: { __name__: "m" }, samples: [] }]);
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited).fork();
    for (const n of ["a", "a"])
      w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(n).join();
    w.join();
    expect(() => decodeWriteRequest(w.finish())).toThrow(/duplicate label name "a"/);
    expect(() => decodeWriteRequest(dup.subarray(0, dup.length - 2))).toThrow(RemoteWriteDecodeError);
    expect(() => decodeWriteRequest(new Uint8Array([0x08, 0x01]))).toThrow(/wire type/);
    expect(() => unsnappy(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), 1 << 20)).toThrow(RemoteWriteDecodeError);
    expect(() => unsnappy(compress(new Uint8Array(2048)), 1024)).toThrow(/exceeds 1024 bytes/);
  });
});

describe("ingest validation", () => {
  it("checks a shared identity's labels until they pass, then trusts the mark", () => {
    const bad = { key: '[["job","x"]]', fingerprint: 1 };
    const good = { key: '[["__name__","m"]]', fingerprint: 2 };
    const batch = (id: typeof bad, labels: Record<string, string>) => [
      { labels, identity: id, timestamps: [1], values: Float64Array.from([1]) },
    ];
    for (let i = 0; i < 2; i++) expect(validateSeries(batch(bad, { job: "x" }), 10).rejected).toBe(1);
    expect(bad).not.toHaveProperty("labelsChecked", true);
    expect(validateSeries(batch(good, { __name__: "m" }), 10).accepted).toBe(1);
    expect(good).toHaveProperty("labelsChecked", true);
  });

  it("keeps valid samples of a series and drops future ones and invalid series with reasons", () => {
    const now = 1_000_000_000_000;
    const v = validateSeries(
      [
        {
          labels: { __name__: "ok" },
          timestamps: [now - 1, now + 11 * 60_000, now],
          values: Float64Array.from([1, 2, 3]),
        },
        { labels: { job: "x" }, timestamps: [now], values: Float64Array.from([4]) },
        { labels: { __name__: "x", ["n".repeat(1025)]: "v" }, timestamps: [now], values: Float64Array.from([5]) },
      ],
      now,
    );
    expect(v.accepted).toBe(2);
    expect(v.rejected).toBe(3);
    expect(v.series[0].timestamps).toEqual([now - 1, now]);
    expect(Array.from(v.series[0].values)).toEqual([1, 3]);
    expect(v.errors.join("\n")).toMatch(/future[\s\S]*without a metric name[\s\S]*longer than 1024 bytes/);
  });
});
