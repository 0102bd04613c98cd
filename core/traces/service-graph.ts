// Service dependency graph: merge shard edge/node accumulators for a window and its baseline, turn them
// into per-minute figures with change ratios, and cut the map down to one service's upstream and
// downstream when asked.
import { quantile } from "./sketch";
import { mergeAcc, newAcc, type StatsAcc } from "./span-stats";

export interface RawEdge {
  caller: string;
  callee: string;
  external: boolean;
  acc: StatsAcc;
}

export interface RawNode {
  service: string;
  acc: StatsAcc;
}

export interface RedFigures {
  requestsPerMin: number;
  errorsPerMin: number;
  errorRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface Change {
  /** current / baseline; null when the baseline is zero or absent. */
  requestsPerMin: number | null;
  errorsPerMin: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface GraphEdge {
  source: string;
  target: string;
  external: boolean;
  current: RedFigures;
  baseline: RedFigures;
  change: Change;
  /** Some of the spans behind the figures carried their sampling probability, so counts are weighted by it. */
  weighted: boolean;
}

export interface GraphNode {
  id: string;
  kind: "service" | "external";
  current: RedFigures;
  baseline: RedFigures;
  change: Change;
  weighted: boolean;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function red(acc: StatsAcc | undefined, minutes: number): RedFigures {
  const a = acc ?? newAcc();
  const q = (p: number) => {
    const v = quantile(a.durations, p);
    return v === null ? null : r3(v / 1000);
  };
  return {
    requestsPerMin: minutes > 0 ? r3(a.count / minutes) : 0,
    errorsPerMin: minutes > 0 ? r3(a.errors / minutes) : 0,
    errorRate: a.count ? r3(a.errors / a.count) : 0,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
  };
}

const weighted = (...accs: (StatsAcc | undefined)[]) => accs.some((a) => (a?.weighted ?? 0) > 0);

function ratio(cur: number | null, base: number | null): number | null {
  if (cur === null || base === null || base === 0) return null;
  return r3(cur / base);
}

export function change(cur: RedFigures, base: RedFigures): Change {
  return {
    requestsPerMin: ratio(cur.requestsPerMin, base.requestsPerMin),
    errorsPerMin: ratio(cur.errorsPerMin, base.errorsPerMin),
    p50Ms: ratio(cur.p50Ms, base.p50Ms),
    p99Ms: ratio(cur.p99Ms, base.p99Ms),
  };
}

function mergeEdges(parts: readonly (readonly RawEdge[])[]): Map<string, RawEdge> {
  const out = new Map<string, RawEdge>();
  for (const p of parts)
    for (const e of p) {
      const k = `${e.caller}\u0000${e.callee}`;
      const have = out.get(k);
      if (have) {
        mergeAcc(have.acc, e.acc);
        have.external &&= e.external;
      } else out.set(k, { ...e, acc: mergeAcc(newAcc(), e.acc) });
    }
  return out;
}

function mergeNodes(parts: readonly (readonly RawNode[])[]): Map<string, StatsAcc> {
  const out = new Map<string, StatsAcc>();
  for (const p of parts) for (const n of p) out.set(n.service, mergeAcc(out.get(n.service) ?? newAcc(), n.acc));
  return out;
}

export interface GraphInput {
  current: { edges: RawEdge[][]; nodes: RawNode[][] };
  baseline: { edges: RawEdge[][]; nodes: RawNode[][] };
  minutes: number;
  baselineMinutes: number;
  /** Keep only this service and everything upstream and downstream of it. */
  focus?: string;
}

export function buildServiceGraph(input: GraphInput): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const curE = mergeEdges(input.current.edges);
  const baseE = mergeEdges(input.baseline.edges);
  const curN = mergeNodes(input.current.nodes);
  const baseN = mergeNodes(input.baseline.nodes);
  // The map shows what happens now; baseline-only edges (a dependency that went quiet) are kept too.
  let edgeKeys = [...new Set([...curE.keys(), ...baseE.keys()])];
  const edgeOf = (k: string) => curE.get(k) ?? baseE.get(k)!;
  if (input.focus)
    edgeKeys = reachable(
      edgeKeys.map((k) => [k, edgeOf(k)] as const),
      input.focus,
    );
  const edges = edgeKeys.map<GraphEdge>((k) => {
    const e = edgeOf(k);
    const current = red(curE.get(k)?.acc, input.minutes);
    const baseline = red(baseE.get(k)?.acc, input.baselineMinutes);
    return {
      source: e.caller,
      target: e.callee,
      external: e.external,
      current,
      baseline,
      change: change(current, baseline),
      weighted: weighted(curE.get(k)?.acc, baseE.get(k)?.acc),
    };
  });
  const ids = new Set<string>();
  for (const e of edges) {
    ids.add(e.source);
    ids.add(e.target);
  }
  if (!input.focus) for (const s of [...curN.keys(), ...baseN.keys()]) ids.add(s);
  else if (curN.has(input.focus) || baseN.has(input.focus)) ids.add(input.focus);
  const externals = new Set(edges.filter((e) => e.external).map((e) => e.target));
  const nodes = [...ids].sort().map<GraphNode>((id) => {
    const isExternal = externals.has(id) && !curN.has(id) && !baseN.has(id);
    // An external node has no spans of its own: its figures are those of the calls into it.
    const incoming = (m: Map<string, RawEdge>) => {
      const acc = newAcc();
      for (const e of m.values()) if (e.callee === id) mergeAcc(acc, e.acc);
      return acc;
    };
    const cur = isExternal ? incoming(curE) : curN.get(id);
    const base = isExternal ? incoming(baseE) : baseN.get(id);
    const current = red(cur, input.minutes);
    const baseline = red(base, input.baselineMinutes);
    return {
      id,
      kind: isExternal ? "external" : "service",
      current,
      baseline,
      change: change(current, baseline),
      weighted: weighted(cur, base),
    };
  });
  edges.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { nodes, edges };
}

/** Edges on a path through `focus`: everything upstream (callers, transitively) and downstream. */
export function reachable(
  edges: readonly (readonly [string, { caller: string; callee: string }])[],
  focus: string,
): string[] {
  const walk = (dir: "down" | "up"): Set<string> => {
    const seen = new Set<string>([focus]);
    const keys = new Set<string>();
    const queue = [focus];
    while (queue.length) {
      const s = queue.shift()!;
      for (const [k, e] of edges) {
        const [from, to] = dir === "down" ? [e.caller, e.callee] : [e.callee, e.caller];
        if (from !== s) continue;
        keys.add(k);
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    return keys;
  };
  return [...new Set([...walk("down"), ...walk("up")])];
}
