// Types for clock.mjs (the project type-checks TypeScript only; tests import the JavaScript).
export const MAX_STEP_MS: number;
export const MAX_CATCH_UP_MS: number;
export function liveSteps(last: number, now: number): { steps: { from: number; to: number }[]; skippedMs: number };
