// Flame graph layout: d3-hierarchy `partition` over the API's flame tree. Widths are summed from each
// span's self time (the API computes `selfUs` for exactly this), so concurrent children never overlap;
// rows are depths. Zoom re-bases the x extent on one node and keeps its ancestors as full-width rows.
import { hierarchy, partition, type HierarchyRectangularNode } from "d3-hierarchy";
import type { FlameNode } from "../../api/traces";

export interface FlameRect {
  id: string;
  name: string;
  service: string;
  durationUs: number;
  error: boolean;
  orphan: boolean;
  depth: number;
  /** 0..1 of the drawing width. */
  x: number;
  w: number;
}

export function partitionTree(root: FlameNode): HierarchyRectangularNode<FlameNode> {
  // A zero-length trace would give NaN widths: every node gets at least a sliver.
  const h = hierarchy(root, (n) => n.children).sum((n) => Math.max(n.selfUs, n.children.length ? 0 : 1));
  return partition<FlameNode>().size([1, 1])(h);
}

export function flameRects(root: HierarchyRectangularNode<FlameNode>, zoomId: string | null): FlameRect[] {
  const zoom = (zoomId && root.descendants().find((d) => d.data.id === zoomId)) || root;
  const span = zoom.x1 - zoom.x0 || 1;
  const ancestors = new Set(zoom.ancestors().slice(1));
  const out: FlameRect[] = [];
  for (const d of root.descendants()) {
    const inZoom = d.x0 >= zoom.x0 - 1e-12 && d.x1 <= zoom.x1 + 1e-12;
    if (!inZoom && !ancestors.has(d)) continue;
    const x = ancestors.has(d) ? 0 : (d.x0 - zoom.x0) / span;
    const w = ancestors.has(d) ? 1 : (d.x1 - d.x0) / span;
    out.push({
      id: d.data.id,
      name: d.data.name,
      service: d.data.service,
      durationUs: d.data.endUs - d.data.startUs,
      error: d.data.error,
      orphan: d.data.orphan,
      depth: d.depth,
      x,
      w,
    });
  }
  return out;
}

export function matchesSearch(r: { name: string; service: string }, q: string): boolean {
  const s = q.trim().toLowerCase();
  return !!s && (r.name.toLowerCase().includes(s) || r.service.toLowerCase().includes(s));
}

/** A stable colour per service (hue from a string hash), so a service looks the same across traces. */
export function serviceHue(service: string): number {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** Label that fits `px` pixels at ~7 px per character, or "" when nothing useful fits. */
export function fitLabel(text: string, px: number): string {
  const n = Math.floor((px - 8) / 7);
  if (n < 3) return "";
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}
