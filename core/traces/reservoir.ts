// Uniform sampling without replacement: Algorithm R inside one shard, then a merge that keeps the
// union uniform by drawing from each shard in proportion to how many spans it matched.

import type { Rng } from "../random";
export { seededRng, type Rng } from "../random";

export class Reservoir<T> {
  readonly items: T[] = [];
  seen = 0;
  constructor(
    readonly k: number,
    private readonly rng: Rng,
  ) {}
  offer(item: T): void {
    this.seen++;
    if (this.items.length < this.k) this.items.push(item);
    else {
      const j = Math.floor(this.rng() * this.seen);
      if (j < this.k) this.items[j] = item;
    }
  }
}

/** Each part is a uniform sample (size min(k, matched)) of `matched` items; returns a uniform sample of the union. */
export function mergeSamples<T>(parts: readonly { items: readonly T[]; matched: number }[], k: number, rng: Rng): T[] {
  const pools = parts.map((p) => ({ items: [...p.items], left: p.matched }));
  const out: T[] = [];
  let total = pools.reduce((n, p) => n + p.left, 0);
  while (out.length < k && total > 0) {
    let r = rng() * total;
    let i = 0;
    while (i < pools.length - 1 && r >= pools[i].left) r -= pools[i++].left;
    const p = pools[i];
    if (!p.items.length) {
      // This part's sample is used up (it matched more than it could send); stop drawing from it.
      total -= p.left;
      p.left = 0;
      continue;
    }
    const j = Math.floor(rng() * p.items.length);
    out.push(p.items[j]);
    p.items[j] = p.items[p.items.length - 1];
    p.items.pop();
    p.left--;
    total--;
  }
  return out;
}

/** How many of a uniform sample of k items from the union of parts fall in each part (a multivariate
 * hypergeometric draw): drawing those counts first lets each part send only its share. */
export function allocateSample(matched: readonly number[], k: number, rng: Rng): number[] {
  const left = [...matched];
  const out = matched.map(() => 0);
  let total = left.reduce((n, m) => n + m, 0);
  for (let n = Math.min(k, total); n > 0; n--) {
    let r = rng() * total;
    let i = 0;
    while (i < left.length - 1 && r >= left[i]) r -= left[i++];
    out[i]++;
    left[i]--;
    total--;
  }
  return out;
}

/** A uniform subset of n of the items (partial Fisher-Yates on a copy). */
export function pickUniform<T>(items: readonly T[], n: number, rng: Rng): T[] {
  if (n >= items.length) return [...items];
  const a = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}
