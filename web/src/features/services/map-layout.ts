// Dependency map layout: callers to the left, the focus service in the middle, callees to the right,
// one column per hop; and edge styling from the change against the baseline.
import type { GraphEdge, GraphNode } from "../../api/services";
import { fmtFactor } from "../traces/format";

export interface MapNode {
  id: string;
  node: GraphNode | undefined;
  col: number; // <0 upstream, 0 focus, >0 downstream
  x: number;
  y: number;
}

export interface MapLayout {
  nodes: MapNode[];
  width: number;
  height: number;
  /** Horizontal on wide screens (callers left); vertical on phones (callers above), see map-layout-vertical.ts. */
  vertical?: boolean;
  nodeW: number;
  nodeH: number;
}

export const NODE_W = 190;
export const NODE_H = 74;
const COL_GAP = 170; // room for an edge label such as "errors x39, p99 x23"
const ROW_GAP = 22;

/** Hop distance from `focus` following edges forwards (downstream) or backwards (upstream). */
function hops(edges: readonly GraphEdge[], focus: string, down: boolean): Map<string, number> {
  const dist = new Map<string, number>([[focus, 0]]);
  const queue = [focus];
  while (queue.length) {
    const s = queue.shift()!;
    for (const e of edges) {
      const [from, to] = down ? [e.source, e.target] : [e.target, e.source];
      if (from === s && !dist.has(to)) {
        dist.set(to, dist.get(s)! + 1);
        queue.push(to);
      }
    }
  }
  return dist;
}

/** Hop level of every connected node (<0 upstream, 0 focus, >0 downstream), each level's ids sorted. */
export function assignLevels(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  focus: string,
): Map<number, string[]> {
  const down = hops(edges, focus, true);
  const up = hops(edges, focus, false);
  const ids = new Set<string>([focus, ...nodes.map((n) => n.id)]);
  const cols = new Map<number, string[]>();
  for (const id of ids) {
    // A node both upstream and downstream (a cycle) is drawn downstream; unconnected nodes are skipped.
    const col = id === focus ? 0 : down.has(id) ? down.get(id)! : up.has(id) ? -up.get(id)! : null;
    if (col === null) continue;
    cols.set(col, [...(cols.get(col) ?? []), id]);
  }
  for (const list of cols.values()) list.sort();
  return new Map([...cols].sort((a, b) => a[0] - b[0]));
}

export function layoutMap(nodes: readonly GraphNode[], edges: readonly GraphEdge[], focus: string): MapLayout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const cols = assignLevels(nodes, edges, focus);
  const colKeys = [...cols.keys()];
  const minCol = colKeys[0] ?? 0;
  const tallest = Math.max(1, ...[...cols.values()].map((c) => c.length));
  const height = tallest * NODE_H + (tallest - 1) * ROW_GAP;
  const out: MapNode[] = [];
  for (const c of colKeys) {
    const list = cols.get(c)!;
    const colH = list.length * NODE_H + (list.length - 1) * ROW_GAP;
    list.forEach((id, i) => {
      out.push({
        id,
        node: byId.get(id),
        col: c,
        x: (c - minCol) * (NODE_W + COL_GAP),
        y: (height - colH) / 2 + i * (NODE_H + ROW_GAP),
      });
    });
  }
  const width = colKeys.length ? (colKeys.length - 1) * (NODE_W + COL_GAP) + NODE_W : NODE_W;
  return { nodes: out, width, height, nodeW: NODE_W, nodeH: NODE_H };
}

export type EdgeTone = "bad" | "warn" | "ok" | "idle";

export interface EdgeStyle {
  tone: EdgeTone;
  width: number;
  label: string; // "errors x39, p99 x23"
}

/** Errors and latency against the baseline decide the colour; traffic decides the thickness. */
export function edgeStyle(e: Pick<GraphEdge, "current" | "baseline" | "change">): EdgeStyle {
  const parts: string[] = [];
  const errF = e.change.errorsPerMin;
  const newErrors = e.baseline.errorsPerMin === 0 && e.current.errorsPerMin > 0;
  if (errF != null && errF >= 1.5) parts.push(`errors ${fmtFactor(errF)}`);
  else if (newErrors) parts.push("errors new");
  const p99F = e.change.p99Ms;
  if (p99F != null && p99F >= 1.5) parts.push(`p99 ${fmtFactor(p99F)}`);
  // Traffic change is mentioned only when nothing more serious is, to keep the label short.
  const reqF = e.change.requestsPerMin;
  if (!parts.length && reqF != null && (reqF >= 2 || reqF <= 0.5)) parts.push(`req ${fmtFactor(reqF)}`);
  let tone: EdgeTone = "ok";
  if (e.current.requestsPerMin === 0) tone = "idle";
  else if ((errF != null && errF >= 2) || (newErrors && e.current.errorRate >= 0.01) || e.current.errorRate >= 0.05)
    tone = "bad";
  else if ((p99F != null && p99F >= 2) || (errF != null && errF >= 1.5) || e.current.errorRate >= 0.01) tone = "warn";
  const width = Math.min(8, 1.5 + Math.log10(1 + e.current.requestsPerMin) * 1.5);
  return { tone, width: Math.round(width * 10) / 10, label: parts.join(", ") };
}

/** A horizontal cubic from the right side of `a` to the left side of `b`. */
export function edgePath(a: MapNode, b: MapNode): string {
  const x1 = a.x + NODE_W;
  const y1 = a.y + NODE_H / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_H / 2;
  if (x2 <= x1) {
    // Same column or backwards (a cycle): loop below the nodes.
    const y = Math.max(a.y, b.y) + NODE_H + 12;
    return `M${x1},${y1} C${x1 + 40},${y} ${x2 - 40},${y} ${x2},${y2}`;
  }
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}
