// Builds the d3-hierarchy input for a trace's flame graph. Guarantees for drawing: every child lies
// inside its parent's [start, end] (children that start early because of clock skew are shifted, and
// parents that end early are stretched, both recorded), spans whose parent is missing are reported as
// orphans and hung under the root, and the result is a single tree even for broken or cyclic input.
// Iterative throughout: a deep trace must not overflow the stack.

export interface FlameInput {
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  startUs: number;
  endUs: number;
  statusCode: number;
}

export interface FlameNode {
  id: string;
  name: string;
  service: string;
  /** Drawn extent, after skew correction. */
  startUs: number;
  endUs: number;
  /** Time not covered by any child (what d3.partition's `sum` should use). */
  selfUs: number;
  error: boolean;
  /** How far this span was moved later (its own skew plus its ancestors'), 0 if not. */
  shiftUs: number;
  /** How far this span was stretched to cover its children, 0 if not. */
  stretchUs: number;
  orphan: boolean;
  children: FlameNode[];
}

export interface FlameTree {
  root: FlameNode;
  /** Span ids whose parent span is not in the trace (or that sat in a parent cycle). */
  orphans: string[];
  /** True when `root` is synthetic (several roots or orphans) rather than a real span. */
  syntheticRoot: boolean;
  spanCount: number;
}

export const SYNTHETIC_ROOT_ID = "__trace__";

export function buildFlameTree(spans: readonly FlameInput[]): FlameTree {
  const nodes = new Map<string, FlameNode>();
  const parentOf = new Map<string, string>();
  for (const s of spans) {
    if (nodes.has(s.spanId)) continue; // duplicate delivery: first copy wins
    const end = Math.max(s.endUs, s.startUs);
    nodes.set(s.spanId, {
      id: s.spanId,
      name: s.name,
      service: s.service,
      startUs: s.startUs,
      endUs: end,
      selfUs: 0,
      error: s.statusCode === 2,
      shiftUs: 0,
      stretchUs: 0,
      orphan: false,
      children: [],
    });
    parentOf.set(s.spanId, s.parentSpanId);
  }

  const roots: FlameNode[] = [];
  const orphans: string[] = [];
  const state = new Map<string, 1 | 2>(); // 1 = on the current walk, 2 = known to reach a root or orphan
  for (const id of nodes.keys()) {
    // Walk up until a known node; a node met twice on one walk is in a cycle and is cut off as an orphan.
    const path: string[] = [];
    let cur: string | undefined = id;
    while (cur !== undefined && !state.has(cur)) {
      state.set(cur, 1);
      path.push(cur);
      const p: string = parentOf.get(cur) ?? "";
      if (!p) {
        cur = undefined;
        break;
      }
      if (!nodes.has(p)) {
        cur = undefined;
        break;
      }
      if (state.get(p) === 1) {
        parentOf.set(cur, `!cycle:${p}`);
        cur = undefined;
        break;
      }
      cur = p;
    }
    for (const n of path) state.set(n, 2);
  }
  for (const [id, node] of nodes) {
    const p = parentOf.get(id) ?? "";
    const parent = p ? nodes.get(p) : undefined;
    if (parent) parent.children.push(node);
    else if (!p) roots.push(node);
    else {
      node.orphan = true;
      orphans.push(id);
      roots.push(node);
    }
  }

  let root: FlameNode;
  const synthetic = roots.length !== 1 || orphans.length > 0;
  if (!synthetic) root = roots[0];
  else {
    root = {
      id: SYNTHETIC_ROOT_ID,
      name: "trace",
      service: "",
      startUs: Infinity,
      endUs: -Infinity,
      selfUs: 0,
      error: false,
      shiftUs: 0,
      stretchUs: 0,
      orphan: false,
      children: roots,
    };
    for (const r of roots) {
      root.startUs = Math.min(root.startUs, r.startUs);
      root.endUs = Math.max(root.endUs, r.endUs);
    }
    if (!roots.length) root.startUs = root.endUs = 0;
  }

  // Top-down: shift subtrees that start before their parent.
  const order: FlameNode[] = [];
  const stack: { node: FlameNode; offset: number }[] = [{ node: root, offset: 0 }];
  while (stack.length) {
    const { node, offset } = stack.pop()!;
    node.startUs += offset;
    node.endUs += offset;
    node.shiftUs += offset;
    order.push(node);
    node.children.sort((a, b) => a.startUs - b.startUs || a.id.localeCompare(b.id));
    for (const c of node.children) {
      const start = c.startUs + offset;
      stack.push({ node: c, offset: start < node.startUs ? offset + (node.startUs - start) : offset });
    }
  }
  // Bottom-up: stretch parents to cover their children, then compute self time.
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    let maxEnd = n.endUs;
    for (const c of n.children) maxEnd = Math.max(maxEnd, c.endUs);
    if (maxEnd > n.endUs) {
      n.stretchUs = maxEnd - n.endUs;
      n.endUs = maxEnd;
    }
    n.selfUs = Math.max(0, n.endUs - n.startUs - coveredUs(n.children));
  }
  return { root, orphans, syntheticRoot: synthetic, spanCount: nodes.size };
}

/** Length of the union of the children's intervals (children are sorted by start). */
function coveredUs(children: readonly FlameNode[]): number {
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const c of children) {
    if (c.startUs > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = c.startUs;
      curEnd = c.endUs;
    } else curEnd = Math.max(curEnd, c.endUs);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
