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
