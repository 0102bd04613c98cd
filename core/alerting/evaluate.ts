import { compare, groupSignals, type SignalValue } from "./signals";
import {
  entryKey,
  type Condition,
  type EvalSpec,
  type MonitorState,
  type Sample,
  type SignalSeverityState,
  type Transition,
} from "./types";

/** Above this many tracked signals a monitor ignores new ones instead of growing without bound. */
export const MAX_SIGNALS = 2000;
/** Clear entries not seen for this long are forgotten. */
export const FORGET_AFTER_MS = 24 * 3600_000;

export interface EvalResult {
  state: MonitorState;
  transitions: Transition[];
}

type Observation = { kind: "value"; value: number } | { kind: "nodata" };

/**
 * One check of one monitor: samples are the query's result at `now`. Pure and deterministic, so a retried
 * alarm that re-runs the same check from the same persisted state produces the same transitions and ids.
 */
export function evaluate(spec: EvalSpec, prev: MonitorState, samples: Sample[], now: number): EvalResult {
  const state: MonitorState = { seq: prev.seq, entries: {} };
  for (const [k, e] of Object.entries(prev.entries))
    state.entries[k] = { ...e, labels: { ...e.labels }, changes: [...e.changes] };
  const transitions: Transition[] = [];
  for (const cond of spec.conditions) evaluateCondition(spec, cond, state, samples, now, transitions);
  // Entries whose severity no longer exists in the definition, and long-clear entries, are forgotten.
  const live = new Set(spec.conditions.map((c) => c.severity));
  for (const [k, e] of Object.entries(state.entries)) {
    const clear = e.state === "ok" || e.state === "resolved";
    if (!live.has(e.severity) || (clear && now - e.lastEvalAt > FORGET_AFTER_MS)) delete state.entries[k];
  }
  return { state, transitions };
}

function evaluateCondition(
  spec: EvalSpec,
  cond: Condition,
  state: MonitorState,
  samples: Sample[],
  now: number,
  out: Transition[],
): void {
  const signals = groupSignals(samples, spec.signalBy, cond.operator);
  const seen = new Set<string>();
  for (const sig of signals.values()) {
    seen.add(sig.key);
    const key = entryKey(sig.key, cond.severity);
    let entry = state.entries[key];
    if (!entry) {
      if (!compare(sig.value, cond.operator, cond.threshold)) continue;
      if (Object.keys(state.entries).length >= MAX_SIGNALS) continue;
      entry = state.entries[key] = fresh(sig, cond, now);
    }
    step(spec, cond, state, entry, { kind: "value", value: sig.value }, now, out);
  }
  for (const entry of Object.values(state.entries)) {
    if (entry.severity !== cond.severity || seen.has(entry.signalKey)) continue;
    step(spec, cond, state, entry, { kind: "nodata" }, now, out);
  }
  // A monitor whose query returns nothing at all can only alert on no-data through a signal without labels.
  if (
    signals.size === 0 &&
    spec.noData === "alerting" &&
    !Object.values(state.entries).some((e) => e.severity === cond.severity)
  ) {
    const entry = (state.entries[entryKey("", cond.severity)] = fresh({ key: "", labels: {}, value: NaN }, cond, now));
    step(spec, cond, state, entry, { kind: "nodata" }, now, out);
  }
}

function fresh(sig: SignalValue, cond: Condition, now: number): SignalSeverityState {
  return {
    signalKey: sig.key,
    labels: sig.labels,
    severity: cond.severity,
    state: "ok",
    alertId: null,
    activeAt: null,
    firingAt: null,
    clearSince: null,
    resolvedAt: null,
    lastValue: null,
    lastEvalAt: now,
    changes: [],
    flapping: false,
  };
}

function step(
  spec: EvalSpec,
  cond: Condition,
  st: MonitorState,
  e: SignalSeverityState,
  obs: Observation,
  now: number,
  out: Transition[],
): void {
  let breach: boolean;
  if (obs.kind === "value") {
    breach = compare(obs.value, cond.operator, cond.threshold);
    e.lastValue = obs.value;
  } else if (spec.noData === "keep") {
    e.lastEvalAt = now;
    return;
  } else {
    breach = spec.noData === "alerting";
  }
  e.lastEvalAt = now;
  e.changes = e.changes.filter((t) => now - t < spec.flapWindowMs);
  e.flapping = e.changes.length >= spec.flapThreshold;
  const value = obs.kind === "value" ? obs.value : null;
  const go = (to: SignalSeverityState["state"]) => {
    const from = e.state;
    e.state = to;
    if (to === "firing" || to === "resolved") {
      e.changes.push(now);
      e.flapping = e.changes.length >= spec.flapThreshold;
    }
    st.seq += 1;
    out.push({
      id: `${spec.monitorId}:t${st.seq}`,
      alertId: e.alertId ?? "",
      signalKey: e.signalKey,
      labels: e.labels,
      severity: e.severity,
      from,
      to,
      at: now,
      value,
      flapping: e.flapping,
    });
  };
  switch (e.state) {
    case "ok":
    case "resolved":
      if (!breach) return;
      st.seq += 1;
      e.alertId = `${spec.monitorId}-a${st.seq}`;
      e.activeAt = now;
      e.firingAt = null;
      e.clearSince = null;
      e.resolvedAt = null;
      if (cond.sustainMs <= 0) {
        e.firingAt = now;
        go("firing");
      } else go("pending");
      return;
    case "pending":
      if (!breach) {
        e.activeAt = null;
        go("ok");
      } else if (now - (e.activeAt ?? now) >= cond.sustainMs) {
        e.firingAt = now;
        go("firing");
      }
      return;
    case "firing":
      if (breach) {
        e.clearSince = null;
        return;
      }
      e.clearSince ??= now;
      if (now - e.clearSince >= cond.resolveWindowMs) {
        e.resolvedAt = now;
        e.activeAt = null;
        e.clearSince = null;
        go("resolved");
      }
      return;
  }
}
