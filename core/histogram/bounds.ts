// Bucket boundaries. Schema s >= 0 splits every power of two into 2^s buckets whose bounds are 2^(i/2^s).
// Prometheus reads them from a table of the fractions in [0.5, 1) that is not correctly rounded: it was made
// by multiplying up by the factor 2^(2^-s) (Go's math.Exp2) and taking every other value from the coarser
// schema. The bounds appear in query results, so they are rebuilt here the same way, bit for bit.
import { CUSTOM_BUCKETS_SCHEMA } from "./float-histogram";

/** Go's math.Exp2 (the portable fdlibm-style one: argument reduction to |t| <= 0.5, then a rational
 * approximation of e^r with r = t ln 2), for 0 < x <= 1. */
function goExp2(x: number): number {
  const ln2Hi = 0.6931471803691238;
  const ln2Lo = 1.9082149292705877e-10;
  const n = Math.trunc(x + 0.5);
  const t = x - n;
  const hi = t * ln2Hi;
  const lo = -t * ln2Lo;
  const r = hi - lo;
  const r2 = r * r;
  const p =
    0.16666666666666666 +
    r2 *
      (-0.0027777777777015593 +
        r2 * (6.613756321437934e-5 + r2 * (-1.6533902205465252e-6 + r2 * 4.1381367970572385e-8)));
  const c = r - r2 * p;
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return y * 2 ** n;
}

/** The fractions of schemas 0..8: fractions[s][i] ~ 2^(i/2^s) / 2. */
const fractions: number[][] = [[0.5]];
for (let s = 1; s <= 8; s++) {
  const factor = goExp2(2 ** -s);
  const coarser = fractions[s - 1];
  const row = [0.5];
  for (let i = 1; i < 1 << s; i++) row.push(i % 2 === 0 ? coarser[i / 2] : row[i - 1] * factor);
  fractions.push(row);
}

/** Go's math.Ldexp for the exponents bucket bounds need, without overflowing on the way. */
function ldexp(frac: number, exp: number): number {
  if (exp > 1023) return frac * 2 ** 1023 * 2 ** (exp - 1023);
  if (exp < -1022) return frac * 2 ** -1022 * 2 ** (exp + 1022);
  return frac * 2 ** exp;
}

/** The upper bound of exponential bucket `index`; the last finite bucket ends at the largest double, so that
 * the bucket after it (ending at +Inf) holds only ±Inf observations. */
export function exponentialBound(index: number, schema: number): number {
  if (schema < 0) {
    const exp = index * 2 ** -schema;
    if (exp === 1024) return Number.MAX_VALUE;
    return ldexp(1, exp);
  }
  const frac = fractions[schema][index & ((1 << schema) - 1)];
  const exp = (index >> schema) + 1;
  if (frac === 0.5 && exp === 1025) return Number.MAX_VALUE;
  return ldexp(frac, exp);
}

/** The upper bound of bucket `index` (its lower bound is the bound of `index - 1`). */
export function bucketBound(index: number, schema: number, customValues: readonly number[]): number {
  if (schema !== CUSTOM_BUCKETS_SCHEMA) return exponentialBound(index, schema);
  if (index === -1) return -Infinity;
  if (index === customValues.length) return Infinity;
  if (index < -1 || index > customValues.length) throw new RangeError(`custom bucket ${index} out of range`);
  return customValues[index];
}

/** The index a bucket of `fromSchema` falls into at the coarser `toSchema`. */
export function targetIndex(index: number, fromSchema: number, toSchema: number): number {
  return ((index - 1) >> (fromSchema - toSchema)) + 1;
}
