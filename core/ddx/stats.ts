// Small robust statistics used by both DDx kinds. Pure, allocation-light.

/** Median of the finite values (NaN when none). Copies, so the caller's array is untouched. */
export function median(values: ArrayLike<number>): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) xs.push(values[i]);
  if (xs.length === 0) return NaN;
  xs.sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Mean of the finite values (NaN when none). */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i];
      n++;
    }
  }
  return n ? sum / n : NaN;
}

/** Median absolute deviation scaled to estimate a normal standard deviation (1.4826 * MAD). */
export function robustSigma(values: ArrayLike<number>, center = median(values)): number {
  const dev: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) dev.push(Math.abs(values[i] - center));
  return dev.length ? 1.4826 * median(dev) : NaN;
}

/** Plain standard deviation of the finite values (0 when fewer than two). */
export function stddev(values: ArrayLike<number>): number {
  const m = mean(values);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      ss += (values[i] - m) ** 2;
      n++;
    }
  }
  return n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
}

/** Quantile by linear interpolation over sorted finite values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) xs.push(values[i]);
  if (xs.length === 0) return NaN;
  xs.sort((a, b) => a - b);
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

/** Wilson score interval for k successes out of n at ~95% (z = 1.96). n = 0 gives [0, 1]. */
export function wilson(k: number, n: number, z = 1.96): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 through erf), enough for a confidence figure. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
