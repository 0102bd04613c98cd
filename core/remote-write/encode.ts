// A WriteRequest encoder: the test suites and the ingest benchmark build real remote_write bodies with it.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { compress } from "snappyjs";
import { METRIC_TYPES, type MetricMetadata } from "./types";

export interface EncodeSeries {
  labels: Record<string, string>;
  samples: { t: number; v: number }[];
  exemplars?: { labels: Record<string, string>; v: number; t: number }[];
  /** Encoded Histogram messages (encode-histogram.ts), sent as the series' native histogram samples. */
  histograms?: Uint8Array[];
}

function writeLabel(w: BinaryWriter, field: number, n: string, v: string): void {
  w.tag(field, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string(n)
    .tag(2, WireType.LengthDelimited)
    .string(v)
    .join();
}

/** A Sample (value: double 1, timestamp: int64 2), the same message in remote-write 1.0 and 2.0. */
export function writeSample(w: BinaryWriter, field: number, smp: { v: number; t: number }): void {
  w.tag(field, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.Bit64)
    .double(smp.v)
    .tag(2, WireType.Varint)
    .int64(smp.t)
    .join();
}

export function encodeWriteRequest(series: EncodeSeries[], metadata: MetricMetadata[] = []): Uint8Array {
  const w = new BinaryWriter();
  for (const s of series) {
    w.tag(1, WireType.LengthDelimited).fork();
    const names = Object.keys(s.labels).sort();
    for (const n of names) writeLabel(w, 1, n, s.labels[n]);
    for (const smp of s.samples) writeSample(w, 2, smp);
    for (const h of s.histograms ?? []) w.tag(4, WireType.LengthDelimited).bytes(h);
    for (const e of s.exemplars ?? []) {
      w.tag(3, WireType.LengthDelimited).fork();
      for (const n of Object.keys(e.labels).sort()) writeLabel(w, 1, n, e.labels[n]);
      w.tag(2, WireType.Bit64).double(e.v).tag(3, WireType.Varint).int64(e.t).join();
    }
    w.join();
  }
  for (const m of metadata) {
    w.tag(3, WireType.LengthDelimited).fork();
    w.tag(1, WireType.Varint).int32(Math.max(0, METRIC_TYPES.indexOf(m.type)));
    w.tag(2, WireType.LengthDelimited).string(m.metric);
    w.tag(4, WireType.LengthDelimited).string(m.help);
    w.tag(5, WireType.LengthDelimited).string(m.unit);
    w.join();
  }
  return w.finish();
}

/** The snappy-compressed body a Prometheus remote_write client sends. */
export function remoteWriteBody(series: EncodeSeries[], metadata: MetricMetadata[] = []): Uint8Array {
  return compress(encodeWriteRequest(series, metadata));
}
