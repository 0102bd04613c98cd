import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { remoteWriteMessage, UnsupportedMediaType, V1, V2 } from "./content-type";
import { decodeWriteRequestV2 } from "./decode-v2";
import { encodeWriteRequestV2 } from "./encode-v2";
import { RemoteWriteDecodeError } from "./types";

/** A Request written field by field from the spec's proto, independent of encode-v2. */
function handBuilt(): Uint8Array {
  const w = new BinaryWriter();
  const ts = new BinaryWriter();
  // labels_refs packed: __name__=http_requests_total, job=api
  ts.tag(1, WireType.LengthDelimited).fork().uint32(1).uint32(2).uint32(3).uint32(4).join();
  ts.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.Bit64)
    .double(7.5)
    .tag(2, WireType.Varint)
    .int64(1000)
    .join();
  ts.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.Bit64)
    .fixed64(0x7ff0000000000002n) // Prometheus' stale marker, by its bits
    .tag(2, WireType.Varint)
    .int64(2000)
    .join();
  ts.tag(4, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .fork()
    .uint32(6)
    .uint32(7)
    .join()
    .tag(2, WireType.Bit64)
    .double(1)
    .tag(3, WireType.Varint)
    .int64(1500)
    .join();
  ts.tag(5, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int32(1).tag(3, WireType.Varint).uint32(5).join();
  ts.tag(6, WireType.Varint).int64(500); // created_timestamp
  // The series before the symbols: order on the wire is free.
  w.tag(5, WireType.LengthDelimited).bytes(ts.finish());
  for (const s of [
    "",
    "__name__",
    "http_requests_total",
    "job",
    "api",
    "Requests served.",
    "trace_id",
    "4bf92f3577b34da6",
  ])
    w.tag(4, WireType.LengthDelimited).string(s);
  return w.finish();
}

describe("remote_write 2.0 Request decoding", () => {
  it("resolves labels through the symbols table, keeps NaN bits, decodes exemplars and keeps metadata", () => {
    const out = decodeWriteRequestV2(handBuilt());
    expect(out.series).toHaveLength(1);
    expect(out.series[0].labels).toEqual({ __name__: "http_requests_total", job: "api" });
    expect(out.series[0].timestamps).toEqual([1000, 2000]);
    expect(out.series[0].values[0]).toBe(7.5);
    const u = new Uint32Array(out.series[0].values.buffer);
    expect([u[3], u[2]]).toEqual([0x7ff00000, 0x00000002]);
    expect(out.exemplars).toEqual([
      {
        series: { __name__: "http_requests_total", job: "api" },
        exemplars: [{ labels: { trace_id: "4bf92f3577b34da6" }, value: 1, ts: 1500 }],
      },
    ]);
    expect(out.histograms).toBe(0);
    expect(out.metadata).toEqual([
      { metric: "http_requests_total", type: "counter", help: "Requests served.", unit: "" },
    ]);
  });

  it("round-trips the encoder the tests use, histograms counted", () => {
    const bytes = encodeWriteRequestV2([
      {
        labels: { __name__: "a", region: "us-east-1" },
        samples: [{ t: 1, v: 2 }],
        metadata: { type: "gauge", help: "h", unit: "seconds" },
        histograms: [new Uint8Array([8, 1])],
      },
      { labels: { __name__: "b", region: "us-east-1" }, samples: [{ t: 3, v: 4 }] },
    ]);
    const out = decodeWriteRequestV2(bytes);
    expect(out.series.map((s) => s.labels)).toEqual([
      { __name__: "a", region: "us-east-1" },
      { __name__: "b", region: "us-east-1" },
    ]);
    expect(out.histograms).toBe(1);
    expect(out.metadata).toEqual([{ metric: "a", type: "gauge", help: "h", unit: "seconds" }]);
  });

  it("refuses refs past the symbols table, odd refs, duplicate names, a non-empty first symbol and 1.0 bodies", () => {
    const bad = (build: (w: BinaryWriter) => void) => {
      const w = new BinaryWriter();
      build(w);
      return () => decodeWriteRequestV2(w.finish());
    };
    const series = (refs: number[]) => (w: BinaryWriter) =>
      w.tag(5, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).fork().uint32(refs[0]);
    expect(
      bad((w) => {
        w.tag(4, WireType.LengthDelimited).string("");
        w.tag(4, WireType.LengthDelimited).string("__name__");
        const t = new BinaryWriter();
        t.tag(1, WireType.LengthDelimited).fork().uint32(1).uint32(9).join();
        w.tag(5, WireType.LengthDelimited).bytes(t.finish());
      }),
    ).toThrow(/symbol 9, but the symbols table has 2/);
    expect(
      bad((w) => {
        w.tag(4, WireType.LengthDelimited).string("");
        const t = new BinaryWriter();
        t.tag(1, WireType.LengthDelimited).fork().uint32(0).join();
        w.tag(5, WireType.LengthDelimited).bytes(t.finish());
      }),
    ).toThrow(/odd length/);
    expect(
      bad((w) => {
        for (const s of ["", "x", "y"]) w.tag(4, WireType.LengthDelimited).string(s);
        const t = new BinaryWriter();
        t.tag(1, WireType.LengthDelimited).fork().uint32(1).uint32(2).uint32(1).uint32(2).join();
        w.tag(5, WireType.LengthDelimited).bytes(t.finish());
      }),
    ).toThrow(/duplicate label name "x"/);
    expect(bad((w) => w.tag(4, WireType.LengthDelimited).string("x"))).toThrow(/symbols\[0\] must be the empty string/);
    expect(bad((w) => w.tag(1, WireType.LengthDelimited).bytes(new Uint8Array()))).toThrow(/remote_write 1.0 field/);
    expect(bad((w) => series([1])(w))).toThrow(RemoteWriteDecodeError); // truncated
  });
});

describe("remote_write content negotiation", () => {
  it("names the message from proto=, 1.0 when absent, and refuses others", () => {
    expect(remoteWriteMessage(undefined)).toBe(V1);
    expect(remoteWriteMessage("application/x-protobuf")).toBe(V1);
    expect(remoteWriteMessage("application/x-protobuf;proto=prometheus.WriteRequest")).toBe(V1);
    expect(remoteWriteMessage("application/x-protobuf; proto=io.prometheus.write.v2.Request")).toBe(V2);
    expect(() => remoteWriteMessage("application/x-protobuf;proto=io.prometheus.write.v3.Request")).toThrow(
      UnsupportedMediaType,
    );
    expect(() => remoteWriteMessage("application/json")).toThrow(/needs application\/x-protobuf/);
    expect(() => remoteWriteMessage("application/x-protobuf;proto")).toThrow(/key=value/);
  });
});
