// A leaf error is an error span none of whose children failed: where the failure started rather than
// where it was passed along. Pure over any span-like records of one or more traces.

export interface SpanLike {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  statusCode: number;
}

const ERROR = 2;

/** Returns the error spans that have no failing child (children matched within the same trace). */
export function leafErrors<T extends SpanLike>(spans: readonly T[]): T[] {
  const failingParents = new Set<string>();
  for (const s of spans)
    if (s.statusCode === ERROR && s.parentSpanId) failingParents.add(`${s.traceId}/${s.parentSpanId}`);
  return spans.filter((s) => s.statusCode === ERROR && !failingParents.has(`${s.traceId}/${s.spanId}`));
}

export interface LeafErrorGroup {
  service: string;
  operation: string;
  count: number;
  /** Up to three distinct status messages, most frequent first. */
  messages: string[];
}

/** Groups leaf errors by service and operation, most frequent first. */
export function groupLeafErrors(
  spans: readonly (SpanLike & { service: string; name: string; statusMessage: string })[],
): LeafErrorGroup[] {
  const groups = new Map<string, { service: string; operation: string; count: number; msgs: Map<string, number> }>();
  for (const s of leafErrors(spans)) {
    const k = `${s.service}\u0000${s.name}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { service: s.service, operation: s.name, count: 0, msgs: new Map() }));
    g.count++;
    if (s.statusMessage) g.msgs.set(s.statusMessage, (g.msgs.get(s.statusMessage) ?? 0) + 1);
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation))
    .map((g) => ({
      service: g.service,
      operation: g.operation,
      count: g.count,
      messages: [...g.msgs]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([m]) => m),
    }));
}
