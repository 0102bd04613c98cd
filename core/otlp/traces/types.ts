import type { Attributes } from "./otlp-values";

/** OTLP SpanKind numbers. */
export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
export const spanKindNames: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
/** OTLP Status.code: 0 unset, 1 ok, 2 error. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export const statusCodeNames: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** One decoded span. Ids are lowercase hex; `parentSpanId` is "" for a root. Times are integer microseconds
 * since the epoch (nanosecond precision is below what any view shows and would not fit a JS number). */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startUs: number;
  endUs: number;
  statusCode: number;
  statusMessage: string;
  service: string;
  resource: Attributes;
  attributes: Attributes;
  scopeName: string;
  scopeVersion: string;
  events: SpanEvent[];
  links: SpanLink[];
  /** W3C tracestate as received (its `ot=th` gives the sampling probability); absent when empty. */
  traceState?: string;
}

export function serviceOf(resource: Attributes): string {
  const s = resource["service.name"];
  return typeof s === "string" && s ? s : "unknown_service";
}
