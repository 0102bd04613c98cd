// ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) from protobuf wire bytes, on the shared
// common.proto readers.
import { type BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import {
  readExportRequest,
  emptyAttributes,
  expectWire,
  idFromBytes,
  readKeyValueInto,
  subEnd,
  toBigInt,
  checkEnd,
  type Attributes as CommonAttributes,
} from "../common";
import { nanosToMicros, storableAttributes } from "./otlp-values";
import { serviceOf, type SpanEvent, type SpanLink, type SpanRecord } from "./types";

const LD = WireType.LengthDelimited;

export function decodeTracesProto(bytes: Uint8Array): SpanRecord[] {
  return readExportRequest(bytes, {
    request: "ExportTraceServiceRequest",
    resourceField: "resource_spans",
    readRecord: readSpan,
    scoped(spans, scope) {
      for (const s of spans) {
        s.scopeName = scope.name;
        s.scopeVersion = scope.version;
      }
    },
    resourced(spans, resource) {
      const attrs = storableAttributes(resource.attributes);
      const service = serviceOf(attrs);
      for (const s of spans) {
        s.resource = attrs;
        s.service = service;
      }
    },
  });
}

const fixed64Micros = (r: BinaryReader) => nanosToMicros(toBigInt(r.fixed64()));

function readSpan(r: BinaryReader, end: number): SpanRecord {
  const s: SpanRecord = {
    traceId: "",
    spanId: "",
    parentSpanId: "",
    name: "",
    kind: 0,
    startUs: 0,
    endUs: 0,
    statusCode: 0,
    statusMessage: "",
    service: "",
    resource: {},
    attributes: {},
    scopeName: "",
    scopeVersion: "",
    events: [],
    links: [],
  };
  const attrs: CommonAttributes = emptyAttributes();
  while (r.pos < end) {
    const [no, wt] = r.tag();
    switch (no) {
      case 1:
        expectWire(wt, LD, "Span.trace_id");
        s.traceId = idFromBytes(r.bytes(), 16, "traceId");
        break;
      case 2:
        expectWire(wt, LD, "Span.span_id");
        s.spanId = idFromBytes(r.bytes(), 8, "spanId");
        break;
      case 3: {
        expectWire(wt, LD, "Span.trace_state");
        const ts = r.string();
        if (ts) s.traceState = ts;
        break;
      }
      case 4:
        expectWire(wt, LD, "Span.parent_span_id");
        s.parentSpanId = idFromBytes(r.bytes(), 8, "parentSpanId");
        break;
      case 5:
        expectWire(wt, LD, "Span.name");
        s.name = r.string();
        break;
      case 6:
        expectWire(wt, WireType.Varint, "Span.kind");
        s.kind = r.int32();
        break;
      case 7:
        expectWire(wt, WireType.Bit64, "Span.start_time_unix_nano");
        s.startUs = fixed64Micros(r);
        break;
      case 8:
        expectWire(wt, WireType.Bit64, "Span.end_time_unix_nano");
        s.endUs = fixed64Micros(r);
        break;
      case 9:
        expectWire(wt, LD, "Span.attributes");
        readKeyValueInto(r, subEnd(r), attrs);
        break;
      case 11:
        expectWire(wt, LD, "Span.events");
        s.events.push(readEvent(r, subEnd(r)));
        break;
      case 13:
        expectWire(wt, LD, "Span.links");
        s.links.push(readLink(r, subEnd(r)));
        break;
      case 15:
        expectWire(wt, LD, "Span.status");
        readStatus(r, subEnd(r), s);
        break;
      default:
        r.skip(wt, no);
    }
  }
  checkEnd(r, end);
  s.attributes = storableAttributes(attrs);
  return s;
}

function readStatus(r: BinaryReader, end: number, s: SpanRecord): void {
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 2 && wt === LD) s.statusMessage = r.string();
    else if (no === 3 && wt === WireType.Varint) s.statusCode = r.int32();
    else r.skip(wt, no);
  }
  checkEnd(r, end);
}

function readEvent(r: BinaryReader, end: number): SpanEvent {
  const e: SpanEvent = { timeUs: 0, name: "", attributes: {} };
  const attrs = emptyAttributes();
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1 && wt === WireType.Bit64) e.timeUs = fixed64Micros(r);
    else if (no === 2 && wt === LD) e.name = r.string();
    else if (no === 3 && wt === LD) readKeyValueInto(r, subEnd(r), attrs);
    else r.skip(wt, no);
  }
  checkEnd(r, end);
  e.attributes = storableAttributes(attrs);
  return e;
}

function readLink(r: BinaryReader, end: number): SpanLink {
  const l: SpanLink = { traceId: "", spanId: "", attributes: {} };
  const attrs = emptyAttributes();
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1 && wt === LD) l.traceId = idFromBytes(r.bytes(), 16, "link traceId");
    else if (no === 2 && wt === LD) l.spanId = idFromBytes(r.bytes(), 8, "link spanId");
    else if (no === 4 && wt === LD) readKeyValueInto(r, subEnd(r), attrs);
    else r.skip(wt, no);
  }
  checkEnd(r, end);
  l.attributes = storableAttributes(attrs);
  return l;
}
