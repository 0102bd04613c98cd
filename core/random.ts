// One deterministic PRNG for the whole core: samples, benchmarks and synthetic data reproduce from a seed.

export type Rng = () => number;

/** mulberry32: small, fast and good enough for sampling and noise (not for secrets). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
