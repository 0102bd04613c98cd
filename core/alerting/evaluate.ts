import { recordOutcome } from "./broken";
import { compare, groupSignals } from "./signals";
import { fresh, step, type StepContext } from "./step";
import { BROKEN_SIGNAL, entryKey, type EvalSpec, type MonitorState, type Sample, type Transition } from "./types";

/** Above this many tracked signals a monitor ignores new ones, and says so as an evaluation error. */
export const MAX_SIGNALS = 2000;
/** Clear entries not seen for this long are forgotten. */
export const FORGET_AFTER_MS = 24 * 3600_000;

export interface EvalResult {
  state: MonitorState;
  transitions: Transition[];
  /** New breaching signals not tracked because the monitor already tracks MAX_SIGNALS. */
  overflow: number;
  /** Why this check counts as failed (signal overflow), or null. */
  error: string | null;
}

export interface EvalOptions {
  /** Vigil's own checks or ingest were interrupted around this check: absence proves nothing (see step.ts). */
  dataGap?: boolean;
}

/**
 * One check of one monitor: samples are the query's result at `now`. Pure and deterministic, so a retried
 * alarm that re-runs the same check from the same persisted state produces the same transitions and ids.
 */
export function evaluate(
  spec: EvalSpec,
  prev: MonitorState,
  samples: Sample[],
  now: number,
  opts: EvalOptions = {},
): EvalResult {
  const state = cloneState(prev);
  const transitions: Transition[] = [];
  let overflow = 0;
  for (const cond of spec.conditions) {
    const c: StepContext = { spec, cond, state, now, dataGap: opts.dataGap ?? false, out: transitions };
    overflow += evaluateCondition(c, samples);
  }
  const error =
    overflow > 0
      ? `the query produced more signals than the limit of ${MAX_SIGNALS} per monitor: ${overflow} new breaching signal(s) not tracked`
      : null;
  recordOutcome(spec, state, error, now, transitions);
  forget(spec, state, now);
  return { state, transitions, overflow, error };
}

export function cloneState(prev: MonitorState): MonitorState {
  const state: MonitorState = { ...prev, entries: {} };
  for (const [k, e] of Object.entries(prev.entries))
    state.entries[k] = { ...e, labels: { ...e.labels }, changes: [...e.changes] };
  return state;
}

/** Entries whose severity no longer exists in the definition, and long-clear entries, are forgotten. */
export function forget(spec: EvalSpec, state: MonitorState, now: number): void {
  const live = new Set(spec.conditions.map((c) => c.severity));
  for (const [k, e] of Object.entries(state.entries)) {
    const clear = e.state === "ok" || e.state === "resolved";
    if (!live.has(e.severity) || (clear && now - e.lastEvalAt > FORGET_AFTER_MS)) delete state.entries[k];
  }
}

const tracked = (state: MonitorState) => Object.values(state.entries).filter((e) => e.signalKey !== BROKEN_SIGNAL);

function evaluateCondition(c: StepContext, samples: Sample[]): number {
  const { spec, cond, state, now } = c;
  const signals = groupSignals(samples, spec.signalBy, cond.operator);
  const seen = new Set<string>();
  let overflow = 0;
  let count = tracked(state).length;
  for (const sig of signals.values()) {
    seen.add(sig.key);
    const key = entryKey(sig.key, cond.severity);
    let entry = state.entries[key];
    if (!entry) {
      if (!compare(sig.value, cond.operator, cond.threshold)) continue;
      if (count >= MAX_SIGNALS) {
        overflow += 1;
        continue;
      }
      entry = state.entries[key] = fresh(sig, cond, now);
      count += 1;
    }
    step(c, entry, { kind: "value", value: sig.value });
  }
  for (const entry of tracked(state)) {
    if (entry.severity !== cond.severity || seen.has(entry.signalKey)) continue;
    step(c, entry, { kind: "nodata" });
  }
  // A monitor whose query returns nothing at all can only alert on no-data through a signal without labels.
  if (
    signals.size === 0 &&
    spec.noData === "alerting" &&
    !c.dataGap &&
    !tracked(state).some((e) => e.severity === cond.severity)
  ) {
    const entry = (state.entries[entryKey("", cond.severity)] = fresh({ key: "", labels: {} }, cond, now));
    step(c, entry, { kind: "nodata" });
  }
  return overflow;
}
