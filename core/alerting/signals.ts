import type { Labels, Operator, Sample, SignalBy } from "./types";

/** Canonical, order-independent key for a label set. */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",");
}

export function signalLabels(series: Labels, by: SignalBy): Labels {
  if (by.mode === "monitor") return {};
  if (by.mode === "series") {
    const { __name__: _drop, ...rest } = series;
    return rest;
  }
  const out: Labels = {};
  for (const k of by.keys) out[k] = series[k] ?? "";
  return out;
}

export function compare(value: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case "==":
      return value === threshold;
    case "!=":
      return value !== threshold;
  }
}

/** "Worse" for this operator: the value that breaches first decides the signal. */
function worse(a: number, b: number, op: Operator): number {
  return op === "<" || op === "<=" ? Math.min(a, b) : Math.max(a, b);
}

export interface SignalValue {
  key: string;
  labels: Labels;
  value: number;
}

/**
 * Group samples into signals. NaN and infinite-by-NaN samples count as absent (no data) for their series;
 * a signal with several series takes the worst value for the operator.
 */
export function groupSignals(samples: Sample[], by: SignalBy, op: Operator): Map<string, SignalValue> {
  const out = new Map<string, SignalValue>();
  for (const s of samples) {
    if (Number.isNaN(s.value)) continue;
    const labels = signalLabels(s.labels, by);
    const key = labelsKey(labels);
    const prev = out.get(key);
    out.set(key, prev ? { ...prev, value: worse(prev.value, s.value, op) } : { key, labels, value: s.value });
  }
  return out;
}
