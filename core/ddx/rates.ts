// Baseline error rates that a fault in the baseline's tail does not inflate, their noise, and what a z means.
import { normalCdf } from "./stats";

export interface BaselineRate {
  /** Errors per unit of traffic over the buckets that are not outliers (NaN without traffic). */
  rate: number;
  /** Variance per expected event: 1 for Poisson counts, more for bursty signals (never below 1 for counts). */
  dispersion: number;
  /** Buckets left out as outliers (a fault that began before the baseline ended). */
  dropped: number;
}

/** `e`/`n` are one value's buckets (from `off`, `nb` long). With `counts`, the signal is events and the noise has a
 * Poisson floor. Buckets far above the rate of the quieter three quarters are dropped, at most 40 % of them. */
export function baselineRate(
  e: Float64Array,
  n: Float64Array,
  off: number,
  nb: number,
  counts: boolean,
  block = 0,
): BaselineRate {
  let se = 0;
  let sn = 0;
  const order: number[] = [];
  for (let i = 0; i < nb; i++) {
    se += e[off + i];
    sn += n[off + i];
    if (n[off + i] > 0) order.push(i);
  }
  if (!(sn > 0)) return { rate: Number.NaN, dispersion: 1, dropped: 0 };
  // Start from the three quarters of buckets with the lowest rates: a contaminated tail cannot set the norm.
  const rateAt = new Float64Array(nb);
  for (const i of order) rateAt[i] = e[off + i] / n[off + i];
  sortByKey(order, rateAt);
  let le = 0;
  let ln = 0;
  for (let k = 0; k < Math.ceil(order.length * 0.75); k++) {
    le += e[off + order[k]];
    ln += n[off + order[k]];
  }
  const r0 = ln > 0 ? le / ln : se / sn;
  const resid: number[] = [];
  if (!counts) for (const i of order) resid.push(e[off + i] - n[off + i] * r0);
  const spread = counts ? 0 : 1.4826 * medianAbs(resid);
  // Drop the baseline's tail while its buckets are outliers (a fault that began before the baseline ended), at
  // most 40 %, tolerating one ordinary bucket inside the tail. Bursts elsewhere are the value's normal noise.
  // Buckets kept, as a mask: sums below still run in `order` (rate order), as they always did.
  const kept = new Uint8Array(nb);
  for (const i of order) kept[i] = 1;
  const maxDrop = Math.floor(order.length * 0.4);
  let dropped = 0;
  let gap = 0;
  const tail: number[] = [];
  for (let i = nb - 1; i >= 0 && tail.length < maxDrop; i--) {
    if (!(n[off + i] > 0)) continue;
    const mu = n[off + i] * r0;
    const x = e[off + i];
    const high = counts ? x > 2 * mu + 5 * Math.sqrt(mu) + 3 : spread > 0 && x > 1.25 * mu + 5 * spread;
    if (high) {
      tail.push(i);
      dropped = tail.length;
      gap = 0;
    } else if (++gap > 1 || tail.length === 0) break;
    else tail.push(i);
  }
  for (let k = 0; k < dropped; k++) kept[tail[k]] = 0;
  let ke = 0;
  let kn = 0;
  for (const i of order) {
    if (!kept[i]) continue;
    ke += e[off + i];
    kn += n[off + i];
  }
  const rate = kn > 0 ? ke / kn : se / sn;
  let ss = 0;
  let sm = 0;
  let lag = 0;
  let prev = Number.NaN;
  // In time order, for the lag-1 autocorrelation: bursts that span buckets make a window's mean noisier than
  // independent buckets would (AR(1) variance factor (1 + rho) / (1 - rho)).
  for (let i = 0; i < nb; i++) {
    if (!kept[i]) continue;
    const mu = n[off + i] * rate;
    const r = e[off + i] - mu;
    ss += r * r;
    sm += mu;
    if (Number.isFinite(prev)) lag += r * prev;
    prev = r;
  }
  const rho = ss > 0 ? Math.max(0, Math.min(0.9, lag / ss)) : 0;
  let raw = (sm > 0 ? ss / sm : counts ? 1 : 0) * ((1 + rho) / (1 - rho));
  // Slow swings (periodic bursts, a cron job) move a window's mean more than bucket-to-bucket noise shows: also
  // measure the dispersion of block sums, blocks as long as a third of the window.
  if (block >= 2 && nb >= 3 * block) raw = Math.max(raw, blockDispersion(e, n, off, nb, block, rate, kept));
  return { rate, dispersion: counts ? Math.min(100, Math.max(1, raw)) : raw, dropped };
}

/** Stable ascending sort of `order` by `key[i]`, as `order.sort((a, b) => key[a] - key[b])` orders it. A few dozen
 * buckets, once per value: an insertion sort avoids a comparator call per comparison. */
export function sortByKey(order: number[], key: Float64Array): void {
  if (order.length > 64) {
    order.sort((a, b) => key[a] - key[b]);
    return;
  }
  for (let i = 1; i < order.length; i++) {
    const x = order[i];
    const k = key[x];
    let j = i - 1;
    while (j >= 0 && key[order[j]] > k) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = x;
  }
}

function blockDispersion(
  e: Float64Array,
  n: Float64Array,
  off: number,
  nb: number,
  block: number,
  rate: number,
  kept: Uint8Array,
): number {
  let ss = 0;
  let sm = 0;
  let blocks = 0;
  for (let s = 0; s + block <= nb; s += block) {
    let r = 0;
    let mu = 0;
    for (let i = s; i < s + block; i++) {
      if (!kept[i]) continue;
      mu += n[off + i] * rate;
      r += e[off + i] - n[off + i] * rate;
    }
    ss += r * r;
    sm += mu;
    blocks++;
  }
  return blocks >= 3 && sm > 0 ? ss / sm : 0;
}

function medianAbs(xs: number[]): number {
  if (!xs.length) return 0;
  // A typed array sorts numbers natively (no comparator calls); |x| has no -0 or NaN to order differently.
  const a = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) a[i] = Math.abs(xs[i]);
  a.sort();
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** z of an excess over an expectation with the given dispersion. `relative` floors the noise at that share of the
 * expectation (a 5 % wobble is never significant); `extra` adds the uncertainty of the expectation itself. */
export function zOf(excess: number, expected: number, dispersion: number, counts: boolean, extra = 0): number {
  const base = Math.max(0, expected);
  let v = dispersion * base * (1 + extra) + (0.05 * base) ** 2;
  if (counts) v += 1;
  if (!(v > 0)) return excess > 0 ? Number.POSITIVE_INFINITY : 0;
  return excess / Math.sqrt(v);
}

/** Confidence that an excess is real: Φ(z − 3). Half at 3 standard errors (many values are tested at once, so a
 * lone 2σ value is expected by chance), near 1 from 5. */
export const Z_CRITICAL = 3;
export function confidenceOf(z: number): number {
  if (!(z > 0)) return 0;
  return normalCdf(z - Z_CRITICAL);
}
