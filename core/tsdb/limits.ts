// Ingest limits, defaults after Mimir's, and the per-series checks both ingest paths share.
import type { Labels } from "../promql/types";

export const LIMITS = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxLabelNamesPerSeries: 30,
  maxLabelNameBytes: 1024,
  maxLabelValueBytes: 2048,
  creationGracePeriodMs: 10 * 60 * 1000,
} as const;

const enc = new TextEncoder();

function byteLength(s: string): number {
  // Fast path: ASCII-only strings have byte length == length; only measure when it could matter.
  return s.length * 3 <= 1024 ? s.length * 3 : enc.encode(s).length;
}

/** Why a series' labels are invalid, or null when they are fine. */
export function checkLabels(labels: Labels): string | null {
  const names = Object.keys(labels);
  const name = labels.__name__;
  if (!name) return `series without a metric name (__name__): ${preview(labels)}`;
  if (names.length > LIMITS.maxLabelNamesPerSeries) {
    return `series has ${names.length} labels, more than the limit of ${LIMITS.maxLabelNamesPerSeries}: ${preview(labels)}`;
  }
  for (const k of names) {
    if (k === "") return `empty label name in ${preview(labels)}`;
    if (byteLength(k) > LIMITS.maxLabelNameBytes && enc.encode(k).length > LIMITS.maxLabelNameBytes) {
      return `label name longer than ${LIMITS.maxLabelNameBytes} bytes: ${k.slice(0, 64)}...`;
    }
    const v = labels[k];
    if (byteLength(v) > LIMITS.maxLabelValueBytes && enc.encode(v).length > LIMITS.maxLabelValueBytes) {
      return `value of label ${k.slice(0, 64)} longer than ${LIMITS.maxLabelValueBytes} bytes in series ${name.slice(0, 128)}`;
    }
  }
  return null;
}

/** Why a sample timestamp is invalid, or null. */
export function checkTimestamp(t: number, now: number): string | null {
  if (!Number.isSafeInteger(t)) return `invalid timestamp ${t}`;
  if (t > now + LIMITS.creationGracePeriodMs) return `sample timestamp ${t} is more than 10 minutes in the future`;
  return null;
}

export function preview(labels: Labels): string {
  const s = JSON.stringify(labels);
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}
