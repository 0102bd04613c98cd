// A remote_write 2.0 Request encoder (symbols table, label refs, per-series metadata), built by the letter of
// the spec: the tests send it to Vigil the way a 2.0 sender would.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { compress } from "snappyjs";
import { type EncodeSeries, writeSample } from "./encode";
import { METRIC_TYPES, type MetricType } from "./types";

export interface EncodeSeriesV2 extends EncodeSeries {
  metadata?: { type: MetricType; help?: string; unit?: string };
  /** Exemplars to send (a receiver that keeps none reports 0 written). */
  exemplars?: { labels: Record<string, string>; v: number; t: number }[];
  /** Raw encoded Histogram messages, to exercise how a receiver reports them. */
  histograms?: Uint8Array[];
}

export function encodeWriteRequestV2(series: EncodeSeriesV2[]): Uint8Array {
  const symbols = [""];
  const index = new Map<string, number>([["", 0]]);
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = symbols.length;
      symbols.push(s);
      index.set(s, i);
    }
    return i;
  };
  const refsOf = (labels: Record<string, string>): number[] =>
    Object.keys(labels)
      .sort()
      .flatMap((n) => [ref(n), ref(labels[n])]);
  const w = new BinaryWriter();
  const bodies = series.map((s) => {
    const ts = new BinaryWriter();
    ts.tag(1, WireType.LengthDelimited).fork();
    for (const r of refsOf(s.labels)) ts.uint32(r);
    ts.join();
    for (const smp of s.samples) writeSample(ts, 2, smp);
    for (const h of s.histograms ?? []) ts.tag(3, WireType.LengthDelimited).bytes(h);
    for (const ex of s.exemplars ?? []) {
      ts.tag(4, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).fork();
      for (const r of refsOf(ex.labels)) ts.uint32(r);
      ts.join().tag(2, WireType.Bit64).double(ex.v).tag(3, WireType.Varint).int64(ex.t).join();
    }
    if (s.metadata)
      ts.tag(5, WireType.LengthDelimited)
        .fork()
        .tag(1, WireType.Varint)
        .int32(Math.max(0, METRIC_TYPES.indexOf(s.metadata.type)))
        .tag(3, WireType.Varint)
        .uint32(ref(s.metadata.help ?? ""))
        .tag(4, WireType.Varint)
        .uint32(ref(s.metadata.unit ?? ""))
        .join();
    return ts.finish();
  });
  for (const s of symbols) w.tag(4, WireType.LengthDelimited).string(s);
  for (const b of bodies) w.tag(5, WireType.LengthDelimited).bytes(b);
  return w.finish();
}

/** The snappy-compressed body a remote_write 2.0 sender posts. */
export function remoteWriteV2Body(series: EncodeSeriesV2[]): Uint8Array {
  return compress(encodeWriteRequestV2(series));
}

export const V2_CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
