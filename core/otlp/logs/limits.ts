// Ingest limits for log records, reported through partialSuccess like spans.
import { attrToString } from "../traces/otlp-values";
import { defaultSpanLimits, trimAttributes, type LimitResult, type SpanLimits } from "../traces/limits";
import { severityFromText, type LogRecordRow } from "./types";

export const MAX_LOG_BODY_CHARS = 16_384;

export function applyLogLimits(
  logs: LogRecordRow[],
  nowMs: number,
  limits: SpanLimits = defaultSpanLimits,
): LimitResult<LogRecordRow> {
  const accepted: LogRecordRow[] = [];
  let future = 0;
  let badIds = 0;
  let truncated = 0;
  let dropped = 0;
  const futureUs = (nowMs + limits.maxFutureMs) * 1000;
  for (const l of logs) {
    // The spec lets timeUnixNano be unset; observed time (or arrival) then stands in.
    if (!l.timeUs) l.timeUs = l.observedUs || nowMs * 1000;
    if (l.timeUs > futureUs) {
      future++;
      continue;
    }
    if ((l.traceId && !/^[0-9a-f]{32}$/.test(l.traceId)) || (l.spanId && !/^[0-9a-f]{16}$/.test(l.spanId))) {
      badIds++;
      continue;
    }
    if (/^0+$/.test(l.traceId)) l.traceId = "";
    if (/^0+$/.test(l.spanId)) l.spanId = "";
    if (!l.severityNumber && l.severityText) l.severityNumber = severityFromText(l.severityText);
    const body = attrToString(l.body);
    if (body.length > MAX_LOG_BODY_CHARS) {
      l.body = body.slice(0, MAX_LOG_BODY_CHARS);
      truncated++;
    }
    const a = trimAttributes(l.attributes, limits);
    l.attributes = a.attrs;
    truncated += a.truncated;
    dropped += a.dropped;
    accepted.push(l);
  }
  const parts: string[] = [];
  if (future)
    parts.push(
      `${future} log record(s) rejected: timestamp more than ${limits.maxFutureMs / 60_000} min in the future`,
    );
  if (badIds) parts.push(`${badIds} log record(s) rejected: invalid traceId/spanId`);
  if (truncated)
    parts.push(
      `${truncated} value(s) truncated (attributes to ${limits.maxAttributeValueLength}, body to ${MAX_LOG_BODY_CHARS} characters)`,
    );
  if (dropped) parts.push(`${dropped} attribute(s) dropped past ${limits.maxAttributesPerSpan} per record`);
  return { accepted, rejected: logs.length - accepted.length, message: parts.join("; ") };
}
