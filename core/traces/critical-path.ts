// Critical path of a trace: walking back from the root's end, the chain of work that the trace's end
// waited on (the last-finishing child at each point, else the span itself). Runs on the skew-corrected
// flame tree so children sit inside their parents. Iterative: safe on deep traces.
import type { FlameNode } from "./flame-tree";

export interface CriticalSegment {
  spanId: string;
  startUs: number;
  endUs: number;
}

export function criticalPath(root: FlameNode): CriticalSegment[] {
  const out: CriticalSegment[] = [];
  const stack: { node: FlameNode; until: number }[] = [{ node: root, until: root.endUs }];
  while (stack.length) {
    const { node, until } = stack.pop()!;
    let t = Math.min(until, node.endUs);
    const kids = [...node.children].sort((a, b) => b.endUs - a.endUs || b.startUs - a.startUs);
    for (const c of kids) {
      if (t <= node.startUs) break;
      if (c.startUs >= t) continue; // starts after the point we are explaining: not on the path
      const cEnd = Math.min(c.endUs, t);
      if (cEnd < t) out.push({ spanId: node.id, startUs: cEnd, endUs: t });
      if (cEnd > c.startUs) stack.push({ node: c, until: cEnd });
      t = c.startUs;
    }
    if (t > node.startUs) out.push({ spanId: node.id, startUs: node.startUs, endUs: t });
  }
  return out.sort((a, b) => a.startUs - b.startUs || a.endUs - b.endUs);
}

/** Critical time per span id, for highlighting. */
export function criticalTimeBySpan(path: readonly CriticalSegment[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of path) out[s.spanId] = (out[s.spanId] ?? 0) + (s.endUs - s.startUs);
  return out;
}
