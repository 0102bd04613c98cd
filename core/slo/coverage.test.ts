import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backfilled, chunks, type Coverage, type PassOptions, planPass, widen } from "./coverage";

const M = 60_000;
const OPTS: PassOptions = {
  settle: 30_000,
  recompute: 5 * M,
  firstPass: 6 * 60 * M,
  chunk: 12 * 60 * M,
  backfillChunks: 4,
  keep: 3 * 24 * 60 * M,
  bucket: M,
};
const LATE = OPTS.settle + OPTS.recompute;

/** What the raw data says about minute t when asked at `now`: samples keep arriving for LATE after the minute. */
const valueAt = (t: number, now: number, seed: number) => {
  const final = ((t / M) * 7919 + seed) % 1000;
  return now - t >= LATE ? final : final / 2;
};

/** Drive the planner the way SloObject does, against a simulated store; compare with a one-shot recomputation. */
function simulate(seed: number, steps: { gap: number; backfill: boolean }[]) {
  const store = new Map<number, number>();
  let cov: Coverage = { from: null, until: null };
  let at = 1_800_000_000_000 + seed * 1_000;
  const run = (now: number, backfill: boolean) => {
    const pass = planPass(cov, now, backfill, OPTS);
    for (const s of pass.spans) {
      for (const t of [...store.keys()]) if (t > s.from && t <= s.to) store.delete(t);
      for (let t = s.from + M; t <= s.to; t += M) store.set(t, valueAt(t, now, seed));
      cov = widen(cov, s);
    }
    return pass;
  };
  for (const step of steps) {
    at += step.gap;
    run(at, step.backfill);
  }
  let last = run(at, true);
  for (let i = 0; i < 100 && !backfilled(cov, at, OPTS); i++) last = run(at, true);
  return { store, cov, at, last };
}

describe("roll-up coverage", () => {
  it("chunks split a span exactly, in order, both ways", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 500 }),
        (a, len, c) => {
          for (const back of [false, true]) {
            const parts = chunks({ from: a, to: a + len }, c, back);
            const ordered = back ? [...parts].reverse() : parts;
            expect(ordered[0].from).toBe(a);
            expect(ordered.at(-1)!.to).toBe(a + len);
            for (let i = 1; i < ordered.length; i++) expect(ordered[i].from).toBe(ordered[i - 1].to);
            expect(parts.every((p) => p.to - p.from <= c && p.to > p.from)).toBe(true);
          }
        },
      ),
    );
  });

  it("incremental passes at any times leave exactly a one-shot recomputation of the window", () => {
    const step = fc.record({
      // mostly every minute or so, sometimes late, sometimes after an outage of hours or days
      gap: fc.oneof(
        fc.integer({ min: 1_000, max: 90_000 }),
        fc.integer({ min: 90_000, max: 3_600_000 }),
        fc.integer({ min: 3_600_000, max: 5 * 86_400_000 }),
      ),
      backfill: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.array(step, { minLength: 1, maxLength: 40 }), (seed, steps) => {
        const { store, cov, at, last } = simulate(seed, steps);
        expect(cov.until).toBe(last.target);
        expect(cov.from).toBeLessThanOrEqual(last.oldest);
        for (let t = last.oldest + M; t <= last.target; t += M) {
          const want = valueAt(t, at, seed);
          if (store.get(t) !== want)
            throw new Error(`minute ${(t - last.oldest) / M}: stored ${store.get(t)}, raw ${want}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
