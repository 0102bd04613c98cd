// The two comparisons behind a metric DDx row, per label=value. See docs/DDX.md "Divergence".
//   baseline:   did this value's error rate change more than the rest's did (a difference in differences)?
//   population: at the same moments, does this value hold more of the errors than of the traffic (BubbleUp)?
import { clamp } from "./stats";
import type { LabelCube } from "./cube";
import { baselineRate, confidenceOf, zOf } from "./rates";

export interface ScoreContext {
  direction: 1 | -1;
  /** The traffic is a real denominator (not the number of series): a population difference that was already
   * there in the baseline is evidence (a fault older than the baseline). Without one, values differ in volume
   * for no fault at all, so only the part of the difference that is new counts. */
  trafficKnown: boolean;
  /** Baseline buckets spanning a third of the window (for the slow-swing noise estimate). */
  block: number;
  /** The signal is an event count (rate of a counter times the step): Poisson noise floor. */
  counts: boolean;
}

export interface ValueScore {
  /** Window totals (errors, traffic) and baseline totals. */
  ew: number;
  nw: number;
  eb: number;
  nb: number;
  /** Robust baseline error rate of the value (the scope's when the value is new). */
  baselineRate: number;
  /** Errors expected in the window if the value had changed like the rest; the excess over that (signed by
   * direction), and its z. */
  expected: number;
  excess: number;
  zTime: number;
  /** Part of the rate's change this value accounts for, and the part of its own errors that are excess. */
  explanatoryPower: number;
  attributable: number;
  /** Same-moment comparison: excess over the rest's rate, its z, and errors share minus traffic share. */
  popExcess: number;
  zPopulation: number;
  popDivergence: number;
  /** The same population difference measured in the baseline, and how much of the window's (traffic-weighted)
   * difference already held through the baseline (1: all of it). */
  popDivergenceBefore: number;
  heldBefore: number;
  /** The value's share of the traffic at the moments it had any (1: it was all the traffic then). */
  concurrentShare: number;
  /** Error rate of the rest of the label at the same moments (window). */
  restRate: number;
  timeTerm: number;
  populationTerm: number;
  isNew: boolean;
}

export interface LabelScore {
  values: ValueScore[];
  /** Whole-label figures (the same for every label that sees the traffic). */
  total: { ew: number; nw: number; eb: number; nb: number; baselineRate: number; z: number; excess: number };
}

function sums(a: Float64Array, off: number, nb: number): number {
  let s = 0;
  for (let j = 0; j < nb; j++) s += a[off + j];
  return s;
}

function columnTotals(a: Float64Array, nv: number, nb: number): Float64Array {
  const out = new Float64Array(nb);
  for (let v = 0; v < nv; v++) for (let j = 0; j < nb; j++) out[j] += a[v * nb + j];
  return out;
}

/** Population comparison over one side's buckets: errors share minus traffic share (error-weighted), and the
 * excess over the rest's rate at the same moments with its expectation. */
function population(cube: LabelCube, side: "w" | "b", v: number, te: Float64Array, tn: Float64Array) {
  const { e, n, nb } = cube[side];
  let shift = 0;
  // Traffic-weighted (time-like) version of the same difference: whether it held through the side, not only
  // when the errors peaked.
  let shiftByTraffic = 0;
  let nt = 0;
  let et = 0;
  let excess = 0;
  let expected = 0;
  let restTraffic = 0;
  let ownTraffic = 0;
  let restErrors = 0;
  let atOwn = 0;
  let own = 0;
  for (let j = 0; j < nb; j++) {
    const ev = e[v * nb + j];
    const nv = n[v * nb + j];
    if (nv > 0) {
      own += nv;
      atOwn += tn[j];
    }
    et += te[j];
    nt += tn[j];
    if (tn[j] > 0) {
      shift += ev - (nv * te[j]) / tn[j];
      if (te[j] > 0) shiftByTraffic += tn[j] * (ev / te[j] - nv / tn[j]);
    }
    const rn = tn[j] - nv;
    if (rn > 0 && nv > 0) {
      const rr = Math.max(0, te[j] - ev) / rn;
      excess += ev - nv * rr;
      expected += nv * rr;
      restTraffic += rn;
      ownTraffic += nv;
      restErrors += Math.max(0, te[j] - ev);
    }
  }
  return {
    shift,
    et,
    concurrent: atOwn > 0 ? own / atOwn : 0,
    shiftByTraffic: nt > 0 ? shiftByTraffic / nt : 0,
    excess,
    expected,
    restTraffic,
    ownTraffic,
    restRate: restTraffic > 0 ? restErrors / restTraffic : NaN,
  };
}

export function scoreLabel(cube: LabelCube, ctx: ScoreContext): LabelScore {
  const d = ctx.direction;
  const nv = cube.values.length;
  const { w, b } = cube;
  const twE = columnTotals(w.e, nv, w.nb);
  const twN = columnTotals(w.n, nv, w.nb);
  const tbE = columnTotals(b.e, nv, b.nb);
  const tbN = columnTotals(b.n, nv, b.nb);
  const total = baselineRate(tbE, tbN, 0, b.nb, ctx.counts, ctx.block);
  const Ew = sums(twE, 0, w.nb);
  const Nw = sums(twN, 0, w.nb);
  const Eb = sums(tbE, 0, b.nb);
  const Nb = sums(tbN, 0, b.nb);
  const Rb = total.rate;
  const known = Number.isFinite(Rb);
  const totalExpected = known ? Nw * Rb : 0;
  const totalExcess = known ? d * (Ew - totalExpected) : 0;
  const totalZ = known ? zOf(totalExcess, totalExpected, total.dispersion, ctx.counts, Nw / Math.max(Nb, 1e-300)) : 0;

  const changed = confidenceOf(Math.abs(totalZ));
  const base = cube.values.map((_, v) => {
    const ew = sums(w.e, v * w.nb, w.nb);
    const nw = sums(w.n, v * w.nb, w.nb);
    const eb = sums(b.e, v * b.nb, b.nb);
    const nb = sums(b.n, v * b.nb, b.nb);
    const r = baselineRate(b.e, b.n, v * b.nb, b.nb, ctx.counts, ctx.block);
    const isNew = !(nb > 0);
    return {
      ew,
      nw,
      eb,
      nb,
      isNew,
      rate: isNew || !Number.isFinite(r.rate) ? Rb : r.rate,
      dispersion: isNew ? total.dispersion : r.dispersion,
    };
  });
  let S = 0;
  for (const x of base) if (known) S += x.nw * x.rate;
  const pseudo = ctx.counts ? 1 : 1e-3 * Math.abs(Ew) + 1e-12;

  const excesses = base.map((x) => {
    if (!known) return { expected: 0, excess: 0, own: 0 };
    // The value's share of the rate's change (shift-share): its rate effect, plus the mix effect when traffic
    // moved onto a value whose rate was already well above the scope's (a rollout onto a bad version). A value
    // at the scope's rate gains nothing from moving traffic: a traffic shift is not a cause.
    const bShare = Nb > 0 ? x.nb / Nb : 0;
    const above = d * (x.rate - Rb) > 0.5 * Rb ? x.rate - Rb : 0;
    const own = d * (x.ew - x.nw * x.rate) + d * (x.nw - Nw * bShare) * above;
    // Difference in differences: scale the value's own baseline rate by how much the rest's rate moved. A value
    // that merely moved with everyone else (all pods alike) has no excess here.
    const k = (Math.max(0, Ew - x.ew) + pseudo) / (Math.max(0, S - x.nw * x.rate) + pseudo);
    // A value with little baseline traffic next to its window traffic has a poorly known rate: shrink it toward
    // the scope's (a prior worth a quarter of its window traffic). A new value gets the scope's rate outright.
    const m = 0.25 * x.nw;
    const shrunk = x.isNew ? Rb : (x.rate * x.nb + m * Rb) / (x.nb + m);
    const expected = x.nw * (Number.isFinite(shrunk) ? shrunk : x.rate) * k;
    return { expected, excess: d * (x.ew - expected), own };
  });
  let gross = 0;
  for (const x of excesses) gross += Math.abs(x.own);
  const epDen = Math.max(totalExcess, 0.5 * gross, 1e-12 * (Math.abs(Ew) + Math.abs(Eb)) + 1e-300);

  const values = base.map((x, v): ValueScore => {
    const { expected, excess, own } = excesses[v];
    const extra = x.isNew ? x.nw / Math.max(Nb, 1e-300) : x.nw / Math.max(x.nb, 1e-300);
    const zTime = known ? zOf(excess, expected, x.dispersion, ctx.counts, extra) : 0;
    const explanatoryPower = clamp(own / epDen, 0, 1);
    const attributable = clamp(excess / Math.max(d > 0 ? x.ew : expected, 1e-300), 0, 1);
    const pw = population(cube, "w", v, twE, twN);
    const pb = population(cube, "b", v, tbE, tbN);
    const popExcess = d * pw.excess;
    const zPopulation = zOf(
      popExcess,
      pw.expected,
      x.dispersion,
      ctx.counts,
      pw.ownTraffic / Math.max(pw.restTraffic, 1e-300),
    );
    const popDivergence = pw.et > 0 ? clamp((d * pw.shift) / pw.et, 0, 1) : 0;
    const popDivergenceBefore = pb.et > 0 ? clamp((d * pb.shift) / pb.et, 0, 1) : 0;
    const heldBefore = pw.shiftByTraffic !== 0 ? (d * pb.shiftByTraffic) / (d * pw.shiftByTraffic) : 0;
    // A change counts as much as the scope's own change is real: values trading errors inside a flat total
    // explain nothing.
    const timeTerm = confidenceOf(zTime) * changed * explanatoryPower * attributable;
    const popEvidence = ctx.trafficKnown ? popDivergence : Math.max(0, popDivergence - popDivergenceBefore);
    const populationTerm = confidenceOf(zPopulation) * popEvidence;
    return {
      ew: x.ew,
      nw: x.nw,
      eb: x.eb,
      nb: x.nb,
      baselineRate: x.rate,
      expected,
      excess,
      zTime,
      explanatoryPower,
      attributable,
      popExcess,
      zPopulation,
      popDivergence,
      popDivergenceBefore,
      heldBefore,
      concurrentShare: pw.concurrent,
      restRate: pw.restRate,
      timeTerm,
      populationTerm,
      isNew: x.isNew,
    };
  });
  return { values, total: { ew: Ew, nw: Nw, eb: Eb, nb: Nb, baselineRate: Rb, z: totalZ, excess: totalExcess } };
}
