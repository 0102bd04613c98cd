// Spans back to OTLP/JSON (ExportTraceServiceRequest) for "download trace": spans grouped by resource and scope.
import type { AttrValue, Attributes } from "./otlp-values";
import type { SpanRecord } from "./types";

function anyValue(v: AttrValue): Record<string, unknown> {
  if (v === null) return {};
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: keyValues(v) } };
}

export function keyValues(attrs: Attributes): { key: string; value: Record<string, unknown> }[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const nanos = (us: number) => `${us}000`;

export function encodeTracesJson(spans: SpanRecord[]): unknown {
  const byResource = new Map<string, { resource: Attributes; scopes: Map<string, SpanRecord[]> }>();
  for (const s of spans) {
    const rk = JSON.stringify(s.resource);
    let r = byResource.get(rk);
    if (!r) byResource.set(rk, (r = { resource: s.resource, scopes: new Map() }));
    const sk = `${s.scopeName}\u0000${s.scopeVersion}`;
    const list = r.scopes.get(sk) ?? [];
    list.push(s);
    r.scopes.set(sk, list);
  }
  return {
    resourceSpans: [...byResource.values()].map((r) => ({
      resource: { attributes: keyValues(r.resource) },
      scopeSpans: [...r.scopes.values()].map((list) => ({
        scope: { name: list[0].scopeName, version: list[0].scopeVersion },
        spans: list.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.traceState ? { traceState: s.traceState } : {}),
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: nanos(s.startUs),
          endTimeUnixNano: nanos(s.endUs),
          attributes: keyValues(s.attributes),
          events: s.events.map((e) => ({
            timeUnixNano: nanos(e.timeUs),
            name: e.name,
            attributes: keyValues(e.attributes),
          })),
          links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) })),
          status: { code: s.statusCode, ...(s.statusMessage ? { message: s.statusMessage } : {}) },
        })),
      })),
    })),
  };
}
