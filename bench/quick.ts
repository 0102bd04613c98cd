// Quick mode (VIGIL_BENCH_QUICK=1, set by `npm test`'s bench suite): every benchmark runs its own code path and
// its own assertions on inputs small enough to take seconds, so a benchmark that breaks fails `npm test`
// instead of waiting for someone to run `npm run bench`. Figures printed in quick mode are not measurements;
// they go to bench/out/quick/ so they never overwrite a real run's results.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const QUICK = process.env.VIGIL_BENCH_QUICK === "1";

/** The full-size value, or the quick one under `npm test`. */
export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}

/** Where a benchmark writes `<name>.json`: bench/out/, or bench/out/quick/ in quick mode. */
export function benchOut(name: string): string {
  const dir = fileURLToPath(new URL(QUICK ? "./out/quick/" : "./out/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.json`);
}
