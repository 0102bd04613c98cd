// Trace DDx: which span/resource attribute values mark the target spans (errors, slow spans, the new window)
// against the comparison spans. Works on bounded uniform samples; reports Wilson intervals. Pure.
import { num, pct } from "./explain";
import { clamp, wilson } from "./stats";
import type { AttributeStat, SampleInfo, SpanRecord, SpanSample, TraceComparison, TraceDdxResult } from "./trace-types";

export const TRACE_LIMITS = { maxKeys: 200, maxValuesPerKey: 500, top: 20 } as const;

type Counts = Map<string, Map<string, number>>;

/** Attribute value counts of one side, plus how many spans carry each key. */
export function countAttributes(
  spans: SpanRecord[],
  limits = TRACE_LIMITS,
): { values: Counts; keyed: Map<string, number>; truncated: Set<string> } {
  const values: Counts = new Map();
  const keyed = new Map<string, number>();
  const truncated = new Set<string>();
  for (const s of spans) {
    for (const key in s.attributes) {
      let m = values.get(key);
      if (!m) {
        if (values.size >= limits.maxKeys) continue;
        values.set(key, (m = new Map()));
      }
      keyed.set(key, (keyed.get(key) ?? 0) + 1);
      const v = s.attributes[key];
      const c = m.get(v);
      if (c !== undefined) m.set(v, c + 1);
      else if (m.size < limits.maxValuesPerKey) m.set(v, 1);
      else truncated.add(key);
    }
  }
  return { values, keyed, truncated };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 through erf), enough for a confidence figure. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function twoProportionConfidence(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const p = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return k1 / n1 > k2 / n2 ? 1 : 0.5;
  return normalCdf((k1 / n1 - k2 / n2) / se);
}

const SIDE_NAMES: Record<TraceComparison, [string, string]> = {
  errors: ["error spans", "successful spans"],
  slow: ["slow spans", "the other spans"],
  window: ["spans in the window", "spans in the earlier window"],
};

function explain(a: Omit<AttributeStat, "explanation">, mode: TraceComparison): string {
  const [t, c] = SIDE_NAMES[mode];
  const parts = [
    `${pct(a.target.pct)} of ${t} (95% CI ${pct(a.target.low)}-${pct(a.target.high)}) vs ${pct(a.comparison.pct)} of ${c}`,
  ];
  if (a.target.pctOfKey > a.target.pct + 0.05) parts.push(`${pct(a.target.pctOfKey)} of the ${t} that have ${a.key}`);
  if (a.before)
    parts.push(a.before.present ? `seen before the window (${pct(a.before.pct)})` : "absent before the window");
  else if (mode === "window" && a.comparison.count === 0) parts.push("new in this window");
  if (Number.isFinite(a.lift) && a.lift > 1) parts.push(`${num(a.lift)}x as common`);
  return `${a.key}=${a.value}: ${parts.join("; ")}.`;
}

export interface TraceDdxInput {
  comparison: TraceComparison;
  target: SpanSample;
  other: SpanSample;
  /** Spans from before the window, to tell values that are new from values that were always there. */
  before?: SpanSample;
  top?: number;
}

export function rankTraces(input: TraceDdxInput): TraceDdxResult {
  const top = input.top ?? TRACE_LIMITS.top;
  const t = countAttributes(input.target.spans);
  const c = countAttributes(input.other.spans);
  // An empty earlier sample (no data kept that far back) says nothing about what is new: no "absent before" then.
  const b = input.before?.spans.length ? countAttributes(input.before.spans) : undefined;
  const nt = input.target.spans.length;
  const nc = input.other.spans.length;
  const nb = input.before?.spans.length ?? 0;
  const stats: AttributeStat[] = [];
  for (const [key, values] of t.values) {
    const keyed = t.keyed.get(key) ?? 0;
    for (const [value, kt] of values) {
      const kc = c.values.get(key)?.get(value) ?? 0;
      const wt = wilson(kt, nt);
      const wc = wilson(kc, nc);
      const pt = nt ? kt / nt : 0;
      const pc = nc ? kc / nc : 0;
      const kb = b?.values.get(key)?.get(value) ?? 0;
      const a = {
        key,
        value,
        target: { count: kt, pct: pt, low: wt.low, high: wt.high, pctOfKey: keyed ? kt / keyed : 0 },
        comparison: { count: kc, pct: pc, low: wc.low, high: wc.high },
        before: b ? { count: kb, pct: nb ? kb / nb : 0, present: kb > 0 } : undefined,
        lift: pc > 0 ? pt / pc : Infinity,
        score: Math.round(clamp(wt.low - wc.high, 0, 1) * 10_000) / 100,
        confidence: twoProportionConfidence(kt, nt, kc, nc),
      };
      if (pt <= pc) continue;
      stats.push({ ...a, explanation: explain(a, input.comparison) });
    }
  }
  // Ties (often at 0 on tiny samples) fall back to the raw difference, then to the share of the spans carrying the
  // key (a peer name on every error span that has a peer outranks one of two error messages), then to values absent before.
  stats.sort(
    (x, y) =>
      y.score - x.score ||
      y.target.pct - y.comparison.pct - (x.target.pct - x.comparison.pct) ||
      y.target.pctOfKey - x.target.pctOfKey ||
      Number(x.before?.present ?? false) - Number(y.before?.present ?? false) ||
      (x.key + x.value).localeCompare(y.key + y.value),
  );
  const info = (s: SpanSample): SampleInfo => ({
    sampled: s.spans.length,
    total: Math.max(s.totalMatched, s.spans.length),
  });
  const keys = [...new Set([...t.values.keys(), ...c.values.keys()])].sort().map((key) => ({
    key,
    cardinality: new Set([...(t.values.get(key)?.keys() ?? []), ...(c.values.get(key)?.keys() ?? [])]).size,
    truncated: t.truncated.has(key) || c.truncated.has(key),
  }));
  return {
    comparison: input.comparison,
    samples: {
      target: info(input.target),
      comparison: info(input.other),
      before: input.before ? info(input.before) : undefined,
    },
    ranked: stats.slice(0, top),
    keys,
  };
}
