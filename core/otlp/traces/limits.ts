// Ingest limits for spans. Whole-request limits (body size, span count) reject the request; per-span
// problems reject or trim that span and are reported through OTLP partialSuccess.
import type { AttrValue, Attributes } from "./otlp-values";
import type { SpanRecord } from "./types";
import { DAY_MS, oldestLiveDay } from "../../shard-map/generations";

export interface SpanLimits {
  maxSpansPerRequest: number;
  maxAttributesPerSpan: number;
  maxAttributeValueLength: number;
  maxFutureMs: number;
}

export const defaultSpanLimits: SpanLimits = {
  maxSpansPerRequest: 50_000,
  maxAttributesPerSpan: 128,
  maxAttributeValueLength: 4096,
  maxFutureMs: 10 * 60_000,
};

export interface LimitResult<T> {
  accepted: T[];
  rejected: number;
  /** Human-readable, for partialSuccess.errorMessage; "" when everything was accepted untouched. */
  message: string;
}

function truncateValue(v: AttrValue, max: number): [AttrValue, boolean] {
  if (typeof v === "string" && v.length > max) return [v.slice(0, max), true];
  if (Array.isArray(v)) {
    let hit = false;
    const out = v.map((x) => {
      const [y, h] = truncateValue(x, max);
      hit ||= h;
      return y;
    });
    return [out, hit];
  }
  return [v, false];
}

/** Trims attribute values longer than the limit and drops attributes past the per-item count. */
export function trimAttributes(
  attrs: Attributes,
  limits: Pick<SpanLimits, "maxAttributesPerSpan" | "maxAttributeValueLength">,
): { attrs: Attributes; truncated: number; dropped: number } {
  const out: Attributes = {};
  let truncated = 0;
  let dropped = 0;
  let n = 0;
  for (const [k, v] of Object.entries(attrs)) {
    if (n >= limits.maxAttributesPerSpan) {
      dropped++;
      continue;
    }
    const [tv, hit] = truncateValue(v, limits.maxAttributeValueLength);
    if (hit) truncated++;
    out[k] = tv;
    n++;
  }
  return { attrs: out, truncated, dropped };
}

const MAX_TRACE_STATE = 512;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

export function applySpanLimits(
  spans: SpanRecord[],
  nowMs: number,
  limits: SpanLimits = defaultSpanLimits,
): LimitResult<SpanRecord> {
  const accepted: SpanRecord[] = [];
  const reasons = new Map<string, number>();
  const note = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  let truncatedValues = 0;
  let droppedAttrs = 0;
  const futureUs = (nowMs + limits.maxFutureMs) * 1000;
  for (const s of spans) {
    if (!HEX32.test(s.traceId) || /^0+$/.test(s.traceId)) {
      note("invalid traceId");
      continue;
    }
    if (!HEX16.test(s.spanId) || /^0+$/.test(s.spanId)) {
      note("invalid spanId");
      continue;
    }
    if (s.parentSpanId && !HEX16.test(s.parentSpanId)) {
      note("invalid parentSpanId");
      continue;
    }
    if (s.startUs <= 0) {
      note("missing startTimeUnixNano");
      continue;
    }
    if (s.startUs > futureUs || s.endUs > futureUs) {
      note(`timestamp more than ${limits.maxFutureMs / 60_000} min in the future`);
      continue;
    }
    if (s.endUs < s.startUs) s.endUs = s.startUs;
    if (/^0+$/.test(s.parentSpanId)) s.parentSpanId = "";
    // W3C caps tracestate at 512 characters; a longer one is not trusted for its sampling threshold.
    if (s.traceState && s.traceState.length > MAX_TRACE_STATE) delete s.traceState;
    const a = trimAttributes(s.attributes, limits);
    s.attributes = a.attrs;
    truncatedValues += a.truncated;
    droppedAttrs += a.dropped;
    const r = trimAttributes(s.resource, {
      maxAttributesPerSpan: Infinity,
      maxAttributeValueLength: limits.maxAttributeValueLength,
    });
    if (r.truncated) s.resource = r.attrs;
    truncatedValues += r.truncated;
    if (s.name.length > limits.maxAttributeValueLength) {
      s.name = s.name.slice(0, limits.maxAttributeValueLength);
      truncatedValues++;
    }
    accepted.push(s);
  }
  const parts = [...reasons].map(([r, n]) => `${n} span(s) rejected: ${r}`);
  if (truncatedValues)
    parts.push(`${truncatedValues} attribute value(s) truncated to ${limits.maxAttributeValueLength} characters`);
  if (droppedAttrs) parts.push(`${droppedAttrs} attribute(s) dropped past ${limits.maxAttributesPerSpan} per span`);
  return { accepted, rejected: spans.length - accepted.length, message: parts.join("; ") };
}

/** Spans starting on a day whose generation retention has already dropped are refused, and the answer says so:
 * stored, they would be deleted unread. */
export function rejectPastRetention(
  r: LimitResult<SpanRecord>,
  nowMs: number,
  retentionDays: number,
): LimitResult<SpanRecord> {
  const oldestUs = oldestLiveDay(retentionDays, nowMs) * DAY_MS * 1000;
  const accepted = r.accepted.filter((s) => s.startUs >= oldestUs);
  const old = r.accepted.length - accepted.length;
  if (!old) return r;
  const note = `${old} span(s) rejected: start time older than the ${retentionDays}-day retention`;
  return { accepted, rejected: r.rejected + old, message: r.message ? `${r.message}; ${note}` : note };
}
