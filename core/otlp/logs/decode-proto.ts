// ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1) from protobuf wire bytes, on the shared
// common.proto readers.
import { type BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import {
  readExportRequest,
  checkEnd,
  emptyAttributes,
  expectWire,
  idFromBytes,
  readAnyValue,
  readKeyValueInto,
  subEnd,
  toBigInt,
} from "../common";
import { nanosToMicros, storableAttributes, storableValue } from "../traces/otlp-values";
import { serviceOf } from "../traces/types";
import type { LogRecordRow } from "./types";

const LD = WireType.LengthDelimited;

export function decodeLogsProto(bytes: Uint8Array): LogRecordRow[] {
  return readExportRequest(bytes, {
    request: "ExportLogsServiceRequest",
    resourceField: "resource_logs",
    readRecord: readLog,
    scoped(logs, scope) {
      for (const l of logs) l.scopeName = scope.name;
    },
    resourced(logs, resource) {
      const attrs = storableAttributes(resource.attributes);
      const service = serviceOf(attrs);
      for (const l of logs) {
        l.resource = attrs;
        l.service = service;
      }
    },
  });
}

function readLog(r: BinaryReader, end: number): LogRecordRow {
  const l: LogRecordRow = {
    timeUs: 0,
    observedUs: 0,
    severityNumber: 0,
    severityText: "",
    body: null,
    service: "",
    resource: {},
    attributes: {},
    scopeName: "",
    traceId: "",
    spanId: "",
    eventName: "",
  };
  const attrs = emptyAttributes();
  while (r.pos < end) {
    const [no, wt] = r.tag();
    switch (no) {
      case 1:
        expectWire(wt, WireType.Bit64, "LogRecord.time_unix_nano");
        l.timeUs = nanosToMicros(toBigInt(r.fixed64()));
        break;
      case 2:
        expectWire(wt, WireType.Varint, "LogRecord.severity_number");
        l.severityNumber = r.int32();
        break;
      case 3:
        expectWire(wt, LD, "LogRecord.severity_text");
        l.severityText = r.string();
        break;
      case 5:
        expectWire(wt, LD, "LogRecord.body");
        l.body = storableValue(readAnyValue(r, subEnd(r)));
        break;
      case 6:
        expectWire(wt, LD, "LogRecord.attributes");
        readKeyValueInto(r, subEnd(r), attrs);
        break;
      case 9:
        expectWire(wt, LD, "LogRecord.trace_id");
        l.traceId = idFromBytes(r.bytes(), 16, "traceId");
        break;
      case 10:
        expectWire(wt, LD, "LogRecord.span_id");
        l.spanId = idFromBytes(r.bytes(), 8, "spanId");
        break;
      case 11:
        expectWire(wt, WireType.Bit64, "LogRecord.observed_time_unix_nano");
        l.observedUs = nanosToMicros(toBigInt(r.fixed64()));
        break;
      case 12:
        expectWire(wt, LD, "LogRecord.event_name");
        l.eventName = r.string();
        break;
      default:
        r.skip(wt, no);
    }
  }
  checkEnd(r, end);
  l.attributes = storableAttributes(attrs);
  return l;
}
