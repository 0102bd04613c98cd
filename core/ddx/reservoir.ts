// Bounded uniform samples: one request reads at most `k` spans per side whatever the window holds.
import { prng } from "./stats";

/** Algorithm R: a uniform sample of up to k items from a stream of unknown length. */
export class Reservoir<T> {
  readonly items: T[] = [];
  seen = 0;
  private readonly rnd: () => number;
  constructor(
    readonly k: number,
    seed = 1,
  ) {
    this.rnd = prng(seed);
  }
  add(item: T): void {
    this.seen++;
    if (this.items.length < this.k) this.items.push(item);
    else {
      const j = Math.floor(this.rnd() * this.seen);
      if (j < this.k) this.items[j] = item;
    }
  }
}

/** Merge per-shard uniform samples into one uniform sample of up to k, each shard weighted by what it matched. */
export function mergeSamples<T>(parts: { items: T[]; total: number }[], k: number, seed = 1): { items: T[]; total: number } {
  const rnd = prng(seed);
  const total = parts.reduce((s, p) => s + p.total, 0);
  if (total === 0) return { items: [], total: 0 };
  const want = Math.min(k, parts.reduce((s, p) => s + p.items.length, 0));
  const out: T[] = [];
  // Largest-remainder apportionment of `want` over the parts by matched totals, capped by what each sampled.
  const quota = parts.map((p) => Math.min(p.items.length, Math.floor((want * p.total) / total)));
  let left = want - quota.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0 && i < parts.length * 2; i++) {
    const j = i % parts.length;
    if (quota[j] < parts[j].items.length) {
      quota[j]++;
      left--;
    }
  }
  parts.forEach((p, i) => {
    const pool = p.items.slice();
    for (let n = 0; n < quota[i]; n++) {
      const j = n + Math.floor(rnd() * (pool.length - n));
      [pool[n], pool[j]] = [pool[j], pool[n]];
      out.push(pool[n]);
    }
  });
  return { items: out, total };
}
