// A remote_write Histogram message encoder (the same message in 1.0 and 2.0), by the letter of the proto: the
// tests build integer (delta) and float histograms with it the way Prometheus' senders do.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import type { WireHistogram } from "../histogram/convert";
import type { Span } from "../histogram/float-histogram";

function spans(w: BinaryWriter, field: number, list: readonly Span[]): void {
  for (const s of list)
    w.tag(field, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.Varint)
      .sint32(s.offset)
      .tag(2, WireType.Varint)
      .uint32(s.length)
      .join();
}

function packed(w: BinaryWriter, field: number, xs: readonly number[] | undefined, kind: "sint64" | "double") {
  if (!xs || xs.length === 0) return;
  w.tag(field, WireType.LengthDelimited).fork();
  for (const x of xs) kind === "double" ? w.double(x) : w.sint64(x);
  w.join();
}

/** Integer histograms (`*Deltas` set) write count_int/zero_count_int; float ones count_float/zero_count_float. */
export function encodeHistogram(h: WireHistogram, t: number): Uint8Array {
  const w = new BinaryWriter();
  const float = h.positiveCounts !== undefined || h.negativeCounts !== undefined;
  if (float) w.tag(2, WireType.Bit64).double(h.count);
  else w.tag(1, WireType.Varint).uint64(h.count);
  w.tag(3, WireType.Bit64).double(h.sum);
  w.tag(4, WireType.Varint).sint32(h.schema);
  w.tag(5, WireType.Bit64).double(h.zeroThreshold);
  if (float) w.tag(7, WireType.Bit64).double(h.zeroCount);
  else w.tag(6, WireType.Varint).uint64(h.zeroCount);
  spans(w, 8, h.negativeSpans);
  packed(w, 9, h.negativeDeltas, "sint64");
  packed(w, 10, h.negativeCounts, "double");
  spans(w, 11, h.positiveSpans);
  packed(w, 12, h.positiveDeltas, "sint64");
  packed(w, 13, h.positiveCounts, "double");
  if (h.resetHint) w.tag(14, WireType.Varint).int32(h.resetHint);
  w.tag(15, WireType.Varint).int64(t);
  packed(w, 16, h.customValues, "double");
  return w.finish();
}
