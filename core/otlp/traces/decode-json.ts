// ExportTraceServiceRequest from OTLP/JSON (hex ids, integer enums, int64 as string or number, unknown
// fields ignored), on the shared common.proto JSON readers.
import {
  asArray,
  asObject,
  asString,
  attributesFromJson,
  idFromJson,
  resourceFromJson,
  scopeFromJson,
  OtlpDecodeError,
} from "../common";
import { jsonEnum, microsFromJson as micros, storableAttributes } from "./otlp-values";
import { serviceOf, spanKindNames, statusCodeNames, type SpanRecord } from "./types";

export function decodeTracesJson(body: unknown): SpanRecord[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new OtlpDecodeError("body must be a JSON object");
  const out: SpanRecord[] = [];
  asArray((body as Record<string, unknown>).resourceSpans, "resourceSpans").forEach((rsRaw, i) => {
    const rs = asObject(rsRaw, `resourceSpans[${i}]`);
    const resource = storableAttributes(resourceFromJson(rs.resource, `resourceSpans[${i}].resource`).attributes);
    const service = serviceOf(resource);
    asArray(rs.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ssRaw, j) => {
      const at = `resourceSpans[${i}].scopeSpans[${j}]`;
      const ss = asObject(ssRaw, at);
      const scope = scopeFromJson(ss.scope, `${at}.scope`);
      asArray(ss.spans, `${at}.spans`).forEach((spRaw, k) => {
        const w = `${at}.spans[${k}]`;
        const sp = asObject(spRaw, w);
        const status = asObject(sp.status, `${w}.status`);
        const traceState = asString(sp.traceState, `${w}.traceState`);
        out.push({
          traceId: idFromJson(sp.traceId, 16, `${w}.traceId`),
          spanId: idFromJson(sp.spanId, 8, `${w}.spanId`),
          parentSpanId: idFromJson(sp.parentSpanId, 8, `${w}.parentSpanId`),
          name: asString(sp.name, `${w}.name`),
          kind: jsonEnum(sp.kind, spanKindNames, `${w}.kind`),
          startUs: micros(sp.startTimeUnixNano, `${w}.startTimeUnixNano`),
          endUs: micros(sp.endTimeUnixNano, `${w}.endTimeUnixNano`),
          statusCode: jsonEnum(status.code, statusCodeNames, `${w}.status.code`),
          statusMessage: asString(status.message, `${w}.status.message`),
          service,
          resource,
          attributes: storableAttributes(attributesFromJson(sp.attributes, `${w}.attributes`)),
          scopeName: scope.name,
          scopeVersion: scope.version,
          events: asArray(sp.events, `${w}.events`).map((eRaw, n) => {
            const e = asObject(eRaw, `${w}.events[${n}]`);
            return {
              timeUs: micros(e.timeUnixNano, `${w}.events[${n}].timeUnixNano`),
              name: asString(e.name, `${w}.events[${n}].name`),
              attributes: storableAttributes(attributesFromJson(e.attributes, `${w}.events[${n}].attributes`)),
            };
          }),
          links: asArray(sp.links, `${w}.links`).map((lRaw, n) => {
            const l = asObject(lRaw, `${w}.links[${n}]`);
            return {
              traceId: idFromJson(l.traceId, 16, `${w}.links[${n}].traceId`),
              spanId: idFromJson(l.spanId, 8, `${w}.links[${n}].spanId`),
              attributes: storableAttributes(attributesFromJson(l.attributes, `${w}.links[${n}].attributes`)),
            };
          }),
          ...(traceState ? { traceState } : {}),
        });
      });
    });
  });
  return out;
}
