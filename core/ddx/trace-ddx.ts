// Trace DDx: which span/resource attribute values mark the target spans (errors, slow spans, the new window). Two
// comparisons, always (issue 14): against the rest of the spans in the window (population: is the value more
// common on the target side?) and against the baseline window (time: did the value's error rate rise, or is it new
// and failing?). Each row is ranked by the stronger one. Works on bounded uniform samples; Wilson intervals. Pure.
import { normalQuantile, oneSidedP } from "./significance";
import { clamp, wilson } from "./stats";
import { orderRows } from "./trace-order";
import { explain, reasonOf, SIDE_NAMES } from "./trace-reasons";
import { isSymptomKey } from "./trace-symptoms";
import { rateOf, type SideCounts, timeDivergence } from "./trace-time";
import type {
  AttributeStat,
  SampleInfo,
  SpanRecord,
  SpanSample,
  TimeStat,
  TraceComparison,
  TraceDdxResult,
  TraceRankedBy,
} from "./trace-types";

type Row = Omit<AttributeStat, "explanation" | "reason">;

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

export interface TraceDdxInput {
  comparison: TraceComparison;
  target: SpanSample;
  other: SpanSample;
  /** Spans from before the window, one uniform sample of all of them: was a value there at all? In the errors mode
   * its error spans also give each value's error rate before (few when errors were rare: prefer `beforeSides`). */
  before?: SpanSample;
  /** The baseline window read as the same two sides as the window (error and ok spans; slow and the rest), each a
   * uniform sample with its exact count: each value's rate before, for the comparison in time. */
  beforeSides?: { target: SpanSample; other: SpanSample };
  top?: number;
}

/** The baseline as two sides: given, or split out of one uniform sample of all spans by the error flag. */
function baselineSides(input: TraceDdxInput): { target: SpanSample; other: SpanSample } | undefined {
  if (input.comparison === "window") return undefined;
  if (input.beforeSides) return input.beforeSides;
  const b = input.before;
  if (!b?.spans.length || input.comparison !== "errors") return undefined;
  const err = b.spans.filter((s) => s.error);
  const ok = b.spans.filter((s) => !s.error);
  const total = Math.max(b.totalMatched, b.spans.length);
  const errTotal = Math.round((total * err.length) / b.spans.length);
  return {
    target: { spans: err, totalMatched: errTotal },
    other: { spans: ok, totalMatched: total - errTotal },
  };
}

const sideOf = (s: SpanSample) => ({ sampled: s.spans.length, total: Math.max(s.totalMatched, s.spans.length) });

export function rankTraces(input: TraceDdxInput): TraceDdxResult {
  const top = input.top ?? TRACE_LIMITS.top;
  const mode = input.comparison;
  const t = countAttributes(input.target.spans);
  const c = countAttributes(input.other.spans);
  const sides = baselineSides(input);
  const bs = sides && sides.target.spans.length + sides.other.spans.length > 0 ? sides : undefined;
  const bt = bs ? countAttributes(bs.target.spans) : undefined;
  const bo = bs ? countAttributes(bs.other.spans) : undefined;
  // An empty earlier sample (no data kept that far back) says nothing about what is new: no "absent before" then.
  const b = !bs && input.before?.spans.length ? countAttributes(input.before.spans) : undefined;
  const nt = input.target.spans.length;
  const nc = input.other.spans.length;
  const nb = input.before?.spans.length ?? 0;
  const T = sideOf(input.target);
  const C = sideOf(input.other);
  const BT = bs ? sideOf(bs.target) : undefined;
  const BO = bs ? sideOf(bs.other) : undefined;
  const minSupport = Math.min(nt, Math.max(MIN_SUPPORT.spans, Math.ceil(MIN_SUPPORT.share * nt)));
  // Every value seen on either side could have come out on top, on either comparison: Bonferroni over all of them
  // widens the intervals, so a run of rare values (user ids) cannot win on chance alone.
  let values = 0;
  for (const [key, vs] of c.values) {
    const own = t.values.get(key);
    for (const value of vs.keys()) if (!own?.has(value)) values++;
  }
  for (const vs of t.values.values()) values += vs.size;
  const tested = Math.max(1, values) * (bs ? 2 : 1);
  const z = normalQuantile(1 - ALPHA / (2 * tested));
  // The scope's rate before, for values absent then: exact counts, so its interval is narrow.
  const scopeBefore =
    BT && BO
      ? (() => {
          const n = BT.total + BO.total;
          const w = wilson(BT.total, n, z);
          return { rate: n ? BT.total / n : 0, low: w.low, high: w.high, spans: n };
        })()
      : undefined;
  const stats: Row[] = [];
  for (const [key, vs] of t.values) {
    const keyed = t.keyed.get(key) ?? 0;
    for (const [value, kt] of vs) {
      const kc = c.values.get(key)?.get(value) ?? 0;
      const pt = nt ? kt / nt : 0;
      const pc = nc ? kc / nc : 0;
      if (pt <= pc) continue;
      const wt = wilson(kt, nt, z);
      const wc = wilson(kc, nc, z);
      const supported = kt >= minSupport;
      const popDiv = supported ? Math.round(clamp(wt.low - wc.high, 0, 1) * 10_000) / 100 : 0;
      let before: Row["before"];
      let time: TimeStat | undefined;
      if (bt && bo && BT && BO && scopeBefore) {
        const kbt = bt.values.get(key)?.get(value) ?? 0;
        const kbo = bo.values.get(key)?.get(value) ?? 0;
        const present = kbt + kbo > 0;
        const was = present ? rateOf(kbt, BT, kbo, BO, z) : scopeBefore;
        const share =
          (BT.sampled ? (kbt * BT.total) / BT.sampled : 0) + (BO.sampled ? (kbo * BO.total) / BO.sampled : 0);
        before = { count: kbt + kbo, pct: scopeBefore.spans ? share / scopeBefore.spans : 0, present };
        const now = rateOf(kt, T, kc, C, z);
        // A difference in differences: when the key's other values rose too (a fault on every pod), the value is
        // held to its rate before times theirs; a value that moved with everyone has no excess of its own.
        const moved = restFactor(key, kt, kc, kbt, kbo, { t, c, T, C }, { t: bt, c: bo, T: BT, C: BO }, z);
        const held = { ...was, rate: Math.min(1, was.rate * moved), high: Math.min(1, was.high * moved) };
        time = {
          rate: now.rate,
          low: now.low,
          high: now.high,
          before: was.rate,
          beforeLow: was.low,
          beforeHigh: was.high,
          beforeFrom: present ? "value" : "scope",
          moved,
          divergence: supported ? timeDivergence(wt.low, now, held) : 0,
        };
      } else if (b) {
        const kb = b.values.get(key)?.get(value) ?? 0;
        before = { count: kb, pct: nb ? kb / nb : 0, present: kb > 0 };
      }
      const timeDiv = time?.divergence ?? 0;
      const rankedBy: TraceRankedBy = mode === "window" || timeDiv > popDiv ? "time" : "population";
      const divergence = Math.max(popDiv, timeDiv);
      const symptom = mode === "errors" && isSymptomKey(key);
      stats.push({
        key,
        value,
        target: { count: kt, pct: pt, low: wt.low, high: wt.high, pctOfKey: keyed ? kt / keyed : 0 },
        comparison: { count: kc, pct: pc, low: wc.low, high: wc.high },
        before,
        lift: pc > 0 ? pt / pc : Infinity,
        score: divergence,
        divergence,
        rankedBy,
        population: { divergence: popDiv },
        time,
        symptom,
        kind: !supported || divergence <= 0 ? "noise" : symptom ? "symptom" : "cause",
        confidence: Math.max(0, 1 - Math.min(1, oneSidedP(kt, nt, kc, nc) * tested)),
        supported,
      });
    }
  }
  orderRows(stats, input.target.spans);
  const ranked: AttributeStat[] = stats.map((a) => ({
    ...a,
    explanation: explain(a, mode, minSupport),
    reason: reasonOf(a, mode, minSupport),
  }));
  const info = (s: SpanSample): SampleInfo => ({
    sampled: s.spans.length,
    total: Math.max(s.totalMatched, s.spans.length),
  });
  const keys = [...new Set([...t.values.keys(), ...c.values.keys()])].sort().map((key) => ({
    key,
    cardinality: new Set([...(t.values.get(key)?.keys() ?? []), ...(c.values.get(key)?.keys() ?? [])]).size,
    truncated: t.truncated.has(key) || c.truncated.has(key),
  }));
  const windowRate = T.total + C.total ? T.total / (T.total + C.total) : 0;
  return {
    comparison: mode,
    samples: {
      target: info(input.target),
      comparison: info(input.other),
      before: bs
        ? { sampled: BT!.sampled + BO!.sampled, total: BT!.total + BO!.total }
        : input.before
          ? info(input.before)
          : undefined,
      beforeTarget: bs ? BT : undefined,
      beforeComparison: bs ? BO : undefined,
    },
    rate: mode === "window" ? undefined : { window: windowRate, baseline: scopeBefore ? scopeBefore.rate : null },
    ranked: ranked.slice(0, top),
    empty: emptyReason(ranked, mode, nt, nc),
    keys,
  };
}

/** How much the rate of a key's other values (every span carrying the key less the value's own) rose, at the
 * cautious end of their interval before (their rate now over their high rate before), at least 1: reading a rest
 * as moved further than its spans show would hide a real cause; values that all rose alike (every pod) then hold
 * each other to about their own rate now. */
function restFactor(
  key: string,
  kt: number,
  kc: number,
  kbt: number,
  kbo: number,
  now: Sides,
  before: Sides,
  z: number,
): number {
  const n = rateOf((now.t.keyed.get(key) ?? 0) - kt, now.T, (now.c.keyed.get(key) ?? 0) - kc, now.C, z);
  const b = rateOf((before.t.keyed.get(key) ?? 0) - kbt, before.T, (before.c.keyed.get(key) ?? 0) - kbo, before.C, z);
  // A thin rest has wide intervals, so it reads as moved only as far as its spans show (no floor on their number:
  // pods that all failed on a quiet baseline of 48 spans still moved alike).
  if (n.spans <= 0 || b.spans <= 0 || b.high <= 0) return 1;
  const k = n.rate / b.high;
  return k > 1 ? Math.round(k * 100) / 100 : 1;
}

interface Sides {
  t: ReturnType<typeof countAttributes>;
  c: ReturnType<typeof countAttributes>;
  T: SideCounts;
  C: SideCounts;
}

/** Why nothing is a cause candidate, when nothing is. */
function emptyReason(rows: AttributeStat[], mode: TraceComparison, nt: number, nc: number): string | undefined {
  if (rows.some((r) => r.kind === "cause")) return undefined;
  const [t, c] = SIDE_NAMES[mode];
  if (nt === 0) return `no ${t} in the window: nothing to explain.`;
  if (nc === 0) return `no ${c} to compare with.`;
  if (!rows.some((r) => r.supported)) return `no value is on enough of the ${t} to tell.`;
  if (rows.some((r) => r.kind === "symptom"))
    return `only the failure itself marks the ${t} (error messages, status codes): no attribute of the spans points at a cause.`;
  if (rows.some((r) => r.kind === "contained")) return undefined;
  return `no value marks the ${t}: their rate did not change for any value, and none is more common on them than on the ${c}.`;
}
