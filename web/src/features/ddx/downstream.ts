// Where the errors of a service's requests come from: the deepest service downstream of it (on the dependency
// map) that fails too. Trace DDx on a caller ranks what marks its own error spans; the cause usually sits with the
// callee whose spans carry the errors first.
import type { GraphEdge, GraphNode } from "../../api/services";

export interface ErrorSource {
  service: string;
  errorsPerMin: number;
  /** Calls between the subject and it. */
  depth: number;
}

export function downstreamErrorSource(
  subject: string,
  graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] },
): ErrorSource | null {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Map<string, number>([[subject, 0]]);
  const queue = [subject];
  while (queue.length) {
    const s = queue.shift()!;
    for (const e of graph.edges) {
      // Follow failing calls only: a healthy branch is not where the errors come from.
      if (e.source !== s || seen.has(e.target) || e.current.errorsPerMin <= 0) continue;
      seen.set(e.target, seen.get(s)! + 1);
      queue.push(e.target);
    }
  }
  let best: ErrorSource | null = null;
  for (const [id, depth] of seen) {
    const n = nodes.get(id);
    if (id === subject || !n || n.kind !== "service" || n.current.errorsPerMin <= 0) continue;
    const cand = { service: id, errorsPerMin: n.current.errorsPerMin, depth };
    if (!best || depth > best.depth || (depth === best.depth && cand.errorsPerMin > best.errorsPerMin)) best = cand;
  }
  return best;
}
