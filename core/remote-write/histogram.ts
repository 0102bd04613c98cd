// remote_write's Histogram message (the same field numbers in 1.0's prometheus.Histogram and 2.0's
// io.prometheus.write.v2.Histogram), decoded into core/histogram's WireHistogram and then a FloatHistogram.
// Malformed protobuf fails the request (RemoteWriteDecodeError); a well-formed but invalid histogram (bad
// schema, spans that do not match the buckets) is the caller's to reject per sample.
import { type BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { fromWireHistogram, type WireHistogram } from "../histogram/convert";
import { HistogramError } from "../histogram/float-histogram";
import type { Span } from "../histogram/float-histogram";
import type { HistSample } from "../tsdb/hist-chunk";
import { RemoteWriteDecodeError, type HistogramSeries } from "./types";

function end(r: BinaryReader): number {
  const e = r.uint32() + r.pos;
  if (e > r.len) throw new RemoteWriteDecodeError("length-delimited field runs past the end of the message");
  return e;
}

function want(actual: WireType, expected: WireType, field: string): void {
  if (actual !== expected) throw new RemoteWriteDecodeError(`${field}: wire type ${actual}, expected ${expected}`);
}

/** What a decoded request says about its native histograms. */
export interface HistogramBatch {
  /** Histogram samples received, valid or not. */
  histograms: number;
  histogramSeries: HistogramSeries[];
  /** Received but invalid (refused per sample, with the first reasons in histogramErrors). */
  histogramsInvalid: number;
  histogramErrors: string[];
}

function readSpan(r: BinaryReader, e: number): Span {
  const s: Span = { offset: 0, length: 0 };
  while (r.pos < e) {
    const [no, wt] = r.tag();
    if (no === 1) want(wt, WireType.Varint, "BucketSpan.offset"), (s.offset = r.sint32());
    else if (no === 2) want(wt, WireType.Varint, "BucketSpan.length"), (s.length = r.uint32());
    else r.skip(wt, no);
  }
  return s;
}

function readRepeated(r: BinaryReader, wt: WireType, out: number[], one: () => number, unit: WireType): void {
  if (wt === WireType.LengthDelimited) {
    const e = end(r);
    while (r.pos < e) out.push(one());
  } else {
    want(wt, unit, "Histogram buckets");
    out.push(one());
  }
}

/** One Histogram message at `r.pos` .. `e`: its timestamp and fields. */
export function readHistogram(r: BinaryReader, e: number): { t: number; w: WireHistogram } {
  const w: WireHistogram = {
    count: 0,
    sum: 0,
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    negativeSpans: [],
    positiveSpans: [],
    resetHint: 0,
  };
  let t = 0;
  const sint64 = () => Number(r.sint64());
  const dbl = () => r.double();
  while (r.pos < e) {
    const [no, wt] = r.tag();
    switch (no) {
      case 1:
        want(wt, WireType.Varint, "Histogram.count_int"), (w.count = Number(r.uint64()));
        break;
      case 2:
        want(wt, WireType.Bit64, "Histogram.count_float"), (w.count = r.double());
        break;
      case 3:
        want(wt, WireType.Bit64, "Histogram.sum"), (w.sum = r.double());
        break;
      case 4:
        want(wt, WireType.Varint, "Histogram.schema"), (w.schema = r.sint32());
        break;
      case 5:
        want(wt, WireType.Bit64, "Histogram.zero_threshold"), (w.zeroThreshold = r.double());
        break;
      case 6:
        want(wt, WireType.Varint, "Histogram.zero_count_int"), (w.zeroCount = Number(r.uint64()));
        break;
      case 7:
        want(wt, WireType.Bit64, "Histogram.zero_count_float"), (w.zeroCount = r.double());
        break;
      case 8:
        want(wt, WireType.LengthDelimited, "Histogram.negative_spans"), w.negativeSpans.push(readSpan(r, end(r)));
        break;
      case 9:
        readRepeated(r, wt, (w.negativeDeltas ??= []), sint64, WireType.Varint);
        break;
      case 10:
        readRepeated(r, wt, (w.negativeCounts ??= []), dbl, WireType.Bit64);
        break;
      case 11:
        want(wt, WireType.LengthDelimited, "Histogram.positive_spans"), w.positiveSpans.push(readSpan(r, end(r)));
        break;
      case 12:
        readRepeated(r, wt, (w.positiveDeltas ??= []), sint64, WireType.Varint);
        break;
      case 13:
        readRepeated(r, wt, (w.positiveCounts ??= []), dbl, WireType.Bit64);
        break;
      case 14:
        want(wt, WireType.Varint, "Histogram.reset_hint"), (w.resetHint = r.int32());
        break;
      case 15:
        want(wt, WireType.Varint, "Histogram.timestamp"), (t = Number(r.int64()));
        break;
      case 16:
        readRepeated(r, wt, (w.customValues ??= []), dbl, WireType.Bit64);
        break;
      default:
        r.skip(wt, no);
    }
  }
  return { t, w };
}

/** Collects a series' histograms: valid ones as samples, invalid ones counted with their reason. */
export class HistogramCollector {
  readonly series: HistogramSeries[] = [];
  invalid = 0;
  readonly errors: string[] = [];
  received = 0;

  /** Reads one Histogram message into `into`. */
  read(r: BinaryReader, into: HistSample[], name: string | undefined): void {
    const { t, w } = readHistogram(r, end(r));
    this.received++;
    try {
      into.push({ t, h: fromWireHistogram(w) });
    } catch (e) {
      if (!(e instanceof HistogramError)) throw e;
      this.invalid++;
      const msg = `invalid native histogram (series ${name ?? ""}): ${e.message}`;
      if (this.errors.length < 5 && !this.errors.includes(msg)) this.errors.push(msg);
    }
  }
}
