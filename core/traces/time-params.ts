// Query-string times and durations for the telemetry APIs.
import type { SpanFilter } from "./contracts";

export class ParamError extends Error {
  override name = "ParamError";
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude), RFC 3339, or
 * `now` / `now-15m`. Returns epoch milliseconds. */
export function parseTimeMs(raw: string, nowMs: number, what: string): number {
  const s = raw.trim();
  const rel = /^now(?:\s*-\s*(.+))?$/.exec(s);
  if (rel) return rel[1] ? nowMs - parseDurationUs(rel[1], what) / 1000 : nowMs;
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (n < 1e11) return Math.round(n * 1000);
    if (n < 1e14) return Math.round(n);
    if (n < 1e17) return Math.round(n / 1000);
    return Math.round(n / 1e6);
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t))
    throw new ParamError(`${what} '${s.slice(0, 60)}' is not a time (epoch seconds/ms, RFC 3339 or now-1h)`);
  return t;
}

const UNIT_US: Record<string, number> = { ns: 0.001, us: 1, µs: 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6, d: 86_400e6 };

/** `4s`, `4100ms`, `1.5m`, `250us`, or a bare number of milliseconds. Returns microseconds. */
export function parseDurationUs(raw: string, what: string): number {
  const s = raw.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const m = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h|d)$/.exec(s);
  if (!m) throw new ParamError(`${what} '${s.slice(0, 40)}' is not a duration like 500ms, 4s or 1.5m`);
  return Math.round(Number(m[1]) * UNIT_US[m[2]]);
}

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

const MAX_WINDOW_MS = 31 * 86_400_000;

/** start/end with defaults (the last hour) and sanity limits. */
export function parseWindow(
  start: string | undefined,
  end: string | undefined,
  nowMs: number,
  defaultMs = 3_600_000,
): TimeWindow {
  const endMs = end ? parseTimeMs(end, nowMs, "end") : nowMs;
  const startMs = start ? parseTimeMs(start, nowMs, "start") : endMs - defaultMs;
  if (startMs >= endMs) throw new ParamError("start must be before end");
  if (endMs - startMs > MAX_WINDOW_MS) throw new ParamError("the time range may span at most 31 days");
  return { startMs, endMs };
}

/** The comparison window: same length, `offset` earlier (default one hour, as the stats and graph APIs promise). */
export function comparisonWindow(w: TimeWindow, offsetMs = 3_600_000): TimeWindow {
  return { startMs: w.startMs - offsetMs, endMs: w.endMs - offsetMs };
}

export function encodeCursor(c: unknown): string {
  return btoa(JSON.stringify(c)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(s: string): unknown {
  try {
    return JSON.parse(atob(s.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    throw new ParamError("cursor is not one this API returned");
  }
}

export function windowToFilter(w: TimeWindow): { startUs: number; endUs: number } {
  return { startUs: Math.floor(w.startMs * 1000), endUs: Math.floor(w.endMs * 1000) };
}

export function shiftFilter(f: SpanFilter, w: TimeWindow): SpanFilter {
  return { ...f, ...windowToFilter(w) };
}
