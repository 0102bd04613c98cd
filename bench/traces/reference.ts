// The reference: the same two questions answered by a plain in-memory scan in Node over compact columns.
import { addSpan, figures, newAcc, type StatsAcc } from "../../core/traces/span-stats";
import { SPANS_PER_TRACE, SERVICES, VERSIONS, type Columns } from "./generator";

/** Traces with a checkout-service error span on v3.41.0 in the window: newest `limit` summaries. */
export function referenceSearch(
  c: Columns,
  startUs: number,
  endUs: number,
  limit: number,
): { traceId: string; spanCount: number; errorCount: number }[] {
  const svc = SERVICES.indexOf("checkout-service");
  const ver = VERSIONS.indexOf("v3.41.0");
  const matchedAt = new Map<number, number>();
  for (let i = 0; i < c.n; i++) {
    if (c.start[i] < startUs || c.start[i] >= endUs || c.svc[i] !== svc || c.status[i] !== 2 || c.version[i] !== ver)
      continue;
    const t = Math.floor(i / SPANS_PER_TRACE);
    if ((matchedAt.get(t) ?? -1) < c.start[i]) matchedAt.set(t, c.start[i]);
  }
  return [...matchedAt]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([t]) => {
      let errors = 0;
      for (let i = t * SPANS_PER_TRACE; i < (t + 1) * SPANS_PER_TRACE; i++) if (c.status[i] === 2) errors++;
      return { traceId: c.traceIds[t], spanCount: SPANS_PER_TRACE, errorCount: errors };
    });
}

/** Span statistics by service and operation with leaf errors, p50/p99. */
export function referenceStats(c: Columns, startUs: number, endUs: number) {
  const failingChild = new Uint8Array(c.n);
  for (let i = 0; i < c.n; i++) if (c.status[i] === 2 && c.parent[i] >= 0) failingChild[c.parent[i]] = 1;
  const groups = new Map<number, StatsAcc>();
  for (let i = 0; i < c.n; i++) {
    if (c.start[i] < startUs || c.start[i] >= endUs) continue;
    const k = c.svc[i] * 16 + c.op[i];
    let acc = groups.get(k);
    if (!acc) groups.set(k, (acc = newAcc()));
    const err = c.status[i] === 2;
    addSpan(acc, c.dur[i], err, err && !failingChild[i]);
  }
  const sec = (endUs - startUs) / 1e6;
  return [...groups].map(([k, acc]) => ({ service: SERVICES[k >> 4], operationIndex: k & 15, ...figures(acc, sec) }));
}
