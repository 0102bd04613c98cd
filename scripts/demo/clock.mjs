// Live emission's steps: every wall millisecond since the last step gets its traffic, whatever the timer did.

/** Longest step the model is asked for at once (its per-step draws are sized for seconds, not minutes). */
export const MAX_STEP_MS = 10_000;
/** Longest gap made up for; past it (the machine slept, the process was stopped) the rest is skipped and said so. */
export const MAX_CATCH_UP_MS = 5 * 60_000;

/**
 * The steps [from, to) that cover `last`..`now`, each at most MAX_STEP_MS long, and how much was skipped. The
 * hand-over from the backfill (its last step ends up to one step before the provisioning that follows it) and a
 * timer that fired late are both made up here: capping a single step instead lost a tenth of the incident's
 * traffic at the live switch.
 * @param {number} last @param {number} now
 * @returns {{ steps: { from: number, to: number }[], skippedMs: number }}
 */
export function liveSteps(last, now) {
  if (now <= last) return { steps: [], skippedMs: 0 };
  const skippedMs = Math.max(0, now - last - MAX_CATCH_UP_MS);
  const steps = [];
  for (let from = last + skippedMs; from < now; ) {
    const to = Math.min(now, from + MAX_STEP_MS);
    steps.push({ from, to });
    from = to;
  }
  return { steps, skippedMs };
}
