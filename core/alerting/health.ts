// A monitor's evaluation health, as Prometheus' rules page shows it for every rule: a monitor that cannot
// evaluate must be as visible as one that fires.

export type MonitorHealth = "ok" | "error" | "nodata" | "slow" | "unknown";

/** What one check did, kept by the MonitorObject for the health view. */
export interface CheckReport {
  /** The time the check evaluated. */
  at: number;
  /** When it actually ran. */
  ranAt: number;
  /** How long its query and evaluation took. */
  evalMs: number;
  /** How long after its scheduled time it ran (Vigil itself down or overloaded). */
  lateMs: number;
  /** Series the query returned with a value. */
  series: number;
  error: string | null;
}

/** error: the last check failed. nodata: it returned nothing. slow: it took over half its interval or ran late. */
export function healthOf(last: CheckReport | null, intervalMs: number): MonitorHealth {
  if (!last) return "unknown";
  if (last.error) return "error";
  if (last.series === 0) return "nodata";
  if (last.evalMs > intervalMs / 2 || last.lateMs > intervalMs) return "slow";
  return "ok";
}

/** Broken first, then the rest (lists sort by this, then by name). */
export const healthOrder: Record<MonitorHealth, number> = { error: 0, nodata: 1, slow: 2, unknown: 3, ok: 4 };

export interface HealthView {
  health: MonitorHealth;
  /** The most recent evaluation error, kept after recovery so a flaky monitor can be diagnosed. */
  lastError: string | null;
  lastErrorAt: number | null;
  /** Consecutive failed checks, and since when. */
  failures: number;
  failingSince: number | null;
  lastCheckAt: number | null;
  lastRanAt: number | null;
  evalMs: number | null;
  series: number | null;
}

export function healthView(
  last: CheckReport | null,
  prev: Pick<HealthView, "lastError" | "lastErrorAt"> | null,
  failures: { count: number; since: number | null },
  intervalMs: number,
): HealthView {
  return {
    health: healthOf(last, intervalMs),
    lastError: last?.error ?? prev?.lastError ?? null,
    lastErrorAt: last?.error ? last.at : (prev?.lastErrorAt ?? null),
    failures: failures.count,
    failingSince: failures.since,
    lastCheckAt: last?.at ?? null,
    lastRanAt: last?.ranAt ?? null,
    evalMs: last?.evalMs ?? null,
    series: last?.series ?? null,
  };
}
