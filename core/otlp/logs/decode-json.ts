// ExportLogsServiceRequest from OTLP/JSON, on the shared common.proto JSON readers.
import {
  anyValueFromJson,
  asArray,
  asObject,
  asString,
  attributesFromJson,
  idFromJson,
  OtlpDecodeError,
  resourceFromJson,
  scopeFromJson,
} from "../common";
import { jsonEnum, microsFromJson as micros, storableAttributes, storableValue } from "../traces/otlp-values";
import { serviceOf } from "../traces/types";
import { severityNumberNames, type LogRecordRow } from "./types";

export function decodeLogsJson(body: unknown): LogRecordRow[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new OtlpDecodeError("body must be a JSON object");
  const out: LogRecordRow[] = [];
  asArray((body as Record<string, unknown>).resourceLogs, "resourceLogs").forEach((rlRaw, i) => {
    const rl = asObject(rlRaw, `resourceLogs[${i}]`);
    const resource = storableAttributes(resourceFromJson(rl.resource, `resourceLogs[${i}].resource`).attributes);
    const service = serviceOf(resource);
    asArray(rl.scopeLogs, `resourceLogs[${i}].scopeLogs`).forEach((slRaw, j) => {
      const at = `resourceLogs[${i}].scopeLogs[${j}]`;
      const sl = asObject(slRaw, at);
      const scopeName = scopeFromJson(sl.scope, `${at}.scope`).name;
      asArray(sl.logRecords, `${at}.logRecords`).forEach((lrRaw, k) => {
        const w = `${at}.logRecords[${k}]`;
        const lr = asObject(lrRaw, w);
        out.push({
          timeUs: micros(lr.timeUnixNano, `${w}.timeUnixNano`),
          observedUs: micros(lr.observedTimeUnixNano, `${w}.observedTimeUnixNano`),
          severityNumber: jsonEnum(lr.severityNumber, severityNumberNames, `${w}.severityNumber`),
          severityText: asString(lr.severityText, `${w}.severityText`),
          body: lr.body === undefined ? null : storableValue(anyValueFromJson(lr.body, `${w}.body`)),
          service,
          resource,
          attributes: storableAttributes(attributesFromJson(lr.attributes, `${w}.attributes`)),
          scopeName,
          traceId: idFromJson(lr.traceId, 16, `${w}.traceId`),
          spanId: idFromJson(lr.spanId, 8, `${w}.spanId`),
          eventName: asString(lr.eventName, `${w}.eventName`),
        });
      });
    });
  });
  return out;
}
