import { fresh, record } from "./step";
import { BROKEN_SIGNAL, entryKey, type EvalSpec, type MonitorState, type Severity, type Transition } from "./types";

/** A monitor raises its own "monitor broken" alert once this many checks in a row have failed. */
export const BROKEN_AFTER_FAILURES = 3;

/** The labels of the monitor-broken alert's signal: what receivers and muting rules see besides the monitor's. */
export const BROKEN_LABELS = { monitor_health: "error" } as const;

/** A broken monitor is as loud as its loudest condition: it cannot page for any of them. */
export function brokenSeverity(spec: Pick<EvalSpec, "conditions">): Severity {
  return spec.conditions.some((c) => c.severity === "critical") ? "critical" : "warning";
}

/**
 * Count a check's outcome and drive the monitor-broken alert (like Grafana's DatasourceError): it fires after
 * BROKEN_AFTER_FAILURES failed checks in a row and resolves at the first check that evaluates cleanly. A failed
 * check leaves the signals' own alerts as they were: an error is not "no data" and not "clear".
 */
export function recordOutcome(
  spec: EvalSpec,
  state: MonitorState,
  error: string | null,
  now: number,
  out: Transition[],
): void {
  state.failures = error ? (state.failures ?? 0) + 1 : 0;
  state.failingSince = error ? (state.failingSince ?? now) : null;
  const severity = brokenSeverity(spec);
  const key = entryKey(BROKEN_SIGNAL, severity);
  let e = state.entries[key];
  if (error && state.failures >= BROKEN_AFTER_FAILURES && e?.state !== "firing") {
    state.seq += 1;
    e = state.entries[key] = fresh({ key: BROKEN_SIGNAL, labels: { ...BROKEN_LABELS } }, { severity }, now);
    e.alertId = `${spec.monitorId}-a${state.seq}`;
    e.activeAt = state.failingSince;
    e.firingAt = now;
    e.lastError = error;
    move(spec, state, key, "firing", now, out);
  } else if (e && e.state === "firing") {
    e.lastEvalAt = now;
    if (error) e.lastError = error;
    else {
      e.resolvedAt = now;
      move(spec, state, key, "resolved", now, out);
    }
  }
}

function move(
  spec: EvalSpec,
  state: MonitorState,
  key: string,
  to: "firing" | "resolved",
  now: number,
  out: Transition[],
): void {
  const e = state.entries[key];
  const from = e.state;
  e.state = to;
  record({ spec, state, now, out }, e, from, null);
}

/** A failed check (the query could not run): only the failure count and the monitor-broken alert move. */
export function evaluateFailure(
  spec: EvalSpec,
  prev: MonitorState,
  error: string,
  now: number,
): { state: MonitorState; transitions: Transition[] } {
  const state: MonitorState = { ...prev, entries: { ...prev.entries } };
  const key = entryKey(BROKEN_SIGNAL, brokenSeverity(spec));
  if (state.entries[key]) state.entries[key] = { ...state.entries[key], changes: [...state.entries[key].changes] };
  const transitions: Transition[] = [];
  recordOutcome(spec, state, error, now, transitions);
  return { state, transitions };
}
