import { evaluate } from "./evaluate";
import type { Condition, EvalSpec, MonitorState, Sample, SignalSeverityState, Transition } from "./types";

/** A new monitor never looks further back than this (matches the alarm's missed-check horizon). */
export const CATCH_UP_MAX_MS = 30 * 60_000;
/** At most this many past checks, so the first alarm's queries stay inside Workers CPU and subrequest limits. */
export const CATCH_UP_MAX_CHECKS = 24;

/**
 * The past check times a newly armed monitor replays before its first real check at `at`, oldest first.
 * The window covers one whole sustain plus one resolve window plus slack, so a breach that has already
 * held longer than its sustain fires at once and a recently ended one is seen as ended. When the window
 * holds more checks than the cap, checks are spread at a multiple of the interval (sustain is measured in
 * elapsed time, so a coarser step only rounds it up to the step).
 */
export function catchUpTimes(
  conditions: Pick<Condition, "sustainMs" | "resolveWindowMs">[],
  intervalMs: number,
  at: number,
): number[] {
  if (intervalMs <= 0 || conditions.length === 0) return [];
  const sustain = Math.max(...conditions.map((c) => c.sustainMs));
  const resolve = Math.max(...conditions.map((c) => c.resolveWindowMs));
  const windowMs = Math.min(CATCH_UP_MAX_MS, sustain + resolve + 3 * intervalMs);
  const step = Math.max(1, Math.ceil(windowMs / intervalMs / CATCH_UP_MAX_CHECKS)) * intervalMs;
  const out: number[] = [];
  for (let t = at - Math.floor(windowMs / step) * step; t < at; t += step) out.push(t);
  return out;
}

export interface ReplayResult {
  state: MonitorState;
  /** Every replayed transition, flagged catchUp so history shows they were reconstructed, not observed live. */
  transitions: Transition[];
  /** Last state of alert instances that ended and were replaced during the replay (not in the final state). */
  superseded: SignalSeverityState[];
}

/** Fold the state machine over past checks. Pure: the caller notifies from the final state only. */
export function replay(spec: EvalSpec, prev: MonitorState, checks: { at: number; samples: Sample[] }[]): ReplayResult {
  let state = prev;
  const transitions: Transition[] = [];
  const last = new Map<string, SignalSeverityState>();
  for (const c of checks) {
    const r = evaluate(spec, state, c.samples, c.at);
    state = r.state;
    for (const t of r.transitions) {
      transitions.push({ ...t, catchUp: true });
      const e = Object.values(state.entries).find((x) => x.alertId === t.alertId);
      if (e) last.set(t.alertId, { ...e, labels: { ...e.labels }, changes: [...e.changes] });
    }
  }
  const live = new Set(Object.values(state.entries).map((e) => e.alertId));
  return { state, transitions, superseded: [...last.values()].filter((e) => !live.has(e.alertId)) };
}
