// Window and baseline arithmetic with the limits that keep one DDx request bounded.
import type { BaselineSpec, TimeRange } from "./contracts";

export const WINDOW_LIMITS = {
  maxWindowMs: 24 * 3_600_000,
  maxBaselineMs: 7 * 24 * 3_600_000,
  /** Steps per side: enough for a robust baseline, small enough for 10k series. */
  maxPoints: 240,
  minStepMs: 15_000,
} as const;

export class WindowError extends Error {}

const HOUR = 3_600_000;

export function resolveBaseline(window: TimeRange, spec: BaselineSpec): TimeRange {
  const len = window.end - window.start;
  switch (spec.mode) {
    case "previous":
      return { start: window.start - Math.max(HOUR, len), end: window.start };
    case "1h":
      return { start: window.start - HOUR, end: window.end - HOUR };
    case "1d":
      return { start: window.start - 24 * HOUR, end: window.end - 24 * HOUR };
    case "explicit":
      return { start: spec.start, end: spec.end };
  }
}

function check(name: string, r: TimeRange, maxMs: number): void {
  if (r.end < r.start) throw new WindowError(`${name} is inverted: end (${r.end}) is before start (${r.start})`);
  if (r.end === r.start) throw new WindowError(`${name} is empty: start equals end`);
  if (r.end - r.start > maxMs)
    throw new WindowError(
      `${name} is ${Math.round((r.end - r.start) / 60_000)} minutes long; the limit is ${maxMs / 60_000}`,
    );
}

export function validateWindows(window: TimeRange, baseline: TimeRange): void {
  check("window", window, WINDOW_LIMITS.maxWindowMs);
  check("baseline", baseline, WINDOW_LIMITS.maxBaselineMs);
}

/** Grid step for a range: at most maxPoints points, never below minStepMs, rounded to whole seconds. */
export function stepFor(r: TimeRange): number {
  const raw = Math.max(WINDOW_LIMITS.minStepMs, Math.ceil((r.end - r.start) / WINDOW_LIMITS.maxPoints));
  return Math.ceil(raw / 1000) * 1000;
}

/** The rate() range for a bare counter on a grid: two steps, at least a minute (four 15 s scrapes). */
export function rateRangeFor(stepMs: number): number {
  return Math.max(60_000, 2 * stepMs);
}
