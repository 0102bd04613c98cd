// Exemplars: a sample's pointer to a trace (labels such as trace_id, span_id), kept beside a series the way
// Prometheus' exemplar storage keeps them: per series, in time order, in a bounded buffer. Received through
// remote_write 1.0 and 2.0 and OTLP; served on /api/v1/query_exemplars.
import type { Labels } from "../promql/types";

/** Prometheus' limit on an exemplar's label set: names and values together, in UTF-8 runes (OpenMetrics). */
export const EXEMPLAR_MAX_LABEL_RUNES = 128;

export interface Exemplar {
  labels: Labels;
  value: number;
  /** Milliseconds since the epoch. */
  ts: number;
}

/** The exemplars that arrived for one series in one request. */
export interface SeriesExemplars {
  series: Labels;
  exemplars: Exemplar[];
}

/** What a write of exemplars did; nothing is dropped without a reason. */
export interface ExemplarWriteResult {
  written: number;
  /** Older than the series' newest exemplar (Prometheus: "out of order exemplar"). */
  outOfOrder: number;
  /** The same labels, value and time as the series' newest exemplar. */
  duplicate: number;
  invalid: number;
  errors: string[];
}

export function emptyWriteResult(): ExemplarWriteResult {
  return { written: 0, outOfOrder: 0, duplicate: 0, invalid: 0, errors: [] };
}

export function addResults(a: ExemplarWriteResult, b: ExemplarWriteResult): ExemplarWriteResult {
  const errors = [...a.errors];
  for (const e of b.errors) if (errors.length < 5 && !errors.includes(e)) errors.push(e);
  return {
    written: a.written + b.written,
    outOfOrder: a.outOfOrder + b.outOfOrder,
    duplicate: a.duplicate + b.duplicate,
    invalid: a.invalid + b.invalid,
    errors,
  };
}

function runes(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The rune count of a label set, as Prometheus counts it against EXEMPLAR_MAX_LABEL_RUNES. */
export function labelRunes(labels: Labels): number {
  let n = 0;
  for (const [k, v] of Object.entries(labels)) n += runes(k) + runes(v);
  return n;
}

/** Why an exemplar cannot be stored, or null. Prometheus' rules: a bounded label set, a finite time. */
export function checkExemplar(e: Exemplar): string | null {
  if (!Number.isSafeInteger(e.ts)) return `exemplar has an invalid timestamp ${e.ts}`;
  const n = labelRunes(e.labels);
  if (n > EXEMPLAR_MAX_LABEL_RUNES)
    return `exemplar label set is ${n} runes, more than the limit of ${EXEMPLAR_MAX_LABEL_RUNES}`;
  for (const k of Object.keys(e.labels)) if (k === "") return "exemplar has an empty label name";
  return null;
}

/** Whether two exemplars are the same point (Prometheus drops such a repeat silently as a duplicate). */
export function sameExemplar(a: Exemplar, b: Exemplar): boolean {
  if (a.ts !== b.ts || !(a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value)))) return false;
  const ka = Object.keys(a.labels);
  if (ka.length !== Object.keys(b.labels).length) return false;
  return ka.every((k) => b.labels[k] === a.labels[k]);
}
