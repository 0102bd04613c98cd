// One trace's summary for search results, from its spans' light columns.
import type { TraceSummary } from "./contracts";

export interface SummarySpan {
  traceId: string;
  parentSpanId: string;
  service: string;
  name: string;
  startUs: number;
  durationUs: number;
  statusCode: number;
}

export function summarizeTrace(traceId: string, spans: readonly SummarySpan[], matchedAtUs: number): TraceSummary {
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  let root: SummarySpan | undefined;
  let earliest: SummarySpan | undefined;
  const services = new Set<string>();
  for (const s of spans) {
    start = Math.min(start, s.startUs);
    end = Math.max(end, s.startUs + s.durationUs);
    if (s.statusCode === 2) errors++;
    services.add(s.service);
    if (!s.parentSpanId && (!root || s.startUs < root.startUs)) root = s;
    if (!earliest || s.startUs < earliest.startUs) earliest = s;
  }
  const head = root ?? earliest;
  return {
    traceId,
    rootService: head?.service ?? "",
    rootOperation: head?.name ?? "",
    hasRoot: root !== undefined,
    startUs: Number.isFinite(start) ? start : 0,
    durationUs: Number.isFinite(end) ? end - start : 0,
    spanCount: spans.length,
    errorCount: errors,
    services: [...services].sort(),
    matchedAtUs,
  };
}

/** Newest first by matched time, trace id as tie-break: the order cursors page through. */
export function compareSummaries(
  a: { matchedAtUs: number; traceId: string },
  b: { matchedAtUs: number; traceId: string },
): number {
  return b.matchedAtUs - a.matchedAtUs || (a.traceId < b.traceId ? 1 : a.traceId > b.traceId ? -1 : 0);
}

export function isAfterCursor(
  s: { matchedAtUs: number; traceId: string },
  cursor?: { t: number; traceId: string },
): boolean {
  if (!cursor) return true;
  return s.matchedAtUs < cursor.t || (s.matchedAtUs === cursor.t && s.traceId < cursor.traceId);
}
