// Run parameters of the pushdown property tests, so a failure seen once (in CI, or under load beside other
// files) can be replayed exactly and a hunt can run far more cases:
//   FC_SEED=<seed> FC_PATH=<path> npx vitest run --project unit <file>     replays one failure (path optional)
//   FC_RUNS=20000 FC_SEED=<n> ...                                          more cases, another seed
// The seed is always chosen here and named in the failure, whatever else fails (a hang, an unhandled error).
import type fc from "fast-check";
import { onTestFailed } from "vitest";

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${raw} is not an integer`);
  return n;
}

/** fast-check parameters for one property: numRuns unless FC_RUNS, a seed from FC_SEED or a fresh one, FC_PATH. */
export function propertyParams<T>(numRuns: number): fc.Parameters<T> {
  const seed = envInt("FC_SEED") ?? (Math.random() * 2 ** 31) | 0;
  const path = process.env.FC_PATH || undefined;
  const runs = envInt("FC_RUNS") ?? numRuns;
  onTestFailed(() => {
    console.error(`replay: FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ""} FC_RUNS=${runs}`);
  });
  return { numRuns: runs, seed, path, endOnFailure: false };
}
