import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * A sequencer that starts the named files first, in the order given, and the rest after them in vitest's own
 * order. Suites whose files run side by side finish soonest when the longest files (mostly waiting for alerts
 * and simulated incidents to develop) start at once; vitest only knows durations from a local cache, which a
 * fresh CI checkout does not have, so it would start them by file size. `names` end a file's path
 * (e.g. "compat/restart.test.ts").
 */
export function longFirst(names: string[]): typeof BaseSequencer {
  const rank = (spec: TestSpecification) => {
    const at = names.findIndex((n) => spec.moduleId.endsWith(`/${n}`));
    return at === -1 ? names.length : at;
  };
  return class LongFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const base = await super.sort(files);
      // Array.prototype.sort is stable: files outside the list keep vitest's order.
      return [...base].sort((a, b) => rank(a) - rank(b));
    }
  };
}
