// After TRACE_SHARDS changes, a trace whose spans arrived on both sides of the switch has spans in two objects
// (its home under each epoch). These merges put such a trace back together.
import type { SpanRecord } from "../otlp/traces/types";
import type { TraceSummary } from "../traces/contracts";

/** A trace's spans from each of its homes, once each (a span retried across a switch is stored twice), by start. */
export function mergeTraceParts(parts: { spans: SpanRecord[]; truncated: boolean }[]): {
  spans: SpanRecord[];
  truncated: boolean;
} {
  const withSpans = parts.filter((p) => p.spans.length > 0);
  if (withSpans.length <= 1) return withSpans[0] ?? { spans: [], truncated: parts.some((p) => p.truncated) };
  const bySpan = new Map<string, SpanRecord>();
  for (const p of withSpans) for (const s of p.spans) if (!bySpan.has(s.spanId)) bySpan.set(s.spanId, s);
  return {
    spans: [...bySpan.values()].sort((a, b) => a.startUs - b.startUs),
    truncated: parts.some((p) => p.truncated),
  };
}

/** Search summaries of one trace from several objects, as one: counts added, services united, the root taken
 * from the part that has it, the match time the latest of the parts. Input in the search order; so is output. */
export function mergeTraceSummaries(summaries: TraceSummary[]): TraceSummary[] {
  const byId = new Map<string, TraceSummary>();
  for (const s of summaries) {
    const seen = byId.get(s.traceId);
    if (!seen) {
      byId.set(s.traceId, s);
      continue;
    }
    const start = Math.min(seen.startUs, s.startUs);
    const end = Math.max(seen.startUs + seen.durationUs, s.startUs + s.durationUs);
    const root = seen.hasRoot || !s.hasRoot ? seen : s;
    byId.set(s.traceId, {
      ...seen,
      rootService: root.rootService,
      rootOperation: root.rootOperation,
      hasRoot: seen.hasRoot || s.hasRoot,
      startUs: start,
      durationUs: end - start,
      spanCount: seen.spanCount + s.spanCount,
      errorCount: seen.errorCount + s.errorCount,
      services: [...new Set([...seen.services, ...s.services])].sort(),
      matchedAtUs: Math.max(seen.matchedAtUs, s.matchedAtUs),
    });
  }
  return [...byId.values()];
}
