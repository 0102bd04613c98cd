// The service map from both sources: spans give the topology (and figures where nothing better exists), a
// service's own metrics give its figures wherever they cover it. Every node and call says where its numbers
// come from, so the page never passes sampled-span counts off as request rates.
import { change, reachable, type GraphEdge, type GraphNode, type RedFigures } from "../traces/service-graph";

export type FigureOrigin = "metrics" | "spans" | "weighted-spans";

export interface SourcedNode extends Omit<GraphNode, "weighted"> {
  origin: FigureOrigin;
  /** The metric family, when origin is "metrics". */
  family?: string;
}
export interface SourcedEdge extends Omit<GraphEdge, "weighted"> {
  origin: FigureOrigin;
  family?: string;
}

/** Span figures are weighted when their spans carried a sampling probability (tracestate th). */
const spanOrigin = (weighted: boolean): FigureOrigin => (weighted ? "weighted-spans" : "spans");

export interface MetricSide {
  services: ReadonlyMap<string, { current: RedFigures; baseline: RedFigures; family: string }>;
  calls: readonly {
    caller: string;
    callee: string;
    external: boolean;
    current: RedFigures;
    baseline: RedFigures;
    family: string;
  }[];
}

const EMPTY: RedFigures = { requestsPerMin: 0, errorsPerMin: 0, errorRate: 0, p50Ms: null, p99Ms: null };
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** An external host has no figures of its own: those of the calls into it, summed (latency: the slowest). */
function incoming(edges: readonly SourcedEdge[], id: string, which: "current" | "baseline"): RedFigures {
  const into = edges.filter((e) => e.target === id).map((e) => e[which]);
  if (into.length === 1) return into[0];
  const req = into.reduce((s, f) => s + f.requestsPerMin, 0);
  const err = into.reduce((s, f) => s + f.errorsPerMin, 0);
  const worst = (k: "p50Ms" | "p99Ms") =>
    into.reduce<number | null>((m, f) => (f[k] === null ? m : Math.max(m ?? 0, f[k] as number)), null);
  return {
    requestsPerMin: r3(req),
    errorsPerMin: r3(err),
    errorRate: req ? r3(err / req) : 0,
    p50Ms: worst("p50Ms"),
    p99Ms: worst("p99Ms"),
  };
}

export function mergeServiceGraph(
  spans: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] },
  metrics: MetricSide,
  focus?: string,
): { nodes: SourcedNode[]; edges: SourcedEdge[] } {
  const edges = new Map<string, SourcedEdge>();
  for (const { weighted, ...e } of spans.edges)
    edges.set(`${e.source}\u0000${e.target}`, { ...e, origin: spanOrigin(weighted) });
  for (const c of metrics.calls) {
    const k = `${c.caller}\u0000${c.callee}`;
    const had = edges.get(k);
    edges.set(k, {
      source: c.caller,
      target: c.callee,
      external: had?.external ?? c.external,
      current: c.current,
      baseline: c.baseline,
      change: change(c.current, c.baseline),
      origin: "metrics",
      family: c.family,
    });
  }
  let kept = [...edges.entries()];
  if (focus) {
    const keys = new Set(
      reachable(
        kept.map(([k, e]) => [k, { caller: e.source, callee: e.target }] as const),
        focus,
      ),
    );
    kept = kept.filter(([k]) => keys.has(k));
  }
  const keptEdges = kept
    .map(([, e]) => e)
    .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  const spanNodes = new Map(spans.nodes.map((n) => [n.id, n]));
  const ids = new Set<string>();
  for (const e of keptEdges) ids.add(e.source).add(e.target);
  if (!focus) for (const id of [...spanNodes.keys(), ...metrics.services.keys()]) ids.add(id);
  else if (spanNodes.has(focus) || metrics.services.has(focus)) ids.add(focus);
  const externalTargets = new Set(keptEdges.filter((e) => e.external).map((e) => e.target));
  const nodes = [...ids].sort().map<SourcedNode>((id) => {
    const m = metrics.services.get(id);
    if (m)
      return {
        id,
        kind: "service",
        current: m.current,
        baseline: m.baseline,
        change: change(m.current, m.baseline),
        origin: "metrics",
        family: m.family,
      };
    const s = spanNodes.get(id);
    const external = (s?.kind ?? "external") === "external" && externalTargets.has(id);
    if (external) {
      const current = incoming(keptEdges, id, "current");
      const baseline = incoming(keptEdges, id, "baseline");
      const into = keptEdges.filter((e) => e.target === id);
      const viaMetrics = into.every((e) => e.origin === "metrics");
      return {
        id,
        kind: "external",
        current,
        baseline,
        change: change(current, baseline),
        origin: viaMetrics ? "metrics" : spanOrigin(into.some((e) => e.origin === "weighted-spans")),
      };
    }
    if (s) {
      const { weighted, ...node } = s;
      return { ...node, origin: spanOrigin(weighted) };
    }
    return { id, kind: "service", current: EMPTY, baseline: EMPTY, change: change(EMPTY, EMPTY), origin: "spans" };
  });
  return { nodes, edges: keptEdges };
}
