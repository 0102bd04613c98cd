// The dependency map for phones: hop levels become rows (callers above, the focus, callees below) with
// narrow boxes, so three services fit side by side in 390 px without shrinking text or touch targets.
import type { GraphEdge, GraphNode } from "../../api/services";
import { assignLevels, type MapLayout, type MapNode } from "./map-layout";

export const PHONE_NODE_W = 112;
export const PHONE_NODE_H = 70;
const H_GAP = 10;
const V_GAP = 58; // room for an edge label and a thumb on the edge

export function layoutMapVertical(nodes: readonly GraphNode[], edges: readonly GraphEdge[], focus: string): MapLayout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const levels = [...assignLevels(nodes, edges, focus)];
  const rowW = (n: number) => n * PHONE_NODE_W + (n - 1) * H_GAP;
  const width = Math.max(PHONE_NODE_W, ...levels.map(([, ids]) => rowW(ids.length)));
  const out: MapNode[] = [];
  levels.forEach(([level, ids], row) => {
    const left = (width - rowW(ids.length)) / 2;
    ids.forEach((id, i) =>
      out.push({
        id,
        node: byId.get(id),
        col: level,
        x: left + i * (PHONE_NODE_W + H_GAP),
        y: row * (PHONE_NODE_H + V_GAP),
      }),
    );
  });
  const rows = Math.max(1, levels.length);
  return {
    nodes: out,
    width,
    height: rows * PHONE_NODE_H + (rows - 1) * V_GAP,
    vertical: true,
    nodeW: PHONE_NODE_W,
    nodeH: PHONE_NODE_H,
  };
}

/** Bottom of the caller to the top of the callee; a same-row or upward edge (a cycle) loops below both. */
export function edgePathVertical(a: MapNode, b: MapNode): string {
  const x1 = a.x + PHONE_NODE_W / 2;
  const x2 = b.x + PHONE_NODE_W / 2;
  const y1 = a.y + PHONE_NODE_H;
  if (b.y > a.y) {
    const my = (y1 + b.y) / 2;
    return `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${b.y}`;
  }
  const y2 = b.y + PHONE_NODE_H;
  const low = Math.max(y1, y2) + 40;
  return `M${x1},${y1} C${x1},${low} ${x2},${low} ${x2},${y2}`;
}

/** Where an edge's "errors x39" goes: under the caller when it calls the focus, else over the callee,
 * so the labels of several callers of the focus do not pile up on one spot. */
export function edgeLabelVertical(a: MapNode, b: MapNode): { x: number; y: number } {
  if (b.col === 0 && a.y < b.y) return { x: a.x + PHONE_NODE_W / 2, y: a.y + PHONE_NODE_H + 14 };
  return { x: b.x + PHONE_NODE_W / 2, y: b.y - 7 };
}
