import { compare, type SignalValue } from "./signals";
import type {
  AlertState,
  Condition,
  EvalSpec,
  MonitorState,
  NoDataPolicy,
  SignalSeverityState,
  Transition,
} from "./types";

/** What one check saw for one signal: a value, or nothing (the series is absent or NaN). */
export type Observation = { kind: "value"; value: number } | { kind: "nodata" };

export interface StepContext {
  spec: EvalSpec;
  cond: Condition;
  state: MonitorState;
  now: number;
  /** Vigil itself was down or late around this check: a missing series is not evidence of anything. */
  dataGap: boolean;
  out: Transition[];
}

/** The policy that applies to a missing series: during Vigil's own data gap nothing may clear or breach. */
export function effectivePolicy(policy: NoDataPolicy, dataGap: boolean): NoDataPolicy {
  return policy === "keep" || !dataGap ? policy : "nodata";
}

/**
 * One signal+severity through one check. ok -> pending -> firing -> resolved, with sustain and resolve window;
 * firing -> nodata when its data stops (policy `nodata`), and back to firing or resolved only on a real value.
 */
export function step(c: StepContext, e: SignalSeverityState, obs: Observation): void {
  const { cond, now } = c;
  e.lastEvalAt = now;
  let breach: boolean;
  if (obs.kind === "value") {
    breach = compare(obs.value, cond.operator, cond.threshold);
    e.lastValue = obs.value;
  } else {
    const policy = effectivePolicy(c.spec.noData, c.dataGap);
    if (policy === "keep") return;
    if (policy === "nodata") return stepWithoutData(c, e);
    breach = policy === "alerting";
  }
  refreshFlapping(c, e);
  const value = obs.kind === "value" ? obs.value : null;
  switch (e.state) {
    case "ok":
    case "resolved":
      if (!breach) return;
      c.state.seq += 1;
      e.alertId = `${c.spec.monitorId}-a${c.state.seq}`;
      e.activeAt = now;
      e.firingAt = null;
      e.clearSince = null;
      e.resolvedAt = null;
      e.noDataSince = null;
      if (cond.sustainMs <= 0) {
        e.firingAt = now;
        go(c, e, "firing", value);
      } else go(c, e, "pending", value);
      return;
    case "pending":
      if (!breach) {
        e.activeAt = null;
        go(c, e, "ok", value);
      } else if (now - (e.activeAt ?? now) >= cond.sustainMs) {
        e.firingAt = now;
        go(c, e, "firing", value);
      }
      return;
    case "firing":
    case "nodata": {
      const wasNoData = e.state === "nodata";
      e.noDataSince = null;
      if (breach) {
        e.clearSince = null;
        if (wasNoData) go(c, e, "firing", value);
        return;
      }
      // Clear evidence: the resolve window counts from the first clear check seen with data back.
      e.clearSince ??= now;
      if (now - e.clearSince >= cond.resolveWindowMs) {
        e.resolvedAt = now;
        e.activeAt = null;
        e.clearSince = null;
        go(c, e, "resolved", value);
      } else if (wasNoData) go(c, e, "firing", value);
      return;
    }
  }
}

/** Policy `nodata`: a firing alert holds its page as `nodata`; an unconfirmed breach is dropped (held in a gap). */
function stepWithoutData(c: StepContext, e: SignalSeverityState): void {
  if (e.state === "firing") {
    e.noDataSince = c.now;
    e.clearSince = null;
    go(c, e, "nodata", null);
  } else if (e.state === "pending" && !c.dataGap) {
    e.activeAt = null;
    go(c, e, "ok", null);
  }
}

function refreshFlapping(c: StepContext, e: SignalSeverityState): void {
  const { flapThreshold, flapWindowMs } = c.spec;
  e.changes = flapThreshold > 0 ? e.changes.filter((t) => c.now - t < flapWindowMs) : [];
  e.flapping = flapThreshold > 0 && e.changes.length >= flapThreshold;
}

function go(c: StepContext, e: SignalSeverityState, to: AlertState, value: number | null): void {
  const from = e.state;
  e.state = to;
  // A new episode firing, or one resolving, is a change for flap detection; data coming and going is not.
  if (c.spec.flapThreshold > 0 && (to === "resolved" || (to === "firing" && from !== "nodata"))) {
    e.changes.push(c.now);
    e.flapping = e.changes.length >= c.spec.flapThreshold;
  }
  record(c, e, from, value);
}

/** Log the entry's move from `from` to its current state as the monitor's next transition. */
export function record(
  c: Pick<StepContext, "spec" | "state" | "now" | "out">,
  e: SignalSeverityState,
  from: AlertState,
  value: number | null,
): void {
  c.state.seq += 1;
  c.out.push({
    id: `${c.spec.monitorId}:t${c.state.seq}`,
    alertId: e.alertId ?? "",
    signalKey: e.signalKey,
    labels: e.labels,
    severity: e.severity,
    from,
    to: e.state,
    at: c.now,
    value,
    flapping: e.flapping,
  });
}

/** A new entry for one signal and severity: ok, with no alert yet. */
export function fresh(sig: Pick<SignalValue, "key" | "labels">, cond: Pick<Condition, "severity">, now: number) {
  const e: SignalSeverityState = {
    signalKey: sig.key,
    labels: sig.labels,
    severity: cond.severity,
    state: "ok",
    alertId: null,
    activeAt: null,
    firingAt: null,
    clearSince: null,
    noDataSince: null,
    resolvedAt: null,
    lastValue: null,
    lastEvalAt: now,
    changes: [],
    flapping: false,
  };
  return e;
}
