// The alerting domain, shared by the state machine, the notification planner and muting.
// Times are epoch milliseconds. Nothing here does I/O.

export type Labels = Record<string, string>;
export type Severity = "critical" | "warning";
export const severities: readonly Severity[] = ["critical", "warning"];
export type Operator = ">" | ">=" | "<" | "<=" | "==" | "!=";
/** `nodata`: was firing, then its data stopped arriving; the page stays open until real evidence resolves it. */
export type AlertState = "ok" | "pending" | "firing" | "nodata" | "resolved";
/** States in which a page is (or would be) open: firing, and firing whose data went missing. */
export const isOpen = (s: AlertState): boolean => s === "firing" || s === "nodata";

/**
 * What a signal whose series vanished means. `nodata` (the default, like Grafana's NoData state and
 * Prometheus' keep_firing_for): a firing alert moves to no data and holds its page, a pending one is dropped.
 * `ok`: absence clears. `keep`: hold the current state. `alerting`: absence is a breach.
 */
export type NoDataPolicy = "nodata" | "ok" | "keep" | "alerting";

export interface Condition {
  severity: Severity;
  operator: Operator;
  threshold: number;
  /** The breach must hold this long before firing; 0 fires at the first breaching check. */
  sustainMs: number;
  /** The breach must be gone this long before resolving (Prometheus' keep_firing_for). */
  resolveWindowMs: number;
}

/** How series become signals: one per distinct value of chosen label keys, one per series, or one per monitor. */
export type SignalBy = { mode: "labels"; keys: string[] } | { mode: "series" } | { mode: "monitor" };

export interface EvalSpec {
  monitorId: string;
  conditions: Condition[];
  signalBy: SignalBy;
  noData: NoDataPolicy;
  /** This many firing/resolved changes inside flapWindowMs marks a signal as flapping; 0 turns detection off. */
  flapThreshold: number;
  flapWindowMs: number;
}

/** One series' value at the check time, as returned by an instant query. */
export interface Sample {
  labels: Labels;
  value: number;
}

export interface SignalSeverityState {
  signalKey: string;
  labels: Labels;
  severity: Severity;
  state: AlertState;
  /** The current alert instance (created when a breach starts), kept after it resolves. */
  alertId: string | null;
  /** When the current breach run started (pending/firing), null when clear. */
  activeAt: number | null;
  firingAt: number | null;
  /** When the current clear run started while firing, null while breaching. */
  clearSince: number | null;
  /** When its data went missing while firing (state `nodata`), else null. */
  noDataSince?: number | null;
  /** Why the monitor cannot evaluate (the monitor-broken entry only). */
  lastError?: string | null;
  resolvedAt: number | null;
  lastValue: number | null;
  lastEvalAt: number;
  /** Times of recent firing/resolved changes, for flap detection. */
  changes: number[];
  flapping: boolean;
}

export interface MonitorState {
  /** Keyed by `${signalKey}\u0000${severity}`. */
  entries: Record<string, SignalSeverityState>;
  /** Monotonic counter for alert instances and transitions of this monitor. */
  seq: number;
  /** Consecutive failed checks (query errors and evaluation errors such as signal overflow). */
  failures?: number;
  failingSince?: number | null;
}

export interface Transition {
  /** Unique and deterministic within the monitor: survives retries of the same evaluation unchanged. */
  id: string;
  alertId: string;
  signalKey: string;
  labels: Labels;
  severity: Severity;
  from: AlertState;
  to: AlertState;
  at: number;
  value: number | null;
  flapping: boolean;
  /** Reconstructed from stored data when the monitor was first armed, not observed by a live check. */
  catchUp?: boolean;
}

export const emptyState = (): MonitorState => ({ entries: {}, seq: 0 });

/** The signal key of a monitor's own "monitor broken" alert; real keys are `name="value",…` or empty. */
export const BROKEN_SIGNAL = "#monitor-broken";

export function entryKey(signalKey: string, severity: Severity): string {
  return `${signalKey}\u0000${severity}`;
}
