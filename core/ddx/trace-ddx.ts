// Trace DDx: which span/resource attribute values mark the target spans (errors, slow spans, the new window)
// against the comparison spans. Works on bounded uniform samples; reports Wilson intervals. Pure.
import { num, pct } from "./explain";
import { normalQuantile, oneSidedP } from "./significance";
import { clamp, wilson } from "./stats";
import type { AttributeStat, SampleInfo, SpanRecord, SpanSample, TraceComparison, TraceDdxResult } from "./trace-types";

export const TRACE_LIMITS = { maxKeys: 200, maxValuesPerKey: 500, top: 20 } as const;

/** A value must be on this many target spans (and this share of them) before it can rank: one or two error spans
 * carrying a user id are an anecdote, not a pattern. */
export const MIN_SUPPORT = { spans: 3, share: 0.02 } as const;
/** Family-wise error rate: the intervals and the confidence account for every value tested at once. */
const ALPHA = 0.05;

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

const SIDE_NAMES: Record<TraceComparison, [string, string]> = {
  errors: ["error spans", "successful spans"],
  slow: ["slow spans", "the other spans"],
  window: ["spans in the window", "spans in the earlier window"],
};

function explain(a: Omit<AttributeStat, "explanation">, mode: TraceComparison, minSupport: number): string {
  const [t, c] = SIDE_NAMES[mode];
  if (!a.supported)
    return `${a.key}=${a.value}: on only ${a.target.count} of the ${t} (fewer than ${minSupport}): too few to tell.`;
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
  const minSupport = Math.min(nt, Math.max(MIN_SUPPORT.spans, Math.ceil(MIN_SUPPORT.share * nt)));
  // Every value seen on either side could have come out on top: Bonferroni over all of them widens the intervals,
  // so a run of rare values (user ids) cannot win on chance alone.
  let tested = 0;
  for (const [key, values] of c.values) {
    const own = t.values.get(key);
    for (const value of values.keys()) if (!own?.has(value)) tested++;
  }
  for (const values of t.values.values()) tested += values.size;
  const z = normalQuantile(1 - ALPHA / (2 * Math.max(1, tested)));
  const stats: AttributeStat[] = [];
  for (const [key, values] of t.values) {
    const keyed = t.keyed.get(key) ?? 0;
    for (const [value, kt] of values) {
      const kc = c.values.get(key)?.get(value) ?? 0;
      const pt = nt ? kt / nt : 0;
      const pc = nc ? kc / nc : 0;
      if (pt <= pc) continue;
      const wt = wilson(kt, nt, z);
      const wc = wilson(kc, nc, z);
      const kb = b?.values.get(key)?.get(value) ?? 0;
      const supported = kt >= minSupport;
      const a = {
        key,
        value,
        target: { count: kt, pct: pt, low: wt.low, high: wt.high, pctOfKey: keyed ? kt / keyed : 0 },
        comparison: { count: kc, pct: pc, low: wc.low, high: wc.high },
        before: b ? { count: kb, pct: nb ? kb / nb : 0, present: kb > 0 } : undefined,
        lift: pc > 0 ? pt / pc : Infinity,
        score: supported ? Math.round(clamp(wt.low - wc.high, 0, 1) * 10_000) / 100 : 0,
        confidence: Math.max(0, 1 - Math.min(1, oneSidedP(kt, nt, kc, nc) * tested)),
        supported,
      };
      stats.push({ ...a, explanation: explain(a, input.comparison, minSupport) });
    }
  }
  // Ties (often at 0 on tiny samples) fall back to the raw difference, then to the share of the spans carrying the
  // key (a peer name on every error span that has a peer outranks one of two error messages), then to values absent before.
  stats.sort(
    (x, y) =>
      Number(y.supported) - Number(x.supported) ||
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
