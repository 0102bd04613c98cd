// How the top values overlap, from the window's series: a coarser value whose excess lies entirely inside another
// adds nothing (method=POST around endpoint=/v2/process-payment), and two values whose excesses only exist where
// they meet point at their intersection (endpoint and version together). Adtributor keeps explanations succinct
// the same way; HotSpot and Squeeze search the same combinations.
import type { Bucketed } from "./buckets";
import type { Combination } from "./types";
import { NO_VALUE } from "./types";

export interface Candidate {
  label: string;
  value: string;
  /** New or much grown since the baseline: never contained. */
  arrived?: boolean;
}

export interface Overlap {
  /** Candidate index -> the candidate holding its excess, and the share of its excess outside it. */
  contained: Map<number, { within: number; outside: number }>;
  /** Candidate index -> the candidates whose excess it shares. */
  together: Map<number, number[]>;
  combinations: (Combination & { a: number; b: number })[];
}

/** B "covers" A when it holds this much of A's traffic. */
const COVER = 0.95;
/** At most this share of B's excess may lie outside A for B to add nothing. */
const OUTSIDE = 0.25;
/** B outside A elevated by at most this share of A's elevation: B adds nothing... */
const BARELY = 0.25;
/** ...by at least this share: A is merely a part of B. */
const ALIKE = 0.75;
/** Two values are "together" when at most this share of either's excess lies outside the other. */
const APART = 0.2;

/** Totals per candidate and per pair of candidates (upper triangle), plus the grand total. */
function joint(cands: Candidate[], b: Bucketed, totals: Float64Array) {
  return joints(cands, b, [totals])[0];
}

/** `joint` for several per-series totals over the same series: which candidates a series matches is found once.
 * Plain typed arrays and hoisted names: this loop runs once per DDx over every series, mostly before it is optimized. */
function joints(cands: Candidate[], b: Bucketed, totals: Float64Array[]) {
  const k = cands.length;
  const names = cands.map((c) => c.label);
  const values = cands.map((c) => c.value);
  const single = totals.map(() => new Float64Array(k));
  const pair = totals.map(() => new Float64Array(k * k));
  const all = new Float64Array(totals.length);
  const hit = new Int32Array(k);
  for (let i = 0; i < b.labels.length; i++) {
    const l = b.labels[i];
    let h = 0;
    for (let c = 0; c < k; c++) if ((l[names[c]] ?? NO_VALUE) === values[c]) hit[h++] = c;
    for (let m = 0; m < totals.length; m++) {
      const t = totals[m][i];
      all[m] += t;
      const sm = single[m];
      const pm = pair[m];
      for (let x = 0; x < h; x++) {
        sm[hit[x]] += t;
        for (let y = x + 1; y < h; y++) pm[hit[x] * k + hit[y]] += t;
      }
    }
  }
  return totals.map((_, m) => ({
    single: single[m],
    pair: pair[m],
    all: all[m],
    at: (x: number, y: number) => (x < y ? pair[m][x * k + y] : pair[m][y * k + x]),
  }));
}

type Joint = ReturnType<typeof joint>;

/** Excess of B inside and outside A (and of A outside B) against the rate of the traffic in neither, and how
 * much the part of B outside A is elevated compared with the part inside. */
function pairStats(E: Joint, N: Joint, ai: number, bi: number, fallbackRate: number, d: 1 | -1) {
  const na = N.single[ai];
  const nb = N.single[bi];
  const nab = N.at(ai, bi);
  const ea = E.single[ai];
  const eb = E.single[bi];
  const eab = E.at(ai, bi);
  const nr = N.all - na - nb + nab;
  const rho = nr > 0 ? (E.all - ea - eb + eab) / nr : fallbackRate;
  if (!Number.isFinite(rho) || !(na > 0) || !(nb > 0)) return null;
  const inB = Math.max(0, d * (eab - nab * rho));
  const outB = Math.max(0, d * (eb - eab - (nb - nab) * rho));
  const outA = Math.max(0, d * (ea - eab - (na - nab) * rho));
  if (inB + outB <= 0 || inB + outA <= 0) return null;
  const lift = (e: number, n: number) => (n > 0 ? d * (e / n - rho) : 0);
  const inside = lift(eab, nab);
  return {
    na,
    nb,
    nab,
    eab,
    outsideB: outB / (inB + outB),
    outsideA: outA / (inB + outA),
    /** Elevation of B outside A relative to inside (0: none, 1: the same). */
    elevationOutsideB: inside > 0 ? lift(eb - eab, nb - nab) / inside : 0,
  };
}

export function overlaps(
  cands: Candidate[],
  errors: Bucketed,
  traffic: Bucketed | undefined,
  direction: 1 | -1,
  fallbackRate: number,
): Overlap {
  const [E, N] = traffic
    ? [joint(cands, errors, errors.rowSums), joint(cands, traffic, traffic.rowSums)]
    : joints(cands, errors, [errors.rowSums, errors.rowPresent]);
  const out: Overlap = { contained: new Map(), together: new Map(), combinations: [] };
  // Containment, for B covering A: if B outside A is barely elevated, B adds nothing beyond A (method=POST around
  // the failing endpoint); if it is elevated like A, A is merely a part of B (one pod of a failing region). Two
  // values that cover each other (the same series under two labels) keep the higher-ranked one.
  for (let bi = 0; bi < cands.length; bi++) {
    for (let ai = 0; ai < cands.length; ai++) {
      if (ai === bi || out.contained.has(ai) || out.contained.has(bi)) continue;
      const p = pairStats(E, N, ai, bi, fallbackRate, direction);
      if (!p || p.nab < COVER * p.na) continue;
      const mutual = p.nab >= COVER * p.nb;
      if (mutual) {
        if (ai < bi && !cands[bi].arrived) out.contained.set(bi, { within: ai, outside: 0 });
      } else if (p.elevationOutsideB <= BARELY && p.outsideB <= OUTSIDE && !cands[bi].arrived) {
        out.contained.set(bi, { within: ai, outside: p.outsideB });
      } else if (p.elevationOutsideB >= ALIKE && !cands[ai].arrived) {
        out.contained.set(ai, { within: bi, outside: 0 });
      }
    }
  }
  for (let bi = 1; bi < cands.length; bi++) {
    if (out.contained.has(bi)) continue;
    for (let ai = 0; ai < bi; ai++) {
      if (out.contained.has(ai)) continue;
      const p = pairStats(E, N, ai, bi, fallbackRate, direction);
      if (!p || p.nab >= COVER * p.na || p.nab >= COVER * p.nb) continue;
      if (p.outsideB > APART || p.outsideA > APART) continue;
      (out.together.get(ai) ?? out.together.set(ai, []).get(ai)!).push(bi);
      (out.together.get(bi) ?? out.together.set(bi, []).get(bi)!).push(ai);
      out.combinations.push({
        a: ai,
        b: bi,
        pairs: [ai, bi].map((i) => ({ label: cands[i].label, value: cands[i].value })),
        windowShare: E.all > 0 ? p.eab / E.all : 0,
        trafficShare: N.all > 0 ? p.nab / N.all : 0,
        rate: p.nab > 0 ? p.eab / p.nab : 0,
        restRate: N.all - p.nab > 0 ? (E.all - p.eab) / (N.all - p.nab) : 0,
      });
    }
  }
  return out;
}
