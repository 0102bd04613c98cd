// Spans to OTLP protobuf (ExportTraceServiceRequest). Vigil never needs to send OTLP itself; this exists
// for round-trip property tests of the decoder and for benchmarks that feed the ingest endpoint.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import type { AttrValue, Attributes } from "./otlp-values";
import type { SpanRecord } from "./types";

const LD = WireType.LengthDelimited;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function anyValue(w: BinaryWriter, v: AttrValue): void {
  if (typeof v === "string") w.tag(1, LD).string(v);
  else if (typeof v === "boolean") w.tag(2, WireType.Varint).bool(v);
  else if (typeof v === "number") {
    if (Number.isSafeInteger(v)) w.tag(3, WireType.Varint).int64(v);
    else w.tag(4, WireType.Bit64).double(v);
  } else if (Array.isArray(v)) {
    w.tag(5, LD).fork();
    for (const x of v) {
      w.tag(1, LD).fork();
      anyValue(w, x);
      w.join();
    }
    w.join();
  } else if (v !== null) {
    w.tag(6, LD).fork();
    keyValues(w, 1, v);
    w.join();
  }
}

export function keyValues(w: BinaryWriter, field: number, attrs: Attributes): void {
  for (const [k, v] of Object.entries(attrs)) {
    w.tag(field, LD).fork();
    w.tag(1, LD).string(k);
    w.tag(2, LD).fork();
    anyValue(w, v);
    w.join();
    w.join();
  }
}

const nanos = (us: number) => BigInt(us) * 1000n;

export function encodeTracesProto(spans: readonly SpanRecord[]): Uint8Array {
  const w = new BinaryWriter();
  for (const s of spans) {
    // One ResourceSpans per span keeps the encoder trivial; decoders must not care.
    w.tag(1, LD).fork();
    w.tag(1, LD).fork();
    keyValues(w, 1, s.resource);
    w.join();
    w.tag(2, LD).fork();
    w.tag(1, LD).fork().tag(1, LD).string(s.scopeName).tag(2, LD).string(s.scopeVersion).join();
    w.tag(2, LD).fork();
    w.tag(1, LD).bytes(hexBytes(s.traceId)).tag(2, LD).bytes(hexBytes(s.spanId));
    if (s.traceState) w.tag(3, LD).string(s.traceState);
    if (s.parentSpanId) w.tag(4, LD).bytes(hexBytes(s.parentSpanId));
    w.tag(5, LD).string(s.name).tag(6, WireType.Varint).int32(s.kind);
    w.tag(7, WireType.Bit64).fixed64(nanos(s.startUs)).tag(8, WireType.Bit64).fixed64(nanos(s.endUs));
    keyValues(w, 9, s.attributes);
    for (const e of s.events) {
      w.tag(11, LD).fork().tag(1, WireType.Bit64).fixed64(nanos(e.timeUs)).tag(2, LD).string(e.name);
      keyValues(w, 3, e.attributes);
      w.join();
    }
    for (const l of s.links) {
      w.tag(13, LD).fork().tag(1, LD).bytes(hexBytes(l.traceId)).tag(2, LD).bytes(hexBytes(l.spanId));
      keyValues(w, 4, l.attributes);
      w.join();
    }
    w.tag(15, LD).fork().tag(2, LD).string(s.statusMessage).tag(3, WireType.Varint).int32(s.statusCode).join();
    w.join(); // span
    w.join(); // scope spans
    w.join(); // resource spans
  }
  return w.finish();
}
